// Package localfs keeps objects as files under one folder: the embedded
// default object store. Keys are slash-separated paths.
package localfs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Store keeps objects under Root.
type Store struct{ Root string }

// New makes the folder when it is missing.
func New(root string) (*Store, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	return &Store{Root: root}, nil
}

// path maps a key to its file. Names are data: two dots inside a name
// (a..b, scan..png) are fine; only an element that is empty, exactly "."
// or "..", or holds a NUL is refused, so no key reaches outside Root.
func (s *Store) path(key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("object key is empty")
	}
	for _, el := range strings.Split(key, "/") {
		if el == "" || el == "." || el == ".." || strings.ContainsRune(el, 0) {
			return "", fmt.Errorf("object key %q holds an empty, \".\" or \"..\" element or a NUL", key)
		}
	}
	return filepath.Join(s.Root, filepath.FromSlash(key)), nil
}

// Put writes an object whole: a reader never sees half of it.
func (s *Store) Put(ctx context.Context, key string, data []byte) error {
	return s.PutReader(ctx, key, bytes.NewReader(data), int64(len(data)), "")
}

// PutReader writes size bytes from r into a temporary file beside the
// object and renames it into place: a reader never sees half of it.
func (s *Store) PutReader(ctx context.Context, key string, r io.Reader, size int64, sha string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, size))
	if err == nil && n != size {
		err = fmt.Errorf("put %s: %d bytes read of %d", key, n, size)
	}
	if err == nil && sha != "" && hex.EncodeToString(h.Sum(nil)) != sha {
		err = fmt.Errorf("put %s: the content changed while it was read (SHA-256 differs)", key)
	}
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// ErrNotFound is returned by Get for a key that holds nothing.
var ErrNotFound = errors.New("object not found")

// Get reads an object.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	return b, err
}

// List returns the keys under prefix (a folder path ending in /), sorted.
func (s *Store) List(ctx context.Context, prefix string) ([]string, error) {
	root, err := s.path(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return nil, err
	}
	var keys []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".put-") {
			return err
		}
		rel, err := filepath.Rel(s.Root, p)
		if err != nil {
			return err
		}
		keys = append(keys, filepath.ToSlash(rel))
		return nil
	})
	return keys, err
}

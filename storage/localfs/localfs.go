// Package localfs keeps objects as files under one folder: the embedded
// default object store. Keys are slash-separated paths.
package localfs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"dossier"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
var ErrNotFound = dossier.ErrNoObject

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
	sizes, err := s.Sizes(ctx, prefix)
	keys := make([]string, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, err
}

// Sizes returns the keys under prefix (a folder path ending in /) with
// their sizes in bytes: one walk of the folder, no file opened.
func (s *Store) Sizes(ctx context.Context, prefix string) (map[string]int64, error) {
	root := s.Root
	if prefix != "" {
		var err error
		if root, err = s.path(strings.TrimSuffix(prefix, "/")); err != nil {
			return nil, err
		}
	}
	sizes := map[string]int64{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".put-") {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(s.Root, p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // gone since the walk read its folder
		}
		if err != nil {
			return err
		}
		sizes[filepath.ToSlash(rel)] = fi.Size()
		return nil
	})
	return sizes, err
}

// Delete removes an object; a key that holds nothing is no error.
func (s *Store) Delete(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

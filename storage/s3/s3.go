// Package s3 keeps objects in an S3 bucket through minio-go: MinIO, Ceph,
// AWS or any S3 endpoint. Keys are the pipeline's: incoming/<case>/<file>,
// pages/<case>/..., results/<case>.json, reports/....
package s3

import (
	"bytes"
	"context"
	"crypto/sha256"
	"dossier"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// ErrNotFound is returned by Get for a key that holds nothing.
var ErrNotFound = dossier.ErrNoObject

// Store is one bucket.
type Store struct {
	c      *minio.Client
	bucket string
}

// Open connects to the store a DOSSIER_STORE URL names,
// s3://ACCESS:SECRET@host:port/bucket?secure=false&region=R, and makes the
// bucket when it is missing.
func Open(ctx context.Context, raw string) (*Store, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("DOSSIER_STORE %s: want s3://ACCESS:SECRET@host:port/bucket?secure=false (escape / and @ in the secret as %%2F and %%40)", redact(raw))
	}
	bucket := strings.Trim(u.Path, "/")
	if bucket == "" || strings.Contains(bucket, "/") {
		return nil, fmt.Errorf("DOSSIER_STORE %s: name one bucket after the host", redact(raw))
	}
	secret, _ := u.User.Password()
	q := u.Query()
	secure := q.Get("secure") != "false"
	tr, err := minio.DefaultTransport(secure)
	if err != nil {
		return nil, err
	}
	tr.ResponseHeaderTimeout = 60 * time.Second
	c, err := minio.New(u.Host, &minio.Options{
		Creds:     credentials.NewStaticV4(u.User.Username(), secret, ""),
		Secure:    secure,
		Region:    q.Get("region"),
		Transport: tr,
	})
	if err != nil {
		return nil, fmt.Errorf("DOSSIER_STORE %s: %w", redact(raw), err)
	}
	s := &Store{c: c, bucket: bucket}
	// A server starting up ("Server not initialized yet") or restarting
	// refuses for a while: ask again until the deadline, then say why.
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	var ok bool
	for {
		if ok, err = c.BucketExists(cctx, bucket); err == nil {
			break
		}
		select {
		case <-cctx.Done():
			return nil, fmt.Errorf("s3 %s bucket %s: %w", u.Host, bucket, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
	if !ok {
		err := c.MakeBucket(cctx, bucket, minio.MakeBucketOptions{Region: q.Get("region")})
		if code := minio.ToErrorResponse(err).Code; err != nil && code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
			return nil, fmt.Errorf("s3 %s: make bucket %s: %w", u.Host, bucket, err)
		}
	}
	return s, nil
}

// redact hides the secret of a store URL in messages; a URL that does not
// parse shows nothing past its scheme.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "s3://<unparseable>"
	}
	if u.User != nil {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// metaSum is the user metadata holding an object's SHA-256, checked on Get.
const metaSum = "Dossier-Sha256"

// Put stores an object whole, from a seekable reader of known size (so a
// retried request sends it again), with its MD5 for the server to check and
// its SHA-256 for Get to check.
func (s *Store) Put(ctx context.Context, key string, data []byte) error {
	sum := sha256.Sum256(data)
	return s.PutReader(ctx, key, bytes.NewReader(data), int64(len(data)), hex.EncodeToString(sum[:]))
}

// PutReader streams size bytes from r into the object (a file is sent in
// parts, never read whole). A reader that ends before size stores nothing:
// the upload fails and no object is made.
func (s *Store) PutReader(ctx context.Context, key string, r io.Reader, size int64, sha string) error {
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream", SendContentMd5: true}
	if sha != "" {
		opts.UserMetadata = map[string]string{metaSum: sha}
	}
	_, err := s.c.PutObject(ctx, s.bucket, key, r, size, opts)
	if err != nil {
		return fmt.Errorf("s3 put %s/%s: %w", s.bucket, key, err)
	}
	return nil
}

// Get reads an object and checks it against the SHA-256 it was stored with.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("s3 get %s/%s: %w", s.bucket, key, err)
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		if minio.ToErrorResponse(err).StatusCode == http.StatusNotFound {
			return nil, fmt.Errorf("%s: %w", key, ErrNotFound)
		}
		return nil, fmt.Errorf("s3 get %s/%s: %w", s.bucket, key, err)
	}
	data, err := io.ReadAll(obj)
	if err != nil {
		return nil, fmt.Errorf("s3 get %s/%s: %w", s.bucket, key, err)
	}
	if want := info.UserMetadata[metaSum]; want != "" {
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			return nil, fmt.Errorf("s3 get %s/%s: content sha256 %s, stored as %s", s.bucket, key, got, want)
		}
	}
	return data, nil
}

// List returns the keys under prefix.
func (s *Store) List(ctx context.Context, prefix string) ([]string, error) {
	sizes, err := s.Sizes(ctx, prefix)
	keys := make([]string, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, err
}

// Sizes returns the keys under prefix with their sizes in bytes, from the
// bucket's listing alone: no object is read.
func (s *Store) Sizes(ctx context.Context, prefix string) (map[string]int64, error) {
	sizes := map[string]int64{}
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			return sizes, fmt.Errorf("s3 list %s/%s: %w", s.bucket, prefix, o.Err)
		}
		sizes[o.Key] = o.Size
	}
	return sizes, nil
}

// Delete removes an object; a key that holds nothing is no error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("s3 delete %s/%s: %w", s.bucket, key, err)
	}
	return nil
}

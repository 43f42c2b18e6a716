package s3

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dossier/deploy/services"
	"dossier/storage/storetest"
)

func TestConformance(t *testing.T) {
	m := services.StartMinIO(t)
	s, err := Open(context.Background(), m.URL("dossier"))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Blobs(t, s)
	t.Run("not_found", func(t *testing.T) {
		if _, err := s.Get(context.Background(), "no/such"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("missing key: %v", err)
		}
	})
	// The bucket exists now: opening again uses it.
	if _, err := Open(context.Background(), m.URL("dossier")); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, u := range []string{"http://x/y", "s3://k:s@host:9000", "s3://k:s@host:9000/a/b"} {
		_, err := Open(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), ":s@") {
			t.Errorf("%s: %v (want an error without the secret)", u, err)
		}
	}
}

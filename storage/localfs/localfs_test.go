package localfs

import (
	"testing"

	"dossier/storage/storetest"
)

func TestConformance(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storetest.Blobs(t, s)
}

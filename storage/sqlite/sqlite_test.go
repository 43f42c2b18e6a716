package sqlite

import (
	"path/filepath"
	"testing"

	"dossier/storage/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Cases(t, func(t *testing.T) storetest.CaseStore {
		s, err := Open(filepath.Join(t.TempDir(), "dossier.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestWorkbench(t *testing.T) {
	storetest.Workbench(t, func(t *testing.T) storetest.WorkbenchStore {
		s, err := Open(filepath.Join(t.TempDir(), "dossier.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// Opening a database again applies nothing twice.
func TestReopen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "dossier.db")
	for range 2 {
		s, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

// 10,000 cases in the queue: each page of it stays fast.
func BenchmarkQueue(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "dossier.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchQueue(b, s, 10000)
}

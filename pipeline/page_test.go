package pipeline

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"dossier"
	"dossier/storage/localfs"
	"dossier/storage/sqlite"
)

// A page whose image no longer reads is recorded as unread, not retried
// for ever, and its case goes to a clerk naming the file and page.
func TestUnreadPageGoesToReview(t *testing.T) {
	ctx := context.Background()
	p, blobs, cases := embedded(t, nil)
	f := dossier.File{Case: "U1", Name: "scan.png", SHA256: strings.Repeat("ab", 32), Size: 9, Kind: "image", Pages: 1, Split: true}
	cases.PutCase(ctx, dossier.Case{ID: "U1"})
	cases.PutFile(ctx, f)
	cases.SetSplit(ctx, f)
	blobs.Put(ctx, PageKey(f.Case, f.SHA256, 1), []byte("not a png"))
	res, err := p.ReadPage(ctx, f, 1)
	if err != nil || res.Problem == "" {
		t.Fatalf("ReadPage of a broken image: %+v, %v; want a result with its problem", res, err)
	}
	b, _ := json.Marshal(res)
	cases.PutPage(ctx, dossier.Page{Case: "U1", File: f.Name, Page: 1, Result: b})
	r, err := p.Decide(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range r.Reasons {
		if rs.Code == dossier.LowConfidence && len(rs.Pages) == 1 && rs.Pages[0].File == "scan.png" && strings.Contains(rs.Message, "第1页无法识别") {
			return
		}
	}
	t.Fatalf("no reason names the unread page: %+v", r.Reasons)
}

// embedded makes a pipeline on a folder and SQLite in temporary folders.
func embedded(t *testing.T, q Queue) (*Pipeline, *localfs.Store, *sqlite.Store) {
	t.Helper()
	blobs, err := localfs.New(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := sqlite.Open(filepath.Join(t.TempDir(), "dossier.db"))
	if err != nil {
		t.Fatal(err)
	}
	p := New(blobs, cases, q, Config{}, 1)
	t.Cleanup(func() { p.Close(); cases.Close() })
	return p, blobs, cases
}

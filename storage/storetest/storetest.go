// Package storetest is the one conformance suite every store passes: the
// object stores (a folder, S3) and the case stores (SQLite, PostgreSQL).
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"dossier"
	"dossier/pipeline"
)

// Blobs runs the object store suite on b.
func Blobs(t *testing.T, b pipeline.Blobs) {
	ctx := context.Background()
	t.Run("put_get", func(t *testing.T) {
		for _, key := range []string{"incoming/C1/申请表 第1份.pdf", "pages/C1/abc/1.png", "results/C1.json", "reports/2026-11-24.json"} {
			want := []byte("content of " + key)
			if err := b.Put(ctx, key, want); err != nil {
				t.Fatalf("put %s: %v", key, err)
			}
			got, err := b.Get(ctx, key)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("get %s: %q %v", key, got, err)
			}
		}
	})
	t.Run("overwrite", func(t *testing.T) {
		b.Put(ctx, "x/y", []byte("one"))
		b.Put(ctx, "x/y", []byte("two"))
		if got, err := b.Get(ctx, "x/y"); err != nil || string(got) != "two" {
			t.Fatalf("after overwrite: %q %v", got, err)
		}
	})
	t.Run("empty_object", func(t *testing.T) {
		if err := b.Put(ctx, "incoming/C1/empty.JPG", nil); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Get(ctx, "incoming/C1/empty.JPG"); err != nil || len(got) != 0 {
			t.Fatalf("empty object: %q %v", got, err)
		}
	})
	t.Run("names_are_data", func(t *testing.T) {
		// Two dots inside a name are a name, not a path.
		for _, key := range []string{"incoming/a..b/scan..png", "incoming/C1/..hidden", "incoming/C1/x.."} {
			if err := b.Put(ctx, key, []byte(key)); err != nil {
				t.Fatalf("put %s: %v", key, err)
			}
			if got, err := b.Get(ctx, key); err != nil || string(got) != key {
				t.Fatalf("get %s: %q %v", key, got, err)
			}
		}
	})
	t.Run("stream", func(t *testing.T) {
		want := make([]byte, 7<<20)
		rand.Read(want)
		sum := sha256.Sum256(want)
		if err := b.PutReader(ctx, "incoming/C3/streamed.pdf", bytes.NewReader(want), int64(len(want)), hex.EncodeToString(sum[:])); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Get(ctx, "incoming/C3/streamed.pdf"); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("streamed object: %d bytes back, %v", len(got), err)
		}
		// A reader that ends early stores nothing.
		short := bytes.NewReader(want[:100])
		if err := b.PutReader(ctx, "incoming/C3/short.pdf", short, 200, ""); err == nil {
			t.Fatal("a reader shorter than its size was stored")
		}
		if _, err := b.Get(ctx, "incoming/C3/short.pdf"); err == nil {
			t.Fatal("half an object can be read")
		}
	})
	t.Run("missing", func(t *testing.T) {
		if _, err := b.Get(ctx, "no/such/key"); err == nil {
			t.Fatal("a missing key read without an error")
		}
	})
	t.Run("large", func(t *testing.T) {
		want := make([]byte, 12<<20) // over one multipart part
		rand.Read(want)
		if err := b.Put(ctx, "incoming/C2/big.pdf", want); err != nil {
			t.Fatal(err)
		}
		got, err := b.Get(ctx, "incoming/C2/big.pdf")
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("large object: %d bytes back, %v", len(got), err)
		}
	})
	if ls, ok := b.(interface {
		List(ctx context.Context, prefix string) ([]string, error)
	}); ok {
		t.Run("list", func(t *testing.T) {
			keys, err := ls.List(ctx, "incoming/C1/")
			if err != nil || !slices.Contains(keys, "incoming/C1/申请表 第1份.pdf") || !slices.Contains(keys, "incoming/C1/empty.JPG") || slices.Contains(keys, "pages/C1/abc/1.png") {
				t.Fatalf("list incoming/C1/: %q %v", keys, err)
			}
			if keys, err := ls.List(ctx, "incoming/none/"); err != nil || len(keys) != 0 {
				t.Fatalf("list of nothing: %q %v", keys, err)
			}
		})
	}
	t.Run("concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key := fmt.Sprintf("pages/C3/p/%d.png", i)
				if err := b.Put(ctx, key, []byte(key)); err != nil {
					t.Error(err)
					return
				}
				if got, err := b.Get(ctx, key); err != nil || string(got) != key {
					t.Errorf("%s: %q %v", key, got, err)
				}
			}()
		}
		wg.Wait()
	})
}

// CaseStore is what a case store offers: the pipeline's needs and the list
// the clerks and `dossier case list` read.
type CaseStore interface {
	pipeline.Cases
	List(ctx context.Context, status dossier.Status) ([]dossier.Case, error)
}

// Cases runs the case store suite; open gives an empty store.
func Cases(t *testing.T, open func(t *testing.T) CaseStore) {
	ctx := context.Background()
	file := func(name, sha string, size int64) dossier.File {
		return dossier.File{Case: "C1", Name: name, SHA256: sha, Size: size}
	}
	t.Run("lifecycle", func(t *testing.T) {
		s := open(t)
		if err := s.PutCase(ctx, dossier.Case{ID: "C1", Info: dossier.Info{Type: dossier.CAReplacement, UnitName: "福州市闽江科技有限公司"}}); err != nil {
			t.Fatal(err)
		}
		c, res, err := s.Case(ctx, "C1")
		if err != nil || c.Status != dossier.Pending || res != nil || c.Info.UnitName != "福州市闽江科技有限公司" {
			t.Fatalf("new case: %+v %s %v", c, res, err)
		}
		need, err := s.PutFile(ctx, file("申请表 第1份.pdf", "aaa", 10))
		if err != nil || !need {
			t.Fatalf("new file needs splitting: %v %v", need, err)
		}
		if need, _ := s.PutFile(ctx, file("申请表 第1份.pdf", "aaa", 10)); !need {
			t.Fatal("the same file, not split yet, needs splitting still")
		}
		f := file("申请表 第1份.pdf", "aaa", 10)
		f.Kind, f.Pages, f.Split = "pdf", 2, true
		if err := s.SetSplit(ctx, f); err != nil {
			t.Fatal(err)
		}
		if need, _ := s.PutFile(ctx, file("申请表 第1份.pdf", "aaa", 10)); need {
			t.Fatal("a split file needs splitting again")
		}
		bad := file("说明.docx", "bbb", 4)
		s.PutFile(ctx, bad)
		bad.Kind, bad.Split = "unsupported", true
		bad.Problem = &dossier.Reason{Code: dossier.UnsupportedFile, Message: "不受理的文件类型：说明.docx"}
		s.SetSplit(ctx, bad)
		files, err := s.Files(ctx, "C1")
		if err != nil || len(files) != 2 || files[0].Name != "申请表 第1份.pdf" || files[0].Pages != 2 || files[1].Problem == nil || files[1].Problem.Message != bad.Problem.Message {
			t.Fatalf("files: %+v %v", files, err)
		}
		if c, _, _ := s.Case(ctx, "C1"); c.Status != dossier.Processing {
			t.Fatalf("after a split the case is %s, want processing", c.Status)
		}
		for _, p := range []int{1, 2, 1} { // page 1 twice: a retried task
			r, _ := json.Marshal(map[string]int{"page": p})
			if err := s.PutPage(ctx, dossier.Page{Case: "C1", File: f.Name, Page: p, Result: r}); err != nil {
				t.Fatal(err)
			}
		}
		read, err := s.PagesRead(ctx, "C1")
		if err != nil || len(read) != 2 {
			t.Fatalf("pages read: %+v %v", read, err)
		}
		pages, _ := s.Pages(ctx, "C1")
		if len(pages) != 2 || pages[1].Page != 2 || string(pages[1].Result) != `{"page":2}` {
			t.Fatalf("pages: %+v", pages)
		}
		done, total, final, err := s.Progress(ctx, []string{"C1"})
		if err != nil || done != 2 || total != 2 || final != 0 {
			t.Fatalf("progress %d/%d final %d %v", done, total, final, err)
		}
		if err := s.SetResult(ctx, "C1", dossier.Rejected, []byte(`{"status":"rejected"}`)); err != nil {
			t.Fatal(err)
		}
		c, res, _ = s.Case(ctx, "C1")
		if c.Status != dossier.Rejected || string(res) != `{"status":"rejected"}` || c.UpdatedAt.IsZero() {
			t.Fatalf("decided: %+v %s", c, res)
		}
		if _, _, final, _ := s.Progress(ctx, []string{"C1"}); final != 1 {
			t.Fatal("a decided case is not counted final")
		}
		// Other bytes under the same name: the old readings go, the case is pending again.
		if need, _ := s.PutFile(ctx, file("申请表 第1份.pdf", "ccc", 11)); !need {
			t.Fatal("changed file needs splitting")
		}
		if read, _ := s.PagesRead(ctx, "C1"); len(read) != 0 {
			t.Fatalf("pages of the old file kept: %+v", read)
		}
		if c, res, _ := s.Case(ctx, "C1"); c.Status != dossier.Pending || res != nil {
			t.Fatalf("after a changed file: %s %s", c.Status, res)
		}
	})
	t.Run("missing_case", func(t *testing.T) {
		if _, _, err := open(t).Case(ctx, "nope"); err == nil {
			t.Fatal("a missing case read without an error")
		}
	})
	t.Run("list", func(t *testing.T) {
		s := open(t)
		for _, id := range []string{"A", "B", "C"} {
			s.PutCase(ctx, dossier.Case{ID: id})
		}
		s.SetResult(ctx, "B", dossier.Review, []byte(`{}`))
		all, err := s.List(ctx, "")
		if err != nil || len(all) != 3 || all[0].ID != "B" {
			t.Fatalf("list: %+v %v (want B, the last changed, first)", all, err)
		}
		rev, _ := s.List(ctx, dossier.Review)
		if len(rev) != 1 || rev[0].ID != "B" {
			t.Fatalf("list review: %+v", rev)
		}
		if pend, _ := s.List(ctx, dossier.Pending); len(pend) != 2 {
			t.Fatalf("list pending: %+v", pend)
		}
	})
	t.Run("put_case_keeps_status", func(t *testing.T) {
		s := open(t)
		s.PutCase(ctx, dossier.Case{ID: "D"})
		s.SetResult(ctx, "D", dossier.Ready, []byte(`{}`))
		s.PutCase(ctx, dossier.Case{ID: "D", Info: dossier.Info{UnitName: "x"}})
		if c, _, _ := s.Case(ctx, "D"); c.Status != dossier.Ready || c.Info.UnitName != "x" {
			t.Fatalf("%+v", c)
		}
	})
}

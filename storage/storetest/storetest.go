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
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/pipeline"
	"dossier/web"
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
	if inv, ok := b.(interface {
		Sizes(ctx context.Context, prefix string) (map[string]int64, error)
		Delete(ctx context.Context, key string) error
	}); ok {
		t.Run("sizes_delete", func(t *testing.T) {
			sizes, err := inv.Sizes(ctx, "incoming/C2/")
			if err != nil || sizes["incoming/C2/big.pdf"] != 12<<20 || len(sizes) != 1 {
				t.Fatalf("sizes of incoming/C2/: %v %v", sizes, err)
			}
			if sizes, _ := inv.Sizes(ctx, "incoming/C1/"); sizes["incoming/C1/empty.JPG"] != 0 || len(sizes) < 2 {
				t.Fatalf("sizes of incoming/C1/: %v", sizes)
			}
			if err := inv.Delete(ctx, "incoming/C2/big.pdf"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Get(ctx, "incoming/C2/big.pdf"); err == nil {
				t.Fatal("a deleted object reads")
			}
			if err := inv.Delete(ctx, "incoming/C2/big.pdf"); err != nil {
				t.Fatalf("deleting again: %v", err)
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

// WorkbenchStore is what the clerks' workbench needs of a case store on
// top of the pipeline's: the queue, decisions, accounts, sessions and the
// audit trail (web.Store, declared where it is used).
type WorkbenchStore interface {
	CaseStore
	web.Store
}

// verdict is a minimal result of the pipeline's for the workbench suite.
func verdict(id string, st dossier.Status, name, code string, reasons ...dossier.ReasonCode) []byte {
	r := dossier.Result{CaseID: id, Type: dossier.CAReplacement, Status: st, Unit: dossier.Unit{Name: name, USCC: code}, Reasons: []dossier.Reason{}}
	for _, c := range reasons {
		r.Reasons = append(r.Reasons, dossier.Reason{Code: c, Message: string(c)})
	}
	b, _ := json.Marshal(r)
	return b
}

// Workbench runs the workbench suite; open gives an empty store.
func Workbench(t *testing.T, open func(t *testing.T) WorkbenchStore) {
	ctx := context.Background()
	seed := func(t *testing.T, s WorkbenchStore) {
		t.Helper()
		for _, c := range []struct {
			id     string
			st     dossier.Status
			name   string
			code   string
			reason []dossier.ReasonCode
		}{
			{"R1", dossier.Review, "福州市闽江科技有限公司", "91350100MA2XN5QJ2K", []dossier.ReasonCode{dossier.LowConfidence}},
			{"R2", dossier.Rejected, "厦门海峡食品有限公司", "913502001234567890", []dossier.ReasonCode{dossier.SealMissing, dossier.IDExpired}},
			{"R3", dossier.Ready, "泉州市丰泽区鑫源贸易有限公司", "", nil},
			{"R4", dossier.Review, "Acme Trading", "12345678-9", []dossier.ReasonCode{dossier.UnsupportedFile}},
		} {
			if err := s.PutCase(ctx, dossier.Case{ID: c.id}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetResult(ctx, c.id, c.st, verdict(c.id, c.st, c.name, c.code, c.reason...)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct times in the queue
		}
	}
	ids := func(p dossier.QueuePage) []string {
		var out []string
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return out
	}
	t.Run("queue", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		for _, c := range []struct {
			f    dossier.QueueFilter
			want []string
		}{
			{dossier.QueueFilter{}, []string{"R1", "R2", "R4"}},
			{dossier.QueueFilter{View: "review"}, []string{"R1", "R4"}},
			{dossier.QueueFilter{View: "all"}, []string{"R1", "R2", "R3", "R4"}},
			{dossier.QueueFilter{Reason: dossier.IDExpired}, []string{"R2"}},
			{dossier.QueueFilter{Reason: "expired"}, nil}, // a code, not a piece of one
			{dossier.QueueFilter{Search: "闽江"}, []string{"R1"}},
			{dossier.QueueFilter{Search: "acme"}, []string{"R4"}},
			{dossier.QueueFilter{Search: "r2"}, []string{"R2"}},
			{dossier.QueueFilter{Search: "91350100ma"}, []string{"R1"}},
			{dossier.QueueFilter{Age: "1"}, []string{"R1", "R2", "R4"}},
			{dossier.QueueFilter{Age: "3"}, nil},
			{dossier.QueueFilter{Limit: 1, Offset: 1}, []string{"R2"}},
		} {
			p, err := s.Queue(ctx, c.f)
			if err != nil {
				t.Fatalf("%+v: %v", c.f, err)
			}
			if got := ids(p); !slices.Equal(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.f, got, c.want)
			}
			if p.Open[dossier.Review] != 2 || p.Open[dossier.Rejected] != 1 {
				t.Errorf("open counts %v", p.Open)
			}
		}
		p, _ := s.Queue(ctx, dossier.QueueFilter{Limit: 1})
		if p.Total != 3 || len(p.Items) != 1 || !slices.Equal(p.Items[0].Reasons, []dossier.ReasonCode{dossier.LowConfidence}) || p.Items[0].UnitName != "福州市闽江科技有限公司" {
			t.Fatalf("page: %+v", p)
		}
		if _, err := s.Queue(ctx, dossier.QueueFilter{View: "x'; DROP TABLE cases; --"}); err == nil {
			t.Fatal("an unknown view was taken")
		}
	})
	t.Run("take_next", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		var got []string
		for _, u := range []string{"ann", "bob", "ann", "bob"} {
			id, err := s.TakeNext(ctx, u, dossier.QueueFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		if !slices.Equal(got, []string{"R1", "R2", "R4", ""}) {
			t.Fatalf("taken %v", got)
		}
		if p, _ := s.Queue(ctx, dossier.QueueFilter{Assignee: "ann"}); !slices.Equal(ids(p), []string{"R1", "R4"}) {
			t.Fatalf("ann's: %v", ids(p))
		}
		s.Assign(ctx, "R4", "", "ann")
		if p, _ := s.Queue(ctx, dossier.QueueFilter{Assignee: "-"}); !slices.Equal(ids(p), []string{"R4"}) {
			t.Fatalf("nobody's: %v", ids(p))
		}
	})
	t.Run("decide", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		v, _, err := s.Version(ctx, "R1")
		if err != nil {
			t.Fatal(err)
		}
		d := dossier.Decision{Action: dossier.Approve, By: "ann", At: time.Now(), Note: "seal is there, faint"}
		if _, err := s.Decide(ctx, "R1", "2000-01-01", d, nil, ""); !errors.Is(err, dossier.ErrStale) {
			t.Fatalf("a stale decision: %v", err)
		}
		b, err := s.Decide(ctx, "R1", v, d, nil, "10.0.0.7")
		if err != nil {
			t.Fatal(err)
		}
		var r dossier.Result
		json.Unmarshal(b, &r)
		if r.Status != dossier.Ready || len(r.Reasons) != 0 || len(r.Decisions) != 1 || r.Decisions[0].From != dossier.Review || r.Decisions[0].To != dossier.Ready || r.Decisions[0].By != "ann" {
			t.Fatalf("approved: %s", b)
		}
		if c, res, _ := s.Case(ctx, "R1"); c.Status != dossier.Ready || string(res) != string(b) {
			t.Fatalf("stored: %s %s", c.Status, res)
		}
		// The same page sent again is stale now, and approving a ready case does not apply.
		if _, err := s.Decide(ctx, "R1", v, d, nil, ""); !errors.Is(err, dossier.ErrStale) {
			t.Fatalf("second approve: %v", err)
		}
		v2, _, _ := s.Version(ctx, "R1")
		if _, err := s.Decide(ctx, "R1", v2, d, nil, ""); !errors.Is(err, dossier.ErrNotAllowed) {
			t.Fatalf("approve a ready case: %v", err)
		}
		// Ask to re-upload: rejected, waiting; then off the open queue, on the awaiting one.
		v, _, _ = s.Version(ctx, "R2")
		re := dossier.Decision{Action: dossier.RequestReupload, By: "bob", At: time.Now(), Note: "licence copy cut off",
			Reasons: []dossier.Reason{{Code: dossier.SealMissing, Document: dossier.BusinessLicense, Message: "请重新提交加盖公章的营业执照复印件"}}}
		if b, err = s.Decide(ctx, "R2", v, re, []dossier.DocType{dossier.BusinessLicense}, ""); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(b, &r)
		if r.Status != dossier.Rejected || !slices.Equal(r.Awaiting, []dossier.DocType{dossier.BusinessLicense}) || len(r.Reasons) != 1 || len(r.Decisions) != 1 {
			t.Fatalf("re-upload: %s", b)
		}
		if p, _ := s.Queue(ctx, dossier.QueueFilter{}); !slices.Equal(ids(p), []string{"R4"}) {
			t.Fatalf("open after decisions: %v", ids(p))
		}
		if p, _ := s.Queue(ctx, dossier.QueueFilter{View: "awaiting"}); !slices.Equal(ids(p), []string{"R2"}) || p.Items[0].Awaiting[0] != dossier.BusinessLicense {
			t.Fatalf("awaiting: %+v", p.Items)
		}
		// A new verdict (the unit brought the licence) opens the case again.
		s.SetResult(ctx, "R2", dossier.Rejected, verdict("R2", dossier.Rejected, "厦门海峡食品有限公司", "", dossier.IDExpired))
		if p, _ := s.Queue(ctx, dossier.QueueFilter{}); !slices.Equal(ids(p), []string{"R4", "R2"}) {
			t.Fatalf("open after a new verdict: %v", ids(p))
		}
		// The trail: verdicts and decisions, newest first, by case.
		ev, err := s.Events(ctx, dossier.AuditFilter{Case: "R2"})
		if err != nil || len(ev) != 3 || ev[0].Action != "verdict" || ev[1].Action != string(dossier.RequestReupload) || ev[2].Action != "verdict" || ev[2].Actor != "pipeline" {
			t.Fatalf("R2's events: %+v %v", ev, err)
		}
		if ev[1].Before != "rejected" || ev[1].After != "rejected" || ev[1].Actor != "bob" {
			t.Fatalf("decision event: %+v", ev[1])
		}
		if ev, _ := s.Events(ctx, dossier.AuditFilter{Since: time.Now().Add(time.Hour)}); len(ev) != 0 {
			t.Fatalf("events from the future: %+v", ev)
		}
	})
	t.Run("users_and_sessions", func(t *testing.T) {
		s := open(t)
		if err := s.AddUser(ctx, dossier.User{Name: "ann", Role: dossier.Clerk}, "hash1"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddUser(ctx, dossier.User{Name: "ann", Role: dossier.Admin}, "hash2"); !errors.Is(err, dossier.ErrExists) {
			t.Fatalf("second ann: %v", err)
		}
		u, hash, err := s.User(ctx, "ann")
		if err != nil || hash != "hash1" || u.Role != dossier.Clerk || u.Disabled {
			t.Fatalf("ann: %+v %q %v", u, hash, err)
		}
		if _, _, err := s.User(ctx, "nobody"); !errors.Is(err, dossier.ErrNoUser) {
			t.Fatalf("nobody: %v", err)
		}
		s.NewSession(ctx, "tok", "ann", time.Now().Add(time.Hour))
		s.NewSession(ctx, "old", "ann", time.Now().Add(-time.Second))
		if u, err := s.Session(ctx, "tok"); err != nil || u.Name != "ann" {
			t.Fatalf("session: %+v %v", u, err)
		}
		if _, err := s.Session(ctx, "old"); !errors.Is(err, dossier.ErrNoUser) {
			t.Fatalf("expired session: %v", err)
		}
		s.EndSession(ctx, "nothing")
		if _, err := s.Session(ctx, "tok"); err != nil {
			t.Fatal("ending another session ended this one")
		}
		if err := s.DisableUser(ctx, "ann"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "tok"); err == nil {
			t.Fatal("a disabled user's session still works")
		}
		if us, _ := s.Users(ctx); len(us) != 1 || !us[0].Disabled {
			t.Fatalf("users: %+v", us)
		}
		for range 3 {
			s.Record(ctx, dossier.Event{Actor: "ann", Action: "login_failed", Addr: "10.0.0.9"})
		}
		s.Record(ctx, dossier.Event{Actor: "bob", Action: "login_failed", Addr: "10.0.0.9"})
		if n, a, err := s.FailedLogins(ctx, "ann", "10.0.0.9", time.Now().Add(-time.Minute)); err != nil || n != 3 || a != 4 {
			t.Fatalf("failed logins: %d %d %v", n, a, err)
		}
	})
}

// BenchQueue seeds a store with n cases with verdicts (a fifth of them in
// review, two fifths rejected) and measures the pages of the clerks'
// queue: the first page, a filter by reason, a search by unit name, and a
// page deep in the list.
func BenchQueue(b *testing.B, s WorkbenchStore, n int) {
	ctx := context.Background()
	statuses := []dossier.Status{dossier.Review, dossier.Rejected, dossier.Rejected, dossier.Ready, dossier.Ready}
	reasons := []dossier.ReasonCode{dossier.LowConfidence, dossier.SealMissing, dossier.IDExpired, "", ""}
	for i := range n {
		id := fmt.Sprintf("B%06d", i)
		if err := s.PutCase(ctx, dossier.Case{ID: id}); err != nil {
			b.Fatal(err)
		}
		var rs []dossier.ReasonCode
		if c := reasons[i%5]; c != "" {
			rs = append(rs, c)
		}
		if err := s.SetResult(ctx, id, statuses[i%5], verdict(id, statuses[i%5], fmt.Sprintf("福州市第%d科技有限公司", i), fmt.Sprintf("913501%012d", i), rs...)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for _, c := range []struct {
		name string
		f    dossier.QueueFilter
	}{
		{"first_page", dossier.QueueFilter{}},
		{"by_reason", dossier.QueueFilter{Reason: dossier.SealMissing}},
		{"search", dossier.QueueFilter{Search: "第4242科技"}},
		{"deep_page", dossier.QueueFilter{View: "all", Offset: n / 2}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := s.Queue(ctx, c.f)
				if err != nil || p.Total == 0 {
					b.Fatalf("%+v: %d cases, %v", c.f, p.Total, err)
				}
			}
		})
	}
}

package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"

	"dossier"
	"dossier/storage/localfs"
	"dossier/storage/sqlite"
)

// decided records a case that went through the pipeline: one scanned
// page, read, decided, its result stored in both stores.
func decided(t *testing.T, p *Pipeline, blobs *localfs.Store, cases *sqlite.Store, id string) dossier.File {
	t.Helper()
	ctx := context.Background()
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 40+len(id), 30)))
	sum := sha256.Sum256(img.Bytes())
	f := dossier.File{Case: id, Name: "scan.png", SHA256: hex.EncodeToString(sum[:]), Size: int64(img.Len())}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(cases.PutCase(ctx, dossier.Case{ID: id}))
	must(blobs.Put(ctx, incomingKey(id, f.Name), img.Bytes()))
	_, err := cases.PutFile(ctx, f)
	must(err)
	f.Kind, f.Pages, f.Split = "image", 1, true
	must(cases.SetSplit(ctx, f))
	must(blobs.Put(ctx, PageKey(id, f.SHA256, 1), img.Bytes()))
	must(cases.PutPage(ctx, dossier.Page{Case: id, File: f.Name, Page: 1, Result: []byte(`{}`)}))
	res, _ := json.Marshal(dossier.Result{CaseID: id, Status: dossier.Review, Reasons: []dossier.Reason{{Code: dossier.LowConfidence, Message: "x"}}})
	must(cases.SetResult(ctx, id, dossier.Review, res))
	must(blobs.Put(ctx, ResultKey(id), res))
	return f
}

// inProcessQueue is a queue on an in-process Redis, and its inspector.
func inProcessQueue(t *testing.T) (*asynq.Client, *asynq.Inspector) {
	redis := asynq.RedisClientOpt{Addr: miniredis.RunT(t).Addr()}
	client, insp := asynq.NewClient(redis), asynq.NewInspector(redis)
	t.Cleanup(func() { client.Close(); insp.Close() })
	return client, insp
}

func kinds(run dossier.ReconcileRun) map[string]string {
	m := map[string]string{}
	for _, f := range run.Findings {
		m[f.Kind+" "+f.Case] = f.Repaired
	}
	return m
}

// Each kind of fault, planted, is found; --repair fixes what is safe and
// says so; a second repair has nothing left to do; what needs a person
// stays found.
func TestReconcile(t *testing.T) {
	ctx := context.Background()
	client, insp := inProcessQueue(t)
	p, blobs, cases := embedded(t, client)
	for _, id := range []string{"OK", "ORPHAN", "MISSING", "NOIMAGE", "NORESULT", "DIFFERS", "STUCK", "DEAD"} {
		decided(t, p, blobs, cases, id)
	}
	// The faults.
	blobs.Put(ctx, "incoming/ORPHAN/behind its back.pdf", []byte("%PDF-1.4"))
	blobs.Delete(ctx, "incoming/MISSING/scan.png")
	nf, _ := cases.Files(ctx, "NOIMAGE")
	blobs.Delete(ctx, PageKey("NOIMAGE", nf[0].SHA256, 1))
	blobs.Put(ctx, "pages/OK/0123456789abcdef/1.img", []byte("left over"))
	blobs.Delete(ctx, ResultKey("NORESULT"))
	blobs.Put(ctx, ResultKey("DIFFERS"), []byte(`{"status":"ready"}`))
	cases.DB().Exec(`UPDATE cases SET status = 'processing', updated_at = '2026-01-01T00:00:00.000000Z' WHERE id = 'STUCK'`)
	info, err := client.Enqueue(asynq.NewTask(TypePage, []byte(`{"case":"DEAD","file":"scan.png","page":1}`)), asynq.TaskID("page:dead"))
	if err != nil {
		t.Fatal(err)
	}
	if err := insp.ArchiveTask("default", info.ID); err != nil {
		t.Fatal(err)
	}
	gone, _ := client.Enqueue(asynq.NewTask(TypePage, []byte(`{"case":"MISSING","file":"scan.png","page":1}`)), asynq.TaskID("page:missing"))
	insp.ArchiveTask("default", gone.ID)

	opt := ReconcileOptions{Day: "2026-12-01", Inspector: insp, Full: true}
	run, err := p.Reconcile(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"orphan_object ORPHAN", "missing_object MISSING", "page_without_image NOIMAGE", "orphan_page_image OK",
		"stuck_case STUCK", "result_missing NORESULT", "result_differs DIFFERS", "dead_task DEAD", "dead_task MISSING"}
	got := kinds(run)
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("found %v, want %v", slices.Sorted(maps.Keys(got)), want)
	}
	if kept, _ := cases.DeadTasks(ctx); len(kept) != 2 || kept[0].State != "archived" {
		t.Fatalf("dead tasks kept: %+v", kept)
	}

	opt.Repair = true
	run, err = p.Reconcile(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	got = kinds(run)
	for _, k := range []string{"orphan_object ORPHAN", "page_without_image NOIMAGE", "stuck_case STUCK", "result_missing NORESULT", "result_differs DIFFERS", "dead_task DEAD"} {
		if got[k] == "" {
			t.Errorf("%s: not repaired (%v)", k, got)
		}
	}
	for _, k := range []string{"missing_object MISSING", "orphan_page_image OK", "dead_task MISSING"} {
		if got[k] != "" {
			t.Errorf("%s: repaired %q: it needs a person", k, got[k])
		}
	}
	if b, _ := blobs.Get(ctx, PageKey("NOIMAGE", nf[0].SHA256, 1)); len(b) == 0 {
		t.Error("the page image was not made again")
	}
	_, stored, _ := cases.Case(ctx, "DIFFERS")
	if b, _ := blobs.Get(ctx, ResultKey("DIFFERS")); !bytes.Equal(b, stored) {
		t.Error("the differing result was not written again")
	}
	// The queue now holds the work for ORPHAN (swept), STUCK (resumed) and
	// DEAD (run again): none of them is stuck or dead any more.
	run, err = p.Reconcile(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	got = kinds(run)
	for k, done := range got {
		if done != "" {
			t.Errorf("a second repair did %q for %s", done, k)
		}
	}
	if !slices.Equal(slices.Sorted(maps.Keys(got)), []string{"dead_task MISSING", "missing_object MISSING", "orphan_page_image OK"}) {
		t.Errorf("after the repair: %v", got)
	}
	// A dead task the queue drops is not lost: it stays found once more.
	insp.DeleteTask("default", gone.ID)
	run, _ = p.Reconcile(ctx, ReconcileOptions{Inspector: insp})
	var dropped *dossier.Finding
	for i, f := range run.Findings {
		if f.Kind == dossier.FindDeadTask && f.Task == gone.ID {
			dropped = &run.Findings[i]
		}
	}
	if dropped == nil || !dropped.Person {
		t.Fatalf("the dropped task: %+v", run.Findings)
	}
	if last, ok, err := cases.LastRun(ctx); err != nil || !ok || last.ID != run.ID || last.Counts[dossier.FindDeadTask] != 1 {
		t.Fatalf("last run: %+v %v %v", last.Counts, ok, err)
	}
}

// Reconciling 100,000 recorded objects on the embedded default: 25,000
// cases, each with its file, its page image, its reading and its result.
func BenchmarkReconcile(b *testing.B) {
	ctx := context.Background()
	blobs, err := localfs.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	cases, err := sqlite.Open(b.TempDir() + "/dossier.db")
	if err != nil {
		b.Fatal(err)
	}
	defer cases.Close()
	p := New(blobs, cases, nil, Config{}, 0)
	db := cases.DB()
	tx, _ := db.Begin()
	res := []byte(`{"status":"review"}`)
	for i := range 25000 {
		id := fmt.Sprintf("B%05d", i)
		data := []byte(id)
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		tx.Exec(`INSERT INTO cases (id, status, result, updated_at, created_at) VALUES (?, 'review', ?, '2026-11-30T00:00:00.000000Z', '2026-11-30T00:00:00.000000Z')`, id, string(res))
		tx.Exec(`INSERT INTO files (case_id, name, sha256, size, kind, pages, split) VALUES (?, 'scan.png', ?, ?, 'image', 1, 1)`, id, sha, len(data))
		tx.Exec(`INSERT INTO pages (case_id, file, page, result) VALUES (?, 'scan.png', 1, '{}')`, id)
		for key, v := range map[string][]byte{incomingKey(id, "scan.png"): data, PageKey(id, sha, 1): data, wordsKey(id, sha, 1): data, ResultKey(id): res} {
			if err := blobs.Put(ctx, key, v); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		run, err := p.Reconcile(ctx, ReconcileOptions{})
		if err != nil || len(run.Findings) != 0 || run.Counts["checked_objects"] != 100000 {
			b.Fatalf("%v: %d findings, %v", err, len(run.Findings), run.Counts)
		}
	}
}

// The nightly job runs once a day however many workers' schedulers queue
// it, and writes the previous day's report to the object store.
func TestNightlyOncePerDay(t *testing.T) {
	ctx := context.Background()
	client, insp := inProcessQueue(t)
	p, blobs, cases := embedded(t, client)
	decided(t, p, blobs, cases, "N1")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	p.Cfg.Nightly = &Nightly{Inspector: insp, Loc: loc, Repair: true}
	p.Cfg.Now = func() time.Time { return time.Date(2026, 12, 2, 2, 0, 0, 0, loc) }
	for range 3 { // three workers' schedulers
		if err := p.handleNightly(ctx, asynq.NewTask(TypeNightly, nil)); err != nil {
			t.Fatal(err)
		}
	}
	tasks, err := insp.ListPendingTasks("default")
	if err != nil || len(tasks) != 1 || tasks[0].ID != "nightly:2026-12-02" {
		t.Fatalf("queued %d tasks, %v", len(tasks), err)
	}
	if err := p.handleReconcile(ctx, asynq.NewTask(TypeReconcile, tasks[0].Payload)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report.html", "cases.csv", "report.xlsx"} {
		if b, err := blobs.Get(ctx, ReportKey("2026-12-01", name)); err != nil || len(b) == 0 {
			t.Errorf("reports/2026-12-01/%s: %v", name, err)
		}
	}
	if run, ok, _ := cases.LastRun(ctx); !ok || run.Day != "2026-12-02" {
		t.Errorf("the nightly run is not recorded: %+v", run)
	}
}

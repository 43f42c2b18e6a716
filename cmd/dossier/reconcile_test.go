package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"dossier"
	"dossier/deploy/services"
	"dossier/pipeline"
	"dossier/samples"
	"dossier/storage/postgres"
	"dossier/storage/s3"
)

// findings runs dossier reconcile --json and reads its findings.
func findings(t *testing.T, args ...string) []dossier.Finding {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), append([]string{"reconcile", "--json", "--stuck-after", "1s"}, args...), &out, &errb); err != nil {
		t.Fatalf("reconcile: %v\n%s", err, errb.String())
	}
	var fs []dossier.Finding
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		var f dossier.Finding
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("a line of reconcile --json: %q: %v", l, err)
		}
		fs = append(fs, f)
	}
	t.Logf("reconcile %v: %s", args, strings.TrimSpace(errb.String()))
	return fs
}

func has(fs []dossier.Finding, kind, caseID string) *dossier.Finding {
	for i, f := range fs {
		if f.Kind == kind && (caseID == "" || f.Case == caseID) {
			return &fs[i]
		}
	}
	return nil
}

// TestReconcileProduction plants each fault on the real services and
// finds it: an object deleted from MinIO, a file put in incoming/ behind
// dossier's back, a case whose task was deleted from Redis, a task that
// fails until asynq archives it, a worker killed mid-page. --repair then
// brings every case to a verdict, and a second --repair does nothing.
func TestReconcileProduction(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR and services")
	}
	rd := services.StartRedis(t)
	mn := services.StartMinIO(t)
	pg := services.StartPostgres(t)
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 3, Seed: 21}); err != nil {
		t.Fatal(err)
	}
	env := useServices(t, rd, mn, pg)
	ctx := context.Background()
	var ids bytes.Buffer
	if err := run(ctx, []string{"upload", filepath.Join(dir, "batch")}, &ids, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	caseIDs := strings.Fields(ids.String()) // C0001 C0002 C0003
	store, err := s3.Open(ctx, mn.URL("dossier"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := postgres.Open(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer cases.Close()
	redis := asynq.RedisClientOpt{Addr: rd.Addr}
	insp := asynq.NewInspector(redis)
	defer insp.Close()
	client := asynq.NewClient(redis)
	defer client.Close()

	// A case whose tasks were deleted from Redis: nothing will move it.
	pending, err := insp.ListPendingTasks("default", asynq.PageSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range pending {
		if strings.Contains(string(tk.Payload), `"case":"C0002"`) {
			if err := insp.DeleteTask("default", tk.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// An object deleted from MinIO.
	files, _ := cases.Files(ctx, "C0003")
	gone := "incoming/C0003/" + files[0].Name
	if err := store.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	// A file put in incoming/ behind dossier's back, for a new case.
	entries, _ := os.ReadDir(filepath.Join(dir, "batch", "C0001"))
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, "batch", "C0001", e.Name()))
		store.Put(ctx, "incoming/BEHIND/"+e.Name(), b)
	}
	// A task that fails until it is archived (its payload is not JSON).
	if _, err := client.Enqueue(asynq.NewTask(pipeline.TypeDecide, []byte("not json")), asynq.TaskID("bad-decide"), asynq.MaxRetry(1)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // older than --stuck-after

	// Found, before any worker runs.
	fs := findings(t)
	for _, want := range []struct{ kind, caseID string }{
		{dossier.FindStuckCase, "C0002"}, {dossier.FindMissingObject, "C0003"}, {dossier.FindOrphanObject, "BEHIND"},
	} {
		if has(fs, want.kind, want.caseID) == nil {
			t.Errorf("not found: %s of %s in %+v", want.kind, want.caseID, fs)
		}
	}
	if has(fs, dossier.FindStuckCase, "C0001") != nil {
		t.Error("C0001, whose tasks wait in the queue, was taken for stuck")
	}

	// A worker, killed mid-page; the bad task archived meanwhile.
	logs := t.TempDir()
	t.Cleanup(func() {
		if t.Failed() {
			for _, n := range []string{"a", "b"} {
				b, _ := os.ReadFile(filepath.Join(logs, n+".log"))
				lines := strings.Split(string(b), "\n")
				t.Logf("worker %s log, last lines:\n%s", n, strings.Join(lines[max(0, len(lines)-30):], "\n"))
			}
			for _, id := range append(caseIDs, "BEHIND") {
				c, _, err := cases.Case(context.Background(), id)
				t.Logf("%s: %s %v", id, c.Status, err)
			}
		}
	})
	common := []string{"--as-of", "2026-11-01", "--ca-roots", filepath.Join(dir, "roots.pem"), "--nightly", ""}
	a := startWorker(t, env, filepath.Join(logs, "a.log"), common...)
	waitUntil(t, "a first page read, the bad task archived", 3*time.Minute, func() bool {
		d, _, _, _ := cases.Progress(ctx, caseIDs)
		q, err := insp.GetQueueInfo("default")
		return d >= 1 && err == nil && q.Archived >= 1
	})
	a.Process.Signal(syscall.SIGKILL)
	a.Wait()

	// Repaired: the stuck case queued again, the new case swept in, the
	// missing object and the dead task left to a person.
	fs = findings(t, "--repair")
	for _, k := range []string{dossier.FindStuckCase, dossier.FindOrphanObject} {
		if f := has(fs, k, ""); f == nil || f.Repaired == "" {
			t.Errorf("%s: %+v", k, f)
		}
	}
	if f := has(fs, dossier.FindDeadTask, ""); f == nil || f.Task != "bad-decide" || !f.Person {
		t.Errorf("the archived task: %+v", f)
	}
	if f := has(fs, dossier.FindMissingObject, "C0003"); f == nil || !f.Person {
		t.Errorf("the deleted object: %+v", f)
	}
	if kept, _ := cases.DeadTasks(ctx); len(kept) == 0 {
		t.Error("the archived task is not kept in the case store")
	}

	// Workers finish every case, the one swept in too.
	startWorker(t, env, filepath.Join(logs, "b.log"), common...)
	all := append(caseIDs, "BEHIND")
	waitUntil(t, "every case final", 6*time.Minute, func() bool {
		_, _, final, _ := cases.Progress(ctx, all)
		return final == len(all)
	})
	// A second repair has nothing left to repair; what needs a person stays.
	fs = findings(t, "--repair")
	for _, f := range fs {
		if f.Repaired != "" {
			t.Errorf("a second repair did something: %+v", f)
		}
		if !f.Person && f.Kind != dossier.FindOrphanTask {
			t.Errorf("left after the repair: %+v", f)
		}
	}
	// The run is recorded, and the report can be written from it.
	if last, ok, _ := cases.LastRun(ctx); !ok || last.Counts[dossier.FindMissingObject] != 1 {
		t.Errorf("last run: %+v", last.Counts)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"report", "--date", time.Now().In(mustLoc(t)).Format("2006-01-02"), "--out", filepath.Join(dir, "report")}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "report", "report.html")); err != nil || !bytes.Contains(b, []byte(gone)) {
		t.Errorf("the report does not show the missing object: %v", err)
	}
}

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func waitUntil(t *testing.T, what string, limit time.Duration, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); !ok(); time.Sleep(300 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%s: not after %s", what, limit)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier"
	"dossier/deploy/services"
	"dossier/extract"
	"dossier/storage/postgres"
	"dossier/storage/s3"
)

// TestMain lets the test binary stand in for dossier: the production test
// starts workers as processes of their own, to kill them.
func TestMain(m *testing.M) {
	if os.Getenv("DOSSIER_TEST_AS_MAIN") == "1" || (len(os.Args) == 3 && os.Args[1] == extract.ChildCommand) {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// worker starts `dossier worker` as a process of its own.
func startWorker(t *testing.T, env []string, log string, args ...string) *exec.Cmd {
	t.Helper()
	f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(os.Args[0], append([]string{"worker", "--listen", "", "--concurrency", "2"}, args...)...)
	cmd.Env = append(os.Environ(), append(env, "DOSSIER_TEST_AS_MAIN=1", "OMP_THREAD_LIMIT=1")...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// useServices points this process's commands at the services, and
// returns the same settings for the workers it starts.
func useServices(t *testing.T, rd *services.Redis, mn *services.MinIO, pg *services.Postgres) []string {
	env := []string{"DOSSIER_STORE=" + mn.URL("dossier"), "DOSSIER_DB=" + pg.URL, "DOSSIER_REDIS=redis://" + rd.Addr + "/0"}
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		t.Setenv(k, v)
	}
	return env
}

// TestProduction drives the production path on real services: dossier
// upload, then workers on Redis, MinIO and PostgreSQL while things go wrong
// (a worker killed with SIGKILL in the middle of the batch, MinIO away for
// 30 s, Redis restarted, PostgreSQL away for 5 s), and asks for the
// verdicts dossier run gives on the embedded default, every page read once;
// a case put straight into the bucket is taken up by the workers' sweep.
func TestProduction(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR and services")
	}
	rd := services.StartRedis(t)
	mn := services.StartMinIO(t)
	pg := services.StartPostgres(t)
	batch, roots, _ := setup(t)
	common := []string{"--as-of", "2026-11-01", "--ca-roots", roots}

	// The reference: the embedded default.
	t.Setenv("DOSSIER_HOME", t.TempDir())
	want := t.TempDir()
	if err := run(context.Background(), append([]string{"run", batch, "--out", want, "--workers", "2"}, common...), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}

	env := useServices(t, rd, mn, pg)
	var ids bytes.Buffer
	if err := run(context.Background(), []string{"upload", batch, "--point", "福州市社保中心 2号窗口"}, &ids, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	caseIDs := strings.Fields(ids.String())
	if len(caseIDs) != 4 {
		t.Fatalf("upload printed %q, want 4 case ids", ids.String())
	}
	// Uploading again sends nothing twice and queues nothing new.
	var again bytes.Buffer
	if err := run(context.Background(), []string{"upload", batch}, &bytes.Buffer{}, &again); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.String(), "already there") || !strings.Contains(again.String(), "0.0 MB") {
		t.Errorf("a second upload: %s", again.String())
	}

	// One case put straight into the bucket by another tool: the workers'
	// sweep takes it up.
	src := caseIDs[0]
	if src == "BROKEN" {
		src = caseIDs[1]
	}
	store, err := s3.Open(context.Background(), mn.URL("dossier"))
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(batch, src))
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(batch, src, e.Name()))
		if err := store.Put(context.Background(), "incoming/SWEPT/"+e.Name(), b); err != nil {
			t.Fatal(err)
		}
	}

	cases, err := postgres.Open(context.Background(), pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer cases.Close()
	progress := func() (done, total, final int) {
		d, tot, f, err := cases.Progress(context.Background(), caseIDs)
		if err != nil {
			t.Logf("progress: %v", err)
		}
		return d, tot, f
	}
	waitFor := func(what string, limit time.Duration, ok func() bool) {
		t.Helper()
		end := time.Now().Add(limit)
		for !ok() {
			if time.Now().After(end) {
				d, tot, f := progress()
				t.Fatalf("%s: not after %s (pages %d/%d, %d cases final)", what, limit, d, tot, f)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	logs := t.TempDir()
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, n := range []string{"a", "b", "c"} {
			b, _ := os.ReadFile(filepath.Join(logs, n+".log"))
			lines := strings.Split(string(b), "\n")
			t.Logf("worker %s log, last lines:\n%s", n, strings.Join(lines[max(0, len(lines)-25):], "\n"))
		}
	})
	a := startWorker(t, env, filepath.Join(logs, "a.log"), common...)
	waitFor("a first page read", 3*time.Minute, func() bool { d, _, _ := progress(); return d >= 1 })
	a.Process.Signal(syscall.SIGKILL) // in the middle of its pages
	a.Wait()
	t.Log("worker a killed with SIGKILL after its first page")
	startWorker(t, env, filepath.Join(logs, "b.log"), common...)
	startWorker(t, env, filepath.Join(logs, "c.log"), common...)

	mn.Stop()
	t.Log("MinIO stopped for 30 s")
	time.Sleep(30 * time.Second)
	mn.Start()
	rd.Stop()
	t.Log("Redis stopped (append-only) and started again")
	rd.Start()
	pg.Stop()
	t.Log("PostgreSQL stopped for 5 s")
	time.Sleep(5 * time.Second)
	pg.Start()

	waitFor("every case final", 6*time.Minute, func() bool { _, _, f := progress(); return f == len(caseIDs) })
	waitFor("the swept case final", 3*time.Minute, func() bool {
		c, _, err := cases.Case(context.Background(), "SWEPT")
		return err == nil && c.Status.Final()
	})
	swept, _, _ := cases.Case(context.Background(), "SWEPT")
	if orig, _, _ := cases.Case(context.Background(), src); swept.Status != orig.Status {
		t.Errorf("the swept copy of %s is %s, the case %s", src, swept.Status, orig.Status)
	}
	got := t.TempDir()
	for _, id := range caseIDs {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"case", "show", id, "--json"}, &out, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(got, id+".json"), out.Bytes(), 0o644)
	}
	a2, b2 := results(t, want), results(t, got)
	for id, ra := range a2 {
		rb := b2[id]
		if rb.ServicePoint != "福州市社保中心 2号窗口" {
			t.Errorf("%s: service point %q, want upload --point's", id, rb.ServicePoint)
		}
		ra.ProcessedAt, rb.ProcessedAt = time.Time{}, time.Time{}
		rb.ServicePoint = ""
		ja, _ := json.Marshal(ra)
		jb, _ := json.Marshal(rb)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: production and run differ:\n%s\n%s", id, jb, ja)
		}
	}
	// Every page read once: as many readings as pages, no more.
	if d, tot, _ := progress(); d != tot {
		t.Errorf("pages read %d of %d", d, tot)
	}
	var list bytes.Buffer
	if err := run(context.Background(), []string{"case", "list", "--json"}, &list, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(list.String()), "\n")
	for _, l := range lines {
		var row map[string]any
		if err := json.Unmarshal([]byte(l), &row); err != nil || !dossier.Status(fmt.Sprint(row["status"])).Final() || row["updated_at"] == nil {
			t.Errorf("case list line %q: %v", l, err)
		}
	}
	if len(lines) != len(caseIDs)+1 {
		t.Errorf("case list: %d lines, want %d", len(lines), len(caseIDs)+1)
	}
}

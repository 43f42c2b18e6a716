package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier"
	"dossier/samples"
)

// hostileBatch writes, beside one ordinary case (NORMAL, ready in the
// samples' truth), a case for every way a careless or hostile service point
// broke a run: files built to exhaust the reader, a sheet scanned twice,
// names that look like paths, links, a pipe, folders where files belong,
// two case.json, declared values of megabytes. It returns the batch and
// the truth of NORMAL.
func hostileBatch(t *testing.T) (batch string, normal samples.Truth) {
	t.Helper()
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 3, Seed: 21}); err != nil {
		t.Skipf("cannot generate samples: %v", err)
	}
	batch = filepath.Join(dir, "batch")
	// The first good case stays, as NORMAL; an identity copy scanned as an
	// image is the sheet the probes hand in twice; the rest go.
	var sheet []byte
	var ext string
	cases, err := os.ReadDir(batch)
	must(t, err)
	for _, c := range cases {
		b, err := os.ReadFile(filepath.Join(dir, "truth", c.Name()+".json"))
		must(t, err)
		var tr samples.Truth
		must(t, json.Unmarshal(b, &tr))
		files, err := os.ReadDir(filepath.Join(batch, c.Name()))
		must(t, err)
		for _, f := range files {
			if e := filepath.Ext(f.Name()); sheet == nil && strings.Contains(f.Name(), "身份证") && slices.Contains([]string{".jpg", ".jpeg", ".png"}, strings.ToLower(e)) {
				sheet, err = os.ReadFile(filepath.Join(batch, c.Name(), f.Name()))
				must(t, err)
				ext = e
			}
		}
		if normal.CaseID == "" && tr.Status == dossier.Ready {
			normal = tr
			must(t, os.Rename(filepath.Join(batch, c.Name()), filepath.Join(batch, "NORMAL")))
			continue
		}
		must(t, os.RemoveAll(filepath.Join(batch, c.Name())))
	}
	if normal.CaseID == "" || sheet == nil {
		t.Fatalf("seed 21 gave no good case or no identity copy as an image")
	}
	must(t, samples.Hostile(dir, sheet, ext, 3<<30))
	return batch, normal
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// dossierCmd runs this test binary as dossier, in a process of its own
// under a data-memory limit: a reader that loses a bomb's fight fails the
// test, not the machine.
func dossierCmd(ctx context.Context, home string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "prlimit", append([]string{"--data=" + strconv.Itoa(4<<30), "--", os.Args[0]}, args...)...)
	cmd.Env = append(os.Environ(), "DOSSIER_TEST_AS_MAIN=1", "OMP_THREAD_LIMIT=1", "DOSSIER_HOME="+home,
		"DOSSIER_STORE=", "DOSSIER_DB=", "DOSSIER_REDIS=")
	return cmd
}

// TestHostileBatch runs one batch of every probe with two workers and -v,
// in bounded time and memory: each probe case gets its verdict with a
// reason in plain words, or is refused with one in the summary; the
// ordinary case beside them gets its verdict; every page read is logged.
func TestHostileBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("prlimit (util-linux) is not installed")
	}
	batch, normal := hostileBatch(t)
	home, out := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := dossierCmd(ctx, home, "run", batch, "--out", out, "--as-of", "2026-11-01", "--workers", "2", "-v",
		"--split-memory-mb", "1024", "--max-file-mb", "100", "--lang", "en")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("run: %v in %s\n%s", err, time.Since(start).Round(time.Second), stdout.String())
	if err != nil {
		t.Fatalf("the run failed: %v\n%s", err, tail(stderr.String(), 3000))
	}
	res := results(t, out)

	// The ordinary case is untouched by its neighbours: the verdict it
	// gets alone, never a false ready.
	alone := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(alone, "batch"), 0o755))
	must(t, os.Rename(filepath.Join(batch, "NORMAL"), filepath.Join(alone, "batch", "NORMAL")))
	ac := dossierCmd(ctx, t.TempDir(), "run", filepath.Join(alone, "batch"), "--out", filepath.Join(alone, "out"), "--as-of", "2026-11-01", "--workers", "2", "--lang", "en")
	if b, err := ac.CombinedOutput(); err != nil {
		t.Fatalf("NORMAL alone: %v\n%s", err, b)
	}
	a, r := results(t, filepath.Join(alone, "out"))["NORMAL"], res["NORMAL"]
	ja, _ := json.Marshal(a.Reasons)
	jr, _ := json.Marshal(r.Reasons)
	if r.Status != a.Status || !bytes.Equal(ja, jr) {
		t.Errorf("NORMAL: %s %s beside the probes, %s %s alone", r.Status, jr, a.Status, ja)
	}
	if r.Status == dossier.Ready && normal.Status != dossier.Ready {
		t.Errorf("NORMAL: false ready")
	}
	// Each probe's reason, in plain words naming the file.
	want := map[string][]struct {
		code dossier.ReasonCode
		text string
	}{
		"BOMBS": {{dossier.UnreadableFile, "flate.pdf needs more than 1024 MB of memory"},
			{dossier.UnreadableFile, "pixels.pdf holds a 100000x100000 image"},
			{dossier.UnreadableFile, "pages.pdf has 100000 pages, over the limit of 200"}},
		"ODD": {{dossier.UnsupportedFile, "passwd.pdf is not a regular file (a symbolic link)"},
			{dossier.UnsupportedFile, "big-link.pdf is not a regular file (a symbolic link)"},
			{dossier.UnsupportedFile, "zero.pdf is not a regular file (a symbolic link)"},
			{dossier.UnsupportedFile, "fifo.pdf is not a regular file (a named pipe)"},
			{dossier.UnsupportedFile, "more scans is a folder inside the case folder"},
			{dossier.UnreadableFile, "big.pdf is 2147483648 bytes, over the limit of 104857600"},
			{dossier.UnsupportedFile, "CASE.JSON repeats case.json"},
			{dossier.UnreadableFile, "unit_name in case.json is 1000 characters long, over the limit of 256"}},
		"HUGEINFO": {{dossier.UnreadableFile, "bytes, over the limit of 1048576: the declared values were not used"}},
	}
	for id, reasons := range want {
		r, ok := res[id]
		if !ok {
			t.Errorf("%s: no result", id)
			continue
		}
		for _, w := range reasons {
			found := false
			for _, rs := range r.Reasons {
				found = found || (rs.Code == w.code && strings.Contains(rs.Message, w.text))
			}
			if !found {
				t.Errorf("%s: no %s reason saying %q in %+v", id, w.code, w.text, r.Reasons)
			}
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "ODD.json")); bytes.Contains(b, []byte("root:x:0:0")) || len(b) > 64<<10 {
		t.Errorf("ODD.json is %d bytes or holds /etc/passwd", len(b))
	}
	if b, _ := os.ReadFile(filepath.Join(out, "HUGEINFO.json")); len(b) > 64<<10 {
		t.Errorf("HUGEINFO.json is %d bytes: the declared value was echoed", len(b))
	}
	// Both copies of the sheet scanned twice are read and decided.
	pages := 0
	for _, d := range res["DUP"].Documents {
		pages += len(d.Pages)
	}
	if pages != 2 {
		t.Errorf("DUP: %d pages in its documents, want 2: %+v", pages, res["DUP"].Documents)
	}
	for _, id := range []string{"a..b", "ESC\x1b[31mRED"} {
		if !res[id].Status.Final() {
			t.Errorf("%q: no verdict", id)
		}
	}
	// Refused entries are in the summary, each with why.
	var s dossier.Summary
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	must(t, err)
	must(t, json.Unmarshal(b, &s))
	refused := map[string]string{}
	for _, r := range s.Refused {
		refused[r.Name] = r.Reason
	}
	for name, why := range map[string]string{
		strings.Repeat("长", 84): "over the limit of 200",
		"summary":               "the contract gives OUT/summary.json to the run's summary",
		"LINKED":                "links are not followed",
		"stray.pdf":             "a batch holds one folder per case",
	} {
		if !strings.Contains(refused[name], why) {
			t.Errorf("summary: %q refused with %q; want %q", name, refused[name], why)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); err != nil || len(s.NoVerdict) != 0 {
		t.Errorf("cases without a verdict: %+v", s.NoVerdict)
	}
	// Nothing behind a link was copied into the store.
	filepath.WalkDir(home, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("root:x:0:0")) {
				t.Errorf("%s holds /etc/passwd", p)
			}
		}
		return nil
	})
	// Two workers, and every page's line is in the log.
	read := strings.Count(stderr.String(), "msg=\"page read\"")
	if read != s.Pages || read == 0 {
		t.Errorf("the log has %d page lines for %d pages read\n%s", read, s.Pages, tail(stderr.String(), 3000))
	}
	// Names are escaped when printed to a terminal.
	var list bytes.Buffer
	lc := dossierCmd(ctx, home, "case", "list")
	lc.Stdout = &list
	must(t, lc.Run())
	if strings.Contains(list.String(), "\x1b") || !strings.Contains(list.String(), `ESC\x1b[31mRED`) {
		t.Errorf("case list does not escape the name:\n%q", list.String())
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestStopMidFile: SIGTERM in the middle of a file that takes minutes to
// open stops the run within the shutdown timeout, leaves no child behind,
// and the next run resumes and decides the case.
func TestStopMidFile(t *testing.T) {
	if testing.Short() {
		t.Skip("slow file")
	}
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("prlimit (util-linux) is not installed")
	}
	batch := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(batch, "SLOW"), 0o755))
	must(t, os.WriteFile(filepath.Join(batch, "SLOW", "slow.pdf"), samples.ManyPagesPDF(20000), 0o644))
	home, out := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"run", batch, "--out", out, "--workers", "1", "--max-pages", "30000", "--lang", "en"}
	cmd := dossierCmd(ctx, home, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	time.Sleep(3 * time.Second)
	must(t, cmd.Process.Signal(syscall.SIGTERM))
	start := time.Now()
	err := cmd.Wait()
	took := time.Since(start)
	t.Logf("stopped after %s: %v\n%s", took.Round(time.Millisecond), err, tail(stderr.String(), 1000))
	if err == nil || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("the run did not say it was interrupted: %v", err)
	}
	if took > 20*time.Second {
		t.Errorf("the run took %s to stop", took)
	}
	time.Sleep(500 * time.Millisecond)
	if procs, _ := filepath.Glob("/proc/[0-9]*/cmdline"); true {
		for _, p := range procs {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("split-child\x00"+os.TempDir())) && bytes.Contains(b, []byte(filepath.Base(os.Args[0]))) {
				t.Errorf("a child is left behind: %s %q", p, b)
			}
		}
	}
	// Again, now with a time limit the file cannot meet: it is decided.
	cmd = dossierCmd(ctx, home, append(args, "--split-timeout", "2s")...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, b)
	}
	r := results(t, out)["SLOW"]
	if len(r.Reasons) == 0 || !strings.Contains(r.Reasons[0].Message+r.Reasons[len(r.Reasons)-1].Message, "slow.pdf took longer than 2s to open") {
		t.Errorf("SLOW: %s %+v", r.Status, r.Reasons)
	}
}

// A limit in the environment that does not parse stops the command, naming
// the variable, rather than running with the default.
func TestLimitsFromEnvironment(t *testing.T) {
	t.Setenv("DOSSIER_HOME", t.TempDir())
	for name, v := range map[string]string{"DOSSIER_MAX_PAGES": "many", "DOSSIER_SPLIT_TIMEOUT": "5"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, v)
			err := run(context.Background(), []string{"run", t.TempDir(), "--out", t.TempDir()}, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("got %v, want an error naming %s", err, name)
			}
		})
	}
}

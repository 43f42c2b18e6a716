package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dossier"
	"dossier/extract"
	"dossier/samples"
)

// setup writes a small generated batch plus a case of broken files, and its truth.
func setup(t *testing.T) (batch, roots, truth string) {
	t.Helper()
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 3, Seed: 21}); err != nil {
		t.Skipf("cannot generate samples: %v", err)
	}
	broken := filepath.Join(dir, "batch", "BROKEN")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "..", "shared", "testdata", "realworld", "pdfs_malformed")
	for _, n := range []string{"qpdf__bad1.pdf", "ocrmypdf__invalid.pdf", "qpdf__encrypted-40-bit-R3.pdf"} {
		if b, err := os.ReadFile(filepath.Join(src, n)); err == nil {
			os.WriteFile(filepath.Join(broken, n), b, 0o644)
		}
	}
	os.WriteFile(filepath.Join(broken, "说明 文件.docx"), []byte("PK\x03\x04"), 0o644)
	os.WriteFile(filepath.Join(broken, "empty.JPG"), nil, 0o644)
	return filepath.Join(dir, "batch"), filepath.Join(dir, "roots.pem"), filepath.Join(dir, "truth")
}

// cancelOnProgress cancels the run once the progress lines show a page read.
type cancelOnProgress struct {
	mu     sync.Mutex
	cancel func()
	buf    bytes.Buffer
}

func (w *cancelOnProgress) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(string(p), "pages ") && !strings.HasPrefix(string(p), "pages 0/") {
		w.cancel()
	}
	return len(p), nil
}

func results(t *testing.T, out string) map[string]dossier.Result {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(out, "*.json"))
	m := map[string]dossier.Result{}
	for _, n := range names {
		if filepath.Base(n) == "summary.json" {
			continue
		}
		b, _ := os.ReadFile(n)
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"case_id", "type", "status", "reasons", "unit", "operator", "documents", "processed_at"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("%s has no %q", n, k)
			}
		}
		var r dossier.Result
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if !r.Status.Final() {
			t.Errorf("%s: status %s", n, r.Status)
		}
		r.ProcessedAt = r.ProcessedAt.Truncate(0)
		m[r.CaseID] = r
	}
	return m
}

// TestRunResume drives the real command: a run stopped after its first page,
// started again with the same home, ends with the same verdicts as a run that
// was never stopped; the broken files are reported, and nothing is false ready.
func TestRunResume(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	batch, roots, truth := setup(t)
	args := func(out string) []string {
		return []string{"run", batch, "--out", out, "--as-of", "2026-11-01", "--ca-roots", roots, "--workers", "2"}
	}
	var stdout bytes.Buffer

	// Uninterrupted.
	t.Setenv("DOSSIER_HOME", t.TempDir())
	whole := t.TempDir()
	if err := run(context.Background(), args(whole), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// Interrupted, then again.
	t.Setenv("DOSSIER_HOME", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	w := &cancelOnProgress{cancel: cancel}
	parts := t.TempDir()
	err := run(ctx, args(parts), &stdout, w)
	cancel()
	if err == nil {
		t.Log("the run finished before it could be stopped")
	} else if !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("stopped run: %v", err)
	}
	if err := run(context.Background(), args(parts), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	a, b := results(t, whole), results(t, parts)
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("results: %d and %d cases, want 4", len(a), len(b))
	}
	for id, ra := range a {
		rb := b[id]
		ra.ProcessedAt = rb.ProcessedAt
		ja, _ := json.Marshal(ra)
		jb, _ := json.Marshal(rb)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s differs after resuming:\n%s\n%s", id, ja, jb)
		}
	}
	codes := map[dossier.ReasonCode]int{}
	for _, r := range a["BROKEN"].Reasons {
		codes[r.Code]++
		if r.Message == "" {
			t.Errorf("reason without message: %+v", r)
		}
	}
	if codes[dossier.UnreadableFile] < 1 || codes[dossier.UnsupportedFile] != 1 || a["BROKEN"].Status != dossier.Rejected {
		t.Errorf("broken case: %s %+v", a["BROKEN"].Status, a["BROKEN"].Reasons)
	}
	s, err := samples.ScoreDirs(truth, whole)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	s.Print(&sb)
	t.Log(sb.String())
	if s.FalseReady != 0 {
		t.Errorf("false ready: %v", s.FalseReadyIDs)
	}
	if _, err := os.Stat(filepath.Join(whole, "summary.json")); err != nil {
		t.Error(err)
	}
}

func TestCode(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"code", "91350100M000100Y43", "11010519491231001X", "91350211M0000XUF46", "hello"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	want := []string{`"kind":"uscc","valid":true`, `"kind":"id_number","valid":false`, `"valid":"legacy"`, `"kind":"unknown","valid":false`}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines: %s", len(lines), out.String())
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d: %s, want %s", i+1, lines[i], w)
		}
	}
}

func TestRules(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"rules"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "ca-replacement:") {
		t.Fatalf("dossier rules: %v\n%s", err, out.String())
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.yaml"), filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, out.Bytes(), 0o644)
	os.WriteFile(bad, []byte("case_types:\n  ca-replacement:\n    - documents: [id_crad]\n"), 0o644)
	out.Reset()
	if err := run(context.Background(), []string{"rules", "--check", good}, &out, &errOut); err != nil || !strings.Contains(out.String(), "is a valid rules file") {
		t.Errorf("rules --check of the built-in text: %v %s", err, out.String())
	}
	err := run(context.Background(), []string{"rules", "--check", bad}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml line 3: unknown document type \"id_crad\"") {
		t.Errorf("rules --check of a bad file: %v", err)
	}
	// run refuses bad rules and languages before it takes a file
	batch := t.TempDir()
	t.Setenv("DOSSIER_HOME", t.TempDir())
	if err := run(context.Background(), []string{"run", batch, "--out", t.TempDir(), "--rules", bad}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("run with bad rules: %v", err)
	}
	t.Setenv("DOSSIER_LANG", "fr")
	if err := run(context.Background(), []string{"run", batch, "--out", t.TempDir()}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "fr") {
		t.Errorf("run with DOSSIER_LANG=fr: %v", err)
	}
}

// --lang en writes the reasons in English, through the real run.
func TestRunEnglish(t *testing.T) {
	batch := t.TempDir()
	c := filepath.Join(batch, "C1")
	os.MkdirAll(c, 0o755)
	os.WriteFile(filepath.Join(c, "说明 文件.docx"), []byte("PK\x03\x04"), 0o644)
	os.WriteFile(filepath.Join(c, "empty.JPG"), nil, 0o644)
	t.Setenv("DOSSIER_HOME", t.TempDir())
	out := t.TempDir()
	if err := run(context.Background(), []string{"run", batch, "--out", out, "--lang", "en", "--as-of", "2026-11-01"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	r := results(t, out)["C1"]
	var msgs []string
	for _, rs := range r.Reasons {
		msgs = append(msgs, rs.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"说明 文件.docx is a kind of file not taken", "the file empty.JPG is empty", "the unit digital certificate application form is missing: please hand it in"} {
		if !strings.Contains(all, want) {
			t.Errorf("reasons\n%s\ndo not say %q", all, want)
		}
	}
}

// TestRunWithoutModel: without the Chinese model every page would fail, so
// run and worker refuse to start and say what is missing and where.
func TestRunWithoutModel(t *testing.T) {
	defer func(dir string) { extract.ModelDir = dir }(extract.ModelDir)
	extract.ModelDir = t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"run", t.TempDir(), "--out", out},
		{"worker", "--redis", "redis://127.0.0.1:1/0", "--listen", ""},
	} {
		err := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(extract.ModelDir, "chi_sim.traineddata")) {
			t.Errorf("%s: %v, want the missing model named", args[0], err)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("run wrote %s without a model", out)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dossier"
	"dossier/samples"
)

// syncBuffer is a buffer a command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// browser finds Debian's chromium; without it the test skips, except in
// CI, where make test installs it.
func browser(t *testing.T) string {
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium: make test installs Debian's chromium package")
	}
	t.Skip("no chromium (make test installs Debian's chromium package)")
	return ""
}

// TestBrowserWorkbench drives the real dossier as a clerk would: a small
// generated batch run on the embedded default (a good case with a file
// dossier does not take, so it goes to review, and a case whose unit name
// differs between documents), then `dossier serve` on port 0 worked in
// Debian's chromium: the one-time set-up link, sign in, take the next
// review case, its page with word and seal boxes, approve it with a note,
// the decision in the history and in `dossier case show --json`; the
// mismatch marked in the other case's comparison table, an identity number
// shown and recorded; the queue walked by keyboard. Screenshots go to
// DOSSIER_SCREENSHOTS (default: the test's temporary folder).
func TestBrowserWorkbench(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR and a browser")
	}
	exe := browser(t)
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen")
	if err := samples.Generate(samples.Options{Out: gen, Cases: 8, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	good, mismatch := pickCases(t, filepath.Join(gen, "truth"))
	batch := filepath.Join(dir, "batch")
	copyDir(t, filepath.Join(gen, "batch", good), filepath.Join(batch, "REVIEW1"))
	os.WriteFile(filepath.Join(batch, "REVIEW1", "说明 文件.docx"), []byte("PK\x03\x04"), 0o644)
	copyDir(t, filepath.Join(gen, "batch", mismatch), filepath.Join(batch, "MISMATCH1"))
	t.Setenv("DOSSIER_HOME", filepath.Join(dir, "home"))
	t.Setenv("DOSSIER_STORE", "")
	t.Setenv("DOSSIER_DB", "")
	t.Setenv("DOSSIER_REDIS", "")
	if err := run(context.Background(), []string{"run", batch, "--out", filepath.Join(dir, "out"),
		"--as-of", "2026-11-01", "--ca-roots", filepath.Join(gen, "roots.pem"), "--workers", "2"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("DOSSIER_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var out, errs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0"}, &out, &errs) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	link := regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/setup\?token=\S+`)
	var m []string
	for end := time.Now().Add(20 * time.Second); m == nil; {
		if m = link.FindStringSubmatch(out.String()); m == nil {
			if time.Now().After(end) {
				t.Fatalf("serve printed no set-up link:\n%s\n%s", out.String(), errs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	base := m[1]

	actx, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1440, 1000))...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			b, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), b, 0o644)
		})
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v\nserver log:\n%s", sel, err, errs.String())
		}
		return s
	}
	count := func(sel string) int {
		n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('`+sel+`').length`))
		return n
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v\nserver log:\n%s", what, err, errs.String())
		}
	}
	view := func(v string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.SetValue(`select[name=view]`, v),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Evaluate[bool](`document.querySelector('select[name=view]').dispatchEvent(new Event('change', {bubbles: true}))`)(ctx, tg)
				return err
			}),
			chromedp.Sleep(700*time.Millisecond), // htmx swaps the table in
		)
	}
	// The first administrator, by the one-time link; then sign in.
	do("set-up and sign in",
		chromedp.Navigate(m[0]),
		chromedp.SendKeys(`input[name=name]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, "correct horse battery"),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`form[action="/login"]`),
		chromedp.SendKeys(`input[name=name]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, "correct horse battery"),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`table.queue`),
	)
	// Take the next review case.
	do("take the next review case",
		view("review"),
		shot("queue.png"),
		chromedp.Click(`#take-next button`),
		chromedp.WaitVisible(`svg.page`),
		chromedp.Sleep(1500*time.Millisecond), // the page image loads
		shot("review-case.png"),
	)
	if st := text(`.case-head .status`); st != "review" {
		t.Fatalf("take next gave a %s case", st)
	}
	id := strings.Fields(text(`.case-head h1`))[0]
	if d := text(`aside.docs`); !strings.Contains(d, "Files not taken") || !strings.Contains(d, "说明 文件.docx") {
		t.Errorf("the file dossier did not take is not shown:\n%s", d)
	}
	if n := count(`svg.page rect.word`); n < 10 {
		t.Errorf("%d words drawn over the page", n)
	}
	if n := count(`svg.page rect.seal`); n < 1 {
		t.Errorf("no seal boxed on the page")
	}
	// Approve it with a note.
	do("approve",
		chromedp.SendKeys(`form.decision textarea[name=note]`, "说明文件与本业务无关，材料齐全，印章清晰"),
		chromedp.Click(`form.decision button`),
		chromedp.WaitVisible(`#flash`),
		shot("approved.png"),
	)
	if f := text(`#flash`); !strings.Contains(f, "Recorded: approved") {
		t.Fatalf("approve: %q", f)
	}
	if st := text(`.case-head .status`); st != "ready" {
		t.Errorf("after approval the case is %s", st)
	}
	do("history", chromedp.Click(`a[href$="/history"]`), chromedp.WaitVisible(`table.history`), shot("history.png"))
	if h := text(`table.history`); !strings.Contains(h, "approved") || !strings.Contains(h, "说明文件与本业务无关") || !strings.Contains(h, "pipeline verdict") {
		t.Errorf("history:\n%s", h)
	}
	var show bytes.Buffer
	if err := run(context.Background(), []string{"case", "show", id, "--json"}, &show, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`"decisions": \[\s*\{\s*"action": "approve",\s*"by": "admin"`).MatchString(show.String()) || !strings.Contains(show.String(), `"status": "ready"`) {
		t.Errorf("case show --json:\n%s", show.String())
	}
	// The mismatch, marked in the comparison table; an identity number shown.
	do("the mismatch",
		chromedp.Navigate(base+"/cases/MISMATCH1"),
		chromedp.WaitVisible(`.compare`),
		chromedp.Sleep(1000*time.Millisecond),
		shot("mismatch.png"),
	)
	if n := count(`.compare td.differs mark, .compare td.differs del`); n < 1 {
		t.Errorf("no differing character marked in the comparison table:\n%s", text(`.compare`))
	}
	if count(`.compare button.link`) > 0 {
		do("show an identity number", chromedp.Click(`.compare button.link`), chromedp.WaitVisible(`.compare .muted.small`))
		if c := text(`.compare .muted.small`); !strings.Contains(c, "recorded") {
			t.Errorf("a shown identity number: %q", c)
		}
		do("history of the mismatch", chromedp.Click(`a[href$="/history"]`), chromedp.WaitVisible(`table.history`))
		if h := text(`table.history`); !strings.Contains(h, "showed an ID number") {
			t.Errorf("the shown identity number is not in the history:\n%s", h)
		}
	} else {
		t.Error("no identity number to show in the mismatch case")
	}
	// The queue by keyboard: j moves, Enter opens.
	do("keyboard",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`table.queue`),
		view("all"),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.case-head`),
	)
	if h := text(`.case-head h1`); !strings.Contains(h, "1") {
		t.Errorf("Enter opened %q", h)
	}
	// The daily report, in the same browser: reconcile (the run it shows),
	// write the report to a folder, open it.
	if err := run(context.Background(), []string{"reconcile"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// Written where the nightly job puts it (the embedded default's object
	// folder), it is opened through the workbench's Reports page.
	today := time.Now().In(mustLoc(t)).Format("2006-01-02")
	repDir := filepath.Join(dir, "home", "objects", "reports", today)
	if err := run(context.Background(), []string{"report", "--date", today, "--out", repDir}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	do("the reports page", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(`main h1`))
	if l := text(`main`); !strings.Contains(l, today) {
		t.Fatalf("the reports page does not list %s:\n%s", today, l)
	}
	// In a tab of its own (the same browser, signed in), with a deadline.
	rctx, cancelTab := chromedp.NewContext(bctx)
	defer cancelTab()
	if err := chromedp.Do(rctx, chromedp.Navigate(base+"/reports/"+today+"/report.html")); err != nil {
		t.Fatalf("open the report: %v", err)
	}
	tctx, cancelT := context.WithTimeout(rctx, time.Minute)
	defer cancelT()
	if err := chromedp.Do(tctx, chromedp.WaitReady(`body`), shot("report.png")); err != nil {
		t.Fatalf("the report: %v", err)
	}
	body, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, "dossier daily report, "+today) || !strings.Contains(body, "cases in") || !strings.Contains(body, "Last run") {
		t.Errorf("the report in the browser:\n%s", body)
	}
	if n, _ := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll('svg rect').length`)); n < 30 {
		t.Errorf("the report's charts have %d bars", n)
	}
	t.Logf("screenshots in %s", shots)
}

// pickCases picks from a generated corpus's truth a good replacement case
// and one whose unit name or operator differs between documents.
func pickCases(t *testing.T, truth string) (good, mismatch string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(truth, "*.json"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		var r dossier.Result
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if good == "" && r.Status == dossier.Ready && r.Type == dossier.CAReplacement {
			good = r.CaseID
		}
		for _, rs := range r.Reasons {
			if mismatch == "" && len(r.Reasons) == 1 && rs.Code == dossier.UnitNameMismatch {
				mismatch = r.CaseID
			}
		}
	}
	if good == "" || mismatch == "" {
		t.Fatalf("the corpus has no good case (%q) or no unit-name mismatch (%q)", good, mismatch)
	}
	return good, mismatch
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// dossier user and dossier audit on the embedded default.
func TestUserAndAudit(t *testing.T) {
	home := t.TempDir()
	t.Setenv("DOSSIER_HOME", home)
	t.Setenv("DOSSIER_DB", "")
	pw := filepath.Join(home, "pw")
	os.WriteFile(pw, []byte("correct horse battery\n"), 0o600)
	cmd := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		return out.String() + errb.String(), err
	}
	if out, err := cmd("user", "add", "ann", "--role", "clerk", "--password-file", pw); err != nil || !strings.Contains(out, "added ann (clerk)") {
		t.Fatalf("user add: %q %v", out, err)
	}
	for _, bad := range [][]string{
		{"user", "add", "ann", "--role", "clerk", "--password-file", pw},      // exists
		{"user", "add", "bob", "--role", "boss", "--password-file", pw},       // no such role
		{"user", "add", "pipeline", "--role", "clerk", "--password-file", pw}, // the pipeline's name
		{"user", "disable", "nobody"},
	} {
		if out, err := cmd(bad...); err == nil {
			t.Errorf("%v: no error: %s", bad, out)
		}
	}
	short := filepath.Join(home, "short")
	os.WriteFile(short, []byte("short\n"), 0o600)
	if _, err := cmd("user", "add", "cat", "--role", "admin", "--password-file", short); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("a short password: %v", err)
	}
	if _, err := cmd("user", "disable", "ann"); err != nil {
		t.Fatal(err)
	}
	out, err := cmd("user", "list")
	if err != nil || !regexp.MustCompile(`ann\s+clerk\s+disabled`).MatchString(out) {
		t.Fatalf("user list: %q %v", out, err)
	}
	out, err = cmd("audit", "--json", "--since", time.Now().AddDate(0, 0, -1).Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"action":"user_disable"`) || !strings.Contains(lines[1], `"action":"user_add"`) {
		t.Fatalf("audit: %s", out)
	}
	if _, err := cmd("audit", "--since", "yesterday"); err == nil {
		t.Error("--since yesterday was taken")
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

// TestWorkbenchInBrowser drives the real dossier: a generated batch run
// on the embedded default, then `dossier serve` on port 0, worked by
// chromium as a clerk would: the one-time set-up link, sign in, the queue
// by keyboard, a case with its pages and the fields compared, an identity
// number shown, a decision, the history. Screenshots go to
// DOSSIER_SCREENSHOTS (default: the test's temporary folder).
func TestWorkbenchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR and a browser")
	}
	exe := browser(t)
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 3, Seed: 21}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOSSIER_HOME", filepath.Join(dir, "home"))
	t.Setenv("DOSSIER_STORE", "")
	t.Setenv("DOSSIER_DB", "")
	t.Setenv("DOSSIER_REDIS", "")
	if err := run(context.Background(), []string{"run", filepath.Join(dir, "batch"), "--out", filepath.Join(dir, "out"),
		"--as-of", "2026-11-01", "--ca-roots", filepath.Join(dir, "roots.pem"), "--workers", "2"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
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
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/setup\?token=\S+`)
	var m []string
	for end := time.Now().Add(20 * time.Second); m == nil; {
		if m = link.FindStringSubmatch(out.String()); m == nil {
			if time.Now().After(end) {
				t.Fatalf("serve printed no set-up link:\n%s\n%s", out.String(), errs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

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
	// The queue: every case with a verdict, moved through by keyboard.
	do("queue",
		chromedp.SetValue(`select[name=view]`, "all"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`document.querySelector('select[name=view]').dispatchEvent(new Event('change', {bubbles: true}))`)(ctx, tg)
			return err
		}),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.WaitVisible(`table.queue tbody tr[data-href]`),
		shot("queue.png"),
	)
	if q := text(`table.queue`); !strings.Contains(q, "C000") {
		t.Errorf("the queue shows no case:\n%s", q)
	}
	// The case: its pages, the page viewer with words and seals, the table.
	// The first case a clerk can decide on, reached by keyboard.
	first, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('table.queue tbody tr')).findIndex(r => !r.querySelector('.status.ready'))`))
	keys := []chromedp.Action[chromedp.Void]{}
	for range max(first, 0) + 1 {
		keys = append(keys, chromedp.KeyEvent("j"))
	}
	do("open a case by keyboard", append(keys,
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`svg.page`),
		chromedp.Sleep(1500*time.Millisecond), // the page image loads
		shot("case.png"),
	)...)
	caseView := text(`main`)
	for _, want := range []string{"Verdict", "Fields across the documents", "Unit name"} {
		if !strings.Contains(caseView, want) {
			t.Errorf("the case view lacks %q", want)
		}
	}
	if n := count(`.thumb`); n < 2 {
		t.Errorf("%d page thumbnails", n)
	}
	if n := count(`svg.page rect.word`); n < 10 {
		t.Errorf("%d words drawn over the page", n)
	}
	// Another page swapped in by htmx; an identity number shown.
	do("another page",
		chromedp.Click(`.thumb:not(.current)`),
		chromedp.Sleep(800*time.Millisecond),
		chromedp.WaitVisible(`.thumb.current`),
	)
	shown := false
	if count(`.compare button.link`) > 0 {
		do("show an identity number", chromedp.Click(`.compare button.link`), chromedp.WaitVisible(`.compare .muted.small`))
		if c := text(`.compare .muted.small`); !strings.Contains(c, "recorded") {
			t.Errorf("a shown identity number: %q", c)
		}
		shown = true
	}
	// A decision, then the history.
	if count(`details.decision`) > 0 {
		do("decide",
			chromedp.Click(`details.decision summary`),
			chromedp.SendKeys(`details.decision textarea[name=note]`, "检查后确认：印章清晰"),
			chromedp.Click(`details.decision button`),
			chromedp.WaitVisible(`#flash`),
			shot("decided.png"),
		)
		if f := text(`#flash`); !strings.Contains(f, "Recorded") {
			t.Errorf("decision: %q", f)
		}
	}
	do("history",
		chromedp.Click(`a[href$="/history"]`),
		chromedp.WaitVisible(`table.history`),
		shot("history.png"),
	)
	history := text(`table.history`)
	if !strings.Contains(history, "pipeline verdict") {
		t.Errorf("history:\n%s", history)
	}
	if shown && !strings.Contains(history, "showed an ID number") {
		t.Errorf("the shown identity number is not in the history:\n%s", history)
	}
	t.Logf("screenshots in %s", shots)
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

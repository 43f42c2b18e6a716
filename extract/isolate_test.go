package extract

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"dossier/samples"
)

// TestSplitIsolated: PDFs built to exhaust a reader are refused in plain
// words, in bounded time, by a child that runs out of its own memory or
// time; the test process itself never holds them.
func TestSplitIsolated(t *testing.T) {
	self := []string{os.Args[0]}
	small := Limits{SplitMemory: 256 << 20, SplitCPU: 20 * time.Second, SplitTimeout: 40 * time.Second}
	lim := Limits{SplitCPU: 20 * time.Second, SplitTimeout: 40 * time.Second}
	slow := Limits{PagesPerFile: 10000, SplitCPU: time.Second, SplitTimeout: 40 * time.Second}
	for _, tc := range []struct {
		name string
		data func() []byte
		lim  Limits
		want string // in the message; empty: the file reads
	}{
		{"flate_bomb.pdf", func() []byte { return samples.FlateBombPDF(1 << 30) }, small, "more than 256 MB of memory"},
		{"pixel_bomb.pdf", func() []byte { return samples.HugeImagePDF(100000, 100000, 1<<30) }, lim, "100000x100000 image, over the limit"},
		{"many_pages.pdf", func() []byte { return samples.ManyPagesPDF(100000) }, lim, "100000 pages, over the limit of 200"},
		{"slow.pdf", func() []byte { return samples.ManyPagesPDF(8000) }, slow, "more than 1s of processing"},
		{"stalls.pdf", func() []byte { return samples.ManyPagesPDF(1) }, Limits{SplitTimeout: time.Millisecond}, "took longer than 1ms"},
		{"one_page.pdf", func() []byte { return samples.ManyPagesPDF(1) }, lim, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data()
			start := time.Now()
			pages, err := SplitIsolated(context.Background(), self, tc.name, data, tc.lim)
			t.Logf("%d bytes: %v in %s", len(data), err, time.Since(start).Round(time.Millisecond))
			if tc.want == "" {
				if err != nil || len(pages) != 1 {
					t.Fatalf("got %d pages, %v; want 1 page", len(pages), err)
				}
				return
			}
			if !IsBadFile(err) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("got %v; want a bad-file error naming the file and saying %q", err, tc.want)
			}
		})
	}
}

// TestSplitIsolatedStops: a run stopped in the middle of a file kills the
// child at once and says it was stopped, not that the file is bad.
func TestSplitIsolatedStops(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := SplitIsolated(ctx, []string{os.Args[0]}, "slow.pdf", samples.ManyPagesPDF(8000), Limits{PagesPerFile: 10000})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("got %v after %s; want the context's error within seconds", err, time.Since(start))
	}
}

// A child that cannot start, or fails on its own (not on the file), is the
// system's error, for a retry and an operator, never the file's reason.
func TestSplitIsolatedSystemErrors(t *testing.T) {
	for _, cmd := range [][]string{{"/nonexistent/dossier"}, {"/bin/false"}} {
		_, err := SplitIsolated(context.Background(), cmd, "a.pdf", samples.ManyPagesPDF(1), Limits{})
		if err == nil || IsBadFile(err) {
			t.Errorf("%v: %v; want a system error", cmd, err)
		}
	}
}

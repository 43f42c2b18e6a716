package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"

	"dossier"
	"dossier/storage/sqlite"
)

// failingBlobs is an object store whose incoming files cannot be read: a
// split fails on every try.
type failingBlobs struct{ Blobs }

func (f failingBlobs) Get(ctx context.Context, key string) ([]byte, error) {
	if strings.HasPrefix(key, "incoming/") {
		return nil, errors.New("disk on fire")
	}
	return f.Blobs.Get(ctx, key)
}

// failingSplits is a case store that cannot record a file as split: even
// giving up on a split cannot be recorded.
type failingSplits struct{ Cases }

func (f failingSplits) SetSplit(ctx context.Context, file dossier.File) error {
	if file.Problem != nil && file.Problem.Code == dossier.LowConfidence {
		return errors.New("database on fire")
	}
	return f.Cases.SetSplit(ctx, file)
}

// queued makes a pipeline on the embedded stores whose incoming files cannot
// be read (and, with splitsFail, whose giving up cannot be recorded
// either), serves its handlers on an in-process Redis retrying at once,
// and returns the inspector Wait watches the queue with.
func queued(t *testing.T, splitsFail bool) (*Pipeline, *sqlite.Store, *asynq.Inspector) {
	t.Helper()
	redis := asynq.RedisClientOpt{Addr: miniredis.RunT(t).Addr()}
	client := asynq.NewClient(redis)
	t.Cleanup(func() { client.Close() })
	p, _, cases := embedded(t, client)
	p.Blobs = failingBlobs{p.Blobs}
	if splitsFail {
		p.Cases = failingSplits{cases}
	}
	p.Cfg.Lang = "en"
	srv := asynq.NewServer(redis, asynq.Config{Concurrency: 2, LogLevel: asynq.FatalLevel, DelayedTaskCheckInterval: 50 * time.Millisecond,
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 10 * time.Millisecond }})
	if err := srv.Start(p.Handler()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	insp := asynq.NewInspector(redis)
	t.Cleanup(func() { insp.Close() })
	return p, cases, insp
}

func oneCase(t *testing.T, id string) string {
	batch := t.TempDir()
	os.MkdirAll(filepath.Join(batch, id), 0o755)
	os.WriteFile(filepath.Join(batch, id, "scan.png"), []byte("\x89PNG\r\n\x1a\n not really"), 0o644)
	return batch
}

// A stage that fails on every try ends its case in review, with the reason
// naming the file, instead of leaving it pending for ever.
func TestFailedStageGoesToReview(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, cases, insp := queued(t, false)
	ids, _, err := p.Ingest(ctx, oneCase(t, "F1"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(ctx, ids, nil, insp); err != nil {
		t.Fatalf("wait: %v", err)
	}
	c, _, _ := cases.Case(ctx, "F1")
	r, err := p.Decide(ctx, "F1")
	if err != nil || c.Status != dossier.Review || len(r.Reasons) == 0 {
		t.Fatalf("F1: %s %+v %v; want review", c.Status, r.Reasons, err)
	}
	found := false
	for _, rs := range r.Reasons {
		found = found || (rs.Code == dossier.LowConfidence && strings.Contains(rs.Message, "scan.png could not be processed (disk on fire)"))
	}
	if !found {
		t.Errorf("no reason names the file and the failure: %+v", r.Reasons)
	}
}

// When no task is left that could move a case, Wait stops and says which
// case and why: the last error of its archived task, or that nothing of it
// is queued at all.
func TestWaitStopsWhenStuck(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, cases, insp := queued(t, true)
	ids, _, err := p.Ingest(ctx, oneCase(t, "S1"))
	if err != nil {
		t.Fatal(err)
	}
	cases.PutCase(ctx, dossier.Case{ID: "S2"}) // recorded, never queued
	ids = append(ids, "S2")
	start := time.Now()
	err = p.Wait(ctx, ids, nil, insp)
	var stuck *StuckError
	if !errors.As(err, &stuck) {
		t.Fatalf("wait: %v; want a StuckError", err)
	}
	t.Logf("after %s: %v", time.Since(start).Round(time.Millisecond), err)
	if !strings.Contains(stuck.Why["S1"], "split failed on every try") || !strings.Contains(stuck.Why["S1"], "database on fire") {
		t.Errorf("S1: %q", stuck.Why["S1"])
	}
	if !strings.Contains(stuck.Why["S2"], "none of its work is queued") {
		t.Errorf("S2: %q", stuck.Why["S2"])
	}
}

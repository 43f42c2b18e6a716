package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"golang.org/x/term"

	"dossier/extract"
	"dossier/pipeline"
)

// home is DOSSIER_HOME, where the embedded default keeps its objects and database.
func home() string {
	if h := os.Getenv("DOSSIER_HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".dossier")
	}
	return ".dossier"
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder for OUT/<case-id>.json and OUT/summary.json")
	asOf := fs.String("as-of", "", "processing date YYYY-MM-DD for expiry checks (default: today)")
	roots := fs.String("ca-roots", "", "PEM bundle of CA roots the new certificates must chain to")
	workers := fs.Int("workers", runtime.NumCPU(), "pages read at once")
	verbose := fs.Bool("v", false, "log every stage")
	vf := addVerdictFlags(fs)
	lf := addLimitFlags(fs)
	svc := addServiceFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return fmt.Errorf("run: usage: dossier run BATCH --out OUT [--as-of YYYY-MM-DD] [--ca-roots FILE] [--rules FILE] [--lang zh|en] [--workers N]")
	}
	cfg, err := verdictConfig(*asOf, *roots, vf)
	if err == nil {
		err = lf.apply(&cfg)
	}
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if err := extract.CheckModel(); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	cfg.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return runBatch(ctx, svc, pos[0], *out, cfg, max(1, *workers), stdout, stderr)
}

// runBatch runs a batch in this process: by default on the embedded
// services (a folder, SQLite, and asynq on an in-process Redis), or on those
// DOSSIER_STORE, DOSSIER_DB and DOSSIER_REDIS name. The database is the
// record of what is done, so a run stopped half-way and started again
// finishes only what is left.
func runBatch(ctx context.Context, svc serviceFlags, batch, out string, cfg pipeline.Config, workers int, stdout, stderr io.Writer) error {
	start := time.Now()
	h := home()
	blobs, cases, err := svc.open(ctx)
	if err != nil {
		return err
	}
	defer cases.Close()
	redis, err := svc.redisOpt()
	if err != nil {
		return err
	}
	p, redis, stop, err := inProcess(redis, blobs, cases, cfg, workers)
	if err != nil {
		return err
	}
	defer stop()
	ids, refused, err := p.Ingest(ctx, batch)
	if err != nil {
		return err
	}
	insp := asynq.NewInspector(redis)
	defer insp.Close()
	bar := newProgress(stderr)
	err = p.Wait(ctx, ids, bar.update, insp)
	bar.finish()
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: what is done is kept in %s; run the same command again to finish", h)
	}
	var stuck *pipeline.StuckError
	if err != nil && !errors.As(err, &stuck) {
		return err
	}
	s, werr := p.WriteResults(context.WithoutCancel(ctx), ids, refused, stuck, out, time.Since(start))
	if werr != nil {
		return werr
	}
	pipeline.PrintSummary(stdout, s, out)
	return err
}

// inProcess starts the pipeline with its own workers in this process, on
// the Redis given or, when none is, on an in-process one (miniredis).
func inProcess(redis asynq.RedisConnOpt, blobs pipeline.Blobs, cases caseStore, cfg pipeline.Config, workers int) (*pipeline.Pipeline, asynq.RedisConnOpt, func(), error) {
	var closers []func()
	stop := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if redis == nil {
		mr, err := miniredis.Run()
		if err != nil {
			return nil, nil, stop, fmt.Errorf("start in-process redis: %w", err)
		}
		closers = append(closers, mr.Close)
		redis = asynq.RedisClientOpt{Addr: mr.Addr()}
	}
	client := asynq.NewClient(redis)
	closers = append(closers, func() { client.Close() })
	p := pipeline.New(blobs, cases, client, cfg, workers)
	closers = append(closers, p.Close)
	srv := asynq.NewServer(redis, asynq.Config{
		Concurrency:     workers + 1,
		Logger:          quietLogger{cfg.Log},
		LogLevel:        asynq.WarnLevel,
		ShutdownTimeout: 10 * time.Second,
		RetryDelayFunc:  func(n int, _ error, _ *asynq.Task) time.Duration { return time.Duration(n) * time.Second },
	})
	if err := srv.Start(p.Handler()); err != nil {
		stop()
		return nil, nil, func() {}, err
	}
	closers = append(closers, srv.Shutdown)
	return p, redis, stop, nil
}

// quietLogger routes asynq's own log lines to slog.
type quietLogger struct{ l *slog.Logger }

func (q quietLogger) Debug(args ...any) { q.l.Debug(fmt.Sprint(args...)) }
func (q quietLogger) Info(args ...any)  { q.l.Info(fmt.Sprint(args...)) }
func (q quietLogger) Warn(args ...any)  { q.l.Warn(fmt.Sprint(args...)) }
func (q quietLogger) Error(args ...any) { q.l.Error(fmt.Sprint(args...)) }
func (q quietLogger) Fatal(args ...any) { q.l.Error(fmt.Sprint(args...)) }

// progress shows pages read on stderr: a bar on a terminal, a line every few seconds otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	last  time.Time
	base  int
	seen  bool
	done  int
	total int
}

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, tty: tty, start: time.Now()}
}

func (p *progress) update(done, total, final int) {
	if !p.seen {
		p.base, p.seen = done, true // pages done by an earlier run do not count toward the rate
	}
	if done == p.done && total == p.total && !p.tty {
		return
	}
	p.done, p.total = done, total
	now := time.Now()
	if !p.tty && now.Sub(p.last) < 5*time.Second && done < total {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := float64(done-p.base) / max(el, 0.001)
	eta := "?"
	if rate > 0 && total >= done {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	if p.tty {
		width := 30
		fill := 0
		if total > 0 {
			fill = done * width / total
		}
		bar := ""
		for i := 0; i < width; i++ {
			if i < fill {
				bar += "#"
			} else {
				bar += "."
			}
		}
		fmt.Fprintf(p.w, "\r[%s] %d/%d pages  %.2f p/s  ETA %s  %d cases done ", bar, done, total, rate, eta, final)
		return
	}
	fmt.Fprintf(p.w, "pages %d/%d  %.2f p/s  ETA %s  cases done %d\n", done, total, rate, eta, final)
}

func (p *progress) finish() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

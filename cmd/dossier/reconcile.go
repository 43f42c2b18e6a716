package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"

	"dossier"
	"dossier/extract"
	"dossier/pipeline"
	"dossier/report"
)

// cmdReconcile compares the object store, the case store and the queues,
// and with --repair fixes what is safe to fix.
func cmdReconcile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	vf := addVerdictFlags(fs)
	lf := addLimitFlags(fs)
	day := fs.String("date", "", "the day the run is for, YYYY-MM-DD (default: today)")
	repair := fs.Bool("repair", false, "fix what is safe to fix (queue stuck work and dead tasks again, write missing results again) and say what was done")
	full := fs.Bool("full", false, "re-hash every stored file and compare every result file (default: a sample)")
	sample := fs.Int("sample", 20, "files re-hashed, and results compared, when not --full")
	stuck := fs.Duration("stuck-after", 2*time.Hour, "a case pending or processing this long with no task is stuck")
	asJSON := fs.Bool("json", false, "one finding a line, as JSON")
	asOf := fs.String("as-of", "", "processing date for the work --repair runs in this process (embedded default)")
	roots := fs.String("ca-roots", os.Getenv("DOSSIER_CA_ROOTS"), "PEM bundle of CA roots, for the work --repair runs in this process (env DOSSIER_CA_ROOTS)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *day != "" {
		if _, err := time.Parse("2006-01-02", *day); err != nil {
			return fmt.Errorf("reconcile: --date %q: want YYYY-MM-DD", *day)
		}
	}
	cfg, err := verdictConfig(*asOf, *roots, vf)
	if err == nil {
		err = lf.apply(&cfg)
	}
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	cfg.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ropt, err := svc.redisOpt()
	if err != nil {
		return err
	}
	blobs, cases, err := svc.open(ctx)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	defer cases.Close()
	opt := pipeline.ReconcileOptions{Day: *day, Repair: *repair, Full: *full, Sample: *sample, StuckAfter: *stuck}
	var p *pipeline.Pipeline
	if ropt != nil {
		// Production: the workers do the work a repair queues.
		client := asynq.NewClient(ropt)
		defer client.Close()
		p = pipeline.New(blobs, cases, client, cfg, 0)
		insp := asynq.NewInspector(ropt)
		defer insp.Close()
		opt.Inspector = insp
	} else if !*repair {
		// The embedded default, looking only: no queue outlives a run, so
		// every case left unfinished is stuck; nothing is queued.
		p = pipeline.New(blobs, cases, nil, cfg, 0)
	} else {
		// The embedded default, repairing: what a repair queues is done
		// here, now, by workers of this process.
		if err := extract.CheckModel(); err != nil {
			return fmt.Errorf("reconcile: %w", err)
		}
		var stop func()
		var redis asynq.RedisConnOpt
		p, redis, stop, err = inProcess(nil, blobs, cases, cfg, 2)
		if err != nil {
			return err
		}
		defer stop()
		insp := asynq.NewInspector(redis)
		defer insp.Close()
		defer waitQueued(ctx, insp)
	}
	run, err := p.Reconcile(ctx, opt)
	if err != nil {
		return err
	}
	writeFindings(stdout, stderr, run, *asJSON)
	return nil
}

// waitQueued waits for the in-process queue to empty.
func waitQueued(ctx context.Context, insp *asynq.Inspector) {
	for {
		q, err := insp.GetQueueInfo("default")
		if err != nil || q.Pending+q.Active+q.Scheduled+q.Retry == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// writeFindings prints a run's findings: a table, or one JSON object a
// line; the counts go to stderr.
func writeFindings(stdout, stderr io.Writer, run dossier.ReconcileRun, asJSON bool) {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, f := range run.Findings {
			enc.Encode(f)
		}
	} else if len(run.Findings) > 0 {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tCASE\tOBJECT OR TASK\tWHAT\tDONE")
		for _, f := range run.Findings {
			what := f.Key
			if f.Task != "" {
				what = f.Task
			}
			done := f.Repaired
			if done == "" && f.Person {
				done = "needs a person"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Kind, dossier.Printable(f.Case), dossier.Printable(what), dossier.Printable(f.Detail), done)
		}
		tw.Flush()
	}
	var kinds []string
	for k := range run.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintf(stderr, "reconcile %s: %d findings", run.Day, len(run.Findings))
	for _, k := range kinds {
		fmt.Fprintf(stderr, ", %s %d", k, run.Counts[k])
	}
	fmt.Fprintf(stderr, " (%.1f s)\n", run.Finished.Sub(run.Started).Seconds())
}

// cmdReport writes a day's report to a folder.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	day := fs.String("date", "", "the day, YYYY-MM-DD (default: yesterday)")
	out := fs.String("out", "", "the folder to write report.html, cases.csv and report.xlsx to")
	tz := fs.String("tz", envOr("DOSSIER_TZ", "Asia/Shanghai"), "the time zone of the report's days (env DOSSIER_TZ)")
	base := fs.String("url", os.Getenv("DOSSIER_URL"), "the workbench's address, for the links to cases (env DOSSIER_URL)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("report: usage: dossier report [--date YYYY-MM-DD] --out DIR")
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("report: --tz %q: %w", *tz, err)
	}
	d := time.Now().In(loc).AddDate(0, 0, -1)
	if *day != "" {
		if d, err = time.ParseInLocation("2006-01-02", *day, loc); err != nil {
			return fmt.Errorf("report: --date %q: want YYYY-MM-DD", *day)
		}
	}
	cases, err := svc.openCases(ctx)
	if err != nil {
		return svc.scrub(err)
	}
	defer cases.Close()
	r, err := report.Build(ctx, cases, d, loc)
	if err != nil {
		return err
	}
	files, err := r.Files(*base)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"report.html", "cases.csv", "report.xlsx"} {
		if err := os.WriteFile(filepath.Join(*out, name), files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "report of %s: %s/report.html, cases.csv, report.xlsx (%d cases in, %d decided)\n", r.Day, *out, r.In, r.Decided)
	return nil
}

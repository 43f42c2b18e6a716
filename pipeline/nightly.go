package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"dossier"
	"dossier/report"
)

// The nightly job: a worker's scheduler queues TypeNightly on its cron
// spec (every worker's scheduler does, so it is unique for an hour); its
// handler queues TypeReconcile with a task id made from the day, kept for
// three days, so that the day's run happens once however many workers
// queued it. That run reconciles (repairing what is safe) and writes the
// previous day's report to reports/YYYY-MM-DD/ in the object store.
const (
	TypeNightly   = "dossier:nightly"
	TypeReconcile = "dossier:reconcile"
)

// Nightly configures the nightly job (Config.Nightly).
type Nightly struct {
	Inspector *asynq.Inspector // the queues to reconcile
	Loc       *time.Location   // the time zone of its days (nil: Local)
	Repair    bool             // repair what is safe to repair
	Base      string           // the workbench's address, for the report's links
	// Done, when set, hears of each run (the worker's metrics).
	Done func(dossier.ReconcileRun)
}

// ReportKey names a file of a day's report in the object store.
func ReportKey(day, name string) string { return "reports/" + day + "/" + name }

// nightlyPayload says which day a run is for.
type nightlyPayload struct {
	Day string `json:"day"`
}

func (p *Pipeline) handleNightly(ctx context.Context, _ *asynq.Task) error {
	n := p.Cfg.Nightly
	if n == nil {
		return fmt.Errorf("nightly: this worker has no nightly configuration: %w", asynq.SkipRetry)
	}
	loc := n.Loc
	if loc == nil {
		loc = time.Local
	}
	day := p.Cfg.Now().In(loc).Format("2006-01-02")
	b, _ := json.Marshal(nightlyPayload{Day: day})
	_, err := p.Queue.EnqueueContext(ctx, asynq.NewTask(TypeReconcile, b), asynq.TaskID("nightly:"+day),
		asynq.Retention(72*time.Hour), asynq.MaxRetry(5), asynq.Timeout(2*time.Hour))
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil // another worker queued the day's run
	}
	return err
}

func (p *Pipeline) handleReconcile(ctx context.Context, t *asynq.Task) error {
	n := p.Cfg.Nightly
	if n == nil {
		return fmt.Errorf("reconcile: this worker has no nightly configuration: %w", asynq.SkipRetry)
	}
	var pl nightlyPayload
	if err := json.Unmarshal(t.Payload(), &pl); err != nil {
		return fmt.Errorf("reconcile: bad payload: %v: %w", err, asynq.SkipRetry)
	}
	run, err := p.Reconcile(ctx, ReconcileOptions{Day: pl.Day, Repair: n.Repair, Inspector: n.Inspector})
	if err != nil {
		return err
	}
	p.Cfg.Log.Info("reconciled", "day", pl.Day, "findings", len(run.Findings), "repaired", run.Counts["repaired"], "needs_person", run.Counts["needs_person"])
	loc := n.Loc
	if loc == nil {
		loc = time.Local
	}
	day, err := time.ParseInLocation("2006-01-02", pl.Day, loc)
	if err != nil {
		return fmt.Errorf("reconcile: day %q: %v: %w", pl.Day, err, asynq.SkipRetry)
	}
	if err := p.WriteReport(ctx, day.AddDate(0, 0, -1), loc, n.Base); err != nil {
		return err
	}
	if n.Done != nil {
		n.Done(run)
	}
	return nil
}

// WriteReport writes a day's report to reports/YYYY-MM-DD/ in the object store.
func (p *Pipeline) WriteReport(ctx context.Context, day time.Time, loc *time.Location, base string) error {
	src, ok := p.Cases.(report.Source)
	if !ok {
		return errors.New("report: the case store cannot give what the report reads")
	}
	r, err := report.Build(ctx, src, day, loc)
	if err != nil {
		return err
	}
	files, err := r.Files(base)
	if err != nil {
		return err
	}
	for name, b := range files {
		if err := p.Blobs.Put(ctx, ReportKey(r.Day, name), b); err != nil {
			return fmt.Errorf("report %s: %w", name, err)
		}
	}
	return nil
}

package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"dossier"
)

// Inventory is what the reconciliation needs of an object store beyond
// Blobs: every key with its size from one listing.
type Inventory interface {
	Sizes(ctx context.Context, prefix string) (map[string]int64, error)
}

// Ledger is what the reconciliation needs of a case store beyond Cases:
// everything recorded, read in bulk, and somewhere to keep what it found.
type Ledger interface {
	CaseRecords(ctx context.Context, since time.Time) ([]dossier.CaseRecord, error)
	AllFiles(ctx context.Context) ([]dossier.File, error)
	AllPages(ctx context.Context, since time.Time) ([]dossier.PageRecord, error)
	KeepDeadTask(ctx context.Context, d dossier.DeadTask) error
	SetDeadTaskState(ctx context.Context, id, state string) error
	DeadTasks(ctx context.Context) ([]dossier.DeadTask, error)
	SaveRun(ctx context.Context, r dossier.ReconcileRun) error
	LastRun(ctx context.Context) (dossier.ReconcileRun, bool, error)
}

// ReconcileOptions shape a reconciliation.
type ReconcileOptions struct {
	Day    string // the day it runs for, YYYY-MM-DD (empty: today)
	Repair bool   // fix what is safe to fix, and say what was done
	Full   bool   // re-hash every stored file and compare every result (else a sample)
	// Sample is how many stored files are re-hashed, and results compared
	// byte for byte, when not Full (0: 20).
	Sample int
	// StuckAfter is how long a case may stay pending or processing with no
	// task that will move it (0: 2 hours).
	StuckAfter time.Duration
	// Inspector sees the queues; nil where there is none that outlives a
	// run (the embedded default): every case left unfinished is stuck.
	Inspector *asynq.Inspector
	// Queues are the asynq queues to inspect (nil: "default").
	Queues []string
}

// Reconcile compares the object store, the case store and the queues, and
// records what it found (and, with Repair, did) in the case store: files
// no case records and recorded files missing or changed, pages without
// their image and images nobody points to, cases stuck with no task,
// tasks archived or held by no worker (kept in the case store before
// asynq's own limits drop them), verdicts without their result file and
// result files that differ. It reads listings with sizes and re-hashes
// only a sample of the files unless Full.
func (p *Pipeline) Reconcile(ctx context.Context, opt ReconcileOptions) (dossier.ReconcileRun, error) {
	now := time.Now()
	run := dossier.ReconcileRun{Day: opt.Day, Started: now, Repair: opt.Repair, Counts: map[string]int{}, Findings: []dossier.Finding{}}
	if run.Day == "" {
		run.Day = now.Format("2006-01-02")
	}
	run.ID = run.Day + "T" + now.UTC().Format("150405.000000")
	inv, ok := p.Blobs.(Inventory)
	if !ok {
		return run, errors.New("reconcile: the object store cannot list its keys with their sizes")
	}
	led, ok := p.Cases.(Ledger)
	if !ok {
		return run, errors.New("reconcile: the case store cannot list what it holds")
	}
	if opt.Sample == 0 {
		opt.Sample = 20
	}
	if opt.StuckAfter == 0 {
		opt.StuckAfter = 2 * time.Hour
	}
	if opt.Queues == nil {
		opt.Queues = []string{"default"}
	}
	sizes, err := inv.Sizes(ctx, "")
	if err != nil {
		return run, fmt.Errorf("reconcile: list the object store: %w", err)
	}
	files, err := led.AllFiles(ctx)
	if err != nil {
		return run, fmt.Errorf("reconcile: %w", err)
	}
	cases, err := led.CaseRecords(ctx, time.Time{})
	if err != nil {
		return run, fmt.Errorf("reconcile: %w", err)
	}
	run.Counts["checked_objects"], run.Counts["checked_files"], run.Counts["checked_cases"] = len(sizes), len(files), len(cases)
	find := func(f dossier.Finding) { run.Findings = append(run.Findings, f) }
	sweep := false // a sweep takes up files put in incoming/ behind dossier's back

	// Files: in incoming/ but not recorded; recorded but missing or changed.
	recorded := map[string]dossier.File{}
	for _, f := range files {
		recorded[incomingKey(f.Case, f.Name)] = f
	}
	for _, key := range sortedKeys(sizes) {
		rest, ok := strings.CutPrefix(key, "incoming/")
		if !ok {
			continue
		}
		id, name, ok := strings.Cut(rest, "/")
		if !ok || strings.HasPrefix(name, ".") || strings.EqualFold(name, "case.json") {
			continue
		}
		if _, ok := recorded[key]; !ok {
			find(dossier.Finding{Kind: dossier.FindOrphanObject, Case: id, Key: key, Detail: fmt.Sprintf("%d bytes no case records", sizes[key])})
			sweep = true
		}
	}
	var stored []dossier.File
	for _, f := range files {
		key := incomingKey(f.Case, f.Name)
		size, ok := sizes[key]
		kept := !(f.Problem != nil && f.Kind == "") // refused before it was stored: no object
		switch {
		case !ok && kept:
			find(dossier.Finding{Kind: dossier.FindMissingObject, Case: f.Case, Key: key, Person: true,
				Detail: "the file is recorded but its object is gone: ask the unit for it again, or restore it from a backup"})
		case ok && kept && size != f.Size:
			find(dossier.Finding{Kind: dossier.FindChangedObject, Case: f.Case, Key: key, Detail: fmt.Sprintf("%d bytes, recorded %d", size, f.Size)})
			sweep = true
		case ok && kept:
			stored = append(stored, f)
		}
	}
	if !opt.Full {
		rand.Shuffle(len(stored), func(i, j int) { stored[i], stored[j] = stored[j], stored[i] })
		stored = stored[:min(len(stored), opt.Sample)]
	}
	for _, f := range stored {
		key := incomingKey(f.Case, f.Name)
		data, err := p.Blobs.Get(ctx, key)
		if err != nil {
			return run, fmt.Errorf("reconcile: read %s: %w", key, err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
			find(dossier.Finding{Kind: dossier.FindChangedObject, Case: f.Case, Key: key, Detail: "its checksum is not the one recorded"})
			sweep = true
		}
	}
	run.Counts["rehashed"] = len(stored)
	swept := map[string]bool{} // cases a sweep just took up: pending again, their results to come
	if sweep && opt.Repair {
		taken, err := p.Sweep(ctx)
		for _, id := range taken {
			swept[id] = true
		}
		for i := range run.Findings {
			if k := run.Findings[i].Kind; (k == dossier.FindOrphanObject || k == dossier.FindChangedObject) && err == nil {
				run.Findings[i].Repaired = "recorded and queued (" + strings.Join(taken, ", ") + ")"
			}
		}
		if err != nil {
			return run, fmt.Errorf("reconcile: sweep: %w", err)
		}
	}

	// Pages: images of the recorded files, and images nobody points to.
	byShort := map[string]bool{}
	for _, f := range files {
		byShort[f.Case+"/"+short(f.SHA256)] = true
		if !f.Split || f.Problem != nil || f.Pages == 0 {
			continue
		}
		missing := 0
		for n := 1; n <= f.Pages; n++ {
			if _, ok := sizes[PageKey(f.Case, f.SHA256, n)]; !ok {
				missing++
			}
		}
		if missing == 0 {
			continue
		}
		fd := dossier.Finding{Kind: dossier.FindPageNoImage, Case: f.Case, Key: incomingKey(f.Case, f.Name),
			Detail: fmt.Sprintf("%d of %d page images gone", missing, f.Pages)}
		if opt.Repair {
			if _, err := p.Split(ctx, dossier.File{Case: f.Case, Name: f.Name, SHA256: f.SHA256, Size: f.Size}); err != nil {
				fd.Person, fd.Detail = true, fd.Detail+"; split again: "+err.Error()
			} else {
				fd.Repaired = "page images made again from the file"
			}
		}
		find(fd)
	}
	for _, key := range sortedKeys(sizes) {
		rest, ok := strings.CutPrefix(key, "pages/")
		if !ok {
			continue
		}
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) == 3 && !byShort[parts[0]+"/"+parts[1]] {
			find(dossier.Finding{Kind: dossier.FindOrphanImage, Case: parts[0], Key: key, Person: true,
				Detail: "no recorded file has these bytes: left from a file replaced or removed; safe to delete"})
		}
	}

	// Queues: what they hold, tasks archived for good, tasks no worker holds.
	moving := map[string]bool{} // cases with a task that will move them
	if opt.Inspector != nil {
		if err := p.inspectQueues(ctx, led, opt, moving, find); err != nil {
			return run, err
		}
	}
	for _, c := range cases {
		if c.Status.Final() || now.Sub(c.Updated) < opt.StuckAfter || moving[c.ID] || swept[c.ID] {
			continue
		}
		fd := dossier.Finding{Kind: dossier.FindStuckCase, Case: c.ID, Detail: fmt.Sprintf("%s since %s, no task to move it", c.Status, c.Updated.Local().Format("2006-01-02 15:04"))}
		if opt.Repair {
			if err := p.Resume(ctx, c.ID); err != nil {
				fd.Person, fd.Detail = true, fd.Detail+"; queue again: "+err.Error()
			} else {
				fd.Repaired = "its work queued again"
			}
		}
		find(fd)
	}

	// Results: every verdict has its file, and the file says the same.
	var compare []dossier.CaseRecord
	for _, c := range cases {
		if !c.Status.Final() || swept[c.ID] {
			continue
		}
		key := ResultKey(c.ID)
		size, ok := sizes[key]
		var fd dossier.Finding
		switch {
		case c.ResultBytes == 0:
			fd = dossier.Finding{Kind: dossier.FindNoResultStored, Case: c.ID, Detail: "a verdict with no result in the case store"}
			if opt.Repair {
				if err := enqueue(ctx, p.Queue, TypeDecide, Payload{Case: c.ID, SHA256: "reconcile"}); err != nil {
					fd.Person, fd.Detail = true, fd.Detail+"; decide again: "+err.Error()
				} else {
					fd.Repaired = "its decision queued again"
				}
			}
		case !ok:
			fd = dossier.Finding{Kind: dossier.FindResultMissing, Case: c.ID, Key: key, Detail: "the verdict's result file is gone"}
		case size != c.ResultBytes:
			fd = dossier.Finding{Kind: dossier.FindResultDiffers, Case: c.ID, Key: key, Detail: fmt.Sprintf("%d bytes, the case store's %d", size, c.ResultBytes)}
		default:
			compare = append(compare, c)
			continue
		}
		if fd.Kind != dossier.FindNoResultStored && opt.Repair {
			fd.Repaired, fd.Person = p.rewriteResult(ctx, c.ID)
		}
		find(fd)
	}
	if !opt.Full {
		rand.Shuffle(len(compare), func(i, j int) { compare[i], compare[j] = compare[j], compare[i] })
		compare = compare[:min(len(compare), opt.Sample)]
	}
	for _, c := range compare {
		_, want, err := p.Cases.Case(ctx, c.ID)
		if err != nil {
			return run, fmt.Errorf("reconcile: %w", err)
		}
		got, err := p.Blobs.Get(ctx, ResultKey(c.ID))
		if err != nil {
			return run, fmt.Errorf("reconcile: %w", err)
		}
		if string(got) != string(want) {
			fd := dossier.Finding{Kind: dossier.FindResultDiffers, Case: c.ID, Key: ResultKey(c.ID), Detail: "the same size, other bytes"}
			if opt.Repair {
				fd.Repaired, fd.Person = p.rewriteResult(ctx, c.ID)
			}
			find(fd)
		}
	}
	for _, f := range run.Findings {
		run.Counts[f.Kind]++
		if f.Repaired != "" {
			run.Counts["repaired"]++
		}
		if f.Person && f.Repaired == "" {
			run.Counts["needs_person"]++
		}
	}
	run.Finished = time.Now()
	if err := led.SaveRun(ctx, run); err != nil {
		return run, fmt.Errorf("reconcile: record the run: %w", err)
	}
	return run, nil
}

// rewriteResult writes a case's result file again from the case store.
func (p *Pipeline) rewriteResult(ctx context.Context, id string) (string, bool) {
	_, res, err := p.Cases.Case(ctx, id)
	if err == nil && res == nil {
		err = errors.New("the case store holds no result")
	}
	if err == nil {
		err = p.Blobs.Put(ctx, ResultKey(id), res)
	}
	if err != nil {
		return "", true
	}
	return "result file written again from the case store", false
}

// inspectQueues notes the cases that queued, running or retrying tasks
// will move, keeps archived and orphaned tasks in the case store, and
// finds them (and those asynq has dropped since a run kept them).
func (p *Pipeline) inspectQueues(ctx context.Context, led Ledger, opt ReconcileOptions, moving map[string]bool, find func(dossier.Finding)) error {
	insp := opt.Inspector
	seen := map[string]bool{}
	caseOf := func(t *asynq.TaskInfo) string {
		var pl Payload
		json.Unmarshal(t.Payload, &pl)
		return pl.Case
	}
	for _, q := range opt.Queues {
		type lister func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error)
		for _, list := range []lister{insp.ListPendingTasks, insp.ListActiveTasks, insp.ListScheduledTasks, insp.ListRetryTasks, insp.ListArchivedTasks} {
			for page := 1; ; page++ {
				tasks, err := list(q, asynq.PageSize(1000), asynq.Page(page))
				if err != nil {
					if errors.Is(err, asynq.ErrQueueNotFound) {
						break
					}
					return fmt.Errorf("reconcile: inspect queue %s: %w", q, err)
				}
				for _, t := range tasks {
					id := caseOf(t)
					seen[t.ID] = true
					switch {
					case t.State == asynq.TaskStateArchived:
						d := dossier.DeadTask{ID: t.ID, Case: id, Type: t.Type, Payload: string(t.Payload), State: "archived", LastError: t.LastErr, FailedAt: t.LastFailedAt}
						if err := led.KeepDeadTask(ctx, d); err != nil {
							return fmt.Errorf("reconcile: keep task %s: %w", t.ID, err)
						}
						fd := dossier.Finding{Kind: dossier.FindDeadTask, Case: id, Task: t.ID, Detail: t.Type + ": " + t.LastErr}
						if opt.Repair {
							if p.causeGone(ctx, t) {
								if err := insp.RunTask(q, t.ID); err == nil {
									led.SetDeadTaskState(ctx, t.ID, "requeued")
									fd.Repaired = "queued again: what it needs is there now"
									moving[id] = true
								}
							} else {
								fd.Person = true
								fd.Detail += " (what it needs is still missing)"
							}
						}
						find(fd)
					case t.State == asynq.TaskStateActive && t.IsOrphaned:
						led.KeepDeadTask(ctx, dossier.DeadTask{ID: t.ID, Case: id, Type: t.Type, Payload: string(t.Payload), State: "orphaned", LastError: t.LastErr, FailedAt: t.LastFailedAt})
						find(dossier.Finding{Kind: dossier.FindOrphanTask, Case: id, Task: t.ID, Detail: t.Type + ": no worker holds it; asynq gives it back to the queue when its deadline passes"})
						moving[id] = true
					default:
						moving[id] = true
					}
				}
				if len(tasks) < 1000 {
					break
				}
			}
		}
	}
	// A task kept by an earlier run that asynq no longer holds was dropped
	// (archived past its limits, or deleted): it stays found, not lost.
	kept, err := led.DeadTasks(ctx)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	for _, d := range kept {
		if seen[d.ID] || d.State == "gone" {
			continue
		}
		if d.State == "archived" || d.State == "orphaned" {
			led.SetDeadTaskState(ctx, d.ID, "gone")
			find(dossier.Finding{Kind: dossier.FindDeadTask, Case: d.Case, Task: d.ID, Person: true,
				Detail: d.Type + ": the queue no longer holds it (dropped past its limits or deleted); last error: " + d.LastError})
		}
	}
	return nil
}

// causeGone reports whether what a dead task needs is there now: its case,
// and for a file's stage the file's object.
func (p *Pipeline) causeGone(ctx context.Context, t *asynq.TaskInfo) bool {
	var pl Payload
	if json.Unmarshal(t.Payload, &pl) != nil || pl.Case == "" {
		return false
	}
	if _, _, err := p.Cases.Case(ctx, pl.Case); err != nil {
		return false
	}
	if pl.File == "" {
		return true
	}
	_, err := p.Blobs.Get(ctx, incomingKey(pl.Case, pl.File))
	return err == nil
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

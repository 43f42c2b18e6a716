package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/hibiken/asynq"

	"dossier"
	"dossier/extract"
)

// Handler returns the asynq handler of every task type.
func (p *Pipeline) Handler() asynq.Handler {
	mux := asynq.NewServeMux()
	mux.Handle(TypeSplit, p.fileTask(p.handleSplit))
	mux.Handle(TypePage, p.fileTask(p.handlePage))
	mux.HandleFunc(TypeDecide, p.handleDecide)
	mux.HandleFunc(TypeSweep, func(ctx context.Context, _ *asynq.Task) error {
		_, err := p.Sweep(ctx)
		return err
	})
	mux.HandleFunc(TypeNightly, p.handleNightly)
	mux.HandleFunc(TypeReconcile, p.handleReconcile)
	return mux
}

func decode(t *asynq.Task) (Payload, error) {
	var pl Payload
	if err := json.Unmarshal(t.Payload(), &pl); err != nil {
		return pl, fmt.Errorf("task %s: bad payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return pl, nil
}

// guard turns a panic in a stage (pdfcpu, cgo) into an error for this task only.
func (p *Pipeline) guard(pl Payload, err *error) {
	if r := recover(); r != nil {
		p.Cfg.Log.Error("stage panicked", "case", pl.Case, "file", pl.File, "page", pl.Page, "panic", r, "stack", string(debug.Stack()))
		*err = fmt.Errorf("case %s file %s: %v", pl.Case, pl.File, r)
	}
}

func (p *Pipeline) file(ctx context.Context, pl Payload) (dossier.File, bool, error) {
	files, err := p.Cases.Files(ctx, pl.Case)
	if err != nil {
		return dossier.File{}, false, err
	}
	for _, f := range files {
		if f.Name == pl.File && f.SHA256 == pl.SHA256 {
			return f, true, nil
		}
	}
	return dossier.File{}, false, nil // replaced since: the task is stale
}

// fileTask runs a stage bound to one stored file: it decodes the payload,
// guards against panics and drops the task when the file has been replaced
// since it was queued.
func (p *Pipeline) fileTask(stage func(context.Context, Payload, dossier.File) error) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) (err error) {
		pl, err := decode(t)
		if err != nil {
			return err
		}
		defer p.guard(pl, &err)
		f, ok, err := p.file(ctx, pl)
		if err != nil || !ok {
			return err
		}
		err = stage(ctx, pl, f)
		if err != nil && lastTry(ctx) {
			return p.giveUp(ctx, t.Type(), pl, f, err)
		}
		return err
	}
}

// lastTry reports whether a task's error now would archive it for good:
// its retries are spent, and it was not stopped from outside.
func lastTry(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	n, ok1 := asynq.GetRetryCount(ctx)
	m, ok2 := asynq.GetMaxRetry(ctx)
	return ok1 && ok2 && n >= m
}

// giveUp ends a stage that failed on every try, so that its case still
// comes to a verdict: the file (split) or the page (page) is recorded as
// not processed, with the error, and the case goes to a clerk. What cannot
// even be recorded (the store is down) leaves the task to be archived,
// where dossier run and the operators see it.
func (p *Pipeline) giveUp(ctx context.Context, typ string, pl Payload, f dossier.File, cause error) error {
	p.Cfg.Log.Error("stage failed on every try: the case goes to review", "stage", typ, "case", pl.Case, "file", pl.File, "page", pl.Page, "err", cause)
	switch typ {
	case TypeSplit:
		f.Split, f.Pages, f.Kind = true, 0, ""
		f.Problem = &dossier.Reason{Code: dossier.LowConfidence, Pages: []dossier.PageRef{{File: f.Name, Page: 1}},
			Message: p.Cfg.Lang.Say("file.failed", f.Name, cause)}
		if err := p.Cases.SetSplit(ctx, f); err != nil {
			return fmt.Errorf("%w; recording that failed too: %v", cause, err)
		}
		return p.maybeDecide(ctx, f.Case)
	case TypePage:
		res := extract.PageResult{Ref: dossier.PageRef{File: f.Name, Page: pl.Page}, Type: dossier.Other, Problem: cause.Error()}
		b, _ := json.Marshal(res)
		if err := p.Cases.PutPage(ctx, dossier.Page{Case: f.Case, File: f.Name, Page: pl.Page, Result: b}); err != nil {
			return fmt.Errorf("%w; recording that failed too: %v", cause, err)
		}
		return p.maybeDecide(ctx, f.Case)
	}
	return cause
}

func (p *Pipeline) handleSplit(ctx context.Context, _ Payload, f dossier.File) error {
	if !f.Split {
		var err error
		if f, err = p.Split(ctx, f); err != nil {
			return err
		}
		if f.Problem != nil {
			p.Cfg.Log.Info("file not taken", "case", f.Case, "file", f.Name, "reason", f.Problem.Code, "message", f.Problem.Message)
		}
		if err := p.Cases.SetSplit(ctx, f); err != nil {
			return err
		}
	}
	return p.enqueuePages(ctx, f)
}

// enqueuePages queues the pages of a split file that are not read yet, or the
// decision when none are left.
func (p *Pipeline) enqueuePages(ctx context.Context, f dossier.File) error {
	pages, err := p.Cases.PagesRead(ctx, f.Case)
	if err != nil {
		return err
	}
	done := map[int]bool{}
	for _, pg := range pages {
		if pg.File == f.Name {
			done[pg.Page] = true
		}
	}
	for n := 1; n <= f.Pages; n++ {
		if !done[n] {
			if err := enqueue(ctx, p.Queue, TypePage, Payload{Case: f.Case, File: f.Name, SHA256: f.SHA256, Page: n}); err != nil {
				return err
			}
		}
	}
	return p.maybeDecide(ctx, f.Case)
}

func (p *Pipeline) handlePage(ctx context.Context, pl Payload, f dossier.File) error {
	res, err := p.ReadPage(ctx, f, pl.Page)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(res)
	if err := p.Blobs.Put(ctx, wordsKey(f.Case, f.SHA256, pl.Page), b); err != nil {
		return err
	}
	if err := p.Cases.PutPage(ctx, dossier.Page{Case: f.Case, File: f.Name, Page: pl.Page, Result: b}); err != nil {
		return err
	}
	p.Cfg.Log.Debug("page read", "case", f.Case, "file", f.Name, "page", pl.Page, "type", res.Type, "sealed", res.Sealed)
	return p.maybeDecide(ctx, f.Case)
}

// maybeDecide queues the decision once every file is split and every page read.
func (p *Pipeline) maybeDecide(ctx context.Context, caseID string) error {
	files, err := p.Cases.Files(ctx, caseID)
	if err != nil {
		return err
	}
	pages, err := p.Cases.PagesRead(ctx, caseID)
	if err != nil {
		return err
	}
	want := 0
	for _, f := range files {
		if !f.Split {
			return nil
		}
		want += f.Pages
	}
	if len(pages) < want {
		return nil
	}
	return enqueue(ctx, p.Queue, TypeDecide, Payload{Case: caseID, SHA256: fmt.Sprint(len(pages))})
}

func (p *Pipeline) handleDecide(ctx context.Context, t *asynq.Task) (err error) {
	pl, err := decode(t)
	if err != nil {
		return err
	}
	defer p.guard(pl, &err)
	res, err := p.Decide(ctx, pl.Case)
	if err != nil && lastTry(ctx) {
		p.Cfg.Log.Error("decision failed on every try: the case goes to review", "case", pl.Case, "err", err)
		res = dossier.Result{CaseID: pl.Case, Type: dossier.CAReplacement, Status: dossier.Review,
			Reasons:     []dossier.Reason{{Code: dossier.LowConfidence, Message: p.Cfg.Lang.Say("case.failed", err)}},
			Documents:   []dossier.Document{},
			ProcessedAt: p.Cfg.Now().UTC().Truncate(time.Second)}
		if c, _, cerr := p.Cases.Case(ctx, pl.Case); cerr == nil && c.Info.Type != "" {
			res.Type = c.Info.Type
		}
	} else if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := p.Blobs.Put(ctx, ResultKey(pl.Case), b); err != nil {
		return err
	}
	if err := p.Cases.SetResult(ctx, pl.Case, res.Status, b); err != nil {
		return err
	}
	p.Cfg.Log.Info("case decided", "case", pl.Case, "status", res.Status, "reasons", len(res.Reasons))
	return nil
}

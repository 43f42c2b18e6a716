package pipeline

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sort"
	"time"

	"dossier"
	"dossier/extract"
	"dossier/validate"
)

// Config is how the stages run. Zero values are the defaults.
type Config struct {
	Limits extract.Limits // file size, pages and pixels, and what opening one PDF may take
	// Isolate is the command that opens a PDF in a child process under
	// Limits (the dossier binary itself: see extract.SplitIsolated). Empty:
	// PDFs are opened in this process, behind recover but without limits
	// on memory or time (tests of the stages alone).
	Isolate []string
	AsOf    time.Time       // processing date for expiry; zero: today
	Roots   *x509.CertPool  // CA roots; nil: chains are reported unchecked
	Log     *slog.Logger    // nil: discard
	Rules   *validate.Rules // requirement catalogue; nil: the built-in one
	Lang    validate.Lang   // language of reason messages; empty: Chinese
	// Nightly configures the nightly reconciliation and report (nil: this
	// worker does not run them).
	Nightly *Nightly
	// ServicePoint names the counter a whole upload comes from (dossier
	// upload --point); empty: each case.json's own.
	ServicePoint string
	// Now gives processed_at; nil: time.Now.
	Now func() time.Time
	// Stored, when set, hears of every file Ingest has put in the store, or
	// found there already with the same content (skipped).
	Stored func(caseID, name string, size int64, skipped bool)
}

// Pipeline holds the stores and the queue the stages work with.
type Pipeline struct {
	Blobs Blobs
	Cases Cases
	Queue Queue
	Cfg   Config
	ocr   chan *extract.OCR
}

// New makes a pipeline whose page stage runs at most ocrWorkers tesseract clients.
func New(blobs Blobs, cases Cases, q Queue, cfg Config, ocrWorkers int) *Pipeline {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Limits = cfg.Limits.WithDefaults()
	p := &Pipeline{Blobs: blobs, Cases: cases, Queue: q, Cfg: cfg, ocr: make(chan *extract.OCR, ocrWorkers)}
	for i := 0; i < ocrWorkers; i++ {
		p.ocr <- nil // made on first use
	}
	return p
}

// Close frees the tesseract clients.
func (p *Pipeline) Close() {
	for {
		select {
		case o := <-p.ocr:
			if o != nil {
				o.Close()
			}
		default:
			return
		}
	}
}

// Split stores the images of a file's pages and records how many there are.
// A file that cannot be taken is recorded with its problem; that is a result,
// not an error.
func (p *Pipeline) Split(ctx context.Context, f dossier.File) (dossier.File, error) {
	data, err := p.Blobs.Get(ctx, incomingKey(f.Case, f.Name))
	if errors.Is(err, dossier.ErrNoObject) {
		// Gone from the store since it was recorded: no retry brings it
		// back; the case goes on without it, and the reconciliation
		// names it.
		p.Cfg.Log.Error("a recorded file is gone from the object store", "case", f.Case, "file", f.Name)
		f.Split, f.Pages, f.Kind = true, 0, "missing" // stored once: the reconciliation keeps looking for it
		f.Problem = &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.gone", f.Name)}
		return f, nil
	}
	if err != nil {
		return f, err
	}
	kind := extract.Sniff(f.Name, data[:min(len(data), 4096)])
	f.Kind = string(kind)
	problem := func(code dossier.ReasonCode, msg string) {
		f.Problem = &dossier.Reason{Code: code, Message: msg}
		f.Pages = 0
	}
	switch kind {
	case extract.KindEmpty:
		problem(dossier.UnreadableFile, p.Cfg.Lang.Say("file.empty", f.Name))
	case extract.KindUnsupported:
		problem(dossier.UnsupportedFile, p.Cfg.Lang.Say("file.unsupported", f.Name))
	case extract.KindCaseInfo:
		var info dossier.Info
		if err := json.Unmarshal(data, &info); err != nil {
			problem(dossier.UnreadableFile, p.Cfg.Lang.Say("file.case_json", err))
		}
	case extract.KindCertificate:
	case extract.KindPDF:
		var pages []extract.PageImage
		if len(p.Cfg.Isolate) > 0 {
			pages, err = extract.SplitIsolated(ctx, p.Cfg.Isolate, f.Name, data, p.Cfg.Limits)
		} else {
			pages, err = extract.SplitPDF(ctx, f.Name, data, p.Cfg.Limits)
		}
		if extract.IsBadFile(err) {
			p.Cfg.Log.Info("file cannot be read", "case", f.Case, "file", f.Name, "why", err, "detail", extract.Detail(err))
			problem(dossier.UnreadableFile, p.Cfg.Lang.Say("file.unreadable", err))
			break
		}
		if err != nil {
			return f, err
		}
		for i, pg := range pages {
			if err := p.Blobs.Put(ctx, PageKey(f.Case, f.SHA256, i+1), pg.Data); err != nil {
				return f, err
			}
			// A born-digital form's typed values, beside the page image
			// ({} for a scan), for the page stage to put over its OCR.
			form, _ := json.Marshal(pg.Form)
			if pg.Form == nil {
				form = []byte("{}")
			}
			if err := p.Blobs.Put(ctx, formKey(f.Case, f.SHA256, i+1), form); err != nil {
				return f, err
			}
		}
		f.Pages = len(pages)
	case extract.KindImage:
		if _, err := extract.DecodeImage(f.Name, data, p.Cfg.Limits); err != nil {
			p.Cfg.Log.Info("file cannot be read", "case", f.Case, "file", f.Name, "why", err, "detail", extract.Detail(err))
			problem(dossier.UnreadableFile, p.Cfg.Lang.Say("file.unreadable", err))
			break
		}
		if err := p.Blobs.Put(ctx, PageKey(f.Case, f.SHA256, 1), data); err != nil {
			return f, err
		}
		f.Pages = 1
	}
	f.Split = true
	return f, nil
}

// ReadPage reads one page of a split file.
func (p *Pipeline) ReadPage(ctx context.Context, f dossier.File, page int) (extract.PageResult, error) {
	key := PageKey(f.Case, f.SHA256, page)
	data, err := p.Blobs.Get(ctx, key)
	if err != nil {
		return extract.PageResult{}, err
	}
	ref := dossier.PageRef{File: f.Name, Page: page}
	img, err := extract.DecodeImage(f.Name, data, p.Cfg.Limits)
	if err != nil {
		// The split stage decoded it once: a page that now fails is
		// recorded as unread, for a clerk, not retried for ever.
		return extract.PageResult{Ref: ref, Type: dossier.Other, Problem: err.Error()}, nil
	}
	var o *extract.OCR
	select {
	case o = <-p.ocr:
	case <-ctx.Done():
		return extract.PageResult{}, ctx.Err()
	}
	defer func() { p.ocr <- o }()
	if o == nil {
		if o, err = extract.NewOCR(); err != nil {
			return extract.PageResult{}, fmt.Errorf("start tesseract: %w", err)
		}
	}
	res, panicked, err := readGuarded(o, img)
	if panicked != nil {
		// The reader (tesseract through cgo, or ours) fails on this page:
		// it would again on a retry. The page is recorded as unread, for a
		// clerk, and the tesseract client is not used again.
		p.Cfg.Log.Error("page reader failed", "case", f.Case, "file", f.Name, "page", page, "panic", panicked)
		o.Close()
		o = nil
		return extract.PageResult{Ref: ref, Type: dossier.Other, Problem: fmt.Sprint(panicked)}, nil
	}
	if err != nil {
		o.Close()
		o = nil
		return res, fmt.Errorf("read page %d of %s/%s: %w", page, f.Case, f.Name, err)
	}
	res.Ref = ref
	if f.Kind == string(extract.KindPDF) {
		b, err := p.Blobs.Get(ctx, formKey(f.Case, f.SHA256, page))
		if err != nil {
			return res, err
		}
		var form map[string]string
		if err := json.Unmarshal(b, &form); err != nil {
			return res, fmt.Errorf("form values of page %d of %s/%s: %w", page, f.Case, f.Name, err)
		}
		extract.ApplyForm(&res, form)
	}
	return res, nil
}

// readGuarded reads a page and catches a panic in the reader.
func readGuarded(o *extract.OCR, img image.Image) (res extract.PageResult, panicked any, err error) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	res, err = extract.ReadPage(o, img)
	return res, nil, err
}

// Decide builds the case's documents from its pages and gives the verdict.
func (p *Pipeline) Decide(ctx context.Context, caseID string) (dossier.Result, error) {
	c, _, err := p.Cases.Case(ctx, caseID)
	if err != nil {
		return dossier.Result{}, err
	}
	files, err := p.Cases.Files(ctx, caseID)
	if err != nil {
		return dossier.Result{}, err
	}
	pages, err := p.Cases.Pages(ctx, caseID)
	if err != nil {
		return dossier.Result{}, err
	}
	in := validate.Input{CaseID: caseID, Info: c.Info, AsOf: p.asOf(), Roots: p.Cfg.Roots, Rules: p.Cfg.Rules, Lang: p.Cfg.Lang}
	for _, f := range files {
		if f.Problem != nil {
			in.FileReasons = append(in.FileReasons, *f.Problem)
		}
		if f.Kind == string(extract.KindCertificate) && f.Problem == nil {
			data, err := p.Blobs.Get(ctx, incomingKey(caseID, f.Name))
			if err != nil {
				return dossier.Result{}, err
			}
			in.Certs = append(in.Certs, validate.CertFile{Name: f.Name, Data: data})
		}
	}
	var results []extract.PageResult
	for _, pg := range pages {
		var r extract.PageResult
		if err := json.Unmarshal(pg.Result, &r); err != nil {
			return dossier.Result{}, fmt.Errorf("page %d of %s/%s: %w", pg.Page, caseID, pg.File, err)
		}
		results = append(results, r)
	}
	sort.SliceStable(results, func(i, j int) bool {
		if results[i].Ref.File != results[j].Ref.File {
			return results[i].Ref.File < results[j].Ref.File
		}
		return results[i].Ref.Page < results[j].Ref.Page
	})
	for _, r := range results {
		if r.Problem != "" {
			in.FileReasons = append(in.FileReasons, dossier.Reason{Code: dossier.LowConfidence, Pages: []dossier.PageRef{r.Ref},
				Message: p.Cfg.Lang.Say("page.unread", r.Ref.File, r.Ref.Page)})
		}
	}
	in.Documents = extract.Group(results)
	res := validate.Case(in)
	res.ProcessedAt = p.Cfg.Now().UTC().Truncate(time.Second)
	return res, nil
}

func (p *Pipeline) asOf() time.Time {
	if !p.Cfg.AsOf.IsZero() {
		return p.Cfg.AsOf
	}
	t := p.Cfg.Now().UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

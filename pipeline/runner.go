package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/hibiken/asynq"

	"dossier"
)

// Ingest walks a batch folder (one folder per case, as the contract lays it
// out), stores every file in the object store, records cases and files, and
// queues what is left to do: files to split, pages to read, decisions to take.
// Work already done under the same home is not done again. It returns the
// case ids, and the entries it could not take as cases (a symbolic link, a
// file beside the case folders, a folder name that cannot be a case id),
// each with its reason; an error only when the batch or a store fails.
func (p *Pipeline) Ingest(ctx context.Context, batch string) ([]string, []dossier.Refusal, error) {
	entries, err := os.ReadDir(batch)
	if err != nil {
		return nil, nil, fmt.Errorf("batch %s: %w", batch, err)
	}
	var ids []string
	var refused []dossier.Refusal
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue // .DS_Store, .git and the like: the scanner's, not the unit's
		}
		if !e.IsDir() {
			// ReadDir does not follow links: a link to a folder is refused too.
			refused = append(refused, dossier.Refusal{Name: name, Reason: "not a case folder (" + kindOf(e.Type()) + "): a batch holds one folder per case, and links are not followed"})
			continue
		}
		if err := dossier.CheckCaseID(name); err != nil {
			refused = append(refused, dossier.Refusal{Name: name, Reason: err.Error()})
			continue
		}
		unread, err := p.ingestCase(ctx, name, filepath.Join(batch, name))
		if err != nil {
			return ids, refused, err
		}
		if unread != nil {
			refused = append(refused, dossier.Refusal{Name: name, Reason: "the case folder cannot be read: " + unread.Error()})
			continue
		}
		ids = append(ids, name)
	}
	if len(ids) == 0 && len(refused) == 0 {
		return nil, nil, fmt.Errorf("batch %s holds no case folders", batch)
	}
	return ids, refused, nil
}

// kindOf names a file type for a person.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	case m.IsRegular():
		return "a file"
	}
	return "not a regular file"
}

// entry is one thing found in a case folder: a file to take, or one
// refused before it is ever opened.
type entry struct {
	name    string
	size    int64
	problem *dossier.Reason
	open    func() (io.ReadCloser, error)
}

// ingestCase reads a case folder: only regular files are opened (checked
// without following links, and again on the open file), everything else is
// recorded with its reason. unread says why the folder itself cannot be
// read (that case's problem); err is the stores'.
func (p *Pipeline) ingestCase(ctx context.Context, id, dir string) (unread, err error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return err, nil
	}
	var entries []entry
	for _, d := range des {
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		e := entry{name: name}
		switch {
		case d.IsDir():
			e.problem = &dossier.Reason{Code: dossier.UnsupportedFile, Message: p.Cfg.Lang.Say("file.folder", name)}
		case !d.Type().IsRegular():
			e.problem = &dossier.Reason{Code: dossier.UnsupportedFile, Message: p.Cfg.Lang.Say("file.special", name, kindOf(d.Type()))}
		default:
			path := filepath.Join(dir, name)
			e.open = func() (io.ReadCloser, error) { return openRegular(path) }
			if fi, err := d.Info(); err == nil {
				e.size = fi.Size()
			}
		}
		entries = append(entries, e)
	}
	return nil, p.record(ctx, id, entries, true)
}

// openRegular opens a file that must be a regular file: never following a
// link, and never blocking on a pipe put in its place since it was listed.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file (%s)", kindOf(fi.Mode().Type()))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// maxInfoBytes bounds case.json: a few keys of short text.
const maxInfoBytes = 1 << 20

// record takes a case's entries (its case.json read as what the unit
// declared), stores its files when put is set, streamed (what is stored
// with the same content is not sent again: an upload that stopped half-way
// resumes), records the case and its files, and queues what is left to do.
// An entry refused before it was opened, or that cannot be read, is
// recorded with its reason, so that it reaches the verdict.
func (p *Pipeline) record(ctx context.Context, id string, entries []entry, put bool) error {
	known, err := p.Cases.Files(ctx, id)
	if err != nil {
		return err
	}
	stored := map[string]string{} // name -> sha256 already recorded
	for _, f := range known {
		stored[f.Name] = f.SHA256
	}
	infoName := ""
	for _, e := range entries {
		if strings.EqualFold(e.name, "case.json") && (infoName == "" || e.name == "case.json") {
			infoName = e.name
		}
	}
	c := dossier.Case{ID: id}
	var files []dossier.File
	for _, e := range entries {
		f := dossier.File{Case: id, Name: e.name, Size: e.size}
		if e.problem == nil && strings.EqualFold(e.name, "case.json") && e.name != infoName {
			e.problem = &dossier.Reason{Code: dossier.UnsupportedFile, Message: p.Cfg.Lang.Say("file.info_twice", e.name, infoName)}
		}
		if e.problem == nil && e.size > p.Cfg.Limits.FileBytes {
			e.problem = &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.too_big", e.name, e.size, p.Cfg.Limits.FileBytes)}
		}
		if e.problem == nil && e.name == infoName && e.size > maxInfoBytes {
			e.problem = &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("info.too_big", e.size, maxInfoBytes)}
		}
		if e.problem == nil {
			f.SHA256, f.Size, err = sum(e)
			if err != nil {
				if se := (*storeError)(nil); ctx.Err() != nil || errors.As(err, &se) {
					return err
				}
				e.problem = &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.unreadable", err)}
			}
		}
		if e.problem == nil && e.name == infoName {
			problem, taken := p.readInfo(e, &c.Info)
			if taken {
				continue
			}
			e.problem = problem
		}
		if e.problem != nil {
			// Never opened, or not taken: recorded with its reason, and
			// as split (there is nothing to split).
			p.Cfg.Log.Warn("file not taken", "case", id, "file", dossier.Printable(e.name), "reason", e.problem.Code, "message", dossier.Printable(e.problem.Message))
			if f.SHA256 == "" {
				h := sha256.Sum256([]byte("refused\x00" + e.problem.Message))
				f.SHA256 = hex.EncodeToString(h[:])
			}
			f.Split, f.Problem = true, e.problem
			files = append(files, f)
			continue
		}
		skip := stored[f.Name] == f.SHA256
		if put && !skip {
			if err := p.putEntry(ctx, incomingKey(id, f.Name), e, f); err != nil {
				return fmt.Errorf("store %s/%s: %w", id, dossier.Printable(f.Name), err)
			}
		}
		if p.Cfg.Stored != nil {
			p.Cfg.Stored(id, f.Name, f.Size, skip)
		}
		files = append(files, f)
	}
	if p.Cfg.ServicePoint != "" {
		c.Info.ServicePoint = p.Cfg.ServicePoint // the counter that uploads says where the case was taken
	} else if old, _, err := p.Cases.Case(ctx, id); err == nil && c.Info.ServicePoint == "" {
		c.Info.ServicePoint = old.Info.ServicePoint // an upload again keeps where it was taken
	}
	if err := p.Cases.PutCase(ctx, c); err != nil {
		return err
	}
	for _, f := range files {
		if _, err := p.Cases.PutFile(ctx, f); err != nil {
			return err
		}
		if f.Split {
			if err := p.Cases.SetSplit(ctx, f); err != nil {
				return err
			}
		}
	}
	return p.Resume(ctx, id)
}

// storeError is a failure of the object store while reading an entry: the
// operator's to fix, not the file's problem.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// sum reads an entry once for its SHA-256 and size, streamed.
func sum(e entry) (string, int64, error) {
	r, err := e.open()
	if err != nil {
		return "", 0, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// putEntry streams an entry into the store, checked against the SHA-256
// it was recorded with.
func (p *Pipeline) putEntry(ctx context.Context, key string, e entry, f dossier.File) error {
	r, err := e.open()
	if err != nil {
		return err
	}
	defer r.Close()
	return p.Blobs.PutReader(ctx, key, r, f.Size, f.SHA256)
}

// readInfo reads case.json into info. taken is true when it read as JSON;
// a value over dossier.MaxDeclaredChars is cut, and the problem says so.
func (p *Pipeline) readInfo(e entry, info *dossier.Info) (problem *dossier.Reason, taken bool) {
	r, err := e.open()
	if err != nil {
		return &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.unreadable", err)}, false
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxInfoBytes+1))
	if err != nil {
		return &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.unreadable", err)}, false
	}
	var in dossier.Info
	if err := json.Unmarshal(data, &in); err != nil || len(data) > maxInfoBytes {
		if err == nil {
			err = fmt.Errorf("over %d bytes", maxInfoBytes)
		}
		return &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("file.case_json", err)}, false
	}
	for _, v := range []struct {
		key string
		val *string
	}{{"unit_name", &in.UnitName}, {"unit_code", &in.UnitCode}, {"type", (*string)(&in.Type)}, {"service_point", &in.ServicePoint}} {
		if n := utf8.RuneCountInString(*v.val); n > dossier.MaxDeclaredChars {
			*v.val = string([]rune(*v.val)[:dossier.MaxDeclaredChars])
			problem = &dossier.Reason{Code: dossier.UnreadableFile, Message: p.Cfg.Lang.Say("info.too_long", v.key, n, dossier.MaxDeclaredChars)}
		}
	}
	*info = in
	return problem, problem == nil
}

// Lister is an object store that can list its keys: the sweep needs it.
type Lister interface {
	List(ctx context.Context, prefix string) ([]string, error)
}

// Sweep takes up files put straight into the store under
// incoming/<case>/<file> by other tools (an S3 client, a scanner's upload):
// a case with a file not yet recorded, or recorded with other content, is
// recorded and its work queued. It returns the cases it took up.
func (p *Pipeline) Sweep(ctx context.Context) ([]string, error) {
	ls, ok := p.Blobs.(Lister)
	if !ok {
		return nil, fmt.Errorf("sweep: the object store cannot list its keys")
	}
	keys, err := ls.List(ctx, "incoming/")
	if err != nil {
		return nil, err
	}
	byCase := map[string][]string{}
	for _, k := range keys {
		parts := strings.SplitN(strings.TrimPrefix(k, "incoming/"), "/", 2)
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" || strings.Contains(parts[1], "/") || strings.HasPrefix(parts[1], ".") {
			continue
		}
		byCase[parts[0]] = append(byCase[parts[0]], parts[1])
	}
	var taken []string
	ids := make([]string, 0, len(byCase))
	for id := range byCase {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		known, err := p.Cases.Files(ctx, id)
		if err != nil {
			return taken, err
		}
		recorded := map[string]bool{}
		for _, f := range known {
			recorded[f.Name] = true
		}
		// A file already recorded keeps its content (upload replaces a
		// file through the store and the case store together): only new
		// files are read, with case.json, whose values the case keeps.
		var names []string
		fresh := false
		for _, n := range byCase[id] {
			isInfo := strings.EqualFold(n, "case.json")
			if !recorded[n] && !(isInfo && len(known) > 0) {
				fresh = true
			}
			if !recorded[n] || isInfo {
				names = append(names, n)
			}
		}
		if !fresh {
			continue
		}
		if err := dossier.CheckCaseID(id); err != nil {
			p.Cfg.Log.Error("folder in the store not taken as a case", "case", dossier.Printable(id), "err", err)
			continue
		}
		sort.Strings(names)
		var entries []entry
		for _, n := range names {
			key := incomingKey(id, n)
			entries = append(entries, entry{name: n, open: func() (io.ReadCloser, error) {
				data, err := p.Blobs.Get(ctx, key)
				if err != nil {
					return nil, &storeError{err}
				}
				return io.NopCloser(bytes.NewReader(data)), nil
			}})
		}
		err = p.record(ctx, id, entries, false)
		if err != nil {
			return taken, fmt.Errorf("sweep case %s: %w", id, err)
		}
		p.Cfg.Log.Info("case taken up from the store", "case", id, "files", len(names))
		taken = append(taken, id)
	}
	return taken, nil
}

// Resume queues whatever a case still needs: splits, page readings or its decision.
func (p *Pipeline) Resume(ctx context.Context, id string) error {
	c, _, err := p.Cases.Case(ctx, id)
	if err != nil {
		return err
	}
	if c.Status.Final() {
		return nil
	}
	files, err := p.Cases.Files(ctx, id)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return enqueue(ctx, p.Queue, TypeDecide, Payload{Case: id})
	}
	for _, f := range files {
		if !f.Split {
			if err := enqueue(ctx, p.Queue, TypeSplit, Payload{Case: id, File: f.Name, SHA256: f.SHA256}); err != nil {
				return err
			}
			continue
		}
		if err := p.enqueuePages(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// StuckError says which cases cannot come to a verdict in this run: no task
// that could move them is left in the queue.
type StuckError struct {
	Why map[string]string // case id -> why, in words
}

func (e *StuckError) Error() string {
	ids := make([]string, 0, len(e.Why))
	for id := range e.Why {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "%d case(s) cannot come to a verdict: no task is left that could move them", len(ids))
	for _, id := range ids {
		fmt.Fprintf(&b, "\n  case %s: %s", id, e.Why[id])
	}
	return b.String()
}

// Wait blocks until every case has its verdict, calling progress as pages
// are read. With insp set it also watches the queue: when no task is left
// that could move a case (none pending, active, scheduled or waiting to be
// tried again) for two looks in a row, it stops with a *StuckError that
// names each case without a verdict and the last error of its archived
// tasks.
func (p *Pipeline) Wait(ctx context.Context, ids []string, progress func(done, total, final int), insp *asynq.Inspector) error {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	idle := 0
	lastLook := time.Now()
	for {
		done, total, final, err := p.Cases.Progress(ctx, ids)
		if err != nil && ctx.Err() == nil {
			return err
		}
		if progress != nil {
			progress(done, total, final)
		}
		if final == len(ids) {
			return nil
		}
		if insp != nil && time.Since(lastLook) >= time.Second {
			lastLook = time.Now()
			if q, err := insp.GetQueueInfo("default"); err == nil && q.Pending+q.Active+q.Scheduled+q.Retry+q.Aggregating == 0 {
				idle++
			} else if err == nil || !errors.Is(err, asynq.ErrQueueNotFound) {
				idle = 0
			} else {
				idle++ // no queue at all: nothing was ever queued
			}
			if idle >= 2 {
				return p.stuck(ctx, ids, insp)
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// stuck names the cases of ids without a verdict, each with the last error
// of its archived tasks.
func (p *Pipeline) stuck(ctx context.Context, ids []string, insp *asynq.Inspector) error {
	lastErr := map[string]string{}
	if tasks, err := insp.ListArchivedTasks("default", asynq.PageSize(1000)); err == nil {
		for _, t := range tasks {
			var pl Payload
			if json.Unmarshal(t.Payload, &pl) == nil && pl.Case != "" {
				lastErr[pl.Case] = fmt.Sprintf("%s failed on every try: %s", strings.TrimPrefix(t.Type, "dossier:"), t.LastErr)
			}
		}
	}
	e := &StuckError{Why: map[string]string{}}
	for _, id := range ids {
		c, _, err := p.Cases.Case(ctx, id)
		if err == nil && c.Status.Final() {
			continue
		}
		why := lastErr[id]
		if why == "" {
			why = fmt.Sprintf("still %s, and none of its work is queued", c.Status)
		}
		e.Why[id] = why
	}
	if len(e.Why) == 0 {
		return nil
	}
	return e
}

// WriteResults writes OUT/<case-id>.json for every case of ids that has its
// verdict, and OUT/summary.json, which also lists the batch's refused
// entries and the cases without a verdict, each with why (stuck, when not
// nil, says why for those it knows).
func (p *Pipeline) WriteResults(ctx context.Context, ids []string, refused []dossier.Refusal, stuck *StuckError, out string, wall time.Duration) (dossier.Summary, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return dossier.Summary{}, err
	}
	var results []dossier.Result
	var none []dossier.Refusal
	for _, id := range ids {
		_, b, err := p.Cases.Case(ctx, id)
		if err != nil {
			return dossier.Summary{}, err
		}
		if b == nil {
			why := "no verdict yet"
			if stuck != nil && stuck.Why[id] != "" {
				why = stuck.Why[id]
			}
			none = append(none, dossier.Refusal{Name: id, Reason: why})
			continue
		}
		var r dossier.Result
		if err := json.Unmarshal(b, &r); err != nil {
			return dossier.Summary{}, fmt.Errorf("case %s: %w", id, err)
		}
		results = append(results, r)
		if err := os.WriteFile(filepath.Join(out, id+".json"), b, 0o644); err != nil {
			return dossier.Summary{}, err
		}
	}
	s := dossier.Summarize(results)
	s.WallSeconds = wall.Seconds()
	s.Refused, s.NoVerdict = refused, none
	done, _, _, err := p.Cases.Progress(ctx, ids)
	if err != nil {
		return s, err
	}
	s.Pages = done
	b, _ := json.MarshalIndent(s, "", "  ")
	return s, os.WriteFile(filepath.Join(out, "summary.json"), b, 0o644)
}

// PrintSummary writes the table a person reads at the end of a run.
func PrintSummary(w io.Writer, s dossier.Summary, out string) {
	fmt.Fprintf(w, "\n%d cases, %d pages in %.1fs (%.2f pages/s)\n", s.Cases, s.Pages, s.WallSeconds, float64(s.Pages)/max(s.WallSeconds, 0.001))
	for _, st := range []dossier.Status{dossier.Ready, dossier.Rejected, dossier.Review} {
		fmt.Fprintf(w, "  %-9s %d\n", st, s.ByStatus[st])
	}
	type kv struct {
		k dossier.ReasonCode
		v int
	}
	var rs []kv
	for k, v := range s.ByReason {
		rs = append(rs, kv{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || (rs[i].v == rs[j].v && rs[i].k < rs[j].k) })
	if len(rs) > 0 {
		fmt.Fprintln(w, "top reasons:")
		for i, r := range rs {
			if i == 8 {
				break
			}
			fmt.Fprintf(w, "  %-22s %d\n", r.k, r.v)
		}
	}
	for _, r := range s.Refused {
		fmt.Fprintf(w, "not taken: %s: %s\n", dossier.Printable(r.Name), dossier.Printable(r.Reason))
	}
	for _, r := range s.NoVerdict {
		fmt.Fprintf(w, "no verdict: case %s: %s\n", dossier.Printable(r.Name), dossier.Printable(r.Reason))
	}
	fmt.Fprintf(w, "results in %s\n", out)
}

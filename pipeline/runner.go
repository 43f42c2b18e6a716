package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dossier"
)

// Ingest walks a batch folder (one folder per case, as the contract lays it
// out), stores every file in the object store, records cases and files, and
// queues what is left to do: files to split, pages to read, decisions to take.
// Work already done under the same home is not done again. It returns the case ids.
func (p *Pipeline) Ingest(ctx context.Context, batch string) ([]string, error) {
	entries, err := os.ReadDir(batch)
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", batch, err)
	}
	var ids []string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		id := e.Name()
		if err := p.ingestCase(ctx, id, filepath.Join(batch, id)); err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("batch %s holds no case folders", batch)
	}
	return ids, nil
}

func (p *Pipeline) ingestCase(ctx context.Context, id, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return p.record(ctx, id, names, true, func(name string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", id, err)
		}
		return data, nil
	})
}

// record takes a case's files (its case.json read as what the unit
// declared), stores them when put is set (what is stored with the same
// content is not sent again: an upload that stopped half-way resumes),
// records the case and its files, and queues what is left to do.
func (p *Pipeline) record(ctx context.Context, id string, names []string, put bool, read func(name string) ([]byte, error)) error {
	known, err := p.Cases.Files(ctx, id)
	if err != nil {
		return err
	}
	stored := map[string]string{} // name -> sha256 already recorded
	for _, f := range known {
		stored[f.Name] = f.SHA256
	}
	c := dossier.Case{ID: id}
	var files []dossier.File
	for _, name := range names {
		data, err := read(name)
		if err != nil {
			return err
		}
		if strings.EqualFold(name, "case.json") {
			if err := json.Unmarshal(data, &c.Info); err != nil {
				c.Info = dossier.Info{}
				// recorded as a file so that its problem reaches the verdict
			} else {
				continue
			}
		}
		sum := sha256.Sum256(data)
		f := dossier.File{Case: id, Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
		skip := stored[f.Name] == f.SHA256
		if put && !skip {
			if err := p.Blobs.Put(ctx, incomingKey(id, f.Name), data); err != nil {
				return fmt.Errorf("store %s/%s: %w", id, f.Name, err)
			}
		}
		if p.Cfg.Stored != nil {
			p.Cfg.Stored(id, f.Name, f.Size, skip)
		}
		files = append(files, f)
	}
	if err := p.Cases.PutCase(ctx, c); err != nil {
		return err
	}
	for _, f := range files {
		if _, err := p.Cases.PutFile(ctx, f); err != nil {
			return err
		}
	}
	return p.Resume(ctx, id)
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
		sort.Strings(names)
		err = p.record(ctx, id, names, false, func(name string) ([]byte, error) {
			return p.Blobs.Get(ctx, incomingKey(id, name))
		})
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

// Wait blocks until every case has its verdict, calling progress as pages are read.
func (p *Pipeline) Wait(ctx context.Context, ids []string, progress func(done, total, final int)) error {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
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
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// WriteResults writes OUT/<case-id>.json for every case and OUT/summary.json.
func (p *Pipeline) WriteResults(ctx context.Context, ids []string, out string, wall time.Duration) (dossier.Summary, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return dossier.Summary{}, err
	}
	var results []dossier.Result
	for _, id := range ids {
		_, b, err := p.Cases.Case(ctx, id)
		if err != nil {
			return dossier.Summary{}, err
		}
		if b == nil {
			return dossier.Summary{}, fmt.Errorf("case %s has no verdict", id)
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
	fmt.Fprintf(w, "results in %s\n", out)
}

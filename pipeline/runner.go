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
	c := dossier.Case{ID: id}
	var files []dossier.File
	known, err := p.Cases.Files(ctx, id)
	if err != nil {
		return err
	}
	stored := map[string]string{} // name -> sha256 already in the store
	for _, f := range known {
		stored[f.Name] = f.SHA256
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("case %s: %w", id, err)
		}
		if strings.EqualFold(e.Name(), "case.json") {
			if err := json.Unmarshal(data, &c.Info); err != nil {
				c.Info = dossier.Info{}
				// recorded as a file so that its problem reaches the verdict
			} else {
				continue
			}
		}
		sum := sha256.Sum256(data)
		f := dossier.File{Case: id, Name: e.Name(), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
		// An upload that stopped half-way resumes: what is stored with the
		// same content is not sent again.
		skip := stored[f.Name] == f.SHA256
		if !skip {
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

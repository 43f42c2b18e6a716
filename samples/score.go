package samples

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"dossier"
)

// Score compares a run's results with the truth.
type Score struct {
	Cases          int
	Missing        int // truth cases with no result
	StatusRight    int
	FalseReady     int // truth not ready, result ready: the safety number
	Review         int
	ReasonTP       int
	ReasonTruth    int
	ReasonOut      int
	PagesRight     int
	Pages          int
	SealsRight     int
	Seals          int
	FieldsRight    int
	Fields         int
	FalseReadyIDs  []string
	StatusMistakes map[string]int // "truth->out"
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Metrics returns the named figures, each in 0..1 except false_ready, a count.
func (s Score) Metrics() map[string]float64 {
	return map[string]float64{
		"status_accuracy":    ratio(s.StatusRight, s.Cases),
		"false_ready":        float64(s.FalseReady),
		"review_rate":        ratio(s.Review, s.Cases),
		"reason_recall":      ratio(s.ReasonTP, s.ReasonTruth),
		"reason_precision":   ratio(s.ReasonTP, s.ReasonOut),
		"page_type_accuracy": ratio(s.PagesRight, s.Pages),
		"seal_accuracy":      ratio(s.SealsRight, s.Seals),
		"fields_exact":       ratio(s.FieldsRight, s.Fields),
	}
}

// Print writes one line per metric and a final line with all of them.
func (s Score) Print(w io.Writer) {
	m := s.Metrics()
	fmt.Fprintf(w, "cases               %d (%d without a result)\n", s.Cases, s.Missing)
	fmt.Fprintf(w, "status accuracy     %.3f\n", m["status_accuracy"])
	fmt.Fprintf(w, "false ready         %d %v\n", s.FalseReady, s.FalseReadyIDs)
	fmt.Fprintf(w, "review rate         %.3f\n", m["review_rate"])
	fmt.Fprintf(w, "reason recall       %.3f (%d of %d)\n", m["reason_recall"], s.ReasonTP, s.ReasonTruth)
	fmt.Fprintf(w, "reason precision    %.3f (%d of %d)\n", m["reason_precision"], s.ReasonTP, s.ReasonOut)
	fmt.Fprintf(w, "page type accuracy  %.3f (%d of %d pages)\n", m["page_type_accuracy"], s.PagesRight, s.Pages)
	fmt.Fprintf(w, "seal accuracy       %.3f (%d of %d documents)\n", m["seal_accuracy"], s.SealsRight, s.Seals)
	fmt.Fprintf(w, "fields exact        %.3f (%d of %d)\n", m["fields_exact"], s.FieldsRight, s.Fields)
	var mist []string
	for k, v := range s.StatusMistakes {
		mist = append(mist, fmt.Sprintf("%s:%d", k, v))
	}
	sort.Strings(mist)
	if len(mist) > 0 {
		fmt.Fprintf(w, "status mistakes     %s\n", strings.Join(mist, " "))
	}
	fmt.Fprintf(w, "score: status=%.3f false_ready=%d review=%.3f reason_recall=%.3f reason_precision=%.3f page_type=%.3f seal=%.3f fields=%.3f\n",
		m["status_accuracy"], s.FalseReady, m["review_rate"], m["reason_recall"], m["reason_precision"], m["page_type_accuracy"], m["seal_accuracy"], m["fields_exact"])
}

// ScoreDirs reads truth/<id>.json and out/<id>.json and scores them.
func ScoreDirs(truthDir, outDir string) (Score, error) {
	names, err := filepath.Glob(filepath.Join(truthDir, "*.json"))
	if err != nil {
		return Score{}, err
	}
	if len(names) == 0 {
		return Score{}, fmt.Errorf("score: no truth files in %s", truthDir)
	}
	var truths []Truth
	results := map[string]*dossier.Result{}
	for _, n := range names {
		var t Truth
		if err := readJSON(n, &t); err != nil {
			return Score{}, err
		}
		truths = append(truths, t)
		var r dossier.Result
		if err := readJSON(filepath.Join(outDir, t.CaseID+".json"), &r); err == nil {
			results[t.CaseID] = &r
		} else if !os.IsNotExist(err) {
			return Score{}, err
		}
	}
	return ScoreResults(truths, results), nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// ScoreResults scores results (by case id; a missing one counts as wrong) against the truth.
func ScoreResults(truths []Truth, results map[string]*dossier.Result) Score {
	s := Score{StatusMistakes: map[string]int{}}
	for _, t := range truths {
		s.Cases++
		r := results[t.CaseID]
		if r == nil {
			s.Missing++
			r = &dossier.Result{Status: dossier.Pending}
		}
		if r.Status == t.Status {
			s.StatusRight++
		} else {
			s.StatusMistakes[string(t.Status)+"->"+string(r.Status)]++
		}
		if r.Status == dossier.Ready && t.Status != dossier.Ready {
			s.FalseReady++
			s.FalseReadyIDs = append(s.FalseReadyIDs, t.CaseID)
		}
		if r.Status == dossier.Review {
			s.Review++
		}
		// Reasons match on code and document.
		key := func(x dossier.Reason) string { return string(x.Code) + "/" + string(x.Document) }
		want := map[string]int{}
		for _, x := range t.Reasons {
			want[key(x)]++
		}
		s.ReasonTruth += len(t.Reasons)
		s.ReasonOut += len(r.Reasons)
		for _, x := range r.Reasons {
			if want[key(x)] > 0 {
				want[key(x)]--
				s.ReasonTP++
			}
		}
		// Page types and seals.
		outType := map[dossier.PageRef]dossier.DocType{}
		outSealed := map[dossier.PageRef]bool{}
		for _, d := range r.Documents {
			for _, p := range d.Pages {
				outType[p] = d.Type
				outSealed[p] = d.Sealed
			}
		}
		for _, d := range t.Documents {
			if d.Type == dossier.CACertificate {
				continue
			}
			sealedOut := false
			for _, p := range d.Pages {
				s.Pages++
				if outType[p] == d.Type {
					s.PagesRight++
				}
				sealedOut = sealedOut || outSealed[p]
			}
			if d.Type != dossier.Other {
				s.Seals++
				if sealedOut == d.Sealed {
					s.SealsRight++
				}
			}
		}
		// Fields.
		for _, f := range [][2]string{{t.Unit.Name, r.Unit.Name}, {t.Unit.USCC, r.Unit.USCC}, {t.Unit.OrgCode, r.Unit.OrgCode},
			{t.Operator.Name, r.Operator.Name}, {t.Operator.IDNumber, r.Operator.IDNumber}} {
			if f[0] == "" {
				continue
			}
			s.Fields++
			if f[0] == f[1] {
				s.FieldsRight++
			}
		}
	}
	return s
}

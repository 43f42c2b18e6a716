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
	Good           int // truth ready
	GoodReady      int // truth ready, result ready: what a unit with a good case sees
	Review         int
	ReasonTP       int
	ReasonTruth    int
	ReasonOut      int
	PagesRight     int
	Pages          int
	SealsRight     int
	Seals          int
	SealTP         int // documents sealed in truth and found sealed
	SealFP         int // found sealed, not sealed in truth
	SealFN         int // sealed in truth, not found
	FieldsRight    int // fields on documents read exactly as printed
	Fields         int
	ByField        map[string][2]int // field name: right, of
	Misses         []string          // one line per page type, seal or field read wrong
	FalseReadyIDs  []string
	StatusMistakes map[string]int // "truth->out"
	// Calibration counts the fields read (a value given), by the tenth of
	// 0..1 their confidence falls in: right, of.
	Calibration [10][2]int
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
		"good_ready":         ratio(s.GoodReady, s.Good),
		"review_rate":        ratio(s.Review, s.Cases),
		"reason_recall":      ratio(s.ReasonTP, s.ReasonTruth),
		"reason_precision":   ratio(s.ReasonTP, s.ReasonOut),
		"page_type_accuracy": ratio(s.PagesRight, s.Pages),
		"seal_accuracy":      ratio(s.SealsRight, s.Seals),
		"seal_precision":     ratio(s.SealTP, s.SealTP+s.SealFP),
		"seal_recall":        ratio(s.SealTP, s.SealTP+s.SealFN),
		"fields_exact":       ratio(s.FieldsRight, s.Fields),
	}
}

// Target is one of the reading targets (issue 4), and whether a score meets it.
type Target struct {
	Name  string
	Value float64
	Want  string // ">= 0.99", "0"
	Met   bool
}

// Targets holds the score to the reading targets (issues 4 and 15): no
// false ready, good cases ready, status accuracy and review rate, page
// types, seals found, the unit's name and code and the operator's name
// read exactly, all fields read exactly. (Seal counts on the real images
// are the extract package's TestFindSealsRealImages.)
func (s Score) Targets() []Target {
	m := s.Metrics()
	at := func(name string, v, min float64) Target {
		return Target{name, v, fmt.Sprintf(">= %.2f", min), v >= min}
	}
	field := func(keys ...string) float64 {
		var right, all int
		for _, k := range keys {
			right, all = right+s.ByField[k][0], all+s.ByField[k][1]
		}
		return ratio(right, all)
	}
	return []Target{
		{"false ready", m["false_ready"], "0", s.FalseReady == 0},
		at("good cases ready", m["good_ready"], 0.90),
		at("status accuracy", m["status_accuracy"], 0.90),
		{"review rate", m["review_rate"], "<= 0.10", m["review_rate"] <= 0.10},
		at("page type accuracy", m["page_type_accuracy"], 0.99),
		at("seal precision", m["seal_precision"], 0.98),
		at("seal recall", m["seal_recall"], 0.98),
		at("unit name", field(dossier.FieldUnitName), 0.95),
		at("unit code", field(dossier.FieldUSCC, dossier.FieldOrgCode), 0.95),
		at("operator name", field(dossier.FieldOperatorName), 0.95),
		at("fields exact", m["fields_exact"], 0.97),
	}
}

// Print writes one line per metric, the targets met or missed, and a
// final line with all the metrics.
func (s Score) Print(w io.Writer) {
	m := s.Metrics()
	fmt.Fprintf(w, "cases               %d (%d without a result)\n", s.Cases, s.Missing)
	fmt.Fprintf(w, "status accuracy     %.3f\n", m["status_accuracy"])
	fmt.Fprintf(w, "false ready         %d %v\n", s.FalseReady, s.FalseReadyIDs)
	fmt.Fprintf(w, "good cases ready    %.3f (%d of %d)\n", m["good_ready"], s.GoodReady, s.Good)
	fmt.Fprintf(w, "review rate         %.3f\n", m["review_rate"])
	fmt.Fprintf(w, "reason recall       %.3f (%d of %d)\n", m["reason_recall"], s.ReasonTP, s.ReasonTruth)
	fmt.Fprintf(w, "reason precision    %.3f (%d of %d)\n", m["reason_precision"], s.ReasonTP, s.ReasonOut)
	fmt.Fprintf(w, "page type accuracy  %.3f (%d of %d pages)\n", m["page_type_accuracy"], s.PagesRight, s.Pages)
	fmt.Fprintf(w, "seal accuracy       %.3f (%d of %d documents)\n", m["seal_accuracy"], s.SealsRight, s.Seals)
	fmt.Fprintf(w, "seal precision      %.3f (%d of %d found)\n", m["seal_precision"], s.SealTP, s.SealTP+s.SealFP)
	fmt.Fprintf(w, "seal recall         %.3f (%d of %d sealed)\n", m["seal_recall"], s.SealTP, s.SealTP+s.SealFN)
	fmt.Fprintf(w, "fields exact        %.3f (%d of %d)\n", m["fields_exact"], s.FieldsRight, s.Fields)
	var names []string
	for k := range s.ByField {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := s.ByField[k]
		fmt.Fprintf(w, "  %-22s %.3f (%d of %d)\n", k, ratio(v[0], v[1]), v[0], v[1])
	}
	var mist []string
	for k, v := range s.StatusMistakes {
		mist = append(mist, fmt.Sprintf("%s:%d", k, v))
	}
	sort.Strings(mist)
	if len(mist) > 0 {
		fmt.Fprintf(w, "status mistakes     %s\n", strings.Join(mist, " "))
	}
	for _, t := range s.Targets() {
		verdict := "met"
		if !t.Met {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "target %-19s %-7s %.3f  %s\n", t.Name, t.Want, t.Value, verdict)
	}
	fmt.Fprintf(w, "score: status=%.3f false_ready=%d good_ready=%.3f review=%.3f reason_recall=%.3f reason_precision=%.3f page_type=%.3f seal=%.3f seal_precision=%.3f seal_recall=%.3f fields=%.3f\n",
		m["status_accuracy"], s.FalseReady, m["good_ready"], m["review_rate"], m["reason_recall"], m["reason_precision"], m["page_type_accuracy"], m["seal_accuracy"],
		m["seal_precision"], m["seal_recall"], m["fields_exact"])
}

// impliedFields are the fields a document of type typ prints, from the
// case's unit and operator, for a truth that gives no fields per document
// (the field report's: "score fields against unit and operator"). A value
// the truth leaves empty, as a case that breaks it on purpose does, is not
// scored.
func impliedFields(t Truth, typ dossier.DocType) map[string]string {
	m := map[string]string{}
	code := func() {
		if t.Unit.USCC != "" {
			m[dossier.FieldUSCC] = t.Unit.USCC
		} else {
			m[dossier.FieldOrgCode] = t.Unit.OrgCode
		}
	}
	switch typ {
	case dossier.ApplicationForm:
		m[dossier.FieldUnitName] = t.Unit.Name
		m[dossier.FieldOperatorName] = t.Operator.Name
		m[dossier.FieldOperatorID] = t.Operator.IDNumber
		code()
	case dossier.BusinessLicense:
		m[dossier.FieldUnitName] = t.Unit.Name
		m[dossier.FieldUSCC] = t.Unit.USCC
	case dossier.OrgCodeCertificate:
		m[dossier.FieldUnitName] = t.Unit.Name
		m[dossier.FieldOrgCode] = t.Unit.OrgCode
	case dossier.SocialSecurityCert:
		m[dossier.FieldUnitName] = t.Unit.Name
	case dossier.IDCard, dossier.ResidencePermit:
		m[dossier.FieldHolderName] = t.Operator.Name
		m[dossier.FieldIDNumber] = t.Operator.IDNumber
	}
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// sameField compares a field read with its truth; an organization code
// compares without its hyphen (MAX19937-8 is MAX199378).
func sameField(key, got, want string) bool {
	if key == dossier.FieldOrgCode {
		got, want = strings.ReplaceAll(got, "-", ""), strings.ReplaceAll(want, "-", "")
	}
	return got == want
}

// PrintCalibration writes, per tenth of confidence, how many fields read
// with that confidence were right: a band that says 0.9 should be right
// about 90% of the time.
func (s Score) PrintCalibration(w io.Writer) {
	fmt.Fprintln(w, "confidence  fields  right  share")
	for b, v := range s.Calibration {
		share := "-"
		if v[1] > 0 {
			share = fmt.Sprintf("%.3f", ratio(v[0], v[1]))
		}
		fmt.Fprintf(w, "%.1f-%.1f     %6d  %5d  %s\n", float64(b)/10, float64(b+1)/10, v[1], v[0], share)
	}
}

// Add counts another corpus's score into s.
func (s *Score) Add(o Score) {
	for b := range s.Calibration {
		s.Calibration[b][0] += o.Calibration[b][0]
		s.Calibration[b][1] += o.Calibration[b][1]
	}
	s.Cases += o.Cases
	s.Missing += o.Missing
	s.StatusRight += o.StatusRight
	s.FalseReady += o.FalseReady
	s.Good += o.Good
	s.GoodReady += o.GoodReady
	s.Review += o.Review
	s.ReasonTP += o.ReasonTP
	s.ReasonTruth += o.ReasonTruth
	s.ReasonOut += o.ReasonOut
	s.PagesRight += o.PagesRight
	s.Pages += o.Pages
	s.SealsRight += o.SealsRight
	s.Seals += o.Seals
	s.SealTP += o.SealTP
	s.SealFP += o.SealFP
	s.SealFN += o.SealFN
	s.FieldsRight += o.FieldsRight
	s.Fields += o.Fields
	if s.ByField == nil {
		s.ByField = map[string][2]int{}
	}
	for k, v := range o.ByField {
		w := s.ByField[k]
		s.ByField[k] = [2]int{w[0] + v[0], w[1] + v[1]}
	}
	if s.StatusMistakes == nil {
		s.StatusMistakes = map[string]int{}
	}
	for k, v := range o.StatusMistakes {
		s.StatusMistakes[k] += v
	}
	s.Misses = append(s.Misses, o.Misses...)
	s.FalseReadyIDs = append(s.FalseReadyIDs, o.FalseReadyIDs...)
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
	s := Score{StatusMistakes: map[string]int{}, ByField: map[string][2]int{}}
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
		if t.Status == dossier.Ready {
			s.Good++
			if r.Status == dossier.Ready {
				s.GoodReady++
			}
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
		// Page types, seals and fields, per document of the truth against the
		// result's document holding its first page.
		outType := map[dossier.PageRef]dossier.DocType{}
		outDoc := map[dossier.PageRef]*dossier.Document{}
		for i, d := range r.Documents {
			for _, p := range d.Pages {
				outType[p] = d.Type
				outDoc[p] = &r.Documents[i]
			}
		}
		miss := func(format string, a ...any) {
			s.Misses = append(s.Misses, t.CaseID+" "+fmt.Sprintf(format, a...))
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
				} else {
					miss("%s p%d: page type %s, is %s", p.File, p.Page, outType[p], d.Type)
				}
				if od := outDoc[p]; od != nil && od.Sealed {
					sealedOut = true
				}
			}
			if d.Type != dossier.Other {
				s.Seals++
				switch {
				case sealedOut == d.Sealed:
					s.SealsRight++
					if d.Sealed {
						s.SealTP++
					}
				case sealedOut:
					s.SealFP++
					miss("%s %s: seal found, none there", d.Pages[0].File, d.Type)
				default:
					s.SealFN++
					miss("%s %s: seal missed", d.Pages[0].File, d.Type)
				}
			}
			var got map[string]string
			var conf map[string]float64
			if od := outDoc[d.Pages[0]]; od != nil && od.Type == d.Type {
				got, conf = od.Fields, od.FieldConfidence
			}
			want := d.Fields
			if len(want) == 0 {
				want = impliedFields(t, d.Type)
			}
			for k, want := range want {
				v := s.ByField[k]
				v[1]++
				s.Fields++
				if c, ok := conf[k]; ok && got[k] != "" {
					b := min(9, max(0, int(c*10)))
					s.Calibration[b][1]++
					if sameField(k, got[k], want) {
						s.Calibration[b][0]++
					}
				}
				if sameField(k, got[k], want) {
					v[0]++
					s.FieldsRight++
				} else {
					miss("%s %s %s: read %q, is %q", d.Pages[0].File, d.Type, k, got[k], want)
				}
				s.ByField[k] = v
			}
		}
	}
	return s
}

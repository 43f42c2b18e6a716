package samples

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dossier"
)

func generate(t *testing.T, cases int, seed uint64) string {
	t.Helper()
	if _, err := loadFonts(); err != nil {
		t.Skipf("%v", err)
	}
	dir := t.TempDir()
	if err := Generate(Options{Out: dir, Cases: cases, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func digest(t *testing.T, dir string) string {
	h := sha256.New()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := os.ReadFile(n)
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(h, "%s %x\n", rel, sha256.Sum256(b))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestSameSeedSameBytes(t *testing.T) {
	a, b := generate(t, 2, 5), generate(t, 2, 5)
	if digest(t, a) != digest(t, b) {
		t.Fatal("two corpora from seed 5 differ")
	}
}

func readTruths(t *testing.T, dir string) []Truth {
	names, _ := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	var out []Truth
	for _, n := range names {
		var tr Truth
		b, _ := os.ReadFile(n)
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		out = append(out, tr)
	}
	return out
}

// faultReasons is the contract's rule for each fault the generator plants.
var faultReasons = map[string]dossier.ReasonCode{
	"missing_code_doc": dossier.MissingDocument, "missing_id": dossier.MissingDocument, "one_form": dossier.InsufficientCopies,
	"unsealed_form": dossier.SealMissing, "unsealed_code_doc": dossier.SealMissing, "unsealed_id": dossier.SealMissing,
	"faint_seal": dossier.SealMissing, "licence_authority_seal_only": dossier.SealMissing, "name_typo": dossier.UnitNameMismatch,
	"name_suffix": dossier.UnitNameMismatch, "declared_name": dossier.UnitNameMismatch, "form_code": dossier.CodeMismatch,
	"declared_code": dossier.CodeMismatch, "bad_uscc": dossier.InvalidUSCC, "bad_org_code": dossier.InvalidOrgCode, "bad_id": dossier.InvalidIDNumber, "id_expired": dossier.IDExpired,
	"operator_name": dossier.OperatorMismatch, "operator_id": dossier.OperatorMismatch, "unreadable": dossier.UnreadableFile,
	"unsupported": dossier.UnsupportedFile, "cert_expired": dossier.CertificateInvalid, "cert_garbage": dossier.CertificateInvalid,
	"cert_untrusted": dossier.CertificateInvalid, "cert_other_unit": dossier.CertificateMismatch, "missing_cert": dossier.MissingDocument,
	"missing_ss": dossier.MissingDocument, "unsealed_ss": dossier.SealMissing, "ss_name_typo": dossier.UnitNameMismatch,
}

// TestEveryFaultIn40Cases: any corpus of 40 cases plants every fault, so
// every reason code the generator knows appears in it, and holds good cases.
func TestEveryFaultIn40Cases(t *testing.T) {
	for _, seed := range []uint64{1, 5, 101, 202, 303} {
		for _, from := range []int{0, 40} {
			faults := map[string]int{}
			for i := from; i < from+planBlock; i++ {
				_, f := casePlan(seed, i)
				faults[f]++
			}
			for f := range faultReasons {
				if faults[f] != 1 {
					t.Errorf("seed %d, cases %d-%d: fault %s %d times", seed, from+1, from+planBlock, f, faults[f])
				}
			}
			if faults["none"] != planBlock-len(faultReasons) || len(faults) != len(faultReasons)+1 {
				t.Errorf("seed %d: %v", seed, faults)
			}
		}
	}
	codes := map[dossier.ReasonCode]bool{}
	for _, c := range faultReasons {
		codes[c] = true
	}
	t.Logf("%d faults plant %d reason codes in every 40 cases", len(faultReasons), len(codes))
}

// TestTruthFollowsContract: each case's status follows from its reasons as the
// contract says, each planted fault carries its reason, and the documents and
// pages the truth names exist.
func TestTruthFollowsContract(t *testing.T) {
	dir := generate(t, 5, 3)
	for _, tr := range readTruths(t, dir) {
		want := dossier.Ready
		for _, r := range tr.Reasons {
			if r.Code.Definite() {
				want = dossier.Rejected
				break
			}
			want = dossier.Review
		}
		if tr.Status != want {
			t.Errorf("%s: status %s, reasons say %s", tr.CaseID, tr.Status, want)
		}
		switch code, ok := faultReasons[tr.Fault]; {
		case tr.Fault == "none":
			if len(tr.Reasons) != 0 {
				t.Errorf("%s: no fault but reasons %v", tr.CaseID, tr.Reasons)
			}
		case !ok:
			t.Errorf("%s: unknown fault %s", tr.CaseID, tr.Fault)
		case tr.Reasons[0].Code != code:
			t.Errorf("%s: fault %s gives %v, want %s", tr.CaseID, tr.Fault, tr.Reasons, code)
		}
		for _, d := range tr.Documents {
			for _, p := range d.Pages {
				if _, err := os.Stat(filepath.Join(dir, "batch", tr.CaseID, p.File)); err != nil {
					t.Errorf("%s: %v", tr.CaseID, err)
				}
			}
		}
	}
}

// TestScore: a perfect output scores 1.0; a damaged one less.
func TestScore(t *testing.T) {
	dir := generate(t, 2, 9)
	truths := readTruths(t, dir)
	perfect := map[string]*dossier.Result{}
	for _, tr := range truths {
		perfect[tr.CaseID] = &dossier.Result{CaseID: tr.CaseID, Status: tr.Status, Reasons: tr.Reasons, Unit: tr.Unit, Operator: tr.Operator, Documents: tr.Documents}
	}
	for k, v := range ScoreResults(truths, perfect).Metrics() {
		if (k == "false_ready" && v != 0) || (k != "false_ready" && k != "review_rate" && v != 1) {
			t.Errorf("perfect output: %s = %v", k, v)
		}
	}
	damaged := map[string]*dossier.Result{}
	for id, r := range perfect {
		d := *r
		d.Status = dossier.Ready
		d.Reasons = nil
		d.Unit.Name += "x"
		damaged[id] = &d
	}
	m := ScoreResults(truths, damaged).Metrics()
	if m["status_accuracy"] == 1 && m["fields_exact"] == 1 {
		t.Errorf("damaged output scored %v", m)
	}
	// Calibration: fields read at 0.95 land in the top band, right when
	// their values are.
	sure := map[string]*dossier.Result{}
	fields := 0
	for id, r := range perfect {
		c := *r
		c.Documents = nil
		for _, d := range r.Documents {
			d.FieldConfidence = map[string]float64{}
			for k := range d.Fields {
				d.FieldConfidence[k] = 0.95
				if d.Type != dossier.CACertificate { // not scored: no page is read
					fields++
				}
			}
			c.Documents = append(c.Documents, d)
		}
		sure[id] = &c
	}
	if cal := ScoreResults(truths, sure).Calibration; cal[9] != [2]int{fields, fields} || fields == 0 {
		t.Errorf("calibration of %d sure fields: %v", fields, cal)
	}
	// Good cases held back: every one sent to review.
	held := map[string]*dossier.Result{}
	good := 0
	for id, r := range perfect {
		h := *r
		if h.Status == dossier.Ready {
			good++
			h.Status = dossier.Review
		}
		held[id] = &h
	}
	if s := ScoreResults(truths, held); good > 0 && (s.Good != good || s.GoodReady != 0 || s.Metrics()["good_ready"] != 0) {
		t.Errorf("good cases all held back: %d of %d ready, want 0 of %d", s.GoodReady, s.Good, good)
	}
	// The printed targets: all met by the truth itself; false ready missed
	// by the damaged output, which reads every page right.
	var out strings.Builder
	ScoreResults(truths, perfect).Print(&out)
	if n := strings.Count(out.String(), " met\n"); n != 11 || strings.Contains(out.String(), "MISSED") {
		t.Errorf("perfect output: %d targets met:\n%s", n, out.String())
	}
	missed := map[string]bool{}
	for _, tg := range ScoreResults(truths, damaged).Targets() {
		if !tg.Met {
			missed[tg.Name] = true
		}
	}
	if !missed["false ready"] || missed["page type accuracy"] {
		t.Errorf("damaged output: targets missed %v", missed)
	}
}

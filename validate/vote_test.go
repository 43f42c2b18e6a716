package validate

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"dossier"
)

// TestVote: a name misread in one character on one document, where two
// others read that character surely, is settled by them, and the case is
// ready; a character read surely both ways, a difference backed by one
// document alone, a name of another length and others that disagree among
// themselves are never settled (one character apart, such names go to a
// clerk, but for one whose differing character is read surely against a
// reading others back: a difference on paper, rejected).
func TestVote(t *testing.T) {
	w := newWorld(t)
	in := w.caseOf(t, dossier.CAReplacement, 7)
	find := func(in Input, typ dossier.DocType) int {
		for i, d := range in.Documents {
			if d.Type == typ || typ == dossier.BusinessLicense && d.Type == dossier.OrgCodeCertificate {
				return i
			}
		}
		t.Fatalf("no %s", typ)
		return -1
	}
	// misread changes character at of doc's key to 乙, read at conf, the
	// others at 0.95.
	misread := func(in *Input, doc int, key string, at int, conf float64) {
		d := &in.Documents[doc]
		setChar(d, key, at, '乙')
		cc := make([]float64, len([]rune(d.Fields[key])))
		for i := range cc {
			cc[i] = 0.95
		}
		cc[at] = conf
		d.CharConfidence = map[string][]float64{key: cc}
		d.FieldConfidence = map[string]float64{key: conf}
	}
	fresh := func() Input {
		c := in
		c.Documents = make([]dossier.Document, len(in.Documents))
		for i, d := range in.Documents {
			d.Fields = maps.Clone(d.Fields)
			c.Documents[i] = d
		}
		return c
	}
	code, form, id := find(in, dossier.BusinessLicense), find(in, dossier.ApplicationForm), find(in, dossier.IDCard)
	for _, c := range []struct {
		name   string
		change func(in *Input)
		status dossier.Status
		code   dossier.ReasonCode
	}{
		// the forms' two copies alone do not settle the code document:
		// they may carry a typo its unsure reading has right
		{"unit name misread on the code document", func(in *Input) { misread(in, code, dossier.FieldUnitName, 1, 0.3) }, dossier.Review, dossier.LowConfidence},
		{"unit name misread on a form", func(in *Input) { misread(in, form, dossier.FieldUnitName, 2, 0.2) }, dossier.Ready, ""},
		{"operator's name misread on a form copy", func(in *Input) { misread(in, form, dossier.FieldOperatorName, 0, 0.4) }, dossier.Ready, ""},
		// the form's two copies are one paper: they may carry a typo the
		// card's unsure reading has right
		{"operator's name misread on the identity card", func(in *Input) { misread(in, id, dossier.FieldHolderName, 0, 0.4) }, dossier.Review, dossier.LowConfidence},
		{"unit name differs, read surely", func(in *Input) { misread(in, code, dossier.FieldUnitName, 1, 0.9) }, dossier.Rejected, dossier.UnitNameMismatch},
		{"unit name differs, read surely, another character unread", func(in *Input) {
			misread(in, code, dossier.FieldUnitName, 1, 0.9)
			in.Documents[code].CharConfidence[dossier.FieldUnitName][3] = 0
			in.Documents[code].FieldConfidence[dossier.FieldUnitName] = 0
		}, dossier.Rejected, dossier.UnitNameMismatch},
		{"operator's name differs, read surely", func(in *Input) { misread(in, id, dossier.FieldHolderName, 0, 0.9) }, dossier.Rejected, dossier.OperatorMismatch},
		{"one sure reading against it", func(in *Input) {
			misread(in, code, dossier.FieldUnitName, 1, 0.3)
			in.Documents[form].FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.3}
		}, dossier.Review, dossier.LowConfidence},
		{"two characters of the operator's name", func(in *Input) {
			misread(in, id, dossier.FieldHolderName, 0, 0.3)
			setChar(&in.Documents[id], dossier.FieldHolderName, 1, '丁')
			in.Documents[id].CharConfidence[dossier.FieldHolderName][1] = 0.3
		}, dossier.Review, dossier.LowConfidence},
		{"a character dropped", func(in *Input) {
			d := &in.Documents[code]
			r := []rune(d.Fields[dossier.FieldUnitName])
			d.Fields[dossier.FieldUnitName] = string(r[1:])
			d.FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.3}
		}, dossier.Review, dossier.LowConfidence},
		{"a look-alike read alike, unsurely, on the licence and a form, against the name declared", func(in *Input) {
			in.Info.UnitName = in.Documents[code].Fields[dossier.FieldUnitName]
			misread(in, code, dossier.FieldUnitName, 1, 0.5)
			misread(in, form, dossier.FieldUnitName, 1, 0.5)
		}, dossier.Review, dossier.LowConfidence},
		{"a name brought down alike, its differing character not the least sure", func(in *Input) {
			misread(in, form, dossier.FieldOperatorName, 0, 0.57)
			cc := in.Documents[form].CharConfidence[dossier.FieldOperatorName]
			cc[len(cc)-1] = 0.5
		}, dossier.Review, dossier.LowConfidence},
		{"the others disagree", func(in *Input) {
			misread(in, code, dossier.FieldUnitName, 1, 0.3)
			setChar(&in.Documents[form], dossier.FieldUnitName, 1, '丙')
		}, dossier.Review, dossier.LowConfidence},
	} {
		in, orig := fresh(), fresh()
		c.change(&in)
		r := Case(in)
		if r.Status != c.status {
			t.Errorf("%s: %s, want %s: %+v", c.name, r.Status, c.status, r.Reasons)
			continue
		}
		if c.code != "" && (len(r.Reasons) == 0 || r.Reasons[0].Code != c.code) {
			t.Errorf("%s: reasons %+v, want %s first", c.name, r.Reasons, c.code)
		}
		// settled: every document's name in the result is the one printed
		settled := true
		for i, d := range r.Documents {
			for _, k := range []string{dossier.FieldUnitName, dossier.FieldOperatorName, dossier.FieldHolderName} {
				if d.Fields[k] != orig.Documents[i].Fields[k] {
					settled = false
				}
			}
		}
		if settled != (c.status == dossier.Ready) {
			t.Errorf("%s: settled %v, want %v: %+v", c.name, settled, c.status == dossier.Ready, r.Documents)
		}
	}
	// The input's documents are left as they were.
	in2 := fresh()
	misread(&in2, code, dossier.FieldUnitName, 1, 0.3)
	read := in2.Documents[code].Fields[dossier.FieldUnitName]
	Case(in2)
	if in2.Documents[code].Fields[dossier.FieldUnitName] != read {
		t.Errorf("the input's document changed")
	}
}

// setChar changes character at of d's field key to ch.
func setChar(d *dossier.Document, key string, at int, ch rune) {
	r := []rune(d.Fields[key])
	r[at] = ch
	d.Fields[key] = string(r)
}

// TestVoteKeepsTheNameAsWritten: a settled name keeps the paper's
// full-width brackets; only the characters outvoted change.
func TestVoteKeepsTheNameAsWritten(t *testing.T) {
	const name = "明德建设工程（南京）有限公司"
	doc := func(typ dossier.DocType, file, v string, cc []float64) dossier.Document {
		return dossier.Document{Type: typ, Pages: []dossier.PageRef{{File: file, Page: 1}}, Confidence: 0.9,
			Fields: map[string]string{dossier.FieldUnitName: v}, CharConfidence: map[string][]float64{dossier.FieldUnitName: cc}}
	}
	sure := make([]float64, 14)
	for i := range sure {
		sure[i] = 0.95
	}
	unsure := slices.Clone(sure)
	unsure[4] = 0.5
	c := &checker{in: Input{Documents: []dossier.Document{
		doc(dossier.ApplicationForm, "a.pdf", "明德建设止程（南京）有限公司", unsure), doc(dossier.ApplicationForm, "b.pdf", name, sure), doc(dossier.BusinessLicense, "c.pdf", name, sure),
	}}}
	c.vote()
	if got := c.in.Documents[0].Fields[dossier.FieldUnitName]; got != name {
		t.Errorf("settled as %q, want %q", got, name)
	}
}

// TestCharSure: a reading differs surely from another where the one
// character it reads differently is read surely, brackets lost aside.
func TestCharSure(t *testing.T) {
	const other = "东南物流（泉州）有限公司"
	cc := []float64{0.91, 0.93, 0.91, 0.91, 0, 0, 0, 0.93, 0.93, 0.97, 0.97}
	for _, c := range []struct {
		read string
		at0  float64 // the first character's confidence
		want bool
	}{
		{"乐南物流泉州）有限公司", 0.91, true},
		{"乐南物流泉州）有限公司", 0.5, false},
		{"东南物流泉州）有限公司", 0.91, false}, // a bracket lost is no difference
		{"乐西物流泉州）有限公司", 0.91, false}, // two characters
	} {
		conf := slices.Clone(cc)
		conf[0] = c.at0
		d := dossier.Document{Fields: map[string]string{dossier.FieldUnitName: c.read}, CharConfidence: map[string][]float64{dossier.FieldUnitName: conf}}
		if got := charSure(d, dossier.FieldUnitName, c.read, other); got != c.want {
			t.Errorf("%s at %.2f: %v, want %v", c.read, c.at0, got, c.want)
		}
	}
	// A person's name read with a bracket (芳 as (法) was read in pieces:
	// its changed character is not sure, however sure tesseract was.
	for _, c := range []struct {
		read string
		want bool
	}{{"何(法", false}, {"何法", true}} {
		conf := []float64{0.9, 0.9, 0.9}[:len([]rune(c.read))]
		d := dossier.Document{Fields: map[string]string{dossier.FieldOperatorName: c.read}, CharConfidence: map[string][]float64{dossier.FieldOperatorName: conf}}
		if got := charSure(d, dossier.FieldOperatorName, c.read, "何芳"); got != c.want {
			t.Errorf("operator %s: %v, want %v", c.read, got, c.want)
		}
	}
}

// TestDisputed: a name whose spot was read surely two ways, one character
// apart (see dossier.Document.Disputed), goes to a clerk: read as the
// other documents read it, it is not backed by them; read otherwise, its
// difference may be the reader's. A dispute the name read no longer
// matches (another reading replaced it) counts for nothing.
func TestDisputed(t *testing.T) {
	w := newWorld(t)
	in := w.caseOf(t, dossier.CAReplacement, 7)
	index := func(in Input, typ dossier.DocType) int {
		i := slices.IndexFunc(in.Documents, func(d dossier.Document) bool {
			return d.Type == typ || typ == dossier.BusinessLicense && d.Type == dossier.OrgCodeCertificate
		})
		if i < 0 {
			t.Fatalf("no %s", typ)
		}
		return i
	}
	code, form, id := index(in, dossier.BusinessLicense), index(in, dossier.ApplicationForm), index(in, dossier.IDCard)
	// changed is d's name key with character at changed to ch.
	changed := func(d dossier.Document, key string, at int, ch rune) string {
		r := []rune(d.Fields[key])
		r[at] = ch
		return string(r)
	}
	for _, c := range []struct {
		name   string
		change func(in *Input)
		status dossier.Status
	}{
		{"the unit's name read as elsewhere, disputed", func(in *Input) {
			d := &in.Documents[code]
			d.Disputed = map[string]string{dossier.FieldUnitName: changed(*d, dossier.FieldUnitName, 2, '乙')}
		}, dossier.Review},
		{"the unit's name read otherwise, surely, disputed by the others' reading", func(in *Input) {
			d := &in.Documents[code]
			d.Disputed = map[string]string{dossier.FieldUnitName: d.Fields[dossier.FieldUnitName]}
			d.Fields[dossier.FieldUnitName] = changed(*d, dossier.FieldUnitName, 2, '乙')
			d.FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.9}
		}, dossier.Review},
		{"the holder's name disputed", func(in *Input) {
			d := &in.Documents[id]
			d.Disputed = map[string]string{dossier.FieldHolderName: changed(*d, dossier.FieldHolderName, 0, '乙')}
		}, dossier.Review},
		{"the operator read otherwise, surely, disputed by the card's reading", func(in *Input) {
			d := &in.Documents[form]
			d.Disputed = map[string]string{dossier.FieldOperatorName: d.Fields[dossier.FieldOperatorName]}
			d.Fields[dossier.FieldOperatorName] = changed(*d, dossier.FieldOperatorName, 1, '乙')
			d.FieldConfidence = map[string]float64{dossier.FieldOperatorName: 0.9}
		}, dossier.Review},
		{"a dispute of another reading", func(in *Input) {
			d := &in.Documents[code]
			d.Disputed = map[string]string{dossier.FieldUnitName: "乙丙丁"}
		}, dossier.Ready},
	} {
		c2 := in
		c2.Documents = make([]dossier.Document, len(in.Documents))
		for i, d := range in.Documents {
			d.Fields = maps.Clone(d.Fields)
			c2.Documents[i] = d
		}
		c.change(&c2)
		r := Case(c2)
		if r.Status != c.status {
			t.Errorf("%s: %s, want %s: %+v", c.name, r.Status, c.status, r.Reasons)
			continue
		}
		if c.status == dossier.Review && !slices.ContainsFunc(r.Reasons, func(r dossier.Reason) bool {
			return r.Code == dossier.LowConfidence && strings.Contains(r.Message, "乙")
		}) {
			t.Errorf("%s: no reason names the disputed reading: %+v", c.name, r.Reasons)
		}
	}
}

// A form's code guessed valid, read before the guess as the licence reads
// it surely, is printed so: the form carries the licence's invalid code,
// and both are rejected for it. A guess whose reading no paper backs stays.
func TestPrintedSo(t *testing.T) {
	in := goodCase()
	in.Documents[2].Fields[dossier.FieldUSCC] = "92341321MA2REGCG2X"
	in.Documents[2].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.9}
	in.Documents[0].Fields[dossier.FieldUSCC] = "92341721MA2REGCG2X"
	in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
	in.Documents[0].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGCG2X"}
	in.Documents[1].Fields[dossier.FieldUSCC] = "92341321MA2REGC52X"
	in.Documents[1].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
	in.Documents[1].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGCS2X"}
	r := Case(in)
	if r.Status != dossier.Rejected {
		t.Fatalf("status %s, want rejected: %+v", r.Status, r.Reasons)
	}
	form, other := r.Documents[0], r.Documents[1]
	if form.Fields[dossier.FieldUSCC] != "92341321MA2REGCG2X" || form.FieldConfidence[dossier.FieldUSCC] != 0.9 || len(form.ReadAs) != 0 {
		t.Errorf("the form's guess not taken back: %+v", form)
	}
	if other.Fields[dossier.FieldUSCC] != "92341321MA2REGC52X" || other.ReadAs[dossier.FieldUSCC] != "92341321MA2REGCS2X" {
		t.Errorf("a guess no paper backs changed: %+v", other)
	}
	invalid := 0
	for _, rs := range r.Reasons {
		if rs.Code == dossier.InvalidUSCC {
			invalid++
		}
	}
	if invalid != 2 || in.Documents[0].ReadAs == nil {
		t.Errorf("want the licence and the form rejected for the code, the input untouched: %+v", r.Reasons)
	}
}

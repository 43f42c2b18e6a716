package extract

import (
	"testing"

	"dossier"
)

// TestPermitSides: a permit's front read as a resident card (its number
// unread, or a permit's) joins the permit's back into one document; a
// resident card with a resident's number beside a permit stays a card.
func TestPermitSides(t *testing.T) {
	page := func(n int, typ dossier.DocType, fields map[string]string) PageResult {
		conf := map[string]float64{}
		for k := range fields {
			conf[k] = 0.9
		}
		return PageResult{Ref: dossier.PageRef{File: "scan.pdf", Page: n}, Type: typ, TypeConf: 0.9, Sealed: true, SealConf: 0.95,
			Fields: fields, FieldConf: conf}
	}
	form := page(1, dossier.ApplicationForm, map[string]string{dossier.FieldOperatorName: "杜娜"})
	back := page(3, dossier.ResidencePermit, map[string]string{dossier.FieldValidUntil: "2028-09-25"})
	for _, c := range []struct {
		name  string
		front PageResult
		types []dossier.DocType
	}{
		{"number unread", page(2, dossier.IDCard, map[string]string{dossier.FieldHolderName: "杜娜"}), []dossier.DocType{dossier.ApplicationForm, dossier.ResidencePermit}},
		{"a permit's number", page(2, dossier.IDCard, map[string]string{dossier.FieldHolderName: "杜娜", dossier.FieldIDNumber: "820000200103014421"}), []dossier.DocType{dossier.ApplicationForm, dossier.ResidencePermit}},
		{"a resident's number", page(2, dossier.IDCard, map[string]string{dossier.FieldHolderName: "杜娜", dossier.FieldIDNumber: "350205200103014421"}), []dossier.DocType{dossier.ApplicationForm, dossier.IDCard, dossier.ResidencePermit}},
	} {
		docs := Group([]PageResult{form, c.front, back})
		var types []dossier.DocType
		for _, d := range docs {
			types = append(types, d.Type)
		}
		if len(types) != len(c.types) {
			t.Errorf("%s: %v, want %v", c.name, types, c.types)
			continue
		}
		for i := range types {
			if types[i] != c.types[i] {
				t.Errorf("%s: %v, want %v", c.name, types, c.types)
				break
			}
		}
		if len(docs) == 2 {
			p := docs[1]
			if len(p.Pages) != 2 || p.Pages[0].Page != 2 || p.Fields[dossier.FieldHolderName] != "杜娜" || p.Fields[dossier.FieldValidUntil] == "" {
				t.Errorf("%s: permit %+v", c.name, p)
			}
		}
	}
}

// TestGroupKeepsSurerReading: of two sides of one card that both give a
// field, the surer reading stays, whichever side came first (a back read
// a name off a pen's line at no confidence, before the front's).
func TestGroupKeepsSurerReading(t *testing.T) {
	back := PageResult{Ref: dossier.PageRef{File: "scan.pdf", Page: 1}, Type: dossier.IDCard, TypeConf: 0.9,
		Fields:    map[string]string{dossier.FieldHolderName: "本这才二", dossier.FieldValidUntil: "2045-04-01"},
		FieldConf: map[string]float64{dossier.FieldHolderName: 0, dossier.FieldValidUntil: 0.9},
		CharConf:  map[string][]float64{dossier.FieldHolderName: {0, 0, 0, 0}}}
	front := PageResult{Ref: dossier.PageRef{File: "scan.pdf", Page: 2}, Type: dossier.IDCard, TypeConf: 0.9,
		Fields:    map[string]string{dossier.FieldHolderName: "王杰", dossier.FieldValidUntil: "2045-04-02"},
		FieldConf: map[string]float64{dossier.FieldHolderName: 0.5, dossier.FieldValidUntil: 0.3}}
	for _, order := range [][]PageResult{{back, front}, {front, back}} {
		docs := Group(order)
		if len(docs) != 1 {
			t.Fatalf("%d documents, want one card", len(docs))
		}
		d := docs[0]
		if d.Fields[dossier.FieldHolderName] != "王杰" || d.FieldConfidence[dossier.FieldHolderName] != 0.5 || d.CharConfidence[dossier.FieldHolderName] != nil {
			t.Errorf("name %q at %v (%v), want 王杰 at 0.5 without the back's characters", d.Fields[dossier.FieldHolderName], d.FieldConfidence[dossier.FieldHolderName], d.CharConfidence[dossier.FieldHolderName])
		}
		if d.Fields[dossier.FieldValidUntil] != "2045-04-01" {
			t.Errorf("valid until %q, want the back's 2045-04-01", d.Fields[dossier.FieldValidUntil])
		}
	}
}

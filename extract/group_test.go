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

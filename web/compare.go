package web

import (
	"fmt"

	"dossier"
)

// table lines up each field across the case's documents: one row a
// field, one column a document, beside what case.json declared and what
// the verdict settled on.
type table struct {
	Cols []string
	Rows []row
}

type row struct {
	Field, Label string
	ID           bool // an identity number: shown masked
	Cells        []cell
}

type cell struct {
	Col     string // the column's key: declared, verdict, or d<N> for document N
	Value   string
	Masked  string
	Conf    float64
	HasConf bool
	Parts   []part // the value, with the characters that differ from the verdict's marked
	Differs bool
	Also    string // how else the reader read it (a guessed code's reading, a disputed one)
}

type part struct {
	Text string
	Diff bool // in the value, not in the verdict's
	Gone bool // in the verdict's, missing from the value
}

// rowDefs are the table's rows and where each document keeps the field.
var rowDefs = []struct {
	field, label string
	id           bool
	from         map[dossier.DocType][]string // fields of a document that hold it
}{
	{dossier.FieldUnitName, "Unit name", false, map[dossier.DocType][]string{"*": {dossier.FieldUnitName}, dossier.CACertificate: {dossier.FieldCertSubjectO}}},
	{dossier.FieldUSCC, "USCC", false, map[dossier.DocType][]string{"*": {dossier.FieldUSCC}, dossier.CACertificate: {dossier.FieldCertCode}}},
	{dossier.FieldOrgCode, "Organization code", false, map[dossier.DocType][]string{"*": {dossier.FieldOrgCode}, dossier.CACertificate: {dossier.FieldCertCode}}},
	{dossier.FieldOperatorName, "Operator name", false, map[dossier.DocType][]string{dossier.ApplicationForm: {dossier.FieldOperatorName},
		dossier.IDCard: {dossier.FieldHolderName}, dossier.ResidencePermit: {dossier.FieldHolderName}}},
	{dossier.FieldOperatorID, "Operator ID number", true, map[dossier.DocType][]string{dossier.ApplicationForm: {dossier.FieldOperatorID},
		dossier.IDCard: {dossier.FieldIDNumber}, dossier.ResidencePermit: {dossier.FieldIDNumber}}},
	{dossier.FieldValidUntil, "ID valid until", false, map[dossier.DocType][]string{dossier.IDCard: {dossier.FieldValidUntil}, dossier.ResidencePermit: {dossier.FieldValidUntil}}},
	{dossier.FieldSocialSecNo, "Social insurance no.", false, map[dossier.DocType][]string{dossier.SocialSecurityCert: {dossier.FieldSocialSecNo}}},
}

// compare builds the comparison table of a case.
func compare(d *caseData) table {
	var t table
	if d.Result == nil {
		return t
	}
	res := d.Result
	t.Cols = []string{"Declared (case.json)"} // one a cell of each row, in order
	for _, doc := range res.Documents {
		if doc.Type == dossier.Other {
			continue
		}
		l := docLabel(doc.Type)
		if len(doc.Pages) > 0 {
			l = fmt.Sprintf("%s · %s p%d", l, doc.Pages[0].File, doc.Pages[0].Page)
		}
		t.Cols = append(t.Cols, l)
	}
	t.Cols = append(t.Cols, "Verdict")
	for _, def := range rowDefs {
		rw := row{Field: def.field, Label: def.label, ID: def.id}
		verdict := verdictValue(res, def.field)
		declared := ""
		switch def.field {
		case dossier.FieldUnitName:
			declared = d.Case.Info.UnitName
		case dossier.FieldUSCC:
			if len(d.Case.Info.UnitCode) == 18 {
				declared = d.Case.Info.UnitCode
			}
		case dossier.FieldOrgCode:
			if c := d.Case.Info.UnitCode; c != "" && len(c) != 18 {
				declared = c
			}
		}
		rw.Cells = append(rw.Cells, cell{Col: "declared", Value: declared})
		any := declared != ""
		for i, doc := range res.Documents {
			if doc.Type == dossier.Other {
				continue
			}
			names := def.from[doc.Type]
			if names == nil {
				names = def.from["*"]
			}
			c := cell{Col: fmt.Sprintf("d%d", i)}
			for _, n := range names {
				if v := doc.Fields[n]; v != "" {
					// A certificate's one code goes in the row its length says.
					if doc.Type == dossier.CACertificate && n == dossier.FieldCertCode && (len(v) == 18) != (def.field == dossier.FieldUSCC) {
						continue
					}
					c.Value, c.Conf, c.HasConf = v, doc.FieldConfidence[n], doc.FieldConfidence != nil
					mask := func(s string) string { return s }
					if def.id {
						mask = dossier.MaskID
					}
					c.Also = alsoRead(doc.ReadAs, doc.Disputed, n, mask)
					if _, ok := doc.FieldConfidence[n]; !ok {
						c.HasConf = false
					}
					break
				}
			}
			any = any || c.Value != ""
			rw.Cells = append(rw.Cells, c)
		}
		rw.Cells = append(rw.Cells, cell{Col: "verdict", Value: verdict})
		if !any && verdict == "" {
			continue
		}
		ref := verdict
		if ref == "" {
			ref = common(rw.Cells)
		}
		for i := range rw.Cells {
			c := &rw.Cells[i]
			if c.Value == "" {
				continue
			}
			c.Parts, c.Differs = diff(c.Value, ref)
			if rw.ID {
				c.Masked = dossier.MaskID(c.Value)
			}
		}
		t.Rows = append(t.Rows, rw)
	}
	return t
}

func verdictValue(res *dossier.Result, field string) string {
	switch field {
	case dossier.FieldUnitName:
		return res.Unit.Name
	case dossier.FieldUSCC:
		return res.Unit.USCC
	case dossier.FieldOrgCode:
		return res.Unit.OrgCode
	case dossier.FieldOperatorName:
		return res.Operator.Name
	case dossier.FieldOperatorID:
		return res.Operator.IDNumber
	}
	return ""
}

// common is the value most cells hold (the first of a tie).
func common(cells []cell) string {
	n := map[string]int{}
	best := ""
	for _, c := range cells {
		if c.Value == "" {
			continue
		}
		n[c.Value]++
		if n[c.Value] > n[best] {
			best = c.Value
		}
	}
	return best
}

// diff splits v into runs of characters that are, and are not, in a
// longest common subsequence with ref, with ref's characters that v lacks
// put where they are missing (Gone), so that a dropped 股份 shows as well
// as a misread 闽.
func diff(v, ref string) ([]part, bool) {
	a, b := []rune(v), []rune(ref)
	// lcs[i][j]: the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var parts []part
	add := func(r rune, diff, gone bool) {
		if n := len(parts); n > 0 && parts[n-1].Diff == diff && parts[n-1].Gone == gone {
			parts[n-1].Text += string(r)
			return
		}
		parts = append(parts, part{Text: string(r), Diff: diff, Gone: gone})
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			add(a[i], false, false)
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			add(b[j], false, true)
			j++
		default:
			add(a[i], true, false)
			i++
		}
	}
	// A run missing beside a run in its place is a misreading: the
	// marked characters say it; only what is missing alone is shown.
	var kept []part
	for k, p := range parts {
		if p.Gone && (k > 0 && parts[k-1].Diff || k+1 < len(parts) && parts[k+1].Diff) {
			continue
		}
		if n := len(kept); n > 0 && kept[n-1].Diff == p.Diff && kept[n-1].Gone == p.Gone {
			kept[n-1].Text += p.Text
			continue
		}
		kept = append(kept, p)
	}
	return kept, len(a) != len(b) || lcs[0][0] != len(a)
}

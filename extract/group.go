package extract

import (
	"math"
	"slices"
	"strings"

	"dossier"
)

// Group makes documents of a case's pages, in the order given (file by file,
// page by page). Every application form page is one copy of the form; the
// pages of an identity document (its two sides) make one document; other
// pages of one type that follow each other in a file make one document.
func Group(pages []PageResult) []dossier.Document {
	var docs []dossier.Document
	byType := map[dossier.DocType]int{} // identity documents: one per case
	for _, p := range pages {
		last := len(docs) - 1
		join := false
		switch p.Type {
		case dossier.ApplicationForm:
		case dossier.IDCard, dossier.ResidencePermit:
			if i, ok := byType[p.Type]; ok {
				last, join = i, true
			}
		default:
			join = last >= 0 && docs[last].Type == p.Type && docs[last].Pages[len(docs[last].Pages)-1].File == p.Ref.File
		}
		if !join {
			docs = append(docs, dossier.Document{Type: p.Type, Confidence: 1, Fields: map[string]string{}, FieldConfidence: map[string]float64{}})
			last = len(docs) - 1
			if p.Type == dossier.IDCard || p.Type == dossier.ResidencePermit {
				byType[p.Type] = last
			}
		}
		d := &docs[last]
		d.Pages = append(d.Pages, p.Ref)
		d.Sealed = d.Sealed || p.Sealed
		conf := p.TypeConf
		if p.Sealed || len(p.Seals) > 0 {
			conf = math.Min(conf, p.SealConf)
		}
		// Fields keep their own confidence: a weak reading matters only where
		// it disagrees with another, and the validator weighs it there. Of
		// two pages' readings of a field, the surer is kept (a card's back
		// scanned before its front once gave a name read off a pen's line,
		// at no confidence, and kept it over the front's).
		for k, v := range p.Fields {
			fc := math.Round(p.FieldConf[k]*100) / 100
			if _, ok := d.Fields[k]; ok && d.FieldConfidence[k] >= fc {
				continue
			}
			d.Fields[k] = v
			d.FieldConfidence[k] = fc
			delete(d.CharConfidence, k)
			delete(d.Disputed, k)
			delete(d.ReadAs, k)
			keepNameReading(d, k, p.CharConf[k], p.Disputed[k])
			keepReadAs(d, k, p.ReadAs)
		}
		d.Confidence = math.Min(d.Confidence, conf)
	}
	for i := range docs {
		docs[i].Confidence = math.Round(docs[i].Confidence*100) / 100
	}
	return permitSides(docs)
}

// permitSides joins an identity card's side to the residence permit's: a
// permit's front prints 姓名, 性别, 出生, 住址 and 公民身份号码 as a resident
// card's does, and only its number (81, 82 or 83 then 0000) or its back's
// title tells it apart. A case has one operator: a "card" whose number was
// not read, or reads as a permit's, beside a permit, is the permit's side.
func permitSides(docs []dossier.Document) []dossier.Document {
	card := slices.IndexFunc(docs, func(d dossier.Document) bool { return d.Type == dossier.IDCard })
	permit := slices.IndexFunc(docs, func(d dossier.Document) bool { return d.Type == dossier.ResidencePermit })
	if card < 0 || permit < 0 {
		return docs
	}
	if n := docs[card].Fields[dossier.FieldIDNumber]; n != "" && !rePermitNo.MatchString(n) {
		return docs
	}
	c, p := docs[card], &docs[permit]
	p.Pages = append(p.Pages, c.Pages...)
	slices.SortFunc(p.Pages, func(a, b dossier.PageRef) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Page - b.Page
	})
	p.Sealed = p.Sealed || c.Sealed
	p.Confidence = math.Min(p.Confidence, c.Confidence)
	for k, v := range c.Fields {
		if _, ok := p.Fields[k]; !ok {
			p.Fields[k] = v
			p.FieldConfidence[k] = c.FieldConfidence[k]
			keepNameReading(p, k, c.CharConfidence[k], c.Disputed[k])
			keepReadAs(p, k, c.ReadAs)
		}
	}
	return slices.Delete(docs, card, card+1)
}

// keepNameReading gives d, for its field k, the characters' confidences cc
// and the disputed reading alt of the page it was read from, where known.
func keepNameReading(d *dossier.Document, k string, cc []float64, alt string) {
	if cc != nil {
		if d.CharConfidence == nil {
			d.CharConfidence = map[string][]float64{}
		}
		d.CharConfidence[k] = cc
	}
	if alt != "" {
		if d.Disputed == nil {
			d.Disputed = map[string]string{}
		}
		d.Disputed[k] = alt
	}
}

// keepReadAs gives d, for its field k, the code as read where readAs (its
// page's) says the value kept is a guessed repair.
func keepReadAs(d *dossier.Document, k string, readAs map[string]string) {
	if raw, ok := readAs[k]; ok {
		if d.ReadAs == nil {
			d.ReadAs = map[string]string{}
		}
		d.ReadAs[k] = raw
	}
}

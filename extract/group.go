package extract

import (
	"math"

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
		// it disagrees with another, and the validator weighs it there.
		for k, v := range p.Fields {
			if _, ok := d.Fields[k]; !ok {
				d.Fields[k] = v
				d.FieldConfidence[k] = math.Round(p.FieldConf[k]*100) / 100
				if cc := p.CharConf[k]; cc != nil {
					if d.CharConfidence == nil {
						d.CharConfidence = map[string][]float64{}
					}
					d.CharConfidence[k] = cc
				}
			}
		}
		d.Confidence = math.Min(d.Confidence, conf)
	}
	for i := range docs {
		docs[i].Confidence = math.Round(docs[i].Confidence*100) / 100
	}
	return docs
}

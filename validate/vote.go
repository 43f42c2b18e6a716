package validate

import (
	"maps"
	"math"
	"slices"
	"strings"

	"dossier"
	"dossier/validate/ident"
)

// A name is printed on several documents of a case: the unit's on the
// forms, the licence or certificates; the operator's on the forms and the
// identity document. Where one reading differs from the others only in
// characters the reader marked unsure (one in a short name, a quarter of
// a long one at most), and each of those characters is read surely, the
// same, on two other documents, the reading is a misread and the others
// settle it. A character read surely is never outvoted: two
// documents each sure of a different character differ on paper (a
// look-alike typo), and that stays a mismatch. Readings of another length
// (a character dropped or added) are never settled either.
//
// The two documents that settle a character are two kinds of paper: the
// application form's two copies are one paper filled in once, and carry
// its typo twice. A card whose 涵 is read unsurely against both copies'
// 函 may be right, the form wrong; settled by the copies, the typo would
// be hidden and the case ready. So an operator's name misread on the
// card goes to a clerk, while one misread on a form copy is settled by
// the other copy and the card.

// vote settles misread names in c.in.Documents (a copy of the documents:
// the result shows what was settled, as it is what the documents say).
func (c *checker) vote() {
	docs := make([]dossier.Document, len(c.in.Documents))
	copy(docs, c.in.Documents)
	for i := range docs {
		docs[i].Fields = maps.Clone(docs[i].Fields)
		docs[i].FieldConfidence = maps.Clone(docs[i].FieldConfidence)
		docs[i].ReadAs = maps.Clone(docs[i].ReadAs)
	}
	settle(docs, []string{dossier.FieldUnitName})
	settle(docs, []string{dossier.FieldOperatorName, dossier.FieldHolderName})
	c.in.Documents = docs
	c.res.Documents = docs
}

// printedSo takes back a guessed repair of a code where another paper
// reads the code as this one read it before the guess, surely and without
// a guess of its own: two papers read the same characters, so the code is
// printed so (its check character wrong, as the validator then says),
// as surely as the other reads it. So it does where another kind of paper
// reads the same characters before a guess of its own or none, however
// unsurely (printedAlike).
func (c *checker) printedSo() {
	for i := range c.in.Documents {
		d := &c.in.Documents[i]
		for k, raw := range d.ReadAs {
			for _, o := range c.in.Documents {
				if !otherPaper(*d, o) {
					continue
				}
				for _, ok := range sameKind(k) {
					_, guessed := o.ReadAs[ok]
					if o.Fields[ok] != raw || guessed || !c.sureField(o, ok) || d.Fields[k] == raw {
						continue
					}
					d.Fields[k] = raw
					if conf, set := o.FieldConfidence[ok]; set && d.FieldConfidence != nil {
						d.FieldConfidence[k] = conf
					} else {
						delete(d.FieldConfidence, k)
					}
				}
			}
			if d.Fields[k] == raw {
				delete(d.ReadAs, k)
			}
		}
	}
	for i := range c.in.Documents {
		d := &c.in.Documents[i]
		for k, raw := range maps.Clone(d.ReadAs) {
			if c.printedAlike(*d, k) {
				d.Fields[k] = raw
				delete(d.ReadAs, k)
			}
		}
	}
}

// printedAlike reports whether another kind of paper than d (a licence
// or a certificate against the form, not the form's other copy: typed
// once, its copies misread alike) reads d's code k with the same
// characters as d read them, each before a guessed repair, neither under
// dossier.Unread. Two prints of a code do not fail their check character
// by the same misread: a unit whose credit code is printed with a wrong
// check character on its licence and its form, read unsurely on each
// (91350700… with a look-alike change, 0 to 8, that passes the check by
// chance, guessed alike on every paper), went to a clerk where the code
// is plainly invalid (7777 C0002, 8282 C0033). A valid code read
// otherwise on another paper is a misread (misread) however the two
// agree.
func (c *checker) printedAlike(d dossier.Document, k string) bool {
	v := asRead(d, k)
	if v == "" || checkOf(k, v).Valid == ident.Valid || !readAtAll(d, k) {
		return false
	}
	for _, o := range c.in.Documents {
		if o.Type == d.Type || !otherPaper(d, o) {
			continue
		}
		for _, ok := range sameKind(k) {
			if asRead(o, ok) == v && readAtAll(o, ok) {
				return true
			}
		}
	}
	return false
}

// readAtAll reports whether d's field k was read at dossier.Unread or
// above (or its confidence is not known).
func readAtAll(d dossier.Document, k string) bool {
	conf, ok := d.FieldConfidence[k]
	return !ok || conf >= dossier.Unread
}

// reading is one document's reading of a name, character by character.
type reading struct {
	doc     int
	key     string
	runes   []rune
	conf    []float64
	perChar bool // conf is the reader's for each character, not the field's for all
}

// readingsOf gathers the readings of a name under keys, each with the
// confidence of each character: as read, or the field's where the reader
// gave none.
func readingsOf(docs []dossier.Document, keys []string) []reading {
	var out []reading
	for i, d := range docs {
		for _, k := range keys {
			v := NormalizeName(d.Fields[k])
			if v == "" {
				continue
			}
			r := reading{doc: i, key: k, runes: []rune(v)}
			r.conf = charConfidences(d, k, v)
			r.perChar = len(d.CharConfidence[k]) == len(r.runes)
			out = append(out, r)
		}
	}
	return out
}

// settle settles the misread readings of one name among docs.
func settle(docs []dossier.Document, keys []string) {
	rs := readingsOf(docs, keys)
	if len(rs) < 3 {
		return
	}
	for _, r := range rs {
		settled := slices.Clone(r.runes)
		var at []int // where r's unsure characters are outvoted
		backing := 1.0
		stands := true
		for i, ch := range r.runes {
			// the other documents' sure readings of this character, by
			// the kinds of paper that back each
			votes, vconf := map[rune]map[dossier.DocType]bool{}, map[rune]float64{}
			for _, o := range rs {
				if o.doc == r.doc || len(o.runes) != len(r.runes) || o.conf[i] < dossier.Sure {
					continue
				}
				if votes[o.runes[i]] == nil {
					votes[o.runes[i]] = map[dossier.DocType]bool{}
				}
				votes[o.runes[i]][docs[o.doc].Type] = true
				if c, ok := vconf[o.runes[i]]; !ok || o.conf[i] < c {
					vconf[o.runes[i]] = o.conf[i]
				}
			}
			if len(votes) != 1 || votes[ch] != nil {
				continue // backed, or the others disagree among themselves
			}
			for other, kinds := range votes {
				if len(kinds) < 2 {
					continue // copies of one paper are one witness
				}
				if r.conf[i] >= dossier.Sure {
					stands = false // read surely both ways: a difference on paper
					break
				}
				at = append(at, i)
				settled[i] = other
				backing = math.Min(backing, vconf[other])
			}
		}
		// Only characters the reader itself marked unsure are outvoted, and
		// only a few of them: a name unsure everywhere, or another name
		// altogether, is no misread the others can settle; nor is one
		// whose characters are unsure alike (see singledOut).
		if !stands || len(at) == 0 || !r.perChar || len(at) > max(1, len(r.runes)/4) || !singledOut(r.conf, at) {
			continue
		}
		conf := backing
		for i, c := range r.conf {
			if !slices.Contains(at, i) {
				conf = math.Min(conf, c)
			}
		}
		d := &docs[r.doc]
		// the name as the paper writes it (full-width brackets), but the
		// characters outvoted
		orig := []rune(strings.Join(strings.Fields(strings.ReplaceAll(d.Fields[r.key], "\u3000", " ")), ""))
		if len(orig) == len(settled) {
			for _, i := range at {
				orig[i] = settled[i]
			}
			settled = orig
		}
		d.Fields[r.key] = string(settled)
		if d.FieldConfidence == nil {
			d.FieldConfidence = map[string]float64{}
		}
		d.FieldConfidence[r.key] = math.Round(conf*100) / 100
	}
}

// singledOut reports whether the reader itself marked the characters at
// unsure, of a reading whose characters' confidences are conf: each is
// read no more surely than every character that stands. A name held in
// doubt as a whole (read once, in its cell, and brought down for it) has
// its characters brought down alike, so an unsure character there says
// nothing of which one is misread: 郭忐强, a look-alike typo, read so at
// 0.91 0.91 0.80 and brought to 0.58 0.57 0.50, would have had its 忐
// outvoted by a card's 志 and a second form's 志 misread surely.
func singledOut(conf []float64, at []int) bool {
	worst := 0.0
	for _, i := range at {
		worst = max(worst, conf[i])
	}
	for i, c := range conf {
		if !slices.Contains(at, i) && c < worst {
			return false
		}
	}
	return true
}

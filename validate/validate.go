// Package validate decides a case: from its documents, what the unit declared,
// its certificate files and the processing date to a verdict with reasons that
// say what to fix. It is pure: no OCR, no store, no clock.
package validate

import (
	"crypto/x509"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier"
	"dossier/validate/ident"
)

// CertFile is an X.509 file handed in with the case.
type CertFile struct {
	Name string
	Data []byte
}

// Input is everything a verdict depends on.
type Input struct {
	CaseID      string
	Info        dossier.Info
	Documents   []dossier.Document
	FileReasons []dossier.Reason // unreadable and unsupported files, found before reading
	Certs       []CertFile
	AsOf        time.Time
	Roots       *x509.CertPool // nil: the certificate chain is not checked, and the case says so
	// MinConfidence below which a document's reading is too weak to decide on; zero: dossier.Sure.
	MinConfidence float64
	// Rules is the requirement catalogue; nil: the built-in one.
	Rules *Rules
	// Lang of the reasons' messages; empty: Chinese.
	Lang Lang
}

type checker struct {
	in      Input
	reasons []dossier.Reason
	res     dossier.Result
	// certNames are the unit's names in the subjects of certificates
	// that carry a code the papers read surely: exact, where OCR is not.
	certNames []string
}

func (c *checker) add(code dossier.ReasonCode, doc dossier.DocType, pages []dossier.PageRef, msg string) {
	for i, r := range c.reasons {
		if r.Code == code && r.Document == doc {
			for _, p := range pages {
				if !slices.Contains(c.reasons[i].Pages, p) {
					c.reasons[i].Pages = append(c.reasons[i].Pages, p)
				}
			}
			if !strings.Contains(r.Message, msg) {
				c.reasons[i].Message += c.in.Lang.join() + msg
			}
			return
		}
	}
	c.reasons = append(c.reasons, dossier.Reason{Code: code, Document: doc, Pages: append([]dossier.PageRef(nil), pages...), Message: msg})
}

// say adds a reason whose message is messages[key] in the case's language.
func (c *checker) say(code dossier.ReasonCode, doc dossier.DocType, pages []dossier.PageRef, key string, args ...any) {
	c.add(code, doc, pages, c.in.Lang.Say(key, args...))
}

// Case decides one case.
func Case(in Input) dossier.Result {
	if in.Info.Type == "" {
		in.Info.Type = dossier.CAReplacement
	}
	if in.MinConfidence == 0 {
		in.MinConfidence = dossier.Sure
	}
	if in.Rules == nil {
		in.Rules = Default()
	}
	c := &checker{in: in}
	c.res = dossier.Result{CaseID: in.CaseID, Type: in.Info.Type, Documents: in.Documents, ServicePoint: in.Info.ServicePoint}
	for _, r := range in.FileReasons {
		c.add(r.Code, r.Document, r.Pages, r.Message)
	}
	c.vote()
	c.printedSo()
	docs := map[dossier.DocType][]dossier.Document{}
	for _, d := range c.in.Documents {
		docs[d.Type] = append(docs[d.Type], d)
	}
	c.certificates(docs)
	c.requirements(docs)
	c.identifiers(docs)
	c.crossChecks(docs)
	c.identity(docs)
	c.res.Reasons = c.reasons
	if c.res.Reasons == nil {
		c.res.Reasons = []dossier.Reason{}
	}
	sort.SliceStable(c.res.Reasons, func(i, j int) bool { return rank(c.res.Reasons[i].Code) < rank(c.res.Reasons[j].Code) })
	// A page or file that could not be processed may hold the document
	// that looks missing: the unit is not told to bring what it brought.
	unread := false
	for _, r := range in.FileReasons {
		unread = unread || r.Code == dossier.LowConfidence
	}
	c.res.Status = dossier.Ready
	for _, r := range c.res.Reasons {
		if unread && (r.Code == dossier.MissingDocument || r.Code == dossier.InsufficientCopies) {
			c.res.Status = dossier.Review
			continue
		}
		if r.Code.Definite() {
			c.res.Status = dossier.Rejected
			break
		}
		c.res.Status = dossier.Review
	}
	return c.res
}

func rank(code dossier.ReasonCode) int {
	for i, c := range dossier.ReasonCodes {
		if c == code {
			return i
		}
	}
	return len(dossier.ReasonCodes)
}

func (c *checker) requirements(docs map[dossier.DocType][]dossier.Document) {
	reqs, ok := c.in.Rules.CaseTypes[c.in.Info.Type]
	if !ok {
		c.say(dossier.LowConfidence, "", nil, "case_type.unknown", c.in.Info.Type)
		return
	}
	for _, rq := range reqs {
		var have []dossier.Document
		for _, t := range rq.AnyOf {
			have = append(have, docs[t]...)
		}
		switch {
		case len(have) == 0:
			c.say(dossier.MissingDocument, rq.AnyOf[0], nil, "doc.missing", rq.AnyOf)
			continue
		case len(have) < rq.Copies:
			c.say(dossier.InsufficientCopies, rq.AnyOf[0], pagesOf(have), "doc.copies", rq.AnyOf, rq.Copies, len(have))
		}
		if !rq.Sealed {
			continue
		}
		for _, d := range have {
			if d.Sealed {
				continue
			}
			if d.Confidence < c.in.MinConfidence {
				c.say(dossier.LowConfidence, d.Type, d.Pages, "seal.unsure", d.Type)
				continue
			}
			c.say(dossier.SealMissing, d.Type, d.Pages, "seal.missing", d.Type)
		}
	}
	for _, d := range c.in.Documents {
		if d.Type != dossier.Other && d.Type != dossier.CACertificate && d.Confidence < c.in.MinConfidence {
			c.say(dossier.LowConfidence, d.Type, d.Pages, "doc.unsure", d.Type)
		}
	}
}

func pagesOf(ds []dossier.Document) []dossier.PageRef {
	var p []dossier.PageRef
	for _, d := range ds {
		p = append(p, d.Pages...)
	}
	return p
}

// NormalizeName folds width, white space and bracket forms, as the contract compares unit names.
func NormalizeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u3000' || r == ' ' || r == '\t' || r == '\n':
			continue
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// reference is the unit as its code document (licence or certificate) shows it, else as the form does.
func reference(docs map[dossier.DocType][]dossier.Document) (dossier.Document, bool) {
	for _, t := range []dossier.DocType{dossier.BusinessLicense, dossier.OrgCodeCertificate, dossier.SocialSecurityCert, dossier.ApplicationForm} {
		if len(docs[t]) > 0 {
			return docs[t][0], true
		}
	}
	return dossier.Document{}, false
}

// orgPart is the organization code a document carries, alone or inside its USCC.
func orgPart(d dossier.Document) string {
	if u := d.Fields[dossier.FieldUSCC]; u != "" {
		return ident.OrgCodeOfUSCC(u)
	}
	return d.Fields[dossier.FieldOrgCode]
}

func (c *checker) identifiers(docs map[dossier.DocType][]dossier.Document) {
	for _, d := range c.in.Documents {
		for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode, dossier.FieldIDNumber, dossier.FieldOperatorID} {
			v := d.Fields[k]
			if v == "" {
				continue
			}
			chk := checkOf(k, v)
			code := dossier.InvalidIDNumber
			switch k {
			case dossier.FieldUSCC:
				code = dossier.InvalidUSCC
			case dossier.FieldOrgCode:
				code = dossier.InvalidOrgCode
			}
			switch {
			case chk.Valid == ident.Valid && c.unbacked(d, k):
				// A valid value read unsurely everywhere may be a repair
				// of a wrong check character, or a misread that happens
				// to pass: nothing on paper vouches for it.
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.unsure", d.Type, v)
			case chk.Valid == ident.Valid:
			case chk.Valid == ident.Legacy:
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.legacy", d.Type, v, chk.Reason)
			case c.misread(k, v):
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.misread", d.Type, v)
			case !c.sureField(d, k) && !c.printedAlike(d, k):
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.unclear", d.Type, v)
			default:
				c.say(code, d.Type, d.Pages, "code.invalid", d.Type, v, chk.Reason)
			}
		}
	}
}

// sureField reports whether d's reading of field k is sure enough to reject on.
func (c *checker) sureField(d dossier.Document, k string) bool {
	conf, ok := d.FieldConfidence[k]
	return !ok || conf >= c.in.MinConfidence
}

// vouched reports whether d's code k holds its check character as read:
// not a guessed repair, and its spot read as no other valid code. A misread
// passes a check character by chance only (one in 31 for a credit code,
// one in 11 for an organization code or an identity number), so such a
// code stands however unsurely its characters were read: on the tuning
// seeds 3636 and 3737, each of the 11 valid codes read under 0.6 so was
// right, and each of the 5 read wrong failed its check. A code read under
// dossier.Unread is no reading its check character can vouch for: the
// reader searched a stretch of junk for it, and of the many stretches it
// tried one passes by chance more often than not (5858 C0024: MA5HT0FD1,
// read at 0.05 off a row of boxes holding the unit's credit code, rejected
// a good case).
func vouched(d dossier.Document, k string) bool {
	v := d.Fields[k]
	if _, guessed := d.ReadAs[k]; guessed || v == "" || d.Disputed[k] != "" {
		return false
	}
	return readAtAll(d, k) && checkOf(k, v).Valid == ident.Valid
}

// checkOf checks v, read under the identifier field k, by its kind's
// check character.
func checkOf(k, v string) ident.Check {
	switch k {
	case dossier.FieldUSCC:
		return ident.USCC(v)
	case dossier.FieldOrgCode:
		return ident.OrgCode(v)
	}
	return ident.IDNumber(v)
}

// sameKind lists the fields that carry the same identifier as field k.
func sameKind(k string) []string {
	switch k {
	case dossier.FieldIDNumber, dossier.FieldOperatorID:
		return []string{dossier.FieldIDNumber, dossier.FieldOperatorID}
	}
	return []string{k}
}

// unbacked reports whether d's reading of identifier k (valid) is unsure,
// not vouched for by its check character, and no sure or vouched reading
// on any document has the same value, nor a reading on another paper where
// neither is a guessed repair: two readings of a valid code that agree on
// two papers do not agree by a misread, while a guess made to pass the
// check character may be wrong on both.
func (c *checker) unbacked(d dossier.Document, k string) bool {
	if c.sureField(d, k) || vouched(d, k) {
		return false
	}
	// What the unit declared does not count: the paper may be what is wrong.
	v := d.Fields[k]
	_, guessed := d.ReadAs[k]
	for _, o := range c.in.Documents {
		for _, ok := range sameKind(k) {
			if o.Fields[ok] != v {
				continue
			}
			if _, og := o.ReadAs[ok]; c.sureField(o, ok) || vouched(o, ok) || !guessed && !og && otherPaper(o, d) {
				return false
			}
		}
	}
	return true
}

// otherPaper reports whether documents a and b are different papers.
func otherPaper(a, b dossier.Document) bool {
	return len(a.Pages) > 0 && len(b.Pages) > 0 && a.Pages[0] != b.Pages[0]
}

// asRead is d's field k as read: the code before a guessed repair.
func asRead(d dossier.Document, k string) string {
	if raw, ok := d.ReadAs[k]; ok {
		return raw
	}
	return d.Fields[k]
}

// misread reports whether another document carries a valid value one or two
// characters away (changed, added or dropped) while no other document reads
// this one: then the difference is more likely the scanner's than the unit's.
// A guessed repair counts as read: made to pass the check character, it
// shows no valid code on paper.
func (c *checker) misread(field, v string) bool {
	idFields := map[string]bool{dossier.FieldIDNumber: true, dossier.FieldOperatorID: true}
	seen, near := 0, false
	for _, d := range c.in.Documents {
		for k := range d.Fields {
			if idFields[k] != idFields[field] || (!idFields[k] && k != dossier.FieldUSCC && k != dossier.FieldOrgCode) {
				continue
			}
			o := asRead(d, k)
			switch {
			case o == v:
				seen++
			case editDistance(o, v) <= 2 && ident.Classify(o).Valid == ident.Valid:
				near = true
			}
		}
	}
	return near && seen <= 1 // read so on its own document only
}

// editDistance counts the characters changed, added or dropped between two
// strings (Levenshtein, on characters).
func editDistance(x, y string) int {
	a, b := []rune(x), []rune(y)
	return editTable(a, b)[len(a)][len(b)]
}

// editTable is the edit distance between every head of a and every head
// of b: [i][j] between a[:i] and b[:j].
func editTable(a, b []rune) [][]int {
	dist := make([][]int, len(a)+1)
	for i := range dist {
		dist[i] = make([]int, len(b)+1)
		for j := range dist[i] {
			switch {
			case i == 0 || j == 0:
				dist[i][j] = i + j
			case a[i-1] == b[j-1]:
				dist[i][j] = dist[i-1][j-1]
			default:
				dist[i][j] = 1 + min(dist[i-1][j-1], dist[i-1][j], dist[i][j-1])
			}
		}
	}
	return dist
}

func (c *checker) crossChecks(docs map[dossier.DocType][]dossier.Document) {
	ref, ok := reference(docs)
	if !ok {
		return
	}
	refName := ref.Fields[dossier.FieldUnitName]
	refOrg := orgPart(ref)
	c.res.Unit = dossier.Unit{Name: refName, USCC: ref.Fields[dossier.FieldUSCC], OrgCode: refOrg}
	if refName == "" {
		c.say(dossier.LowConfidence, ref.Type, ref.Pages, "name.unread", ref.Type)
	}
	if refOrg == "" {
		c.say(dossier.LowConfidence, ref.Type, ref.Pages, "code.unread", ref.Type)
	}
	for _, d := range c.in.Documents {
		if d.Type == dossier.Other || d.Type == dossier.IDCard || d.Type == dossier.ResidencePermit || d.Type == dossier.CACertificate {
			continue
		}
		if n := d.Fields[dossier.FieldUnitName]; refName != "" && d.Pages[0] != ref.Pages[0] {
			dAlt, refAlt := disputedAs(d, dossier.FieldUnitName), disputedAs(ref, dossier.FieldUnitName)
			switch {
			case n == "":
				c.say(dossier.LowConfidence, d.Type, d.Pages, "name.unread", d.Type)
			case NormalizeName(n) == NormalizeName(refName) && (doubtful(d, dossier.FieldUnitName) || doubtful(ref, dossier.FieldUnitName)):
				c.say(dossier.LowConfidence, d.Type, d.Pages, "name.doubtful", d.Type, n, ref.Type)
			case NormalizeName(n) == NormalizeName(refName) && dAlt != "":
				c.say(dossier.LowConfidence, d.Type, d.Pages, "name.disputed", d.Type, n, dAlt, ref.Type)
			case NormalizeName(n) == NormalizeName(refName) && refAlt != "":
				c.say(dossier.LowConfidence, ref.Type, ref.Pages, "name.disputed", ref.Type, refName, refAlt, d.Type)
			case NormalizeName(n) != NormalizeName(refName):
				if d.Confidence < c.in.MinConfidence || readsAs(d, dossier.FieldUnitName, refName) || readsAs(ref, dossier.FieldUnitName, n) ||
					!c.definite(d, dossier.FieldUnitName, n, ref, dossier.FieldUnitName, refName) {
					c.say(dossier.LowConfidence, d.Type, d.Pages, "name.unsure_mismatch", d.Type, n, ref.Type, refName)
				} else {
					c.say(dossier.UnitNameMismatch, d.Type, d.Pages, "name.mismatch", d.Type, n, ref.Type, refName)
				}
			}
		}
		if o := orgPart(d); refOrg != "" && o != "" && o != refOrg && d.Pages[0] != ref.Pages[0] && c.bothValid(d, ref) {
			if !c.sureCode(d) || !c.sureCode(ref) || shiftedWindow(o, ref.Fields[dossier.FieldUSCC]) || shiftedWindow(refOrg, d.Fields[dossier.FieldUSCC]) {
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.unsure_mismatch", d.Type, o, ref.Type, refOrg)
				continue
			}
			if c.copyReads(d, refOrg) && editDistance(o, refOrg) <= 2 {
				c.say(dossier.LowConfidence, d.Type, d.Pages, "code.copies_differ", o, ref.Type, refOrg)
				continue
			}
			c.say(dossier.CodeMismatch, d.Type, d.Pages, "code.mismatch", d.Type, o, ref.Type, refOrg)
		}
	}
	if n := c.in.Info.UnitName; n != "" && refName != "" && NormalizeName(n) != NormalizeName(refName) {
		backed := c.corroborated(ref, dossier.FieldUnitName, refName) && c.heldSurely(ref, dossier.FieldUnitName, refName, n)
		if !backed && (oneOff(n, refName) || !sure(ref, dossier.FieldUnitName)) {
			c.say(dossier.LowConfidence, ref.Type, ref.Pages, "declared_name.unsure", n, ref.Type, refName)
		} else {
			c.say(dossier.UnitNameMismatch, "", nil, "declared_name.mismatch", n, ref.Type, refName)
		}
	}
	if code := c.in.Info.UnitCode; code != "" && refOrg != "" {
		if o := declaredOrg(code); o != refOrg {
			if c.bothValid(ref, ref) && c.heldCode(ref, refOrg) {
				c.say(dossier.CodeMismatch, "", nil, "declared_code.mismatch", code, ref.Type, refOrg)
			} else {
				c.say(dossier.LowConfidence, ref.Type, ref.Pages, "declared_code.unsure", code, ref.Type, refOrg)
			}
		}
	}
}

// oneOff reports whether two names differ by one character changed, added
// or dropped: what one misread character also does.
func oneOff(a, b string) bool { return editDistance(NormalizeName(a), NormalizeName(b)) == 1 }

// sureConfidence is how sure the reading of a name must be (its least sure
// character) for a difference to reject a case without a second reading to
// back it. On 210 sample cases, 81% of names read right had no character
// below 0.6, and 90% of names read wrong had one.
const sureConfidence = dossier.Sure

func sure(d dossier.Document, key string) bool {
	conf, ok := d.FieldConfidence[key]
	if !ok {
		conf = d.Confidence
	}
	return conf >= sureConfidence
}

// doubtfulConfidence is the confidence under which a name's least sure
// character is not read at all: tesseract put a character there, often the
// common one of a look-alike pair (平 for a handwritten 乎). Two readings
// that agree through such a character do not show the names are the same.
// On 210 sample cases, 59% of names read wrong had one, 2% of names read right.
const doubtfulConfidence = dossier.Unread

func doubtful(d dossier.Document, key string) bool {
	conf, ok := d.FieldConfidence[key]
	return ok && conf < doubtfulConfidence
}

// disputedAs is the other reading, one character apart, that d's spot of
// name key gave as often as the one kept (see dossier.Document.Disputed);
// "" where none did. The name's two readings each stand as well as the
// other: that d reads it as another document does shows nothing.
func disputedAs(d dossier.Document, key string) string {
	alt, v := d.Disputed[key], d.Fields[key]
	if alt == "" || v == "" || !oneChanged(alt, v) {
		return ""
	}
	return alt
}

// readsAs reports whether d's spot of name key was also read as w (its
// dispute): a difference from w may be the reader's, not the paper's.
func readsAs(d dossier.Document, key, w string) bool {
	alt := disputedAs(d, key)
	return alt != "" && NormalizeName(alt) == NormalizeName(w)
}

// corroborated reports whether the value v that d reads under key is read the
// same somewhere else: on another document (under a name field) or, for the
// unit's name, in what the unit declared. Two independent readings that agree
// are not a misread, unless either holds a character not read at all:
// tesseract misreads a character the same way on every copy (鑫 as 奢 at
// 0.03 on one document and 0.14 on another), so such readings agreeing
// back nothing.
func (c *checker) corroborated(d dossier.Document, key, v string) bool {
	if doubtful(d, key) {
		return false
	}
	v = NormalizeName(v)
	return c.typed(key, v) || c.readElsewhere(d, key, v, func(o dossier.Document, k string) bool { return !doubtful(o, k) })
}

// typed reports whether the unit's name v (normalized) is given typed, not
// read: in what the unit declared, or in a certificate's subject.
func (c *checker) typed(key, v string) bool {
	return key == dossier.FieldUnitName && (c.in.Info.UnitName != "" && NormalizeName(c.in.Info.UnitName) == v ||
		slices.ContainsFunc(c.certNames, func(n string) bool { return NormalizeName(n) == v }))
}

// readElsewhere reports whether a document other than d reads the name v
// (normalized) under a key of key's kind (a person's name is never backed
// by a unit's), where ok accepts that reading.
func (c *checker) readElsewhere(d dossier.Document, key, v string, ok func(o dossier.Document, k string) bool) bool {
	keys := []string{dossier.FieldUnitName}
	if key != dossier.FieldUnitName {
		keys = []string{dossier.FieldOperatorName, dossier.FieldHolderName}
	}
	for _, o := range c.in.Documents {
		if len(o.Pages) > 0 && len(d.Pages) > 0 && o.Pages[0] == d.Pages[0] {
			continue
		}
		for _, k := range keys {
			if w := o.Fields[k]; w != "" && NormalizeName(w) == v && ok(o, k) {
				return true
			}
		}
	}
	return false
}

// definite reports whether two names that differ (a as d reads it under
// aKey, b as e reads it under bKey) differ on paper, so the case is rejected,
// rather than by a misreading, so a clerk looks. Each reading must be sure or
// corroborated; a difference of one character, which is what one misread
// character makes, must be corroborated on both sides, or on one side with
// the other's differing character read surely itself (as the vote takes a
// character read surely both ways for a difference on paper).
//
// A character changed counts as corroborated only where some reading of it
// is sure (heldSurely): tesseract reads a look-alike the same way on every
// copy, unsurely each time (闽 as 闺 at 0.50 on a form and on the licence).
func (c *checker) definite(d dossier.Document, aKey, a string, e dossier.Document, bKey, b string) bool {
	ca, cb := c.corroborated(d, aKey, a), c.corroborated(e, bKey, b)
	if oneOff(a, b) || oneChanged(a, b) {
		ca, cb = ca && c.heldSurely(d, aKey, a, b), cb && c.heldSurely(e, bKey, b, a)
		return ca && cb || ca && charSure(e, bKey, b, a) || cb && charSure(d, aKey, a, b)
	}
	return (ca || sure(d, aKey) || apartSurely(d, aKey, a, b)) && (cb || sure(e, bKey) || apartSurely(e, bKey, b, a)) ||
		(ca || cb) && sureApart(d, aKey, a, e, bKey, b)
}

// sureApart reports whether two names as long as each other (brackets
// aside), a as d reads it under aKey and b as e reads it under bKey,
// differ in a character that each reads surely: a difference on paper,
// however unsure either is of another character they differ in (谢于涵,
// a typo on both copies of the form, against a card's 谢子深, its 涵
// misread unsurely and its 子 read at 0.67), as the vote takes a character
// read surely both ways (settle). definite asks one side corroborated
// besides, as it does of a name one character changed.
func sureApart(d dossier.Document, aKey, a string, e dossier.Document, bKey, b string) bool {
	ra, ia := unbracketed(a)
	rb, ib := unbracketed(b)
	if len(ra) != len(rb) {
		return false
	}
	ca, cb := charConfidences(d, aKey, a), charConfidences(e, bKey, b)
	for i := range ra {
		if ra[i] != rb[i] && ca[ia[i]] >= dossier.Sure && cb[ib[i]] >= dossier.Sure {
			return true
		}
	}
	return false
}

// charConfidences are the confidences of each character of v (normalized)
// as d reads it under key: the reader's, or the field's for each where the
// reader gave none.
func charConfidences(d dossier.Document, key, v string) []float64 {
	n := len([]rune(NormalizeName(v)))
	if cc := d.CharConfidence[key]; len(cc) == n {
		return cc
	}
	f, ok := d.FieldConfidence[key]
	if !ok {
		f = d.Confidence
	}
	cc := make([]float64, n)
	for i := range cc {
		cc[i] = f
	}
	return cc
}

// apartSurely reports whether d reads surely, character by character,
// what makes v (as d reads it under key) differ from w: each character of
// v that w has otherwise or not at all, and the two either side of where w
// has characters that v lacks. A difference of more than one character
// (有限公司 against 有限责任公司) is then on paper, however unsure the
// reading is elsewhere in the name (瑞 of 瑞丰 also read 珊). Characters
// lacking at either end of v are no such difference: a reading can lose
// a name's first or last character whole.
func apartSurely(d dossier.Document, key, v, w string) bool {
	rv, at := unbracketed(v)
	rw, _ := unbracketed(w)
	cc := d.CharConfidence[key]
	if len(cc) != len([]rune(NormalizeName(v))) || len(rv) == 0 {
		return false
	}
	n, m := len(rv), len(rw)
	dist := editTable(rv, rw)
	held := func(i int) bool { return cc[at[i]] >= dossier.Sure }
	apart := false
	for i, j := n, m; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && rv[i-1] == rw[j-1] && dist[i][j] == dist[i-1][j-1]:
			i, j = i-1, j-1
			continue
		case i > 0 && j > 0 && dist[i][j] == dist[i-1][j-1]+1:
			i, j = i-1, j-1 // read otherwise
			if !held(i) {
				return false
			}
		case i > 0 && dist[i][j] == dist[i-1][j]+1:
			i-- // a character w lacks
			if !held(i) {
				return false
			}
		default:
			j-- // a character v lacks, between v's i-1 and i
			if i == 0 || i == n || !held(i-1) || !held(i) {
				return false
			}
		}
		apart = true
	}
	return apart
}

// heldSurely reports whether the character by which v, as d reads it under
// key, differs from w is read surely where v is read: on d, or on another
// document that reads v (each character's confidence where the reader gave
// them, else the field's), or is not read at all but typed: in what the
// unit declared, or in a certificate's subject. Names that differ
// otherwise (a character added or dropped) have no such character: true.
func (c *checker) heldSurely(d dossier.Document, key, v, w string) bool {
	if !oneChanged(v, w) {
		return true
	}
	nv := NormalizeName(v)
	if c.typed(key, nv) {
		return true
	}
	surely := func(o dossier.Document, k string) bool {
		if len(o.CharConfidence[k]) == 0 {
			return sure(o, k)
		}
		return charSure(o, k, v, w)
	}
	return surely(d, key) || c.readElsewhere(d, key, nv, surely)
}

// unbracketed is a name without its brackets, each with its index in the
// name (normalized).
func unbracketed(name string) ([]rune, []int) {
	var out []rune
	var at []int
	for i, r := range []rune(NormalizeName(name)) {
		if r != '(' && r != ')' {
			out, at = append(out, r), append(at, i)
		}
	}
	return out, at
}

// oneChanged reports whether two names differ by one character changed
// once their brackets are left out: a reading that lost a bracket
// (乐南物流泉州）有限公司) and read a character differently from
// 东南物流（泉州）有限公司.
func oneChanged(a, b string) bool {
	ra, _ := unbracketed(a)
	rb, _ := unbracketed(b)
	if len(ra) != len(rb) {
		return false
	}
	n := 0
	for i := range ra {
		if ra[i] != rb[i] {
			n++
		}
	}
	return n == 1
}

// charSure reports whether d's reading v of name key, which differs from w
// in one character changed (brackets aside), read that character surely.
// The rest of the reading may be unsure: it agrees with w character by
// character, and a reading whose confidence was set apart from its words'
// (readings of one spot that disagree) has every character's brought to it.
// A person's name read with a bracket is read in pieces, and not sure.
func charSure(d dossier.Document, key, v, w string) bool {
	if key != dossier.FieldUnitName && strings.ContainsAny(NormalizeName(v), "()") {
		return false // no person's name holds a bracket: a character read in pieces (芳 as (法)
	}
	rv, at := unbracketed(v)
	rw, _ := unbracketed(w)
	cc := d.CharConfidence[key]
	if len(rv) != len(rw) || len(cc) != len([]rune(NormalizeName(v))) {
		return false
	}
	changed := 0
	for i := range rv {
		if rv[i] != rw[i] {
			if cc[at[i]] < dossier.Sure {
				return false
			}
			changed++
		}
	}
	return changed == 1
}

// validityFits reports whether an identity document's validity period is one
// the law gives its holder (age at issue from the number's birth date): a
// resident identity card 5 years under 16, 10 years to 25, 20 years to 45,
// 长期 from 46; a residence permit 5 years. A year's slack either side of an
// age limit; a period that cannot be judged (no birth date, a date that does
// not parse) fits.
func validityFits(t dossier.DocType, num, from, until string) (int, bool) {
	birth, ok := ident.BirthDate(num)
	f, err := time.Parse("2006-01-02", from)
	if !ok || err != nil {
		return 0, true
	}
	age := f.Year() - birth.Year()
	if f.YearDay() < birth.YearDay() {
		age--
	}
	years := -1 // 长期
	if until != "长期" {
		if _, err := time.Parse(time.DateOnly, until); err != nil {
			return age, true
		}
		var whole bool
		if years, whole = ident.ValidityYears(from, until); !whole {
			return age, false // a card runs whole years, to the day
		}
	}
	if t == dossier.ResidencePermit {
		return age, years == 5
	}
	fits := func(a int) bool {
		switch {
		case a < 16:
			return years == 5
		case a <= 25:
			return years == 10
		case a <= 45:
			return years == 20
		}
		return years == -1
	}
	return age, fits(age) || fits(age-1) || fits(age+1)
}

// periodBacked reports whether an identity document's period of validity,
// read unsurely, is backed by its own shape: a card runs whole years to the
// day, so its month and day are read twice, and the law fixes how many years
// from the holder's age at issue (validityFits), or for life (长期) from 46.
// A misread digit of the expiry year would have to be matched by the same
// misreading of the issue year, and still give the length the holder's age
// calls for. The issue date must not lie after the case's date, the
// holder's birth date must be known, and no digit of either date may be one
// not read at all.
func (c *checker) periodBacked(d dossier.Document) bool {
	from, until := d.Fields[dossier.FieldValidFrom], d.Fields[dossier.FieldValidUntil]
	f, err1 := time.Parse(time.DateOnly, from)
	_, err2 := time.Parse(time.DateOnly, until)
	if err1 != nil || err2 != nil && until != "长期" || f.After(c.in.AsOf) || doubtful(d, dossier.FieldValidFrom) || doubtful(d, dossier.FieldValidUntil) {
		return false
	}
	if _, ok := ident.BirthDate(d.Fields[dossier.FieldIDNumber]); !ok {
		return false
	}
	_, fits := validityFits(d.Type, d.Fields[dossier.FieldIDNumber], from, until)
	return fits
}

// shiftedWindow reports whether the organization code org, but for its
// check character, stands in the credit code uscc elsewhere than where a
// credit code holds its organization code (its ninth character on): a
// stretch read off a row of boxes holding that credit code, some boxes
// out, that passed its check character by chance (00MA21601 out of
// 91330100MA2160NU65), not another unit's code.
func shiftedWindow(org, uscc string) bool {
	if len(org) < 8 || len(uscc) != 18 {
		return false
	}
	i := strings.Index(uscc, org[:8])
	return i >= 0 && i != 8
}

// declaredOrg is the organization code inside a declared code (a USCC or an
// organization code).
func declaredOrg(code string) string {
	if len(code) == 18 {
		return ident.OrgCodeOfUSCC(code)
	}
	return ident.NormalizeOrgCode(code)
}

// sureCode reports whether d's code reading is sure enough to reject on.
func (c *checker) sureCode(d dossier.Document) bool {
	for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode} {
		if d.Fields[k] != "" {
			return c.sureField(d, k) || vouched(d, k)
		}
	}
	return false
}

// copyReads reports whether d is a copy of the application form whose
// other copy carries the organization code org (its own, or inside its
// credit code). The copies of one form carry the same entries, so a code
// one or two characters off on one copy alone is a misreading until a
// clerk says otherwise, however its check character holds: some
// look-alikes keep it always (7 and T in an organization code are 22
// apart, twice its modulus 11: MAF07A405 read MAF0TA405 off a row of
// boxes, 14343 C0028, rejected a good case), as the operator's name one
// character off on one copy is (operator.copies_differ).
func (c *checker) copyReads(d dossier.Document, org string) bool {
	return d.Type == dossier.ApplicationForm && slices.ContainsFunc(c.in.Documents, func(o dossier.Document) bool {
		return o.Type == dossier.ApplicationForm && otherPaper(o, d) && orgPart(o) == org
	})
}

// heldCode reports whether d's organization code org (its own, or inside
// its USCC) stands for the unit's: read surely on d, or read unsurely there
// and the same on another paper, and passing its check character (two
// independent readings of a valid code do not agree by a misread).
func (c *checker) heldCode(d dossier.Document, org string) bool {
	return c.sureCode(d) || c.bothValid(d, d) && c.orgReadElsewhere(d, org)
}

// orgReadElsewhere reports whether another document carries the organization
// code org too: a second, independent reading of it.
func (c *checker) orgReadElsewhere(d dossier.Document, org string) bool {
	for _, o := range c.in.Documents {
		if otherPaper(o, d) && orgPart(o) == org {
			return true
		}
	}
	return false
}

// bothValid reports whether both documents' codes pass their check characters,
// so a difference between them is the unit's, not a misread character's.
func (c *checker) bothValid(a, b dossier.Document) bool {
	ok := func(d dossier.Document) bool {
		k := dossier.FieldUSCC
		if d.Fields[k] == "" {
			k = dossier.FieldOrgCode
		}
		return checkOf(k, d.Fields[k]).Valid == ident.Valid
	}
	return ok(a) && ok(b)
}

func (c *checker) identity(docs map[dossier.DocType][]dossier.Document) {
	if c.in.Info.Type != dossier.CAReplacement {
		return
	}
	var id *dossier.Document
	for _, t := range []dossier.DocType{dossier.IDCard, dossier.ResidencePermit} {
		if len(docs[t]) > 0 {
			id = &docs[t][0]
			break
		}
	}
	if id == nil {
		if f := docs[dossier.ApplicationForm]; len(f) > 0 {
			c.res.Operator = dossier.Operator{Name: f[0].Fields[dossier.FieldOperatorName], IDNumber: f[0].Fields[dossier.FieldOperatorID]}
		}
		return
	}
	name, num := id.Fields[dossier.FieldHolderName], id.Fields[dossier.FieldIDNumber]
	c.res.Operator = dossier.Operator{Name: name, IDNumber: num}
	if name == "" || num == "" {
		c.say(dossier.LowConfidence, id.Type, id.Pages, "id.unread", id.Type)
	}
	switch until := id.Fields[dossier.FieldValidUntil]; {
	case until == "":
		c.say(dossier.LowConfidence, id.Type, id.Pages, "id.validity_unread", id.Type)
	case !c.sureField(*id, dossier.FieldValidUntil) && !c.periodBacked(*id):
		// Nothing else on paper repeats the expiry date: a weak reading of it
		// could hide an expired card.
		c.say(dossier.LowConfidence, id.Type, id.Pages, "id.validity_unsure", until)
	case until == "长期":
	default:
		t, err := time.Parse("2006-01-02", until)
		switch {
		case err != nil:
			c.say(dossier.LowConfidence, id.Type, id.Pages, "id.validity_bad", until)
		case t.Before(c.in.AsOf):
			c.say(dossier.IDExpired, id.Type, id.Pages, "id.expired", id.Type, until)
		}
	}
	// A number that fails its check gives no age to judge the period by
	// (392090219901112458 read for 35090219901112458X: "born" in 2199,
	// an age of -174 at issue); the number's own reason says what is wrong.
	if from, until := id.Fields[dossier.FieldValidFrom], id.Fields[dossier.FieldValidUntil]; from != "" && until != "" && ident.IDNumber(num).Valid == ident.Valid {
		if age, ok := validityFits(id.Type, num, from, until); !ok {
			c.say(dossier.LowConfidence, id.Type, id.Pages, "id.validity_length", id.Type, from, until, age)
		}
	}
	if at := guessedOnForm(docs[dossier.ApplicationForm], name); at >= 0 {
		forms := docs[dossier.ApplicationForm]
		c.say(dossier.LowConfidence, forms[0].Type, pagesOf(forms), "operator.guessed", name, string([]rune(NormalizeName(name))[at]), id.Type)
	}
	for _, f := range docs[dossier.ApplicationForm] {
		on, oid := f.Fields[dossier.FieldOperatorName], f.Fields[dossier.FieldOperatorID]
		if on == "" || oid == "" {
			c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.unread")
			continue
		}
		if name != "" && on == name && (doubtful(f, dossier.FieldOperatorName) || doubtful(*id, dossier.FieldHolderName)) {
			c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.doubtful", on)
		}
		if name != "" && on == name {
			if alt := disputedAs(f, dossier.FieldOperatorName); alt != "" {
				c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.disputed", on, alt)
			}
			if alt := disputedAs(*id, dossier.FieldHolderName); alt != "" {
				c.say(dossier.LowConfidence, id.Type, id.Pages, "holder.disputed", id.Type, name, alt)
			}
		}
		disputes := readsAs(f, dossier.FieldOperatorName, name) || readsAs(*id, dossier.FieldHolderName, on)
		// The copies of one form carry the same entries: where another
		// copy reads the holder's name, this copy's difference of a
		// character is a misreading until a clerk says otherwise (林传 on
		// one copy, 林伟 on the other and on the card). Another name
		// altogether is no misreading.
		copyAgrees := (oneOff(on, name) || oneChanged(on, name)) && slices.ContainsFunc(docs[dossier.ApplicationForm], func(g dossier.Document) bool {
			return g.Fields[dossier.FieldOperatorName] == name && !slices.Equal(g.Pages, f.Pages)
		})
		if name != "" && on != name && copyAgrees {
			c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.copies_differ", on, name)
		} else if name != "" && on != name && (disputes || !c.definite(f, dossier.FieldOperatorName, on, *id, dossier.FieldHolderName, name)) {
			c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.unsure", on, name)
		} else if name != "" && on != name {
			c.say(dossier.OperatorMismatch, f.Type, f.Pages, "operator.mismatch", on, name)
		}
		if num != "" && oid != num {
			// Numbers that differ are the unit's mistake only when both
			// pass their check and read surely; else a misread digit may be.
			if ident.IDNumber(oid).Valid == ident.Valid && ident.IDNumber(num).Valid == ident.Valid &&
				c.sureField(f, dossier.FieldOperatorID) && c.sureField(*id, dossier.FieldIDNumber) {
				c.say(dossier.OperatorMismatch, f.Type, f.Pages, "operator.id_mismatch", dossier.MaskID(oid), dossier.MaskID(num))
			} else {
				c.say(dossier.LowConfidence, f.Type, f.Pages, "operator.id_unsure", dossier.MaskID(oid), dossier.MaskID(num))
			}
		}
	}
}

// guessedOnForm is the first character of the identity document's name
// that every copy of the application form reading the same name singles
// out: reads it unsurely while it reads each of the name's other
// characters surely; -1 where none is, or no copy reads the name. The
// form and the card are the only papers that carry the operator's name,
// and a character the reader marks on the form as the one it could not
// tell, or does not know at all, comes out as the card's (the form's 陈艷,
// a typo, read 陈艳 with 艷 at 0.5 and 陈 at 0.74 and 0.94: the models
// hold no 艷): the agreement checks the card against itself. A name read
// in doubt as a whole (a second reading kept over the page's, every
// character brought down alike) marks no character.
func guessedOnForm(forms []dossier.Document, name string) int {
	n := []rune(NormalizeName(name))
	at, read := -1, false
	for _, f := range forms {
		k := dossier.FieldOperatorName
		if name == "" || NormalizeName(f.Fields[k]) != string(n) {
			continue
		}
		cc := f.CharConfidence[k]
		if len(cc) != len(n) {
			return -1 // no characters' confidences: nothing singled out
		}
		var low []int
		for i, c := range cc {
			if c < dossier.Sure {
				low = append(low, i)
			}
		}
		if len(low) != 1 || read && low[0] != at {
			return -1
		}
		at, read = low[0], true
	}
	return at
}

package extract

import (
	"image"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/extract/seal"
)

// PageResult is everything read off one page.
type PageResult struct {
	Ref       dossier.PageRef    `json:"ref"`
	Type      dossier.DocType    `json:"type"`
	TypeConf  float64            `json:"type_confidence"`
	Rotation  int                `json:"rotation"` // degrees the page was turned clockwise to read it
	Seals     []Seal             `json:"seals"`
	Sealed    bool               `json:"sealed"` // the unit's seal is on the page
	SealConf  float64            `json:"seal_confidence"`
	Fields    map[string]string  `json:"fields,omitempty"`
	FieldConf map[string]float64 `json:"field_confidence,omitempty"`
	// CharConf is each character's confidence in the names read, where
	// the words read show it.
	CharConf map[string][]float64 `json:"char_confidence,omitempty"`
	// Disputed is, for a name, the other reading its spot gave (see
	// disputedBy and dossier.Document.Disputed).
	Disputed map[string]string `json:"disputed,omitempty"`
	// ReadAs is, for a code kept as a guessed repair, the code as read
	// (see dossier.Document.ReadAs).
	ReadAs   map[string]string `json:"read_as,omitempty"`
	FromForm bool              `json:"from_form,omitempty"` // fields taken from a born-digital form's filled-in values
	Text     string            `json:"text"`
	Words    []Word            `json:"words"`
	Width    int               `json:"width"`
	Height   int               `json:"height"`
	// Problem says why the page could not be read (its image no longer
	// decodes, the reader failed on it); the case then goes to a clerk.
	Problem string `json:"problem,omitempty"`
}

// authorityLabels precede the issuing authority's name, under its printed seal.
var authorityLabels = []string{"登记机关", "颁发单位", "发证机关"}

// hasAuthoritySeal lists the document types printed with the issuer's seal.
var hasAuthoritySeal = map[dossier.DocType]bool{dossier.BusinessLicense: true, dossier.OrgCodeCertificate: true, dossier.SocialSecurityCert: true}

// ReadPage reads one page image: it finds the turn that makes the text
// readable (tesseract's orientation detection first, then, if the page still
// makes no sense, the other turns), OCRs the page with the red ink removed,
// classifies it, reads the fields (and reads again, from their own spots,
// those that came out missing, invalid or unsure) and finds the seals.
func ReadPage(ocr *OCR, img image.Image) (PageResult, error) {
	b := img.Bounds()
	grey := DropRed(img)
	var res PageResult
	var bestLines []Line
	var bestGrey *image.Gray
	bestScore := -1.0
	// Most pages come upright: read them as they are first. When that
	// reading makes no sense of the page, orientation detection says which
	// turn to try next, then the rest.
	turns := []int{0, 180, 90, 270}
	for i := 0; i < len(turns); i++ {
		rot := turns[i]
		if i == 1 {
			if deg, _, ok, err := ocr.osd.turn(grey); err == nil && ok && deg != 0 {
				turns = []int{0, deg}
				for _, t := range []int{180, 90, 270} {
					if t != deg {
						turns = append(turns, t)
					}
				}
				rot = deg
			}
		}
		g := grey
		if rot != 0 {
			g = turnGrey(grey, rot)
		}
		words, err := ocr.Words(g)
		if err != nil {
			return res, err
		}
		lines := joinRowPieces(Lines(words))
		text := joinLines(lines)
		typ, conf := Classify(text)
		score := readable(words)
		if typ != dossier.Other {
			score += 1000 * conf
		}
		// A page on its side can still give its keywords: tesseract reads
		// its lines as vertical text. Such a reading loses to any upright one.
		side := sideways(lines)
		if side {
			score -= 2000
		}
		if score > bestScore {
			bestScore, bestLines, bestGrey = score, lines, g
			res = PageResult{Type: typ, TypeConf: conf, Rotation: rot, Text: text, Words: words,
				Width: g.Bounds().Dx(), Height: g.Bounds().Dy()}
		}
		// Read upright, a page that says what it is stops the search: a
		// known document, a blank page, or a list or notice by its title.
		if !side && ((typ != dossier.Other && conf >= 0.6) || (typ == dossier.Other && (conf >= 0.9 || saysOther(text)) && rot == 0)) {
			break
		}
	}
	// A page that reads as nothing known may hold a small card, tilted or
	// under a seal, that the layout analysis took for a picture: read as
	// scattered text, it may say what it is.
	// (Not a page its own words make something else: a list of papers
	// names a form's title in its body, which pieces of it glued into lines
	// can make look like one.)
	sparse := false
	pageLines := bestLines
	if res.Type == dossier.Other && !saysOther(res.Text) {
		words, lines, err := ocr.sparseRead(bestGrey)
		if err != nil {
			return res, err
		}
		text := joinLines(lines)
		if typ, conf := Classify(text); typ != dossier.Other && conf >= 0.6 {
			res.Type, res.TypeConf, res.Text, res.Words = typ, conf, text, words
			bestLines, sparse = lines, true
		}
	}
	fr := readFields(res.Type, bestLines)
	if sparse {
		keepLabelledName(fr, bestLines)
		if filled := unitFieldsFilled(fr, readFields(res.Type, pageLines)); filled {
			bestLines = append(slices.Clip(bestLines), pageLines...)
		}
	}
	res.Fields, res.FieldConf = fr.values, fr.conf
	// Names read unsurely are read again from their line: the unit's in
	// the page's model enlarged, and every name in the standard model
	// (which reads 鑫 and 闽) at the scan's size and enlarged.
	res.Disputed = map[string]string{}
	second := newSecondReads(res.Disputed)
	reread, err := rereadNames(ocr, bestGrey, res.Type, bestLines, res.Fields, res.FieldConf, second)
	if err != nil {
		return res, err
	}
	for _, k := range []string{dossier.FieldOperatorName, dossier.FieldHolderName} {
		if n := res.Fields[k]; n != "" && utf8.RuneCountInString(n) < 2 {
			// a name cut short that its second reading did not give whole
			delete(res.Fields, k)
			delete(res.FieldConf, k)
		}
	}
	if err := rereadCodes(ocr, bestGrey, res.Type, bestLines, fr); err != nil {
		return res, err
	}
	res.ReadAs = fr.guessed
	maps.Copy(res.Disputed, fr.disputed)
	held, err := rereadHolderName(ocr, bestGrey, res.Type, bestLines, res.Fields, res.FieldConf)
	if err != nil {
		return res, err
	}
	if err := rereadValidity(ocr, bestGrey, res.Type, bestLines, res.Fields, res.FieldConf); err != nil {
		return res, err
	}
	if unitCodeLost(res.Type, res.Fields) {
		if err := readStraight(ocr, bestGrey, &res); err != nil {
			return res, err
		}
	}
	charLines := append(slices.Clip(bestLines), slices.Concat(reread, held)...)
	if res.Type == dossier.ApplicationForm && formIncomplete(res.Fields, res.FieldConf) {
		glines, err := readForm(ocr, bestGrey, res.Fields, res.FieldConf, res.ReadAs, second)
		if err != nil {
			return res, err
		}
		charLines = append(slices.Clip(charLines), glines...)
	}
	if keys := sparseWanted(res.Type, bestLines, res.Fields); !sparse && len(keys) > 0 {
		slines, err := readSparse(ocr, bestGrey, &res, keys, second)
		if err != nil {
			return res, err
		}
		charLines = append(slices.Clip(charLines), slines...)
	}
	asRead, asReadConf := res.Fields[dossier.FieldUnitName], res.FieldConf[dossier.FieldUnitName]
	if n, ok := misreadPlace(res.Fields[dossier.FieldUnitName], charLines, second.spot[dossier.FieldUnitName]); ok {
		res.Fields[dossier.FieldUnitName] = n
		res.FieldConf[dossier.FieldUnitName] = min(res.FieldConf[dossier.FieldUnitName], guessedConf)
	}
	if n, ok := lostPlaceHead(res.Fields[dossier.FieldUnitName], second.spot[dossier.FieldUnitName]); ok {
		res.Fields[dossier.FieldUnitName] = n
		res.FieldConf[dossier.FieldUnitName] = min(res.FieldConf[dossier.FieldUnitName], guessedConf)
	}
	if n, ok := issuedShi(res.Fields[dossier.FieldUnitName], res.Type != dossier.ApplicationForm); ok {
		res.Fields[dossier.FieldUnitName] = n
	}
	if n, ok := lostSi(res.Fields[dossier.FieldUnitName]); ok {
		res.Fields[dossier.FieldUnitName] = n
		res.FieldConf[dossier.FieldUnitName] = min(res.FieldConf[dossier.FieldUnitName], guessedConf)
	}
	for k, alt := range res.Disputed {
		if codeKind[k] == "" && oneCharChanged(alt, res.Fields[k]) < 0 || codeKind[k] != "" && (alt == res.Fields[k] || res.Fields[k] == "") {
			delete(res.Disputed, k) // the name or code read in the end is another
		}
	}
	for _, k := range []string{dossier.FieldUnitName, dossier.FieldOperatorName, dossier.FieldHolderName} {
		split := splitAt(res.Fields[k], second.spot[k]) // the characters read otherwise
		if alt := res.Disputed[k]; alt != "" {
			if at := oneCharChanged(Compact(alt), Compact(res.Fields[k])); at >= 0 {
				if split == nil {
					split = make([]bool, utf8.RuneCountInString(Compact(res.Fields[k])))
				}
				split[at] = true
			}
		}
		cc := charConfs(charLines, res.Fields[k], res.FieldConf[k], split)
		if cc == nil && k == dossier.FieldUnitName && res.Fields[k] != asRead {
			cc = mendedConfs(charConfs(charLines, asRead, asReadConf, nil), asRead, res.Fields[k])
		}
		if res.Fields[k] != "" && cc != nil {
			readOtherwiseDown(cc, res.Fields[k], second.otherwise[k], res.FieldConf[k])
			if res.CharConf == nil {
				res.CharConf = map[string][]float64{}
			}
			res.CharConf[k] = cc
		}
	}
	if n := res.Fields[dossier.FieldHolderName]; n != "" {
		res.FieldConf[dossier.FieldHolderName] = doubtSurname(n, res.CharConf[dossier.FieldHolderName], res.FieldConf[dossier.FieldHolderName])
	}
	// Seals, on the page as scanned; the authority's label boxes are turned back to match.
	res.Seals = FindSealsOnImage(img)
	var labels []image.Rectangle // on the upright page
	issuer := ""                 // the issuing office's name printed after its label
	for _, l := range bestLines {
		for _, lab := range authorityLabels {
			if _, after, ok := strings.Cut(Compact(l.Text), lab); ok {
				labels = append(labels, l.labelBox(lab))
				if n := trimJunk(after); issuer == "" && utf8.RuneCountInString(n) >= 4 {
					issuer = n
				}
			}
		}
	}
	// Whose seal: the name along its arc says so when it can be read (the
	// unit's name, or an authority's); failing that, a seal at the issuer's
	// label is the issuer's.
	unitName := res.Fields[dossier.FieldUnitName]
	round := 0 // round and oval seals: a unit's official seal is one of them
	evidence := make([]seal.Evidence, len(res.Seals))
	for i := range res.Seals {
		s := &res.Seals[i]
		evidence[i] = seal.Evidence{Square: s.Square, UnitName: unitName, IssuerPrints: hasAuthoritySeal[res.Type], IssuerName: issuer}
		if s.Square {
			continue // a person's name seal, not the unit's
		}
		round++
		up := turnRect(s.Box, res.Rotation, b.Dx(), b.Dy())
		for _, lb := range labels {
			evidence[i].AtIssuerLabel = evidence[i].AtIssuerLabel || atLabel(up, lb)
		}
		evidence[i].AwayFromIssuer = !evidence[i].AtIssuerLabel && !issuerCorner(s.Box, res.Rotation, b.Dx(), b.Dy())
		text, err := ocr.readArc(img, *s, res.Rotation, evidence[i])
		if err != nil {
			return res, err
		}
		s.Text, evidence[i].Arc = text, text
	}
	owners, byName := seal.Owners(evidence)
	units := 0
	named := slices.Contains(byName, true) // a seal's arc names its owner: the unit, or an office
	for i := range res.Seals {
		res.Seals[i].Unit = owners[i] == seal.OwnerUnit
		if res.Seals[i].Unit {
			units++
		}
	}
	res.Sealed = units > 0
	res.SealConf = 0.95
	if hasAuthoritySeal[res.Type] && round == 1 && !named {
		// One seal, its arc unread, where the issuer prints its own: at the
		// issuer's label, or in the issuer's corner when no label was read.
		// It may be the issuer's printed seal (a colour copy) or the unit's
		// stamped there (the issuer's grey in a black-and-white copy, so
		// not found). A clerk must look.
		s := res.Seals[slices.IndexFunc(res.Seals, func(s Seal) bool { return !s.Square })]
		if len(labels) > 0 && !s.Unit || len(labels) == 0 && issuerCorner(s.Box, res.Rotation, b.Dx(), b.Dy()) {
			res.SealConf = 0.4
		}
	}
	if units == 0 && round > 1 {
		// A certificate carries one issuer's seal: of two or more taken
		// for issuers', one is likely the unit's with its arc misread
		// (公司 read as 人局). A clerk must look.
		res.SealConf = 0.4
	}
	res.SealConf = unitSealConf(res.Seals, res.SealConf)
	return res, nil
}

// unitFieldsFilled fills the unit's name and codes that fr, a sparse
// reading's that told what the page is, lacks from page, the page's own
// reading's, and reports whether it filled any: read as scattered pieces,
// a certificate's name can come with letters among its characters
// (长ZI GE以易(杭州)股份有限公司) that the page's reading, which missed its
// title, read whole. A person's name is not taken so: the page's reading
// of a card under a seal is the one that made no sense.
func unitFieldsFilled(fr, page fieldReading) bool {
	filled := false
	for _, k := range []string{dossier.FieldUnitName, dossier.FieldUSCC, dossier.FieldOrgCode} {
		if fr.values[k] != "" || page.values[k] == "" || codeKind[k] != "" && (fr.values[dossier.FieldUSCC] != "" || fr.values[dossier.FieldOrgCode] != "") {
			continue
		}
		fr.values[k], fr.conf[k] = page.values[k], page.conf[k]
		if src, ok := page.codes[k]; ok {
			fr.codes[k] = src
		}
		if raw, ok := page.guessed[k]; ok {
			fr.guessed[k] = raw
		}
		filled = true
	}
	return filled
}

// unitCodeLost reports whether a page of a type that carries the unit's
// code gave none.
func unitCodeLost(t dossier.DocType, f map[string]string) bool {
	switch t {
	case dossier.ApplicationForm, dossier.BusinessLicense, dossier.OrgCodeCertificate, dossier.SocialSecurityCert:
		return f[dossier.FieldUSCC] == "" && f[dossier.FieldOrgCode] == ""
	}
	return false
}

// readStraight reads a page scanned askew again, set straight, for the
// unit's code its first reading lost: the page's layout analysis can drop
// a line of large type on a page two degrees askew (代码：84501777-9 on a
// certificate, found nowhere else on it). Only the codes missing are
// taken from it. Every page set straight before its first reading read
// no better on the whole (on three tuning seeds, as many fields read
// wrong as before, other ones: a small card's 涛 read 清 once turned), so
// it is done only here, where the first reading failed.
func readStraight(ocr *OCR, g *image.Gray, res *PageResult) error {
	a := skew(g, printLevel(g))
	if math.Abs(a) <= minSkew {
		return nil
	}
	g = rotate(g, a)
	words, err := ocr.Words(g)
	if err != nil {
		return err
	}
	lines := joinRowPieces(Lines(words))
	fr := readFields(res.Type, lines)
	if err := rereadCodes(ocr, g, res.Type, lines, fr); err != nil {
		return err
	}
	for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode} {
		if fr.values[k] != "" && res.Fields[k] == "" {
			res.takeCode(fr, k)
		}
	}
	return nil
}

// takeCode sets the code k of res to fr's reading of it, with how it was
// read where that was a guess (ReadAs) and the other valid code its spot
// gave (Disputed).
func (res *PageResult) takeCode(fr fieldReading, k string) {
	res.Fields[k], res.FieldConf[k] = fr.values[k], fr.conf[k]
	if raw, ok := fr.guessed[k]; ok {
		res.ReadAs[k] = raw
	}
	if alt, ok := fr.disputed[k]; ok {
		res.Disputed[k] = alt
	}
}

// unitSealConf brings conf, how sure the page's seals are, down to how
// surely its unit's seal was found: as surely as its surest unit seal, so
// a faint second ring (a pen's loop, scored 0.18) does not make a clear
// seal doubtful.
func unitSealConf(seals []Seal, conf float64) float64 {
	surest := -1.0
	for _, s := range seals {
		if s.Unit {
			surest = math.Max(surest, s.Score)
		}
	}
	if surest < 0 {
		return conf
	}
	return math.Min(conf, 0.5+0.5*surest)
}

// rereadNames reads the page's unsure names again from their lines (see
// rereadName): the unit's in the page's model enlarged, and every name in
// the standard model at the scan's size and enlarged, a person's in the
// page's model too where those readings tie; only those of keys,
// when keys are given. It returns the lines of the readings that gave a
// name other than the page's.
func rereadNames(ocr *OCR, g *image.Gray, typ dossier.DocType, lines []Line, f map[string]string, c map[string]float64, second *secondReads, keys ...string) ([]Line, error) {
	std1, std2 := stdReads(ocr)
	tie1, tie2 := tieReads(ocr)
	var read []Line
	for _, n := range []struct {
		key   string
		reads []lineRead
	}{
		{dossier.FieldUnitName, []lineRead{{words: ocr.LineWords, scale: 2}, std1, std2}},
		{dossier.FieldOperatorName, []lineRead{std1, std2, tie1, tie2}},
		{dossier.FieldHolderName, []lineRead{std1, std2, tie1, tie2}},
	} {
		if len(keys) > 0 && !slices.Contains(keys, n.key) {
			continue
		}
		rl, err := rereadName(g, typ, lines, f, c, second, n.key, n.reads...)
		if err != nil {
			return nil, err
		}
		read = append(read, rl...)
	}
	return read, nil
}

// sparseKeys are, per page type, the fields whose absence has the page
// read again as scattered text.
var sparseKeys = map[dossier.DocType][]string{
	dossier.IDCard:             {dossier.FieldHolderName, dossier.FieldIDNumber},
	dossier.ResidencePermit:    {dossier.FieldHolderName, dossier.FieldIDNumber},
	dossier.ApplicationForm:    {dossier.FieldUnitName},
	dossier.BusinessLicense:    {dossier.FieldUnitName},
	dossier.OrgCodeCertificate: {dossier.FieldUnitName},
	dossier.SocialSecurityCert: {dossier.FieldUnitName},
}

// sparseWanted lists the fields of a page of type typ, read as lines
// with fields, that a sparse reading should look for: its sparseKeys
// missing; a certificate's code, where it gave none (a code centred under
// the title, 代码：MANEQX1R-0, can be lost whole with its label); and the
// period of validity of a card's back that gave none, where any of its
// backPrint is read: level with the front's number beside it, its line
// can be lost whole.
func sparseWanted(typ dossier.DocType, lines []Line, fields map[string]string) []string {
	var keys []string
	for _, k := range sparseKeys[typ] {
		if fields[k] == "" {
			keys = append(keys, k)
		}
	}
	if unitCodeLost(typ, fields) && typ != dossier.ApplicationForm {
		keys = append(keys, codeFields[typ]...)
	}
	if (typ == dossier.IDCard || typ == dossier.ResidencePermit) && fields[dossier.FieldValidFrom] == "" &&
		slices.ContainsFunc(lines, func(l Line) bool { return backPrinted(Compact(l.Text)) }) {
		keys = append(keys, dossier.FieldValidFrom, dossier.FieldValidUntil)
	}
	return keys
}

// readSparse reads a page again as scattered text when the page's
// reading left out one of its sparseKeys: tesseract's layout analysis can
// take a card's side that a seal was stamped across, or that lies beside
// its photo, for a picture, and lose a licence's line of name between its
// spaced-out label and a long gap. What was missing of keys is filled from
// the sparse lines, which are returned; what was read stays.
func readSparse(ocr *OCR, g *image.Gray, res *PageResult, keys []string, second *secondReads) ([]Line, error) {
	typ, fields, conf := res.Type, res.Fields, res.FieldConf
	_, lines, err := ocr.sparseRead(g)
	if err != nil {
		return nil, err
	}
	fr := readFields(typ, lines)
	keepLabelledName(fr, lines)
	// Only the key fields: pieces glued into lines can make up a code out
	// of a printed pattern's digits (006344040000333773).
	var filled []string
	for _, k := range keys {
		if v := fr.values[k]; v != "" && fields[k] == "" && codeKind[k] == "" {
			fields[k], conf[k] = v, fr.conf[k]
			filled = append(filled, k)
		}
	}
	if slices.ContainsFunc(keys, func(k string) bool { return codeKind[k] != "" }) {
		if err := readLabelledCodes(ocr, g, typ, lines, keys, res); err != nil {
			return nil, err
		}
	}
	if k := dossier.FieldUnitName; slices.Contains(keys, k) && fields[k] == "" && typ != dossier.ApplicationForm {
		row, err := readNameRow(ocr, g, typ, lines, fields, conf)
		if err != nil {
			return nil, err
		}
		if fields[k] != "" {
			lines = append(lines, row...)
			filled = append(filled, k)
		}
	}
	if len(filled) == 0 {
		return lines, nil
	}
	// A name filled here is read again, as on the page, where unsure.
	reread, err := rereadNames(ocr, g, typ, lines, fields, conf, second, filled...)
	if err != nil {
		return nil, err
	}
	return append(lines, reread...), nil
}

// readLabelledCodes fills the codes among keys that res lacks (the
// unit's, a card's number) from the sparse reading's lines, read again
// from their spot as on the page (rereadCodes), looking only on the rows
// of a code's label and the row under each: a code read anywhere else of a
// sparse reading may be made up of a printed pattern's pieces. A card's
// number is looked for on a row that holds one's shape too, its label
// misread (公民身份号码 as 人和份蚂 under a seal's ring, 14040 C0010): a
// card prints no pattern, and the number read again must pass its check.
func readLabelledCodes(ocr *OCR, g *image.Gray, typ dossier.DocType, lines []Line, keys []string, res *PageResult) error {
	var near []Line
	for _, l := range lines {
		t := Compact(l.Text)
		if !slices.ContainsFunc(keys, func(k string) bool {
			return slices.ContainsFunc(codeLabels[k], func(lab string) bool { return strings.Contains(t, lab) }) ||
				k == dossier.FieldIDNumber && idIn(upperCode(t)) != ""
		}) {
			continue
		}
		h := max(1, l.Box.Dy())
		for _, o := range lines {
			if mid := (o.Box.Min.Y + o.Box.Max.Y) / 2; mid >= l.Box.Min.Y && mid <= l.Box.Max.Y+2*h && !slices.ContainsFunc(near, func(n Line) bool { return n.Box == o.Box }) {
				near = append(near, o)
			}
		}
	}
	if len(near) == 0 {
		return nil
	}
	fr := readFields(typ, near)
	if err := rereadCodes(ocr, g, typ, near, fr); err != nil {
		return err
	}
	for _, k := range keys {
		if fr.values[k] != "" && codeKind[k] != "" && (unitCodeLost(typ, res.Fields) || k == dossier.FieldIDNumber && res.Fields[k] == "") {
			res.takeCode(fr, k)
		}
	}
	return nil
}

// readNameRow reads a certificate's unit name from a line of lines that
// its label leads (名称, one of its characters misread: 四称) with five
// Chinese characters after it or more, where no reading gave a name: read
// as scattered text, a name can come with letters among its characters
// (四称广州华ML人LV食品有限责任公司) and be no name. The line is cut out and
// read as one line, in the page's model and then the standard, at the
// scan's size and enlarged, until a reading gives a name; that goes into
// f and c, a little less sure than a name read in its place (as one found
// by its form alone), for rereadName to read again as any unsure name.
// The lines of the reading, set back on the page, are returned.
func readNameRow(ocr *OCR, g *image.Gray, typ dossier.DocType, lines []Line, f map[string]string, c map[string]float64) ([]Line, error) {
	for _, l := range lines {
		if !labelLed(Compact(l.Text)) {
			continue
		}
		spot := l.Box.Inset(-l.Box.Dy() / 3).Intersect(g.Bounds())
		slope, paper := slopeAbout(g, spot)
		for _, read := range []lineRead{{words: ocr.LineWords, scale: 1}, {words: ocr.LineWords, scale: 2}, {words: ocr.NameWords, scale: 1, std: true}, {words: ocr.NameWords, scale: 2, std: true}} {
			words, err := read.cut(g, spot, slope, paper, wordHeight(l))
			if err != nil {
				return nil, err
			}
			f2, c2 := Fields(typ, Lines(words))
			n := f2[dossier.FieldUnitName]
			if n == "" {
				continue
			}
			for i := range words {
				b := words[i].Box
				words[i].Box = image.Rect(spot.Min.X+b.Min.X/read.scale, spot.Min.Y+b.Min.Y/read.scale, spot.Min.X+b.Max.X/read.scale, spot.Min.Y+b.Max.Y/read.scale)
			}
			f[dossier.FieldUnitName], c[dossier.FieldUnitName] = n, 0.9*c2[dossier.FieldUnitName]
			return Lines(words), nil
		}
	}
	return nil, nil
}

// labelLed reports whether t, a line's text, begins with a unit name's
// label, one character of it misread (四称, 单位名移), and holds five
// Chinese characters or more after it.
func labelLed(t string) bool {
	r := []rune(t)
	end := -1
	if len(r) > 2 && (r[0] == '名' || r[1] == '称') && unicode.Is(unicode.Han, r[0]) && unicode.Is(unicode.Han, r[1]) {
		end = 2
	}
	for _, lab := range unitNameLabels {
		if n := fuzzyLead(t, lab); n > 0 {
			end = len([]rune(t[:n]))
		}
	}
	if end < 0 {
		return false
	}
	han := 0
	for _, x := range r[end:] {
		if unicode.Is(unicode.Han, x) {
			han++
		}
	}
	return han >= 5
}

// keepLabelledName drops a holder's name not read after its label from
// fields read from sparse lines: read as scattered pieces, a page holds many
// short lines that look like a name alone (民共和 of 中华人民共和国, 省市).
func keepLabelledName(fr fieldReading, lines []Line) {
	if v, _ := labelledHolderName(lines); v != fr.values[dossier.FieldHolderName] {
		delete(fr.values, dossier.FieldHolderName)
		delete(fr.conf, dossier.FieldHolderName)
	}
}

// sideways reports whether most lines of three characters or more stand
// taller than wide: the page lies on its side and tesseract read its lines
// as vertical text.
func sideways(lines []Line) bool {
	n, tall := 0, 0
	for _, l := range lines {
		if len([]rune(Compact(l.Text))) < 3 {
			continue
		}
		n++
		if l.Box.Dy() > 2*l.Box.Dx() {
			tall++
		}
	}
	return n > 0 && 2*tall > n
}

// readable counts the Han characters tesseract is fairly sure of.
func readable(words []Word) float64 {
	n := 0.0
	for _, w := range words {
		if w.Conf >= dossier.Sure {
			n += float64(hanCount(w.Text))
		}
	}
	return n
}

func joinLines(lines []Line) string {
	var sb strings.Builder
	for _, l := range lines {
		sb.WriteString(l.Text)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// turnGrey turns a grey image clockwise by 90, 180 or 270 degrees.
func turnGrey(src *image.Gray, deg int) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	var dst *image.Gray
	if deg == 180 {
		dst = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		dst = image.NewGray(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+w]
		for x, v := range row {
			switch deg {
			case 90:
				dst.Pix[x*dst.Stride+h-1-y] = v
			case 180:
				dst.Pix[(h-1-y)*dst.Stride+w-1-x] = v
			case 270:
				dst.Pix[(w-1-x)*dst.Stride+y] = v
			}
		}
	}
	return dst
}

// issuerCorner reports whether a seal (a box on the page as scanned, which
// turned by deg stands upright) lies in the lower right of the upright page,
// where licences and certificates carry their issuer's seal over the date of
// issue: its middle below the page's, and three quarters of its width or
// more right of the page's middle. A seal stamped across the middle is
// where a unit stamps its copy, not where an issuer prints (tuning seed
// 7878: a unit's seal below a certificate's frame, 5 px right of the
// middle, with the issuer's label unread, sent a good case to a clerk).
func issuerCorner(r image.Rectangle, deg, w, h int) bool {
	u := turnRect(r, deg, w, h)
	if deg == 90 || deg == 270 {
		w, h = h, w
	}
	x, y := (u.Min.X+u.Max.X)/2, (u.Min.Y+u.Max.Y)/2
	return 2*x > w+u.Dx()/2 && 2*y > h
}

// turnRect maps a box on the page of w x h as scanned onto the page turned
// clockwise by deg.
func turnRect(r image.Rectangle, deg, w, h int) image.Rectangle {
	p := func(x, y int) image.Point {
		switch deg {
		case 90:
			return image.Pt(h-1-y, x)
		case 180:
			return image.Pt(w-1-x, h-1-y)
		case 270:
			return image.Pt(y, w-1-x)
		}
		return image.Pt(x, y)
	}
	a, c := p(r.Min.X, r.Min.Y), p(r.Max.X, r.Max.Y)
	return image.Rect(a.X, a.Y, c.X, c.Y).Canon()
}

// atLabel reports whether a seal lies at an issuer's label (both boxes on
// the upright page). The issuer stamps over its name, which runs on to the
// right of its label or below it and is often lost to OCR under the seal,
// so the label may end a seal's width away; but a seal whose centre stands
// left of where the label begins covers none of it: it was stamped beside.
func atLabel(s, label image.Rectangle) bool {
	cx := (s.Min.X + s.Max.X) / 2
	return rectDist(s, label) < float64(s.Dx()) && cx >= label.Min.X-s.Dx()/4
}

// rectDist is the distance from a's centre to the nearest point of b.
func rectDist(a, b image.Rectangle) float64 {
	cx, cy := float64(a.Min.X+a.Max.X)/2, float64(a.Min.Y+a.Max.Y)/2
	dx := math.Max(0, math.Max(float64(b.Min.X)-cx, cx-float64(b.Max.X)))
	dy := math.Max(0, math.Max(float64(b.Min.Y)-cy, cy-float64(b.Max.Y)))
	return math.Hypot(dx, dy)
}

package seal

import (
	"slices"
	"strings"
	"unicode"
)

// Owner is whose a seal is.
type Owner int

const (
	// OwnerUnit is the unit's official seal, the one every copy must bear.
	OwnerUnit Owner = iota
	// OwnerIssuer is the seal of the office that issued a certificate or
	// licence, printed on it (or on its copy).
	OwnerIssuer
	// OwnerPerson is a person's square name seal (法人章), never a unit's.
	OwnerPerson
)

func (o Owner) String() string {
	return [...]string{"unit", "issuer", "person"}[o]
}

// Evidence is what is known round a seal to tell whose it is.
type Evidence struct {
	Square       bool   // a square name seal
	Arc          string // the name along its upper arc, as read (often badly)
	UnitName     string // the unit's name as read on the page, or ""
	IssuerPrints bool   // the page is a certificate or licence that carries its issuer's seal
	// IssuerName is the issuing office's name as the page prints it after
	// its label (发证机关：南平市社会保险事业管理局), or "".
	IssuerName    string
	AtIssuerLabel bool // the seal lies at the issuer's label (发证机关, 登记机关, 颁发单位)
	// AwayFromIssuer: the seal lies neither at the issuer's label nor in
	// the issuer's corner (the lower right of the upright page), where
	// certificates print their issuer's seal. False when not known.
	AwayFromIssuer bool
}

// Whose says whose a seal is, and whether its arc named its owner. A
// square seal is a person's. An arc that reads as the unit's name makes it
// the unit's wherever it is; an arc that names a government office, on a
// page that carries its issuer's seal, the issuer's — by the words of an
// office's name anywhere, by a last 局 alone only where the issuer's seal
// is printed (junk read round a unit's seal stamped mid-page can end in
// 局), and, at the issuer's place, by the office's name the page prints
// after its label, read along the arc closer than the unit's
// (南平市社会钊从事业管理居: 保险 and 局 misread, no office's word left
// whole; a unit's name can share the office's place and trade, 南平市社会
// 保险服务…, so not away from the issuer's place). An arc read too badly to say
// leaves the seal's place to decide: at the issuer's label it is the
// issuer's, elsewhere the unit's.
func Whose(e Evidence) (o Owner, named bool) {
	switch {
	case e.Square:
		return OwnerPerson, false
	case e.UnitName != "" && ArcNames(e.Arc, e.UnitName):
		return OwnerUnit, true
	case e.IssuerPrints && !e.AwayFromIssuer && ArcNames(e.Arc, e.IssuerName) && BigramShare(e.Arc, e.IssuerName) > BigramShare(e.Arc, e.UnitName):
		return OwnerIssuer, true
	case e.IssuerPrints && AuthorityArc(e.Arc) && (!e.AwayFromIssuer || officeInWords(e.Arc)):
		return OwnerIssuer, true
	case e.AtIssuerLabel:
		return OwnerIssuer, false
	}
	return OwnerUnit, false
}

// Owners says whose each seal on one page is (as Whose), knowing that a
// certificate carries one issuer's seal: where one seal's arc names the
// issuer, another taken for the issuer's by its place alone is the unit's
// stamped near the issuer's label; where one seal's arc names the office
// in words (市场监督管理局), another whose arc only ends in 局 after
// characters that name no one is the unit's with its arc misread (its
// 公司 read as 局), as unread as an arc read as nothing.
func Owners(es []Evidence) (owners []Owner, named []bool) {
	owners, named = make([]Owner, len(es)), make([]bool, len(es))
	issuerNamed, inWords := false, false
	for i, e := range es {
		owners[i], named[i] = Whose(e)
		issuerNamed = issuerNamed || owners[i] == OwnerIssuer && named[i]
		inWords = inWords || owners[i] == OwnerIssuer && named[i] && officeInWords(e.Arc)
	}
	for i, e := range es {
		switch {
		case issuerNamed && owners[i] == OwnerIssuer && !named[i]:
			owners[i] = OwnerUnit
		case inWords && owners[i] == OwnerIssuer && !officeInWords(e.Arc):
			owners[i], named[i] = OwnerUnit, false
		}
	}
	return owners, named
}

// officeInWords reports whether one reading of an arc names an office by
// the words of its name, not by its last character alone.
func officeInWords(arc string) bool {
	return slices.ContainsFunc(strings.Fields(arc), func(r string) bool {
		return slices.ContainsFunc(officeWords, func(w string) bool { return strings.Contains(r, w) })
	})
}

// officeWords are words only an office's name holds.
var officeWords = []string{"监督", "管理局", "市场监", "人民政府", "委员会", "公安", "人力资源", "社会保", "行政审批", "质量技术"}

// ArcNames reports whether a seal's arc text, as read, is the name: half
// its character pairs or more found in it. Arc text reads poorly, so this
// says yes only on good evidence.
func ArcNames(arc, name string) bool {
	name = strings.Join(strings.Fields(name), "")
	if len([]rune(name)) < 3 || len([]rune(arc)) < 3 {
		return false
	}
	return BigramShare(arc, name) >= 0.5
}

// AuthorityArc reports whether a seal's arc names a government office: a
// bureau (局), an administration for market regulation, a people's
// government. A company's seal never does, whatever its trade (物业管理有限公司),
// and however its last characters read (公司 often comes out 公局, 有限 as 有腿).
// An arc read twice holds its readings apart by a space: one that names an
// office makes it an office's, unless another reads as a company's.
func AuthorityArc(arc string) bool {
	readings := strings.Fields(arc)
	for _, r := range readings {
		for _, w := range []string{"公司", "有限", "有", "限"} {
			if strings.Contains(r, w) {
				return false
			}
		}
	}
	return slices.ContainsFunc(readings, officeReading)
}

// officeReading reports whether one reading of an arc names an office.
func officeReading(arc string) bool {
	if officeInWords(arc) {
		return true
	}
	// An office's name ends in 局 after its place and trade (五 characters
	// at least: 某市税务局); a company's 公司 misread as 公局 keeps its 公,
	// and a few characters read from a worn arc (人全局) name no one.
	han := 0
	for _, r := range arc {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han >= 5 && strings.HasSuffix(strings.TrimRightFunc(arc, func(r rune) bool { return !unicode.Is(unicode.Han, r) }), "局") && !strings.Contains(arc, "公")
}

// BigramShare is the share of word's character pairs found in text, so one
// misread character costs part of a match, not all of it.
func BigramShare(text, word string) float64 {
	r := []rune(word)
	if len(r) < 2 {
		return 0
	}
	n := 0
	for i := 0; i+1 < len(r); i++ {
		if strings.Contains(text, string(r[i:i+2])) {
			n++
		}
	}
	return float64(n) / float64(len(r)-1)
}

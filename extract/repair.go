package extract

import (
	"strings"

	"dossier"
	"dossier/validate/ident"
)

// OCR confuses characters of like shape. Two kinds of repair follow from it:
//
//   - a character a code cannot hold at its position (a letter among the
//     region digits of a USCC, an O in a USCC, a letter in an identity number's
//     digits) is read as the digit it looks like; the code's own rules say the
//     letter is wrong, so this repair is safe;
//   - a code whose check character fails is tried with one confusable
//     character changed; when exactly one such change makes it valid, that is
//     the likely reading. It stays a guess: a code printed with a wrong check
//     character is repaired the same way, so the caller gives the value a
//     confidence that sends the case to review, never to ready.

// asDigit maps letters to the digit they look like.
var asDigit = map[byte]byte{'O': '0', 'D': '0', 'Q': '0', 'U': '0', 'I': '1', 'L': '1', 'T': '7', 'Z': '2', 'S': '5', 'B': '8', 'G': '6', 'A': '4'}

// uscForbidden maps the letters GB 32100 leaves out of its character set.
var uscForbidden = map[byte]byte{'O': '0', 'I': '1', 'S': '5', 'Z': '2', 'V': 'Y'}

// confusable lists, for a character, what it is often misread as.
var confusable = map[byte]string{
	'0': "8DQ", '1': "7T", '2': "Z79", '3': "89", '4': "A", '5': "6", '6': "58G", '7': "1T", '8': "B360", '9': "32",
	'A': "4", 'B': "8", 'D': "0", 'L': "1", 'G': "6", 'Q': "0", 'T': "71", 'X': "K", 'K': "X", 'W': "Y", 'Y': "W",
}

// guessedConf caps the confidence of a guessed repair: below what the
// validator takes as read, so the case goes to review.
const guessedConf = dossier.Guessed

// sureConf is the confidence from which the validator takes a field as read.
const sureConf = dossier.Sure

// unreadConf is the confidence below which a reading is not one at all.
const unreadConf = dossier.Unread

// settledConf is the confidence from which a name is not read again: a
// second reading of one read this surely has nothing to add.
const settledConf = 0.9

// Repair is the outcome of RepairCode.
type Repair int

const (
	Unchanged  Repair = iota // valid as read, or nothing to repair
	Normalised               // a character the code cannot hold replaced; safe
	Guessed                  // one confusable character changed to satisfy the check character
)

// RepairCode repairs an OCR reading of a code of the given kind ("uscc",
// "org_code", "id_number").
func RepairCode(kind, s string) (string, Repair) {
	n, how := normaliseCode(kind, s)
	if len(n) != codeLen[kind] || validCode(kind, n) {
		return n, how
	}
	b := []byte(n)
	var found []byte
	for i := range b {
		orig := b[i]
		for _, alt := range []byte(confusable[orig]) {
			b[i] = alt
			if validCode(kind, string(b)) {
				if found != nil { // two repairs fit: no guess
					b[i] = orig
					return string(b), how
				}
				found = append([]byte(nil), b...)
			}
		}
		b[i] = orig
	}
	if found == nil {
		return string(b), how
	}
	return string(found), Guessed
}

// normaliseCode makes the safe repairs of RepairCode: the characters a code
// cannot hold at their place.
func normaliseCode(kind, s string) (string, Repair) {
	b := []byte(strings.ToUpper(s))
	if len(b) != codeLen[kind] {
		return s, Unchanged
	}
	valid := func(c []byte) bool { return validCode(kind, string(c)) }
	how := Unchanged
	norm := func(i int, m map[byte]byte) {
		if r, ok := m[b[i]]; ok {
			b[i], how = r, Normalised
		}
	}
	switch kind {
	case "uscc":
		for i := range b {
			norm(i, uscForbidden)
			if i >= 2 && i < 8 { // the region code: digits only
				norm(i, asDigit)
			}
		}
	case "id_number":
		for i := 0; i < 17; i++ {
			norm(i, asDigit)
		}
	case "org_code":
		// The check character is a digit or X: another letter is a digit
		// misread.
		if b[8] != 'X' {
			norm(8, asDigit)
		}
		// Organization codes given since 2015 sit inside a USCC and keep to
		// its characters; an O there that fails the check is a 0.
		if !valid(b) {
			c := append([]byte(nil), b...)
			for i := range c {
				if r, ok := uscForbidden[c[i]]; ok && i < 8 {
					c[i] = r
				}
			}
			if valid(c) {
				return string(c), Normalised
			}
		}
	}
	return string(b), how
}

// codeLen is how long each kind of code is.
var codeLen = map[string]int{"uscc": 18, "org_code": 9, "id_number": 18}

// validCode reports whether v is a valid code of the kind ("uscc",
// "org_code", "id_number").
func validCode(kind, v string) bool {
	switch kind {
	case "uscc":
		return ident.USCC(v).Valid == ident.Valid
	case "org_code":
		return ident.OrgCode(v).Valid == ident.Valid
	}
	return ident.IDNumber(v).Valid == ident.Valid
}

// Package ident checks the identifiers a case carries: the organization code
// (GB 11714), the unified social credit code (GB 32100), the resident identity
// number (GB 11643) and the residence permit numbers of Hong Kong, Macao and
// Taiwan residents. It parses strings only; reading them off a page is extract's job.
package ident

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what an identifier is.
type Kind string

// Kinds, as `dossier code` prints them.
const (
	KindUSCC            Kind = "uscc"
	KindOrgCode         Kind = "org_code"
	KindIDNumber        Kind = "id_number"
	KindResidencePermit Kind = "residence_permit"
	KindUnknown         Kind = "unknown"
)

// Validity is the verdict on one identifier.
type Validity int

// Verdicts. Legacy is a real pilot-era USCC that fails its check character.
const (
	Invalid Validity = iota
	Valid
	Legacy
)

// MarshalJSON writes true, false or "legacy", as the contract says.
func (v Validity) MarshalJSON() ([]byte, error) {
	switch v {
	case Valid:
		return []byte("true"), nil
	case Legacy:
		return []byte(`"legacy"`), nil
	}
	return []byte("false"), nil
}

// Check is the verdict on one identifier with the reason when it is not valid.
type Check struct {
	Input  string   `json:"input"`
	Kind   Kind     `json:"kind"`
	Valid  Validity `json:"valid"`
	Reason string   `json:"reason"`
}

// orgValue gives GB 11714 values: digits as themselves, A=10 ... Z=35.
func orgValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCheckChar computes the GB 11714 check character of an 8-character body.
func OrgCheckChar(body string) (byte, error) {
	if len(body) != 8 {
		return 0, fmt.Errorf("organization code body has %d characters, want 8", len(body))
	}
	sum := 0
	for i := 0; i < 8; i++ {
		v := orgValue(body[i])
		if v < 0 {
			return 0, fmt.Errorf("character %q at position %d is not a digit or capital letter", body[i], i+1)
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', nil
	case 11:
		return '0', nil
	default:
		return byte('0' + c), nil
	}
}

// NormalizeOrgCode drops the hyphen printed before the check character (12345678-9).
func NormalizeOrgCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[8] == '-' {
		return s[:8] + s[9:]
	}
	return s
}

// OrgCode checks an organization code (9 characters, or 10 with the hyphen).
func OrgCode(s string) Check {
	c := Check{Input: s, Kind: KindOrgCode}
	code := NormalizeOrgCode(s)
	if len(code) != 9 {
		c.Reason = fmt.Sprintf("an organization code has 9 characters, this has %d", len(code))
		return c
	}
	want, err := OrgCheckChar(code[:8])
	if err != nil {
		c.Reason = err.Error()
		return c
	}
	if code[8] != want {
		c.Reason = fmt.Sprintf("check character is %q, GB 11714 gives %q", code[8], want)
		return c
	}
	c.Valid = Valid
	return c
}

// usccChars is the GB 32100 character set: digits and capitals without I O S V Z.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = func() [17]int {
	var w [17]int
	p := 1
	for i := range w {
		w[i] = p
		p = p * 3 % 31
	}
	return w
}()

// USCCCheckChar computes the GB 32100 check character of a 17-character body.
func USCCCheckChar(body string) (byte, error) {
	if len(body) != 17 {
		return 0, fmt.Errorf("credit code body has %d characters, want 17", len(body))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccChars, body[i])
		if v < 0 {
			return 0, fmt.Errorf("character %q at position %d is not in the GB 32100 set (no I, O, S, V, Z)", body[i], i+1)
		}
		sum += v * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31], nil
}

// USCC checks a unified social credit code.
func USCC(s string) Check {
	c := Check{Input: s, Kind: KindUSCC}
	if len(s) != 18 {
		c.Reason = fmt.Sprintf("a credit code has 18 characters, this has %d", len(s))
		return c
	}
	if !strings.ContainsRune("123456789ANY", rune(s[0])) {
		c.Reason = fmt.Sprintf("registration authority %q is not one of 1-9, A, N, Y", s[0])
		return c
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			c.Reason = fmt.Sprintf("region code (positions 3-8) has %q", s[i])
			return c
		}
	}
	want, err := USCCCheckChar(s[:17])
	if err != nil {
		c.Reason = err.Error()
		return c
	}
	if s[17] != want {
		if strings.IndexByte(usccChars, s[17]) < 0 {
			c.Reason = fmt.Sprintf("check character %q is not in the GB 32100 set (no I, O, S, V, Z)", s[17])
			return c
		}
		if legacyPilot(s) {
			c.Valid = Legacy
			c.Reason = fmt.Sprintf("check character is %q, GB 32100 gives %q: an early Fujian pilot code, a clerk must confirm it", s[17], want)
			return c
		}
		c.Reason = fmt.Sprintf("check character is %q, GB 32100 gives %q", s[17], want)
		return c
	}
	if org := OrgCode(s[8:17]); org.Valid != Valid {
		c.Reason = "the organization code inside (positions 9-17) fails: " + org.Reason
		return c
	}
	c.Valid = Valid
	return c
}

// legacyPilot recognises the codes of the Fujian pilot that preceded GB 32100
// (region 35xxxx, organization code part beginning M0): real codes whose check
// character does not follow the standard.
func legacyPilot(s string) bool {
	return s[2:4] == "35" && s[8] == 'M' && s[9] == '0'
}

// OrgCodeOfUSCC returns positions 9-17 of a credit code: the organization code inside it.
func OrgCodeOfUSCC(uscc string) string {
	if len(uscc) != 18 {
		return ""
	}
	return uscc[8:17]
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckChar computes the GB 11643 (ISO 7064 MOD 11-2) check character of 17 digits.
func IDCheckChar(body string) (byte, error) {
	if len(body) != 17 {
		return 0, fmt.Errorf("identity number body has %d characters, want 17", len(body))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if body[i] < '0' || body[i] > '9' {
			return 0, fmt.Errorf("character %q at position %d is not a digit", body[i], i+1)
		}
		sum += int(body[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11], nil
}

// provinces are the first two digits of a mainland region code.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true, "21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true, "71": true,
}

// permitRegions are the region codes of residence permits for Hong Kong, Macao and Taiwan residents.
var permitRegions = map[string]string{"81": "Hong Kong", "82": "Macao", "83": "Taiwan"}

// BirthDate returns the birth date an identity number carries.
func BirthDate(id string) (time.Time, bool) {
	var ds string
	switch len(id) {
	case 18:
		ds = id[6:14]
	case 15:
		ds = "19" + id[6:12]
	default:
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", ds)
	if err != nil || t.Year() < 1850 {
		return time.Time{}, false
	}
	return t, true
}

// ValidityYears returns how many whole years an identity document's period
// of validity runs, from and until written 2006-01-02, and whether it runs
// whole years to the day, one at least, as cards and permits do. One issued on 29
// February runs to 28 February or 1 March of a year that has none.
func ValidityYears(from, until string) (int, bool) {
	f, err1 := time.Parse(time.DateOnly, from)
	u, err2 := time.Parse(time.DateOnly, until)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	years := u.Year() - f.Year()
	switch {
	case years <= 0:
		return years, false
	case u.Month() == f.Month() && u.Day() == f.Day():
		return years, true
	case f.Month() == time.February && f.Day() == 29 && !leap(u.Year()):
		return years, u.Month() == time.February && u.Day() == 28 || u.Month() == time.March && u.Day() == 1
	}
	return years, false
}

// leap reports whether year has a 29 February.
func leap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// IDNumber checks a resident identity number or a residence permit number
// (18 characters, or the 15-digit form issued before 1999).
func IDNumber(s string) Check {
	c := Check{Input: s, Kind: KindIDNumber}
	if len(s) >= 2 && permitRegions[s[:2]] != "" {
		c.Kind = KindResidencePermit
	}
	switch len(s) {
	case 18:
	case 15:
		for i := 0; i < 15; i++ {
			if s[i] < '0' || s[i] > '9' {
				c.Reason = fmt.Sprintf("character %q at position %d is not a digit", s[i], i+1)
				return c
			}
		}
		if !provinces[s[:2]] {
			c.Reason = fmt.Sprintf("region code %s is not a province", s[:6])
			return c
		}
		if _, ok := BirthDate(s); !ok {
			c.Reason = fmt.Sprintf("birth date 19%s does not exist", s[6:12])
			return c
		}
		c.Valid = Valid
		c.Reason = "15-digit number issued before 1999: it has no check character"
		return c
	default:
		c.Reason = fmt.Sprintf("an identity number has 18 characters, this has %d", len(s))
		return c
	}
	if c.Kind == KindResidencePermit {
		if s[2:6] != "0000" {
			c.Reason = fmt.Sprintf("a residence permit number begins %s0000, this begins %s", s[:2], s[:6])
			return c
		}
	} else if !provinces[s[:2]] {
		c.Reason = fmt.Sprintf("region code %s is not a province", s[:6])
		return c
	}
	want, err := IDCheckChar(s[:17])
	if err != nil {
		c.Reason = err.Error()
		return c
	}
	birth, ok := BirthDate(s)
	if !ok {
		c.Reason = fmt.Sprintf("birth date %s does not exist", s[6:14])
		return c
	}
	if birth.After(time.Now()) {
		c.Reason = fmt.Sprintf("birth date %s is in the future", s[6:14])
		return c
	}
	if s[17] != want {
		c.Reason = fmt.Sprintf("check character is %q, GB 11643 gives %q", s[17], want)
		return c
	}
	c.Valid = Valid
	return c
}

// Classify guesses what an identifier is and checks it.
func Classify(s string) Check {
	t := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case len(t) == 15 && allDigits(t):
		return IDNumber(t)
	case len(t) == 18 && allDigits(t[:17]) && (t[17] == 'X' || isDigit(t[17])):
		if _, ok := BirthDate(t); ok && (provinces[t[:2]] || permitRegions[t[:2]] != "") {
			return IDNumber(t)
		}
		return USCC(t)
	case len(t) == 18:
		return USCC(t)
	case len(NormalizeOrgCode(t)) == 9:
		return OrgCode(t)
	}
	return Check{Input: s, Kind: KindUnknown, Reason: fmt.Sprintf("%d characters fit no known identifier", len(t))}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

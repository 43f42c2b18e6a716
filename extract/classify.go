package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"dossier"
	"dossier/extract/seal"
	"dossier/validate/ident"
)

var (
	rePermitNo  = regexp.MustCompile(`8[123]0000\d{11}[\dX]`)
	reCardFront = regexp.MustCompile(`^(性别)?[男女]民族?\p{Han}{0,3}$`)                  // 族 lost too, its value on the next line (男民 / 汉)
	reBirth     = regexp.MustCompile(`\d{4}\D{0,2}年\d{1,2}\D{0,2}月\d{1,2}\D{0,2}日`) // with a speck or quote read beside a digit (2013”年)
	reValidity  = regexp.MustCompile(`\d{4}[.,．]\d{2}[.,．]\d{2}[-—–~至]+(\d{4}[.,．]\d{2}[.,．]\d{2}|长期)`)
)

type keyword struct {
	word   string
	weight float64
	exact  bool // no fuzzy hit: a near miss would mean another document
}

// keywords are the titles and labels a clerk recognises each document by.
var keywords = map[dossier.DocType][]keyword{
	dossier.ApplicationForm: {{"数字证书申请表", 8, false}, {"证书业务申请表", 8, true}, {"申请表", 3, false}, {"业务类型", 3, false}, {"经办人姓名", 3, false},
		{"经办人证件", 3, false}, {"经办人信息", 3, true}, {"公章", 1, false}, {"受理点意见", 2, false},
		// the certificate's serial and the business's check boxes: a
		// form whose labels were lost still prints them
		{"原证书序列号", 3, false}, {"证书补办", 2, true}, {"证书注销", 2, true},
		// what the unit signs: its promise, its seal, the copies
		{"申请单位", 2, true}, {"一式两份", 2, true}},
	dossier.OrgCodeCertificate: {{"组织机构代码证", 8, false}, {"代码证", 3, false}, {"颁发单位", 3, false}, {"机构类型", 3, false}, {"登记号", 2, false}},
	dossier.BusinessLicense:    {{"营业执照", 8, false}, {"经营范围", 3, false}, {"注册资本", 3, false}, {"登记机关", 2, false}, {"成立日期", 2, false}, {"营业期限", 2, false}, {"信用信息公示", 3, false}, {"gsxt", 3, true}, {"自然人投资或控股", 2, false}, {"法定代表人", 1, false}},
	dossier.IDCard:             {{"居民身份证", 6, false}, {"公民身份号码", 5, false}, {"签发机关", 3, false}, {"公安局", 2, true}, {"有效期限", 3, false}, {"民族", 2, false}, {"住址", 1, false}, {"出生", 1, false}},
	dossier.ResidencePermit:    {{"港澳台居民居住证", 10, false}, {"居住证", 4, false}, {"通行证号码", 4, false}},
	dossier.SocialSecurityCert: {{"社会保险登记证", 10, false}, {"发证机关", 2, false}, {"单位类型", 2, false}},
	// a list of papers handed in, an office's notice to the units it
	// serves, instructions for using the certificate
	dossier.Other: {{"材料清单", 30, false}, {"社会保障局文件", 30, true}, {"的通知", 5, false}, {"各有关单位", 5, true}, {"须知", 6, true}},
}

// Compact drops every space, as labels are printed spaced out (名　　称).
func Compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// hanCount is how many Chinese characters s holds.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// fuzzyHit is the share of a keyword's character pairs found in the text, so
// one misread character costs part of a hit, not all of it.
func fuzzyHit(text, word string) float64 {
	if strings.Contains(text, word) {
		return 1
	}
	if len([]rune(word)) < 3 {
		return 0
	}
	share := seal.BigramShare(text, word)
	if share < 0.6 {
		return 0
	}
	return share * 0.8
}

// valuesOfTypeDropped drops what follows a 证件类型 label on its line: a form
// names the operator's kind of document there (港澳台居民居住证), and the
// unit's kind of code (组织机构代码), which are no title of the page.
func valuesOfTypeDropped(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		c := Compact(l)
		if strings.Contains(c, "信用代码") && strings.Contains(c, "机构代码") {
			// A choice of the two kinds of code (☑统一社会信用代码
			// ☐组织机构代码), its label misread: no title either.
			lines[i] = ""
			continue
		}
		if at := strings.Index(c, "证件类型"); at >= 0 {
			lines[i] = c[:at+len("证件类型")]
			// A form laid out in cells reads the value as a line of its
			// own below its label.
			if i+1 < len(lines) && len([]rune(trimJunk(c[at+len("证件类型"):]))) == 0 {
				if n := Compact(lines[i+1]); strings.Contains(n, "身份证") || strings.Contains(n, "居住证") {
					lines[i+1] = ""
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}

// reCodeLabel is an organization code's label with its code after it.
var reCodeLabel = regexp.MustCompile(`组织机构代码[:：]?\s*([0-9A-Za-z])`)

// codeLabelsCut cuts an organization code's label that its code follows
// (组织机构代码MAK05R688, a row of a social security certificate or a form)
// to 代码: it is no title, though it holds all but the last character of
// 组织机构代码证 and would count nearly as one where the page's own title
// was lost (a grey copy upside down, its bold title unread).
func codeLabelsCut(text string) string {
	return reCodeLabel.ReplaceAllString(text, "代码$1")
}

// attachmentsDropped drops the lines that name papers to hand in with the
// page (注：…并附营业执照(或组织机构代码证)及经办人身份证件复印件): a form's
// note names the other documents' titles, which are not its own, and so do
// a list's numbered items (1.单位数字证书申请表(一式两份)), whatever its
// title (材料清单, 业务材料, or lost). (A list of papers keeps its title.)
// A note broken over lines is followed:
// a line that goes on from a dropped one (no 。 between) or runs into a
// line beginning 复印件, naming papers with 及, 或 or 、, is dropped too
// (…，并附营 / 业执照(或组织机构代码证)及经办人身份证件 / 复印件。).
func attachmentsDropped(text string) string {
	lines := strings.Split(text, "\n")
	names := func(c string) bool { return strings.ContainsAny(c, "及或、") }
	open := false // the line before was dropped and its sentence goes on
	for i, l := range lines {
		c := Compact(l)
		next := ""
		if i+1 < len(lines) {
			next = Compact(lines[i+1])
		}
		drop := strings.Contains(c, "并附") || strings.Contains(c, "提交") || strings.Contains(c, "复印件") && names(c) || paperItem(c) ||
			names(c) && (open || strings.HasPrefix(next, "复印件"))
		open = drop && !strings.HasSuffix(c, "。")
		if drop {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// reItem is a list item's number at the start of a line: 1. 2、 (3) ④.
var reItem = regexp.MustCompile(`^(\d{1,2}[.、．,，]|[(（]\d{1,2}[)）]|[①-⑩])`)

// paperTitles are words by which a line names one of the papers.
var paperTitles = []string{"申请表", "营业执照", "代码证", "身份证", "登记证", "居住证"}

// paperItem reports whether a line (spaces dropped) is a list's numbered
// item naming a paper.
func paperItem(c string) bool {
	return reItem.MatchString(c) && slices.ContainsFunc(paperTitles, func(p string) bool { return strings.Contains(c, p) })
}

// Classify gives the page type with a confidence 0..1 from the page's text.
func Classify(text string) (dossier.DocType, float64) {
	scores, t := typeScores(text)
	best, second := dossier.Other, 0.0
	bestScore := 0.0
	for _, typ := range dossier.DocTypes {
		s := scores[typ]
		if s > bestScore {
			best, second, bestScore = typ, bestScore, s
		} else if s > second {
			second = s
		}
	}
	if bestScore < 4 {
		// Too little to go on: a blank page, or an unreadable one.
		if len([]rune(t)) < 15 {
			return dossier.Other, 0.9
		}
		return dossier.Other, 0.5
	}
	conf := 0.5 + 0.5*min(1, (bestScore-second)/8)
	return best, conf
}

// saysOther reports whether a page's text makes it none of the papers by
// its own words (a list of papers, a notice, instructions), rather than by
// holding too little to go on.
func saysOther(text string) bool {
	scores, _ := typeScores(text)
	for _, typ := range dossier.DocTypes {
		if typ != dossier.Other && scores[typ] >= scores[dossier.Other] {
			return false
		}
	}
	return scores[dossier.Other] >= 4
}

// typeScores weighs the page's text for each type; it returns the text as
// weighed too.
func typeScores(text string) (map[dossier.DocType]float64, string) {
	// Keywords are sought within lines (lt): the end of one and the start
	// of the next make no title (组织机构代码 / 证件号码 is no 组织机构代码证).
	var byLine []string
	for _, l := range strings.Split(attachmentsDropped(valuesOfTypeDropped(codeLabelsCut(text))), "\n") {
		byLine = append(byLine, strings.ToLower(Compact(l))) // gSXt.gov.cn is gsxt
	}
	lt := strings.Join(byLine, "\n")
	t := strings.Join(byLine, "")
	scores := map[dossier.DocType]float64{}
	for typ, kws := range keywords {
		for _, k := range kws {
			if k.exact {
				if strings.Contains(lt, k.word) {
					scores[typ] += k.weight
				}
				continue
			}
			scores[typ] += k.weight * fuzzyHit(lt, k.word)
		}
	}
	// An identity card's front, its labels printed too pale to read (a
	// photo): the sex and the ethnic group on one line, and a birth date.
	if cardFront(text) && reBirth.MatchString(t) {
		scores[dossier.IDCard] += 5
	}
	// A card's side whose labels a seal stamped across has spoilt: on the
	// front a valid identity number beside 性别 or 住址, on the back a
	// period of validity. (A permit's sides too: its own words then make
	// it a permit below.)
	if (strings.Contains(t, "性别") || strings.Contains(t, "住址")) && validIDIn(upperCode(t)) {
		scores[dossier.IDCard] += 4
	}
	// A card's front whose labels OCR lost: a valid identity number and
	// the birth date it holds, written out (1971年9月24日). A form gives
	// the operator's number, never the birth date beside it.
	if birthDateOfIDIn(t) {
		scores[dossier.IDCard] += 4
	}
	// A card's back: its period of validity, or, its marks lost or
	// misread (2025.08.25.2045.08.25), its two dates alone, on a line
	// that does not write them with 年 as a licence or a certificate does.
	if reValidity.MatchString(t) || slices.ContainsFunc(byLine, func(l string) bool {
		from, _ := pairedDates(l)
		return from != "" && !strings.Contains(l, "年")
	}) {
		scores[dossier.IDCard] += 3
	}
	// A card's front read as scattered pieces (small, tilted, under a
	// seal): its labels begin lines, what follows them lost.
	if cardLabels(text) >= 3 {
		scores[dossier.IDCard] += 4
	}
	// A notice or a page of instructions says so in its title (关于…的通知,
	// 数字证书使用须知), whatever papers its body names.
	if noticeTitle(text) {
		scores[dossier.Other] += 20
	}
	// A permit's title on a page that shows nothing else of an identity
	// document is a form's entry of the operator's document type, its
	// label lost (证 / 件类型 read apart from 港澳台居民居住证): it weighs
	// as a label does, the permit's number to come (below) for a permit
	// whose other print was lost.
	if scores[dossier.IDCard] == 0 && fuzzyHit(lt, "通行证号码") == 0 {
		scores[dossier.ResidencePermit] = min(scores[dossier.ResidencePermit], 4)
	}
	// Residence permits for Hong Kong, Macao and Taiwan residents carry
	// numbers that begin 810000, 820000 or 830000: on a page that reads as an
	// identity document, such a number makes it a permit. (A form prints the
	// operator's number too, so only there.)
	idDoc := true
	for typ, sc := range scores {
		if typ != dossier.IDCard && typ != dossier.ResidencePermit && sc > scores[dossier.IDCard] {
			idDoc = false
		}
	}
	if idDoc && rePermitNo.MatchString(upperCode(t)) {
		scores[dossier.ResidencePermit] += 6
	}
	// A residence permit is an identity document first: its number tells it apart.
	if scores[dossier.ResidencePermit] >= 4 {
		scores[dossier.ResidencePermit] += scores[dossier.IDCard]
	}
	return scores, t
}

// noticeTitle reports whether one of the page's first three lines of
// text (four Chinese characters or more) ends as a notice's or
// instructions' title does.
func noticeTitle(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		c := strings.TrimRightFunc(Compact(l), func(r rune) bool { return !unicode.Is(unicode.Han, r) })
		if hanCount(c) < 4 {
			continue
		}
		if strings.HasSuffix(c, "通知") || strings.HasSuffix(c, "须知") {
			return true
		}
		if n++; n == 3 {
			break
		}
	}
	return false
}

// cardFront reports whether a line reads as an identity card's line of sex
// and ethnic group (男民族汉, 性别女民族回).
func cardFront(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if reCardFront.MatchString(trimJunk(Compact(l))) {
			return true
		}
	}
	return false
}

// reBirthParts is a date written out, its year and month, and its day
// where it was read (1999年3月末日: the day lost).
var reBirthParts = regexp.MustCompile(`(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?`)

// birthDateOfIDIn reports whether text holds a valid identity number and,
// written out, the birth date the number holds: its year and month at
// least, where the day was misread (no page but a card's front writes a
// person's birth month out: a form's date is its own, a grown-up's birth
// month never).
func birthDateOfIDIn(text string) bool {
	dates := map[string]bool{}
	for _, m := range reBirthParts.FindAllStringSubmatch(text, -1) {
		mo, _ := strconv.Atoi(m[2])
		dates[fmt.Sprintf("%s%02d", m[1], mo)] = true
	}
	if len(dates) == 0 {
		return false
	}
	for _, m := range validIDsIn(upperCode(text)) {
		if dates[m[6:12]] {
			return true
		}
	}
	return false
}

// validIDIn reports whether text holds an identity number whose check
// character holds.
func validIDIn(text string) bool {
	return len(validIDsIn(text)) > 0
}

// validIDsIn lists the identity numbers in text whose check character
// holds, wherever they begin: a label's letter read before a number
// (RS350902196701143768) begins the first stretch reID finds, one
// character before the number, and would hide it.
func validIDsIn(text string) []string {
	var out []string
	for i := 0; i+18 <= len(text); i++ {
		if w := text[i : i+18]; reID.FindString(w) == w && ident.IDNumber(w).Valid == ident.Valid {
			out = append(out, w)
		}
	}
	return out
}

// cardFrontLabels are the labels down an identity card's (or a residence
// permit's) front, each beginning its line.
var cardFrontLabels = []string{"姓名", "性别", "民族", "出生", "住址"}

// cardLabels counts the card front's labels that begin a line of text.
func cardLabels(text string) int {
	seen := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		c := trimJunk(Compact(l))
		for _, lab := range cardFrontLabels {
			if strings.HasPrefix(c, lab) {
				seen[lab] = true
			}
		}
	}
	return len(seen)
}

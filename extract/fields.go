package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/validate/ident"
)

var (
	reUSCC       = regexp.MustCompile(`[0-9A-Z]{18}`)
	reMarkedCode = regexp.MustCompile(`[0-9A-Z]{2,17}[().,'|:;·][0-9A-Z]{1,16}`) // a code with one mark read inside it
	reOrgCode    = regexp.MustCompile(`[0-9A-Z]{8}-?[0-9A-Z]`)                   // a letter read for the check digit is repaired
	// an organization code written with its hyphen, the hyphen read as
	// another dash or stroke at times (MAJEN2XR=6, 12345678一9)
	reOrgCodeHyphen = regexp.MustCompile(`(?:^|[^0-9A-Z])([0-9A-Z]{8}[-` + hyphenLike + `][0-9X])(?:$|[^0-9A-Z])`)
	// the same with more than eight characters read before the hyphen
	reOrgCodeLong = regexp.MustCompile(`([0-9A-Z]{9,})[-` + hyphenLike + `]([0-9X])(?:$|[^0-9A-Z])`)
	reID          = regexp.MustCompile(`[0-9OIZSBDGQ]{17}[0-9X]`) // letters among the digits are repaired
	// 长期 with its second character misread (长其) is still 长期: nothing else follows a date and 长 there.
	// The dash between the dates may be read as a mark (` ' ’ _ ~) or a
	// colon, a date's dots as commas, colons or middle dots (2026:10.13).
	// (before 长期 the dash can read as a dot too, 2022.12.10.长期, or
	// be lost, 2025.01.31长其)
	reDates = regexp.MustCompile(`(\d{4})[.,:：;·\-年](\d{1,2})[.,:：;·\-月](\d{1,2})日?(?:[-—–~至一:：` + "`" + `'‘’´_]+(\d{4})[.,:：;·\-年](\d{1,2})[.,:：;·\-月](\d{1,2})|[-—–~至一:：` + "`" + `'‘’´_.,·]*(长\p{Han}?))`)
	// a dot read as a space between a date's month and day (2029.07 31)
	reLostDot = regexp.MustCompile(`([.,．]\d{2}) +(\d{2})`)
	reName    = regexp.MustCompile(`^[\p{Han}·（）()]{2,40}`)
	// reNameRest is what may be left of a name past a misread character
	reNameRest = regexp.MustCompile(`^[\p{Han}·（）()]+`)
	// A social insurance registration number: the region code, then digits
	// (some offices add a letter).
	reSocialSecNo = regexp.MustCompile(`[0-9]{6}[0-9A-Z]{4,14}`)
)

// longLabels are labels that end in a shorter label: 代码 in
// 统一社会信用代码 is not the organization code's label, nor 姓名 in
// 经办人姓名 the holder's.
var longLabels = []string{"统一社会信用代码", "组织机构代码", "经办人证件号码", "经办人姓名", "公民身份号码"}

// valueEnds are labels that begin the next field on the same line: a value
// read up to one of them ends there (a two-column form: 经办人姓名 詹国 联系方式
// 138…; a licence: 名称 … 注册资本 壹佰万元整). Short words a unit's name can
// hold (电话, 手机, 地址, 住所) are not among them; personEnds adds them, for a
// person's name, which holds none.
var (
	valueEnds = []string{"注册资本", "成立日期", "法定代表人", "经营范围", "营业期限", "联系方式", "联系电话", "手机号码",
		"移动电话", "固定电话", "电子邮箱", "邮政编码", "统一社会信用代码", "组织机构代码", "证件类型", "证件号码", "经办人"}
	personEnds = append(slices.Clone(valueEnds), "电话", "手机", "邮箱", "性别", "民族", "职务", "部门", "地址", "出生", "身份证",
		"中华人民共和国", "居住证", "港澳", "台湾居民", "公民身份")
)

// notNames begin words a label is made of, which no person's name begins with.
var notNames = slices.Concat(personEnds, []string{"姓名", "联系"})

// labelWord reports whether m, read where a person's name stands, begins
// as one of notNames: a label, or a card's heading read level with its
// name (中华人民共和国 of the back, scanned beside the front).
func labelWord(m string) bool {
	return slices.ContainsFunc(notNames, func(lab string) bool { return strings.HasPrefix(m, lab) })
}

// operatorRows is the index of the first of a form's lines that belongs to
// its operator: the first that names the operator (经办人: its heading,
// its labels, the line to sign, the note under the table) or begins with
// 姓名 (a sectioned form's name row, its heading lost); -1 where none
// does. A code labelled 证件号码 above it is the unit's: tuning seed 9696
// C0007, a form whose unit code, printed a character a box, and whose
// heading 经办人信息 the page's reading lost, took nine digits of the
// operator's 证件号码 above the note at its foot for the unit's
// organization code.
func operatorRows(lines []Line) int {
	return slices.IndexFunc(lines, func(l Line) bool {
		t := Compact(l.Text)
		return strings.Contains(t, "经办人") || strings.HasPrefix(trimJunk(t), "姓名")
	})
}

// cutAt ends a value where the first of ends begins, past its first character.
func cutAt(v string, ends []string) string {
	cut := len(v)
	for _, e := range ends {
		if i := strings.Index(v, e); i > 0 && i < cut {
			cut = i
		}
	}
	return v[:cut]
}

// labelled finds a label in the lines and returns the text after it: the rest
// of its line, or else the line to its right (a table cell beside it).
func labelled(lines []Line, labels ...string) (string, Line) {
	return labelledWhere(lines, nil, labels...)
}

// cellRight is the index in lines of the nearest line right of l on its
// row (the value's cell beside a label's), or -1.
func cellRight(lines []Line, l Line) int {
	best, bestX := -1, 1<<30
	for j, m := range lines {
		if m.Box.Min.X < l.Box.Max.X {
			continue // l itself among them
		}
		cy := (m.Box.Min.Y + m.Box.Max.Y) / 2
		if cy > l.Box.Min.Y-l.Box.Dy()/2 && cy < l.Box.Max.Y+l.Box.Dy()/2 && m.Box.Min.X < bestX {
			best, bestX = j, m.Box.Min.X
		}
	}
	return best
}

// labelledWhere is labelled taking only a value that ok accepts (all, when
// ok is nil): a code's label is also in a title (组织机构代码证).
func labelledWhere(lines []Line, ok func(string) bool, labels ...string) (string, Line) {
	if v, l := labelledIn(lines, ok, labels...); v != "" {
		return v, l
	}
	for _, lab := range labels {
		// (the lines after the joined ones: the value may stand in the
		// cell to the right)
		if wrapped := wrappedLabel(lines, lab); len(wrapped) > 0 {
			if v, l := labelledIn(append(wrapped, lines...), ok, lab); v != "" {
				return v, l
			}
		}
	}
	return "", Line{}
}

// wrappedLabel gives, for a label of four characters or more broken over
// two lines of its cell (经办人姓 above 名, the value in the cell to the
// right, read as a line of its own: 李子涵联系电话…), the second line
// with the label's head before its text and the two lines' box: a line
// that ends with the head, two characters or more, and a line below it
// within two of its characters' heights, its left edge within one of the
// first's, that begins with the rest.
func wrappedLabel(lines []Line, lab string) []Line {
	lr := []rune(lab)
	if len(lr) < 4 {
		return nil
	}
	var out []Line
	for _, l := range lines {
		t, h := Compact(l.Text), wordHeight(l)
		for cut := 2; cut < len(lr); cut++ {
			if !strings.HasSuffix(t, string(lr[:cut])) {
				continue
			}
			for _, m := range lines {
				below := m.Box.Min.Y > l.Box.Min.Y+h/2 && m.Box.Min.Y <= l.Box.Max.Y+2*h
				if below && abs(m.Box.Min.X-l.Box.Min.X) <= h && strings.HasPrefix(trimJunk(Compact(m.Text)), string(lr[cut:])) {
					j := m
					j.Text = string(lr[:cut]) + trimJunk(Compact(m.Text))
					j.Box = l.Box.Union(m.Box)
					out = append(out, j)
				}
			}
		}
	}
	return out
}

// labelledIn is labelledWhere for labels each read on one line.
func labelledIn(lines []Line, ok func(string) bool, labels ...string) (string, Line) {
	for _, lab := range labels {
		for _, l := range lines {
			t := dropGapDots(strings.Map(dropQuote, Compact(l.Text)))
			at, end := strings.Index(t, lab), 0
			if at >= 0 {
				end = at + len(lab)
			} else if end = fuzzyLead(t, lab); end < 0 {
				continue
			}
			if slices.ContainsFunc(longLabels, func(long string) bool { return long != lab && strings.HasSuffix(t[:end], long) }) {
				continue
			}
			rest := trimJunk(t[end:])
			if rest != "" {
				if ok == nil || ok(rest) {
					return rest, l
				}
				continue
			}
			// the value in the cell to the right, on the same row
			best := cellRight(lines, l)
			if best < 0 {
				continue
			}
			if rest := trimJunk(Compact(lines[best].Text)); ok == nil || ok(rest) {
				return rest, lines[best]
			}
		}
	}
	return "", Line{}
}

// dropGapDots drops a speck read as a full stop or a mark between two
// Chinese characters, in the gap of a label printed letter-spaced (名.称,
// 名。称, 名=称); a date's dots stand between digits, a name's middle dot
// (·) is no speck, and a dash may be 一 misread (统—社会信用代码).
func dropGapDots(s string) string {
	r := []rune(s)
	out := r[:0:0]
	for i, c := range r {
		if strings.ContainsRune(".。=_~^*", c) && i > 0 && i+1 < len(r) && unicode.Is(unicode.Han, r[i-1]) && unicode.Is(unicode.Han, r[i+1]) {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// dropQuote drops quotation marks and commas, which tesseract reads in the
// gap of a label printed letter-spaced (名“称, 地“址, 代“码, 单”位“全，称).
func dropQuote(r rune) rune {
	if strings.ContainsRune("\"'`‘’“”，、,", r) {
		return -1
	}
	return r
}

// fuzzyLead matches a label of four characters or more at the start of a
// line with one character misread (单位名移 for 单位名称, 经办人妹名 for
// 经办人姓名) or one read inside it (证件号人码) and returns the byte offset
// where the label ends, or -1.
func fuzzyLead(line, label string) int {
	lr, tr := []rune(label), []rune(line)
	if len(lr) < 4 || len(tr) < len(lr) || strings.ContainsAny(line, "签章") {
		return -1 // (a label alone in its cell counts; a line to sign or seal does not)
	}
	// One character read inside it (a speck in a label spaced across its
	// cell: 证件号人码): the label's own characters either side of it.
	// Tried first: read as one misread, its last character would be left
	// to the value.
	for k := 1; k < len(lr) && len(tr) > len(lr); k++ {
		if string(tr[:k]) == string(lr[:k]) && string(tr[k+1:len(lr)+1]) == string(lr[k:]) {
			return len(string(tr[:len(lr)+1]))
		}
	}
	diff := 0
	for i, r := range lr {
		if tr[i] != r {
			diff++
		}
	}
	if diff > 1 {
		return -1
	}
	return len(string(tr[:len(lr)]))
}

// misreadNameLabel finds, among a section's first rows, one that begins
// with 姓名 its first character misread (娠名|罗娜超, 0名|吴军: a label
// spaced across its cell leaves 姓 alone, to be read as anything) or lost
// (名|吴军), the label set off from its value by a rule or a colon, and
// returns what follows; or, the label alone in its cell (姊名 read cell by
// cell), what the cell beside it in section, the section's lines, holds.
// Last, a label misread whole (姓　名 read 和外人) set off by a rule from
// what reads as a person's name, surname first: guessed, as nothing but
// its place and its look says it is the operator's.
func misreadNameLabel(rows, section []Line) (v string, l Line, guessed bool) {
	for _, l := range rows {
		r := []rune(trimJunk(Compact(l.Text)))
		if len(r) > 0 && r[0] != '名' {
			r = r[1:] // 姓, misread
		}
		if len(r) > 2 && r[0] == '名' && strings.ContainsRune("|丨:：", r[1]) {
			return trimJunk(string(r[2:])), l, false
		}
		if string(r) == "名" {
			if j := cellRight(section, l); j >= 0 {
				return trimJunk(Compact(section[j].Text)), section[j], false
			}
		}
	}
	for _, l := range rows {
		label, value, ok := strings.Cut(trimJunk(Compact(l.Text)), "|")
		if !ok || utf8.RuneCountInString(label) > 4 || hanCount(label) < 2 || strings.ContainsAny(label, "证件号码类型电话手机联系单位信息") {
			continue
		}
		value = trimJunk(value)
		if m := reName.FindString(cutAt(value, personEnds)); utf8.RuneCountInString(m) <= 4 && surnameFirst(m) {
			return value, l, true
		}
	}
	return "", Line{}, false
}

// trimJunk drops what OCR leaves between a label and its value: colons,
// quotes, stray punctuation, specks read as symbols, and a table's rule
// read as 丨 (a character no name or code begins with).
func trimJunk(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		return r == '丨' || !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// ruleMarkDropped drops one stroke before a name's first character that
// the reader took for a Latin letter (称l晋江…: a cell's rule, or the gap of
// a spaced-out label): no name begins with a lone l or I.
func ruleMarkDropped(v string) string {
	r := []rune(v)
	if len(r) > 1 && strings.ContainsRune("lIi|", r[0]) && unicode.Is(unicode.Han, r[1]) {
		return string(r[1:])
	}
	return v
}

// orgSuffixes end the names of the organisations that hold social insurance accounts.
var orgSuffixes = []string{"公司", "集团", "中心", "厂", "店", "院", "所", "社", "协会", "学会", "学校", "幼儿园", "医院", "银行", "事务所", "合作社", "基金会", "商会", "部", "站", "馆", "队"}

// authorityWords mark the names of issuing authorities, which a certificate
// prints beside the unit's name.
var authorityWords = []string{"管理局", "监督局", "公安局", "保障局", "登记机关", "发证机关", "颁发单位", "人民政府", "委员会", "管理中心", "事业管理局",
	"数字证书", "受理机构"} // the CA's own name and label, atop its form

// legalForms are the endings of company names the registration rules allow,
// longest first.
var legalForms = []string{"股份有限公司", "有限责任公司", "集团有限公司", "有限公司"}

// fixLegalForm repairs one misread character in a company name's legal form
// (有限责任会司, 有限责人公司): the ending is one of a few fixed words. A name
// two characters away from a form (有限公司 against 有限责任公司) is left
// alone: that is another name, not a misreading.
func fixLegalForm(name string) string {
	r := []rune(name)
	for _, f := range legalForms {
		fr := []rune(f)
		if len(r) <= len(fr) {
			continue
		}
		tail := r[len(r)-len(fr):]
		diff := 0
		for i := range fr {
			if tail[i] != fr[i] {
				diff++
			}
		}
		if diff == 0 {
			return name
		}
		if diff == 1 {
			return string(r[:len(r)-len(fr)]) + f
		}
	}
	return name
}

// cutAfterForm drops one or two characters read after a company name's
// legal form: a table's rule or a speck beside the cell (有限公司一). A
// company's name goes on past its form only for a branch, which ends in an
// organisation's word (分公司, 分店).
func cutAfterForm(name string) string {
	for _, f := range legalForms {
		if i := strings.LastIndex(name, f); i > 0 {
			rest := name[i+len(f):]
			if n := len([]rune(rest)); (n == 1 || n == 2) && !slices.ContainsFunc(orgSuffixes, func(s string) bool { return strings.HasSuffix(rest, s) }) {
				return name[:i+len(f)]
			}
		}
	}
	return name
}

// bracketsOfName reads the brackets OCR takes for others (〈广州), 【广州】,
// 〔深圳))
// as the round brackets a unit's name holds, and drops the quote marks
// read beside them (a speck: 鼓山物流“〈合肥)): no name holds one.
// One bracket read as two (〔( for the （ of （泉州）) is one: no name
// holds two side by side.
func bracketsOfName(s string) string {
	s = reQuoteByBracket.ReplaceAllStringFunc(nameBrackets.Replace(s), func(m string) string {
		return strings.Trim(m, quoteMarks)
	})
	return openingMisread(oneBracket(s))
}

// openingMisread reads as the opening bracket a letter, digit or mark
// that stands, after the name's first characters, where the bracket
// about a known place opens (鑫源医药t厦门)有限公司: the standard model
// reads （ as t; 中联电子“福州)股份有限公司, a quote mark): the closing
// bracket has no opening one, and a lone letter or mark between a Chinese
// character and a place is no part of a name (a name's own Latin letters,
// TCL, come in runs, and not there).
func openingMisread(s string) string {
	r := []rune(s)
	at := slices.IndexFunc(r, func(c rune) bool { return c == '）' || c == ')' })
	if at < 0 || slices.ContainsFunc(r[:at], func(c rune) bool { return c == '（' || c == '(' }) {
		return s
	}
	for n := min(4, at-2); n >= 2; n-- {
		x := at - n - 1
		if c := r[x]; places[string(r[x+1:at])] && (c < utf8.RuneSelf || isQuoteMark(c)) && c != ' ' && unicode.Is(unicode.Han, r[x-1]) {
			r[x] = '（'
			return string(r)
		}
	}
	return s
}

// oneBracket is s with each run of one kind of bracket, opening or
// closing, cut to its first.
func oneBracket(s string) string {
	return reBracketTwice.ReplaceAllStringFunc(s, func(m string) string { return string([]rune(m)[0]) })
}

var reBracketTwice = regexp.MustCompile(`[（(]{2,}|[）)]{2,}`)

const quoteMarks = `"'“”‘’`

var reQuoteByBracket = regexp.MustCompile("[" + quoteMarks + "]+[（）()]|[（）()][" + quoteMarks + "]+")

func isQuoteMark(r rune) bool { return strings.ContainsRune(quoteMarks, r) }

var nameBrackets = strings.NewReplacer("〈", "（", "《", "（", "【", "（", "〔", "（", "[", "（", "〉", "）", "》", "）", "】", "）", "〕", "）", "]", "）")

// wideBrackets writes a unit name's brackets full width, as names are
// registered (合力医疗器械（福州）有限公司): OCR reads them either way.
func wideBrackets(name string) string {
	return strings.NewReplacer("(", "（", ")", "）").Replace(name)
}

// pairedBrackets puts back the one bracket of a unit name's place that
// the reader lost (光华机械制造泉州）有限公司, 鼓山贸易（漳州有限公司): a
// name in its own words puts its place in brackets, a pair of them, and
// the place is a known one. A name with any other lone bracket is left
// as read.
func pairedBrackets(name string) string {
	r := []rune(name)
	open, close := strings.Count(name, "（"), strings.Count(name, "）")
	switch {
	case open == 0 && close == 1:
		at := slices.Index(r, '）')
		for n := min(4, at-1); n >= 2; n-- { // the longest place: 马鞍山, not 鞍山
			if places[string(r[at-n:at])] {
				return string(r[:at-n]) + "（" + string(r[at-n:])
			}
		}
	case open == 1 && close == 0:
		at := slices.Index(r, '（')
		for n := 4; n >= 2; n-- {
			if end := at + 1 + n; end < len(r) && places[string(r[at+1:end])] {
				return string(r[:end]) + "）" + string(r[end:])
			}
		}
	}
	return name
}

// orgNameLine finds a unit name without its label: the first line (from the
// top) that is a whole organisation name. Tesseract's layout analysis drops
// short, widely spaced labels such as 名　称 on certificates more often than
// it drops the long value beside them.
func orgNameLine(lines []Line) (string, Line) {
	loneName := slices.ContainsFunc(lines, func(l Line) bool { return trimJunk(Compact(l.Text)) == "名" })
	for _, l := range lines {
		t := bracketsOfName(trailingJunkTrimmed(trimJunk(Compact(afterLabelGap(l)))))
		// what is left of a label split over two lines (名 / 称|…, 名 / 称东南…)
		if r := []rune(t); len(r) > 2 && unicode.Is(unicode.Han, r[0]) && strings.ContainsRune("|丨:：“”\"'", r[1]) {
			t = trimJunk(string(r[2:]))
		} else if len(r) > 2 && r[0] == '称' && loneName {
			t = trimJunk(string(r[1:]))
		}
		// the next column's label and value glued on (…有限公司注册资本50万元)
		t = cutAt(t, valueEnds)
		m := reName.FindString(t)
		if m != t || len([]rune(m)) < 5 {
			continue
		}
		authority := false
		for _, w := range authorityWords {
			authority = authority || strings.Contains(m, w)
		}
		if authority {
			continue
		}
		if wholeOrgName(m) {
			return m, l
		}
	}
	return "", Line{}
}

// afterLabelGap is a line's text after its label's column: a certificate
// sets its labels apart from their values by a gap wider than two
// characters, and a label misread (名　称 as 名和栅) is no label to cut at.
// The gap is the last one that wide with four characters or fewer before
// it (a spaced label's own gaps come first); a line without one is whole.
func afterLabelGap(l Line) string {
	if len(l.Words) < 2 {
		return l.Text
	}
	h := wordHeight(l)
	cut, before := -1, 0
	for i := 1; i < len(l.Words); i++ {
		before += utf8.RuneCountInString(l.Words[i-1].Text)
		if before > 4 {
			break
		}
		// from where the word before ends, or would end at four fifths
		// of a character's height a character (tesseract boxes 广州 in
		// half its width at times)
		prev := l.Words[i-1]
		end := max(prev.Box.Max.X, prev.Box.Min.X+utf8.RuneCountInString(prev.Text)*h*4/5)
		if l.Words[i].Box.Min.X-end > 2*h {
			cut = i
		}
	}
	if cut < 0 {
		return l.Text
	}
	var b strings.Builder
	for _, w := range l.Words[cut:] {
		b.WriteString(w.Text)
	}
	return b.String()
}

// trailingJunkTrimmed drops marks read after a value's end (有限公司_):
// what is neither a character, a letter, a digit nor a closing bracket.
func trailingJunkTrimmed(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(")）", r)
	})
}

// brokenOff reads the name m, read up to a character no name holds, where
// a misread character broke it off there: m does not end as an
// organisation's name does, and rest, what follows m on its line, holds
// after one or two such characters the Chinese characters that end it so
// (杭州市海峡教育咨询有限责 of 有限责1公司: 任 read as 1). Where one
// character stands between and the name is whole with it read as its
// legal form's (fixLegalForm), that is the name (as 有限责人公司 is read
// 有限责任公司); otherwise mended is "" and broken reports that m is no
// reading of the name, only of its start: a clerk or a second reading must
// say what the paper holds, not a mismatch with the licence.
func brokenOff(m, rest string) (mended string, broken bool) {
	if wholeOrgName(m) {
		return "", false
	}
	r := []rune(strings.TrimSpace(rest))
	skip := 0
	for skip < len(r) && skip < 3 && !unicode.Is(unicode.Han, r[skip]) && !strings.ContainsRune("（）()", r[skip]) {
		skip++
	}
	if skip == 0 || skip > 2 {
		return "", false
	}
	n := reNameRest.FindString(string(r[skip:]))
	if n == "" {
		return "", false
	}
	if skip == 1 {
		const lost = "□" // no legal form holds it
		if f := fixLegalForm(m + lost + n); !strings.Contains(f, lost) {
			return f, true
		}
	}
	return "", wholeOrgName(m + n)
}

// wholeOrgName reports whether a name ends as an organisation's does.
func wholeOrgName(m string) bool {
	return slices.ContainsFunc(orgSuffixes, func(suf string) bool { return strings.HasSuffix(m, suf) })
}

// hyphenLike are the marks an organization code's hyphen is read as.
const hyphenLike = "=~_—–－一"

// hyphenRead gives an organization code read with its hyphen as another
// dash (reOrgCodeHyphen) its hyphen back.
func hyphenRead(code string) string {
	r := []rune(code)
	if len(r) == 10 && strings.ContainsRune(hyphenLike, r[8]) {
		r[8] = '-'
	}
	return string(r)
}

// orgCodeOverRun reads an organization code written with its hyphen where
// more than eight characters were read before the hyphen (MAFGPQOCA-4: a
// speck read as O inside MAFGPQCA-4). The check character is the one after
// the hyphen, so no stretch ending before it is the code (MAFGPQOCA with
// its A taken for a 4, valid by chance, rejected a good case: 5757 C0004).
// Of the last nine characters before the hyphen, each is tried left out:
// where one alone gives a valid code, that is the code; a guess unless
// the one left out is the first (a rule or a label's stroke before the
// code). Otherwise the last eight, a guess. raw is the run as read, from
// the first character before the hyphen; "" where v holds no such run.
func orgCodeOverRun(v string) (raw, code string, guessed bool) {
	m := reOrgCodeLong.FindStringSubmatchIndex(v)
	if m == nil {
		return "", "", false
	}
	body, check := v[m[2]:m[3]], v[m[4]:m[5]]
	raw = v[m[2]:m[5]]
	nine := body[len(body)-9:]
	code, left := oneLeftOut("org_code", nine, check)
	if code == "" {
		return raw, asRead("org_code", nine[1:]+check), true
	}
	return raw, code, left != 0
}

// orgCodeInRun reads an organization code written without its hyphen
// where the run of letters and digits beside its label is longer than a
// code (MA4WD1IRQ1: a 1 read as 1I). Its first nine are a code by chance
// one time in eleven (MADJTDB52 read MADJIDB252 gave MADJ1DB25, valid,
// and rejected the case on a code read nowhere else), so what comes of
// the run is a guess, which another paper's reading must back: the one
// valid code of its first ten with one character left out, else its first
// nine. raw is the run as read; "" where the code ends its run.
func orgCodeInRun(v string) (raw, code string) {
	m := reOrgCode.FindStringIndex(v)
	if m == nil || m[1] >= len(v) || !isCodeChar(v[m[1]]) || strings.Contains(v[m[0]:m[1]], "-") {
		return "", ""
	}
	end := m[1]
	for end < len(v) && isCodeChar(v[end]) {
		end++
	}
	raw = v[m[0]:end]
	if code, _ = oneLeftOut("org_code", raw[:10], ""); code != "" {
		return raw, code
	}
	return raw, asRead("org_code", raw[:9])
}

// oneLeftOut tries each character of s left out, with tail after it: the
// one valid code of the kind that comes of it (as read, with the safe
// repairs), and the index left out; "" and -1 where none or two do.
func oneLeftOut(kind, s, tail string) (code string, left int) {
	codes, at := leftOuts(kind, s, tail)
	if len(codes) != 1 {
		return "", -1 // none, or two fit: neither
	}
	return codes[0], at[0]
}

// leftOuts gives each valid code of the kind (as read, with the safe
// repairs) that comes of s with one of its characters left out, tail
// after it, and the index left out (the first, where two give one code).
func leftOuts(kind, s, tail string) (codes []string, at []int) {
	for i := range s {
		c := asRead(kind, s[:i]+s[i+1:]+tail)
		if !validCode(kind, c) || kind == "uscc" && idLike(c) || slices.Contains(codes, c) {
			continue
		}
		codes, at = append(codes, c), append(at, i)
	}
	return codes, at
}

// usccOverRun reads a credit code read one character too long (a speck or
// a box's rule read as a character: 91320100MAUOP2BCH6T for
// 91320100MA0P2BCH6T), where m, the first eighteen, fails its check: of
// the run of nineteen holding m in line, each character is tried left out,
// and where one valid code alone comes of it, that is the code, a guess.
// Both its check characters must hold (the organization code's inside it
// and the credit code's), so a misread passes by chance about once in 340
// tries, once in 18 runs over the nineteen: a guess is only taken where
// another paper's reading agrees. Where two come of it and one leaves out
// the run's first character, that one is the guess: a mark before a code
// (a label's stroke, a rule) is read far more often than a speck inside
// it, and a stray 3 before any code that starts 913 (a company's of a
// province 31 to 37) gives 391… as well, valid by the credit code's
// weights (1, 3, 9: -6·1+8·3-2·9 = 0), the organization code inside
// untouched (14545 C0028, tuning seed 12424). run is the
// nineteen as read, "" where m is not the start of such a run.
func usccOverRun(line, m string) (run, code string) {
	run, codes := usccRunCodes(line, m)
	switch {
	case len(codes) == 1:
		return run, codes[0]
	case len(codes) > 1 && slices.Contains(codes, asRead("uscc", run[1:])):
		return run, asRead("uscc", run[1:])
	}
	return "", ""
}

// usccRunCodes gives the run of nineteen holding m in line, where m, its
// first eighteen, fails its check, and every valid code that comes of the
// run with one character left out (391350600MAB6LORD5P, a stray 3 read
// before the code: 91350600MAB6L0RD5P, and 39150600MAB6L0RD5P by chance).
func usccRunCodes(line, m string) (run string, codes []string) {
	if validCode("uscc", asRead("uscc", m)) {
		return "", nil
	}
	for _, r := range reCodeRun.FindAllString(line, -1) {
		if len(r) == 19 && strings.HasPrefix(r, m) {
			codes, _ := leftOuts("uscc", r, "")
			return r, codes
		}
	}
	return "", nil
}

// upperCode upper-cases a line that may hold a code and folds full-width brackets.
func upperCode(s string) string {
	return strings.ToUpper(strings.NewReplacer("（", "(", "）", ")").Replace(s))
}

// Fields reads the fields a page of type t carries, each with a confidence
// (0..1): that of the value's least sure word (not the label's or the junk's
// beside it), except for
// dates, whose labels and separators read unsurely while the digits do not
// (the line's mean: on 210 sample cases, 2 of 338 dates read wrong).
func Fields(t dossier.DocType, lines []Line) (map[string]string, map[string]float64) {
	r := readFields(t, lines)
	return r.values, r.conf
}

// fieldReading is what readFields found: each field's value and
// confidence, and for codes the line and the text they were read from (for
// a second reading of that spot).
type fieldReading struct {
	values map[string]string
	conf   map[string]float64
	codes  map[string]codeSource
	// guessed gives, for a code kept as a guessed repair of its check
	// character, the code as read (see dossier.Document.ReadAs).
	guessed map[string]string
	// disputed gives, for a code, the other valid code its spot was read
	// as, where readings of it gave two (see dossier.Document.Disputed).
	disputed map[string]string
}

type codeSource struct {
	line    Line
	raw     string // as read, before repair
	guessed bool   // repaired by a guess at the check character
}

func readFields(t dossier.DocType, lines []Line) fieldReading {
	f := map[string]string{}
	c := map[string]float64{}
	src := map[string]codeSource{}
	set := func(k, v string, conf float64) {
		if v != "" {
			f[k], c[k] = v, conf
		}
	}
	// setCode repairs a code before keeping it; a guessed repair is kept at a
	// confidence that sends the case to review.
	setCode := func(k, kind, raw string, l Line) {
		v := raw
		if kind == "org_code" {
			v = ident.NormalizeOrgCode(hyphenRead(raw))
		}
		v, how := RepairCode(kind, v)
		conf := l.ConfOf(raw)
		if how == Guessed {
			conf = min(conf, guessedConf)
		}
		set(k, v, conf)
		src[k] = codeSource{l, raw, how == Guessed}
	}
	name := func(labels ...string) {
		v, l := labelled(lines, labels...)
		s := cutAt(bracketsOfName(ruleMarkDropped(v)), valueEnds)
		if m := reName.FindString(s); m != "" {
			conf := l.ConfOf(m)
			if mended, broken := brokenOff(m, s[len(m):]); mended != "" {
				m = mended
			} else if broken {
				conf = min(conf, guessedConf)
			}
			m = cutAfterForm(dropLabelRest(m))
			set(dossier.FieldUnitName, pairedBrackets(wideBrackets(fixLegalForm(m))), conf)
			return
		}
		m, l := orgNameLine(lines)
		m = cutAfterForm(dropLabelRest(m))
		// found by its form alone, not beside its label: a little less sure
		set(dossier.FieldUnitName, pairedBrackets(wideBrackets(fixLegalForm(m))), 0.9*l.ConfOf(m))
	}
	codes := func() {
		for _, l := range lines {
			t := upperCode(Compact(l.Text))
			for _, m := range reUSCC.FindAllString(t, -1) {
				if idLike(m) || inPattern(t, m) || personsNumber(rowLabel(lines, l)+t, m) {
					continue
				}
				if f[dossier.FieldUSCC] != "" && ident.USCC(f[dossier.FieldUSCC]).Valid == ident.Valid {
					continue
				}
				if run, code := usccOverRun(t, m); code != "" {
					set(dossier.FieldUSCC, code, min(l.ConfOf(run), guessedConf))
					src[dossier.FieldUSCC] = codeSource{l, run, true}
					continue
				}
				setCode(dossier.FieldUSCC, "uscc", m, l)
			}
		}
		if f[dossier.FieldUSCC] == "" {
			// A code with a stray mark read inside it (91320100MA4YMJYM3(C:
			// a speck, a rule's end), taken only where the code without
			// the mark holds its check character.
			for _, l := range lines {
				t := upperCode(Compact(l.Text))
				for _, m := range reMarkedCode.FindAllString(t, -1) {
					v := strings.Map(func(r rune) rune {
						if r < 0x80 && (unicode.IsDigit(r) || unicode.IsUpper(r)) {
							return r
						}
						return -1
					}, m)
					if len(v) == 18 && f[dossier.FieldUSCC] == "" && !idLike(v) && !inPattern(t, m) && ident.USCC(v).Valid == ident.Valid {
						set(dossier.FieldUSCC, v, l.ConfOf(m))
						src[dossier.FieldUSCC] = codeSource{l, m, false}
					}
				}
			}
		}
		if f[dossier.FieldUSCC] != "" {
			return
		}
		// The organization code: beside its label, or, where the layout
		// analysis lost the label, the one token written with its hyphen.
		isOrg := func(v string) bool { return reOrgCode.MatchString(upperCode(v)) }
		if v, l := labelledWhere(lines, isOrg, codeLabels[dossier.FieldOrgCode]...); v != "" {
			if raw, code, guessed := orgCodeOverRun(upperCode(v)); raw != "" {
				conf := l.ConfOf(raw)
				if guessed {
					conf = min(conf, guessedConf)
				}
				set(dossier.FieldOrgCode, code, conf)
				src[dossier.FieldOrgCode] = codeSource{l, raw, guessed}
				return
			}
			if raw, code := orgCodeInRun(upperCode(v)); raw != "" {
				set(dossier.FieldOrgCode, code, min(l.ConfOf(raw), guessedConf))
				src[dossier.FieldOrgCode] = codeSource{l, raw, true}
				return
			}
			setCode(dossier.FieldOrgCode, "org_code", reOrgCode.FindString(upperCode(v)), l)
			return
		}
		for _, l := range lines {
			if m := reOrgCodeHyphen.FindStringSubmatch(upperCode(Compact(l.Text))); m != nil {
				setCode(dossier.FieldOrgCode, "org_code", m[1], l)
				return
			}
		}
	}
	// ids takes a person's identity number without its label: the first
	// that holds a birth date, else the first that is not the unit's
	// credit code (eighteen characters too: 91350600952322461X).
	ids := func(key string) {
		for _, birth := range []bool{true, false} {
			for _, l := range lines {
				m := idIn(upperCode(Compact(l.Text)))
				if m != "" && f[key] == "" && m != f[dossier.FieldUSCC] && (!birth || idLike(m)) {
					setCode(key, "id_number", m, l)
				}
			}
		}
	}
	switch t {
	case dossier.ApplicationForm:
		name("单位名称", "单位全称", "机构名称", "名称")
		codes()
		if f[dossier.FieldUSCC] == "" && f[dossier.FieldOrgCode] == "" {
			// A form that gives the code's kind by a check box (证件类型
			// ☑组织机构代码) labels the code 证件号码, as it labels the
			// operator's number further down: the first, above the
			// operator's rows, holding an organization code.
			if op := operatorRows(lines); op > 0 {
				isOrg := func(v string) bool {
					return reOrgCode.FindString(upperCode(v)) == upperCode(v) && !idLike(upperCode(v))
				}
				if v, l := labelledWhere(lines[:op], isOrg, "证件号码"); v != "" {
					setCode(dossier.FieldOrgCode, "org_code", upperCode(v), l)
				}
			}
		}
		v, l := labelled(lines, "经办人姓名")
		guessed := false // the name found without its label
		if v == "" {
			// A sectioned form: 姓名 under a heading 二、经办人信息.
			if i := slices.IndexFunc(lines, func(l Line) bool { return strings.Contains(Compact(l.Text), "经办人信息") }); i >= 0 {
				if v, l = labelled(lines[i+1:], "姓名"); v == "" {
					v, l, guessed = misreadNameLabel(lines[i+1:min(len(lines), i+3)], lines[i+1:])
				}
			} else if i := slices.IndexFunc(lines, func(l Line) bool { return strings.HasPrefix(trimJunk(Compact(l.Text)), "姓名") }); i >= 0 {
				// The heading lost to OCR: a row that begins 姓名 (not
				// 联系人姓名, 法定代表人姓名) is the operator's on this form.
				v, l = labelled(lines[i:i+1], "姓名")
			}
		}
		if v == "" {
			// Labelled 经办人 alone (经办人 杜娜 联系方式 …) at the head of
			// its row: not the heading 经办人信息, the line to sign
			// (经办人签字) nor a note (…及经办人有效身份证件复印件).
			// The label set off from its value: by a rule (|), a colon
			// or a space, by the gap between two cells, or alone in its
			// cell (the value in the next).
			var rows []Line
			for _, l := range lines {
				t := trimJunk(l.Text)
				if rest, ok := strings.CutPrefix(t, "经办人"); ok && (rest == "" || strings.ContainsRune("|丨:： \u3000", []rune(rest)[0]) || l.setOff("经办人")) {
					rows = append(rows, l)
				} else if !strings.Contains(Compact(l.Text), "经办人") {
					rows = append(rows, l) // no label: a cell beside one
				}
			}
			v, l = labelledWhere(rows, func(v string) bool {
				head := string([]rune(v)[:min(4, utf8.RuneCountInString(v))])
				n := utf8.RuneCountInString(reName.FindString(cutAt(v, personEnds)))
				return !strings.ContainsAny(head, "签章") && !strings.HasPrefix(v, "信息") && !strings.HasPrefix(v, "证件") &&
					!strings.HasPrefix(v, "身份") && n >= 2 && n <= 4
			}, "经办人")
		}
		// A label read where the name should be (the name lost: 姓名, 联系电话) is no name.
		if m := l.together(reName.FindString(cutAt(v, personEnds))); m != "" && !labelWord(m) {
			conf := l.ConfOf(m)
			if guessed {
				conf = min(conf, guessedConf)
			}
			set(dossier.FieldOperatorName, m, conf)
		} else if r := []rune(cutAt(v, personEnds)); len(r) > 0 && unicode.Is(unicode.Han, r[0]) && (len(r) == 1 || !unicode.Is(unicode.Han, r[1])) && len(v) > len(string(r[:1])) {
			// A name cut short or read as junk before the next label
			// (姓名|刘联系电话, 姓名|齐ee联系电话: 刘洋杰): one character
			// is no name, but marks the line for a second reading, at no
			// confidence.
			set(dossier.FieldOperatorName, string(r[:1]), 0)
		}
		// A sectioned form labels the unit's code 证件号码 too: the
		// operator's is the one under the operator's heading. With the
		// heading misread, the first 证件号码 is the unit's code, read
		// as this form's credit code: no person's number.
		opLines := lines
		if i := slices.IndexFunc(lines, func(l Line) bool { return strings.Contains(Compact(l.Text), "经办人信息") }); i >= 0 {
			opLines = lines[i+1:]
		}
		if v, l := labelled(opLines, codeLabels[dossier.FieldOperatorID]...); v != "" {
			if m := idIn(upperCode(v)); m != "" && m != f[dossier.FieldUSCC] {
				setCode(dossier.FieldOperatorID, "id_number", m, l)
			}
		}
		if f[dossier.FieldOperatorID] == "" {
			ids(dossier.FieldOperatorID)
		}
	case dossier.BusinessLicense:
		name("名称")
		codes()
	case dossier.OrgCodeCertificate:
		name("机构名称", "名称")
		codes()
	case dossier.SocialSecurityCert:
		name("单位名称", "名称")
		codes()
		isNo := func(v string) bool { return reSocialSecNo.MatchString(upperCode(v)) }
		if v, l := labelledWhere(lines, isNo, "编码", "登记证号", "证号"); v != "" {
			m := reSocialSecNo.FindString(upperCode(v))
			set(dossier.FieldSocialSecNo, m, l.ConfOf(m))
		} else if m, l := loneNumber(lines, f[dossier.FieldUSCC]); m != "" {
			// its label lost: a little less sure
			set(dossier.FieldSocialSecNo, m, 0.9*l.ConfOf(m))
		}
	case dossier.IDCard, dossier.ResidencePermit:
		if v, conf := holderName(lines); v != "" {
			set(dossier.FieldHolderName, v, conf)
		}
		ids(dossier.FieldIDNumber)
		for _, l := range lines {
			if from, until := validity(l.Text); from != "" {
				// the line's mean: chi_sim reads digits at low
				// confidence, and the least sure word's would send most
				// cards to a clerk (seed 404: 4 of 11 good cases) that
				// are read right
				set(dossier.FieldValidFrom, from, l.Conf)
				set(dossier.FieldValidUntil, until, l.Conf)
			}
		}
	}
	guessed := map[string]string{}
	for k, s := range src {
		if s.guessed && f[k] != "" {
			guessed[k] = asRead(codeKind[k], s.raw)
		}
	}
	return fieldReading{f, c, src, guessed, map[string]string{}}
}

// idIn finds an identity number in text: of the stretches of eighteen
// that could be one, the first whose check character holds (a label's
// last character read as a digit before the number, 公民身份2 350802…,
// shifts the first stretch by one), else the first.
func idIn(text string) string {
	first := reID.FindString(text)
	if first == "" {
		return ""
	}
	for i := 0; i+18 <= len(text); i++ {
		if w := text[i : i+18]; reID.FindString(w) == w && validCode("id_number", asRead("id_number", w)) {
			return w
		}
	}
	return first
}

// loneNumber finds a registration number without its label: the first
// line that is such a number and nothing else, and not a credit code or an
// identity number (uscc, the one the page gave, or any that passes its check).
func loneNumber(lines []Line, uscc string) (string, Line) {
	for _, l := range lines {
		t := upperCode(Compact(l.Text))
		if reSocialSecNo.FindString(t) != t || t == uscc {
			continue
		}
		if len(t) == 18 && (ident.USCC(t).Valid == ident.Valid || ident.IDNumber(t).Valid == ident.Valid) {
			continue
		}
		return t, l
	}
	return "", Line{}
}

var (
	reBirthLine    = regexp.MustCompile(`\d{4}年\d{1,2}月`)
	reNameAlone    = regexp.MustCompile(`^[\p{Han}·]{2,6}$`)
	frontLabels    = []string{"性别", "民族", "出生", "住址", "公民"}
	frontLabelsAll = append([]string{"姓名"}, frontLabels...) // a front's labels, each where its line begins
	idFrontWords   = []string{"姓名", "性别", "民族", "出生", "住址", "公民", "身份", "中华", "签发", "有效"}
)

// holderName reads the name on the front of an identity card: after its
// label 姓名, or after the label read with one character wrong (站名), or,
// where layout analysis dropped the labels of the front, the first line from
// the top that is a name alone, above the birth date (not level with it:
// the label 出生 misread 遇生 and read apart from its date is no name).
// A card's back prints no name: on a page that shows a back's print
// (签发机关, 有效期限) and nothing of a front's, what else is read as Han
// characters is none (a seal's ring, a pen's line: 本这才二 read off a
// back, which kept it over the front's 王杰). The sex's line, its labels
// lost (女是放大汉园 for 性别 女 民族 汉), is no name either: the name, lost
// with its label, is read again from above it (rereadHolderName).
func holderName(lines []Line) (string, float64) {
	if v, conf := labelledHolderName(lines); v != "" {
		return v, conf
	}
	if backOnly(lines) {
		return "", 0
	}
	return unlabelledName(lines)
}

// backPrint is what a card's back prints and its front does not: the
// labels of its issuing office and its period, and the office, a public
// security bureau. The issuing office's label is known by its first two
// characters or its last three: its first read otherwise (等发机关, a
// card's two sides side by side, its period lost whole in the line of the
// front's number, 13636 C0026) is still a back's.
var backPrint = []string{"签发", "发机关", "有效期", "公安局"}

// backPrinted reports whether the text t (compacted) holds any of a card's
// backPrint.
func backPrinted(t string) bool {
	return slices.ContainsFunc(backPrint, func(p string) bool { return strings.Contains(t, p) })
}

// backOnly reports whether lines show an identity card's back and
// nothing of its front: its backPrint or its validity, and no birth date,
// number, sex or label only a front prints.
func backOnly(lines []Line) bool {
	back := false
	for _, l := range lines {
		t := Compact(l.Text)
		if reBirthLine.MatchString(t) || idIn(upperCode(t)) != "" || sexLine(l) ||
			slices.ContainsFunc(frontLabels, func(w string) bool { return strings.Contains(t, w) }) {
			return false
		}
		if from, _ := validity(l.Text); from != "" || backPrinted(t) {
			back = true
		}
	}
	return back
}

// afterMarkedLabel is what follows the first word of l, where that word
// is one character read at no confidence and stands over twice as tall as
// the rest of the line, two characters or more: the label 姓名 under a
// seal's star, its print and the star's edges read as one character (棕
// 79 pixels tall before 罗平 27 tall, 14343 C0029). No name's character
// stands so, but one crossed by a seal's mark might: what follows is the
// name as a guess, for a second reading and the other papers to settle.
// "" where l begins otherwise.
func afterMarkedLabel(l Line) string {
	if len(l.Words) < 2 {
		return ""
	}
	w, rest := l.Words[0], Line{Words: l.Words[1:]}
	if utf8.RuneCountInString(Compact(w.Text)) != 1 || w.Conf >= unreadConf || w.Box.Dy() <= 2*wordHeight(rest) {
		return ""
	}
	var t strings.Builder
	for _, r := range rest.Words {
		t.WriteString(Compact(r.Text))
	}
	if !reNameAlone.MatchString(t.String()) {
		return ""
	}
	return t.String()
}

// unlabelledName is holderName's name without its label: the first line
// that is a name alone, above the birth date and the sex, and not in the
// column of the card's labels: where two lines or more that begin with a
// label begin where it does, it is a label misread (出主 for 出生, its date
// read apart as 1987年I月14绰, under 姓名 and 性别, the name lost).
func unlabelledName(lines []Line) (string, float64) {
	birth := slices.IndexFunc(lines, func(l Line) bool { return reBirthLine.MatchString(Compact(l.Text)) })
	var labelX []int // where lines that begin with a label begin
	for _, l := range lines {
		t := trimJunk(Compact(l.Text))
		if len(l.Words) > 0 && slices.ContainsFunc(frontLabelsAll, func(w string) bool { return strings.HasPrefix(t, w) }) {
			labelX = append(labelX, l.Words[0].Box.Min.X)
		}
	}
	for i, l := range lines {
		t := Compact(l.Text)
		if i == birth {
			break
		}
		if birth >= 0 && (l.Box.Min.Y+l.Box.Max.Y)/2 >= lines[birth].Box.Min.Y {
			continue
		}
		if !reNameAlone.MatchString(t) || slices.ContainsFunc(idFrontWords, func(w string) bool { return strings.Contains(t, w) }) {
			continue
		}
		if labelsAt(labelX, l.Words[0].Box.Min.X, l.Box.Dy()) >= 2 {
			continue
		}
		if sexLine(l) || i == birth-1 && nameLineAbove(lines, i, birth) {
			break
		}
		// what is left of the label 姓名, its first character lost (名袁俊):
		// no surname is 名
		if rest, ok := strings.CutPrefix(t, "名"); ok && utf8.RuneCountInString(rest) >= 2 {
			return rest, l.ConfOf(rest)
		}
		if rest := afterMarkedLabel(l); rest != "" {
			return rest, min(l.ConfOf(rest), guessedConf)
		}
		return t, l.MinConf
	}
	return "", 0
}

// labelsAt counts the lines beginning with a label (each beginning at one
// of labelX) that begin within half the height h of x.
func labelsAt(labelX []int, x, h int) int {
	n := 0
	for _, lx := range labelX {
		if 2*abs(x-lx) < h {
			n++
		}
	}
	return n
}

// nameLineAbove reports whether line i, the last above the birth date's
// (line birth), has a line of Han characters above it at the pitch it
// stands above the birth date: the card prints its lines at one pitch, the
// name's, the sex's and the birth date's, so line i is the sex's, its
// labels and values misread past knowing (全忆田汉辆 for 性别 男 民族 汉,
// under 站外。赵秀英吕, the label 姓名 misread beside the name and a seal's
// ring read after it). What stands above a name alone is the card's edge.
func nameLineAbove(lines []Line, i, birth int) bool {
	if i < 1 {
		return false
	}
	mid := func(l Line) int { return (l.Box.Min.Y + l.Box.Max.Y) / 2 }
	pitch, up := mid(lines[birth])-mid(lines[i]), mid(lines[i])-mid(lines[i-1])
	return pitch > 0 && 2*up >= pitch && 2*up <= 3*pitch && hanCount(lines[i-1].Text) >= 2
}

// sexLine reports whether l is a card's line of sex and ethnicity read
// without its labels: it begins with the sex (男, 女) as a word of its own.
// No name is one character long, and none begins so.
func sexLine(l Line) bool {
	return len(l.Words) > 1 && (l.Words[0].Text == "男" || l.Words[0].Text == "女")
}

// labelledHolderName is the holder's name read after its label 姓名, the
// label read whole or with one of its characters.
func labelledHolderName(lines []Line) (string, float64) {
	if v, l := labelled(lines, "姓名"); v != "" {
		if m := l.together(reName.FindString(cutAt(v, personEnds))); m != "" && !labelWord(m) {
			return m, l.ConfOf(m)
		}
	}
	for _, l := range lines {
		r := []rune(Compact(l.Text))
		if len(r) > 3 && (r[0] == '姓') != (r[1] == '名') {
			if m := l.together(reName.FindString(cutAt(trimJunk(string(r[2:])), personEnds))); m != "" && !labelWord(m) {
				return m, l.ConfOf(m)
			}
		}
	}
	return "", 0
}

// personsNumber reports whether code m stands in line after a person's
// label (经办人证件号码, 公民身份号码, 联系电话) or a certificate's (原证书序列号,
// its 号 misread: 序列咙):
// a person's number read with a digit too many or too few has no birth
// date left where idLike looks for it, and a replaced certificate's serial
// read with two characters too many is as long as a credit code; neither
// is the unit's code.
func personsNumber(line, m string) bool {
	i := strings.Index(line, m)
	if i < 0 {
		return false
	}
	before := line[:i]
	person := -1
	for _, l := range []string{"经办人", "身份", "居住证", "法定代表人", "负责人", "电话", "手机", "序列"} {
		person = max(person, strings.LastIndex(before, l))
	}
	// the unit's code label nearer the code than any person's label (a
	// licence's columns read as one line: 法定代表人张三统一社会信用代码9135…)
	return person >= 0 && strings.LastIndex(before, "代码") < person
}

// rowLabel is the text of the nearest line level with l and left of it,
// as a form read cell by cell gives a value's label cell; "" where there
// is none (a page's reading holds label and value in one line).
func rowLabel(lines []Line, l Line) string {
	label, gap := "", -1
	for _, o := range lines {
		h := min(o.Box.Dy(), l.Box.Dy())
		mo, ml := (o.Box.Min.Y+o.Box.Max.Y)/2, (l.Box.Min.Y+l.Box.Max.Y)/2
		if g := l.Box.Min.X - o.Box.Max.X; g >= 0 && abs(mo-ml)*2 < h && (gap < 0 || g < gap) {
			label, gap = upperCode(Compact(o.Text)), g
		}
	}
	return label
}

// inPattern reports whether the code m was read inside a run of letters
// and digits far longer than any code (a certificate's printed border or
// guilloche read as 2242934432444…): a code is printed standing alone, or
// with a stray character or a few glued to it.
func inPattern(line, m string) bool {
	for _, run := range reCodeRun.FindAllString(line, -1) {
		if strings.Contains(run, m) {
			return len(run) > len(m)+4
		}
	}
	return false
}

var reCodeRun = regexp.MustCompile(`[0-9A-Z]+`)

// idLike reports whether 18 characters read where a credit code may be are
// an identity number (one misread digit fails its check) rather than a
// credit code: a USCC's positions 7-14 (a county code's end, an
// organization code's start) hardly ever make a birth date in digits.
func idLike(m string) bool {
	_, ok := ident.BirthDate(m)
	return ok && isDigits(m[:17])
}

func isDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// validity reads an identity document's period of validity (2024.11.06-
// 2044.11.06, or to 长期) from a line's text as read, as ISO dates; a date
// that is no day of the calendar (a digit lost: 2042.08.0) gives nothing.
func validity(text string) (from, until string) {
	m := reDates.FindStringSubmatch(Compact(reLostDot.ReplaceAllString(text, "$1.$2")))
	if m == nil {
		return pairedDates(text)
	}
	from, until = isoDate(m[1], m[2], m[3]), "长期"
	if m[7] == "" {
		until = isoDate(m[4], m[5], m[6])
	}
	for _, d := range []string{from, until} {
		if d == "长期" {
			continue
		}
		if !cardDate(d) {
			return "", "" // or a year no card carries (7038)
		}
	}
	if until != "长期" && until <= from {
		return "", ""
	}
	return from, until
}

// pairedDates reads a period of validity whose marks were lost or misread
// as digits (2019.110622039.11.06: the second dot lost, the dash read as
// 2) from the digits of text alone: two dates of eight digits, at most two
// apart, the second the first's day and month five, ten or twenty years
// on, as the periods a card is issued for run. No other two dates a line
// holds are so, by chance, so the marks between them are not needed.
func pairedDates(text string) (from, until string) {
	d := strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, text)
	for i := 0; i+16 <= len(d); i++ {
		for gap := 0; gap <= 2 && i+16+gap <= len(d); gap++ {
			a, b := d[i:i+8], d[i+8+gap:i+16+gap]
			if a[4:] != b[4:] {
				continue
			}
			ya, _ := strconv.Atoi(a[:4])
			yb, _ := strconv.Atoi(b[:4])
			if n := yb - ya; n != 5 && n != 10 && n != 20 {
				continue
			}
			from, until = isoDate(a[:4], a[4:6], a[6:]), isoDate(b[:4], b[4:6], b[6:])
			if cardDate(from) && cardDate(until) {
				return from, until
			}
		}
	}
	return "", ""
}

// cardDate reports whether the ISO date d is a day of the calendar in a
// year a card carries (19xx, 20xx).
func cardDate(d string) bool {
	_, err := time.Parse("2006-01-02", d)
	return err == nil && (d[:2] == "19" || d[:2] == "20")
}

func isoDate(y, m, d string) string {
	if len(m) == 1 {
		m = "0" + m
	}
	if len(d) == 1 {
		d = "0" + d
	}
	return y + "-" + m + "-" + d
}

package extract

import (
	"image"
	"maps"
	"slices"
	"strings"
	"testing"

	"dossier"
)

// line builds a text line of one word a character, as tesseract reads
// Chinese, each with its confidence.
func line(y int, text string, confs ...float64) Line {
	var words []Word
	for i, r := range []rune(text) {
		c := 0.9
		if i < len(confs) {
			c = confs[i]
		}
		words = append(words, Word{Text: string(r), Box: image.Rect(20*i, y, 20*i+18, y+20), Conf: c, Line: y})
	}
	return Lines(words)[0]
}

// cells is one line of table cells: each text's characters as line's,
// the cells four characters' widths apart.
func cells(y int, texts ...string) Line {
	var words []Word
	x := 0
	for _, text := range texts {
		for _, r := range []rune(text) {
			words = append(words, Word{Text: string(r), Box: image.Rect(x, y, x+18, y+20), Conf: 0.9, Line: y})
			x += 20
		}
		x += 80
	}
	return Lines(words)[0]
}

func TestHolderName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []Line
		want  string
	}{
		{"label", []Line{line(0, "姓名郑晓东"), line(40, "性别女民族汉")}, "郑晓东"},
		{"next_label_on_the_line", []Line{line(0, "姓名郑晓东性别女")}, "郑晓东"},
		{"permit_title_beside", []Line{line(0, "姓名许娟娟中华人民共和国")}, "许娟娟"},
		{"a_name_holding_a_country_word", []Line{line(0, "姓名张中华")}, "张中华"},
		{"label_misread", []Line{line(0, "站名”郑晓东"), line(40, "性别女民族汉")}, "郑晓东"},
		{"labels_lost", []Line{line(0, "郑丽"), line(40, "症三水辆"), line(80, "1982年4月7日")}, "郑丽"},
		{"label's first character lost", []Line{line(0, "名袁俊"), line(40, "别男民族汉")}, "袁俊"},
		{"label_alone_is_no_name", []Line{line(0, "姓名"), line(40, "1982年4月7日")}, ""},
		{"the birth label level with its date is no name", []Line{line(0, "处名2山洋"), line(40, "性别女民族汉"), line(80, "遇生"), spread(line(80, "1995年1月28日"), 0, 120)}, ""},
		{"below_the_birth_date_is_no_name", []Line{line(0, "1982年4月7日"), line(40, "郑丽")}, ""},
		{"a mark far to its right", []Line{spread(line(0, "姓名郭强加|中华人民共和国"), 4, 600)}, "郭强"},
		{"a name letter-spaced", []Line{spread(line(0, "姓名郑晓东"), 4, 30)}, "郑晓东"},
		// the front's name lost, the back beside it read level with the label
		{"the back's heading is no name", []Line{line(0, "姓名"), line(40, "中华人民共和国"), line(80, "性别")}, ""},
		{"the back's heading after the label", []Line{line(0, "姓名中华人民共和国")}, ""},
		// a back prints no name: a seal's ring or a pen's line read as Han is none
		{"a back's line is no name", []Line{line(0, "中华人民共和国"), line(40, "居民身份证"), line(80, "签发机关龙岩市公安局"), line(120, "有效期限2025.04.01-2045.04.01"), line(160, "本这才二")}, ""},
		{"labels lost, the number read", []Line{line(0, "郑丽"), line(40, "公民身份号码350802198909185645")}, "郑丽"},
		// the name's line lost with the labels: the sex's line is left
		{"the sex's line is no name", []Line{line(0, "女是放大汉园"), line(40, "1982年3月10日")}, ""},
		// tuning seed 10707 C0028: the name's line read with its label and a seal's ring, the sex's misread
		{"the sex's line under the name's is no name", []Line{line(0, "站外。赵秀英吕"), line(40, "全忆田汉辆"), line(80, "出生1973年4月21卓")}, ""},
		// tuning seed 12626 C0026: the name lost, 出生 read 出主 apart from its date
		{"a label misread in the labels' column is no name", []Line{line(0, "姓名"), line(40, "性别"), line(80, "出主"),
			spread(line(80, "1987年I月14绰"), 0, 80), line(120, "住址")}, ""},
		{"a name in the values' column, its label lost", []Line{spread(line(0, "高霞"), 0, 80), line(40, "性别男民族汉"), line(80, "出生"), line(120, "住址")}, "高霞"},
		{"a line far above is no name's", []Line{line(0, "复印件与原件一致"), line(100, "郑丽"), line(140, "1982年4月7日")}, "郑丽"},
		// tuning seed 14343 C0029: 姓名 under a seal's star, read as one character
		{"a label under a seal's star", []Line{tall(line(0, "棕罗平", 0), 0, 60), line(80, "1983年11月12日")}, "罗平"},
		{"a name's first character not read", []Line{line(0, "棕罗平", 0), line(80, "1983年11月12日")}, "棕罗平"},
		{"a tall first character read", []Line{tall(line(0, "棕罗平", 0.7), 0, 60), line(80, "1983年11月12日")}, "棕罗平"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := holderName(tc.lines); got != tc.want {
				t.Errorf("holderName = %q, want %q", got, tc.want)
			}
		})
	}
}

// tall makes the at-th word of l dy tall, from the line's top.
func tall(l Line, at, dy int) Line {
	l.Words = slices.Clone(l.Words)
	l.Words[at].Box.Max.Y = l.Words[at].Box.Min.Y + dy
	return l
}

// spread moves the words of l from the at-th on dx to the right.
func spread(l Line, at, dx int) Line {
	l.Words = slices.Clone(l.Words)
	for i := at; i < len(l.Words); i++ {
		l.Words[i].Box = l.Words[i].Box.Add(image.Pt(dx, 0))
	}
	return l
}

func TestDropLabelRest(t *testing.T) {
	for read, want := range map[string]string{
		"称合肥市新宇物流有限公司":     "合肥市新宇物流有限公司",
		"名和厦门永安汇丰环保科技有限公司": "厦门永安汇丰环保科技有限公司",
		"首相南京市中联食品股份有限公司":  "南京市中联食品股份有限公司",
		"名创优品有限公司":         "名创优品有限公司",    // no place behind: a name of its own
		"中铁福州工程有限公司":       "中铁福州工程有限公司",  // a word, then a place without 市
		"福州市名城物业有限公司":      "福州市名城物业有限公司", // begins with its place
	} {
		if got := dropLabelRest(read); got != want {
			t.Errorf("dropLabelRest(%s) = %s, want %s", read, got, want)
		}
	}
}

// TestBracketsOfName: brackets read as others, and an opening bracket
// read as a letter before a known place, are a name's round brackets.
func TestBracketsOfName(t *testing.T) {
	for read, want := range map[string]string{
		"秦源医药〈厦门)有限公司":     "秦源医药（厦门)有限公司",
		"鑫源医药t厦门)有限公司":     "鑫源医药（厦门)有限公司",
		"中联电子“福州)股份有限公司":   "中联电子（福州)股份有限公司",   // a quote mark
		"鑫源医药t厦| ])有限公司":   "鑫源医药t厦| ）有限公司",    // no place before the bracket
		"t厦门)有限公司":         "t厦门)有限公司",         // nothing before the place
		"中联ABC厦门)有限公司":     "中联ABC厦门)有限公司",     // letters, not one mark
		"鑫源医药(厦门)t福州)有限公司": "鑫源医药(厦门)t福州)有限公司", // the bracket opens already
	} {
		if got := bracketsOfName(read); got != want {
			t.Errorf("bracketsOfName(%s) = %s, want %s", read, got, want)
		}
	}
}

// TestPairedBrackets: the one bracket of a place the reader lost is put
// back; a lone bracket anywhere else stays as read.
func TestPairedBrackets(t *testing.T) {
	for read, want := range map[string]string{
		"光华机械制造泉州）有限公司":    "光华机械制造（泉州）有限公司",
		"鼓山贸易（漳州有限责任公司":    "鼓山贸易（漳州）有限责任公司",
		"华南钢构马鞍山）有限公司":     "华南钢构（马鞍山）有限公司", // the longest place
		"瑞丰建设工程（泉州）有限责任公司": "瑞丰建设工程（泉州）有限责任公司",
		"泉州）有限公司":          "泉州）有限公司",    // nothing before the place
		"新宇科技一）有限公司":       "新宇科技一）有限公司", // no place in it
		"新宇科技（一有限公司":       "新宇科技（一有限公司",
	} {
		if got := pairedBrackets(read); got != want {
			t.Errorf("pairedBrackets(%s) = %s, want %s", read, got, want)
		}
	}
}

// A value's confidence is its own words', not its label's or the junk's.
func TestConfOf(t *testing.T) {
	l := line(0, "公民身份B玛。350702199211158441", 0.9, 0.9, 0.9, 0.9, 0, 0.05, 0)
	if got := l.ConfOf("350702199211158441"); got != 0.9 {
		t.Errorf("ConfOf(number) = %v, want 0.9", got)
	}
	if got := l.ConfOf("not there"); got != 0 {
		t.Errorf("ConfOf(absent) = %v, want the line's least, 0", got)
	}
	f, c := Fields(dossier.IDCard, []Line{line(0, "姓名郑晓东", 0.9, 0.9, 0.95, 0.4, 0.92)})
	if f[dossier.FieldHolderName] != "郑晓东" || c[dossier.FieldHolderName] != 0.4 {
		t.Errorf("holder name %q at %v, want 郑晓东 at 0.4", f[dossier.FieldHolderName], c[dossier.FieldHolderName])
	}
}

func TestSideways(t *testing.T) {
	tall := Line{Text: "安徽省合肥市", Box: image.Rect(0, 0, 38, 285)}
	wide := Line{Text: "安徽省合肥市", Box: image.Rect(0, 0, 285, 38)}
	if !sideways([]Line{tall, tall, wide}) || sideways([]Line{tall, wide, wide}) {
		t.Error("sideways should follow most lines of three characters or more")
	}
}

func TestIssuerCorner(t *testing.T) {
	seal := func(x, y int) image.Rectangle { return image.Rect(x-50, y-50, x+50, y+50) }
	for _, tc := range []struct {
		name string
		box  image.Rectangle
		deg  int
		want bool
	}{
		{"upright_lower_right", seal(800, 1300), 0, true},
		{"upright_lower_left", seal(200, 1300), 0, false},
		{"upright_upper_right", seal(800, 300), 0, false},
		{"upright_lower_middle", seal(505, 1300), 0, false}, // across the middle: a unit's
		{"upright_lower_right_of_middle", seal(530, 1300), 0, true},
		// 1000 x 1400 upright, scanned turned: 1400 x 1000 with deg 90 to fix
		{"turned_90_lower_right", seal(1300, 200), 90, true},
		{"turned_90_lower_left", seal(1300, 800), 90, false},
		{"upside_down_lower_right", seal(200, 100), 180, true},
		{"turned_270_lower_right", seal(100, 800), 270, true},
	} {
		w, h := 1000, 1400
		if tc.deg == 90 || tc.deg == 270 {
			w, h = h, w
		}
		if got := issuerCorner(tc.box, tc.deg, w, h); got != tc.want {
			t.Errorf("%s: issuerCorner = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A box on the page as scanned lands where the page, turned to read it,
// has it: the scan's top left corner, turned 90 clockwise, is the upright
// page's top right.
func TestTurnRect(t *testing.T) {
	box := image.Rect(0, 0, 10, 10)
	for _, tc := range []struct {
		deg, w, h int
		want      image.Rectangle
	}{
		{0, 1000, 1400, box},
		{90, 1400, 1000, image.Rect(989, 0, 999, 10)},
		{180, 1000, 1400, image.Rect(989, 1389, 999, 1399)},
		{270, 1400, 1000, image.Rect(0, 1389, 10, 1399)},
	} {
		if got := turnRect(box, tc.deg, tc.w, tc.h); got != tc.want {
			t.Errorf("turned %d: %v, want %v", tc.deg, got, tc.want)
		}
	}
}

// A seal lies at the issuer's label when it covers the label or the name
// that runs on right of it or below, not when it stands left of the label.
func TestAtLabel(t *testing.T) {
	label := image.Rect(900, 1400, 1020, 1440) // 发证机关, its name lost under the seal
	seal := func(x, y int) image.Rectangle { return image.Rect(x-180, y-180, x+180, y+180) }
	for _, tc := range []struct {
		name string
		box  image.Rectangle
		want bool
	}{
		{"over_the_label", seal(960, 1420), true},
		{"over_the_name_right_of_it", seal(1250, 1450), true},
		{"over_the_date_below", seal(1000, 1600), true},
		{"left_and_below", seal(650, 1610), false},
		{"far_below", seal(1000, 2100), false},
	} {
		if got := atLabel(tc.box, label); got != tc.want {
			t.Errorf("%s: atLabel = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// 代码 at the end of 统一社会信用代码 is not the organization code's label, and
// a title holding a label (组织机构代码证) gives no value.
func TestLabelTails(t *testing.T) {
	lines := []Line{line(0, "组织机构代码证"), line(40, "统一社会信用代码：9135010"), line(80, "代码：MARM6R0P-7")}
	f, _ := Fields(dossier.OrgCodeCertificate, lines)
	if f[dossier.FieldOrgCode] != "MARM6R0P7" {
		t.Errorf("org code %q, want MARM6R0P7 from its own label", f[dossier.FieldOrgCode])
	}
	if v, _ := labelled([]Line{line(0, "经办人姓名王丽"), line(40, "姓名郑晓东")}, "姓名"); v != "郑晓东" {
		t.Errorf("labelled(姓名) = %q, want the holder's name, not the operator's", v)
	}
}

// A social insurance registration number whose label was lost is the number
// alone on its line, not the credit code nor an identity number.
func TestLoneNumber(t *testing.T) {
	lines := []Line{line(0, "社会保险登记证"), line(40, "91440300273839223R"), line(80, "350102196702268112"), line(120, "44030593929372"), line(160, "深圳新宇环保科技有限公司")}
	f, c := Fields(dossier.SocialSecurityCert, lines)
	if f[dossier.FieldSocialSecNo] != "44030593929372" || c[dossier.FieldSocialSecNo] >= 0.9 {
		t.Errorf("number %q at %v, want 44030593929372 below 0.9", f[dossier.FieldSocialSecNo], c[dossier.FieldSocialSecNo])
	}
	f, _ = Fields(dossier.SocialSecurityCert, append(lines, line(200, "编码35060245515058")))
	if f[dossier.FieldSocialSecNo] != "35060245515058" {
		t.Errorf("number %q, want the labelled 35060245515058", f[dossier.FieldSocialSecNo])
	}
}

// A value read up to the next field's label on its line (a two-column
// form, a licence's 注册资本 beside its 名称) ends at the label; a name that
// holds a short word such a label also holds (手机) keeps it.
func TestValueEndsAtNextLabel(t *testing.T) {
	for _, tc := range []struct {
		typ       dossier.DocType
		text, key string
		want      string
	}{
		{dossier.ApplicationForm, "经办人姓名詹国联系方式13800000000", dossier.FieldOperatorName, "詹国"},
		{dossier.ApplicationForm, "经办人姓名许娟娟联系电话0591", dossier.FieldOperatorName, "许娟娟"},
		{dossier.ApplicationForm, "经办人姓名程晨手机13800000000", dossier.FieldOperatorName, "程晨"},
		{dossier.ApplicationForm, "经办人姓名方涛", dossier.FieldOperatorName, "方涛"},
		{dossier.BusinessLicense, "名称厦门市海沧区聚源汽车服务有限公司注册资本壹佰万元整", dossier.FieldUnitName, "厦门市海沧区聚源汽车服务有限公司"},
		{dossier.BusinessLicense, "名称深圳市华强手机配件有限公司", dossier.FieldUnitName, "深圳市华强手机配件有限公司"},
		{dossier.ApplicationForm, "单位名称福州市闽江电话设备有限公司经办人詹国", dossier.FieldUnitName, "福州市闽江电话设备有限公司"},
	} {
		r := readFields(tc.typ, []Line{line(0, tc.text)})
		if got := r.values[tc.key]; got != tc.want {
			t.Errorf("%s %q: %s = %q, want %q", tc.typ, tc.text, tc.key, got, tc.want)
		}
	}
}

// A form laid out in sections names its operator 姓名 under a heading
// 二、经办人信息; the 姓名 of another section is not the operator's.
func TestOperatorInSection(t *testing.T) {
	lines := []Line{line(0, "一、单位信息"), line(40, "单位名称福州市闽江科技有限公司"), line(80, "二、经办人信息"), line(120, "姓名沈淑手机号码13628847546")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "沈淑" {
		t.Errorf("operator = %q, want 沈淑", got)
	}
	// the heading lost: a row that begins 姓名 is the operator's; 联系人姓名 is not
	lines = []Line{line(0, "单位名称福州市闽江科技有限公司"), line(40, "姓名|沈淑手机号码|13628847546")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "沈淑" {
		t.Errorf("heading lost: operator = %q, want 沈淑", got)
	}
	lines = []Line{line(0, "联系人姓名王五手机号码13628847546")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "" {
		t.Errorf("contact: operator = %q, want none", got)
	}
	// the unit's code is labelled 证件号码 as well, above the operator's heading
	lines = []Line{line(0, "一、单位信息"), line(40, "证件号码913502007328544826"), line(80, "二、经办人信息"), line(120, "姓名沈淑"), line(160, "证件号码350205198103077256")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorID]; got != "350205198103077256" {
		t.Errorf("operator's number = %q, want the one under the heading", got)
	}
	// no heading (7070 C0026): the first 证件号码 gives the unit's code,
	// read as the form's credit code; the operator's is the other
	lines = []Line{line(0, "单位名称|福州恒信恒信文化传媒有限责任公司"), line(40, "证件类型|回统一社会信用代码"), line(80, "证件号码| 913501005765085794"),
		line(120, "经办人|吴洋联系电话|13528396321"), line(160, "证件类型|居民身份证"), line(200, "证件号码|350503196912095043")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorID]; got != "350503196912095043" {
		t.Errorf("no heading: operator's number = %q, want the second 证件号码's", got)
	}
	lines = []Line{line(0, "联系人姓名王五"), line(40, "二、经办人信息"), line(80, "手机号码13628847546")}
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "" {
		t.Errorf("operator = %q, want none", got)
	}
}

// TestUnitNameOnOtherForms: a label printed letter-spaced comes out with
// quotes and commas in its gaps; a form may say 单位全称; the CA's own name
// atop its form is not the unit's; brackets are written full width however
// they were read.
func TestUnitNameOnOtherForms(t *testing.T) {
	for _, tc := range []struct {
		typ   dossier.DocType
		lines []string
		want  string
	}{
		{dossier.ApplicationForm, []string{"数字证书服务中心", "单位数字证书申请表", "单”位“全，称|泉州和泰软件有限责任公司"}, "泉州和泰软件有限责任公司"},
		{dossier.ApplicationForm, []string{"数字证书服务中心", "单位数字证书申请表", "单位全称", "泉州和泰软件有限责任公司"}, "泉州和泰软件有限责任公司"},
		{dossier.ApplicationForm, []string{"福建CA数字证书服务中心", "单位数字证书申请表"}, ""},
		{dossier.OrgCodeCertificate, []string{"机构名称合力医疗器械(福州)有限公司"}, "合力医疗器械（福州）有限公司"},
		{dossier.SocialSecurityCert, []string{"单 位 名 称 聚源医疗器械（福州）有限公司"}, "聚源医疗器械（福州）有限公司"},
		{dossier.ApplicationForm, []string{"单位数字证书申请表", "名", "称|厦门市海沧区聚源汽车服务有限公司", "证件类型|统一社会信用代码"}, "厦门市海沧区聚源汽车服务有限公司"},
		{dossier.SocialSecurityCert, []string{"社会保险登记证", "单位名.称合力医疗器械(福州)有限公司", "组织机构代码72567514-4"}, "合力医疗器械（福州）有限公司"},
		{dossier.ApplicationForm, []string{"单位名称鼓山医药〈广州)有限公司"}, "鼓山医药（广州）有限公司"},
		{dossier.BusinessLicense, []string{"名称榕城科技【深圳]股份有限公司"}, "榕城科技（深圳）股份有限公司"},
		{dossier.SocialSecurityCert, []string{"社会保险登记证", "单位名。称|聚源医疗器械(福州)有限公司"}, "聚源医疗器械（福州）有限公司"},
		{dossier.BusinessLicense, []string{"营业执照", "(副本)", "名=称南京长兴嘉禾教育咨询有限公司", "类型有限责任公司《自然人投资或控股)"}, "南京长兴嘉禾教育咨询有限公司"},
		// the gap of a spaced-out label read as quotes, the last as a letter
		{dossier.SocialSecurityCert, []string{"社会保险登记证", "单“位“名“称l晋江鼎盛养老服务中心"}, "晋江鼎盛养老服务中心"},
		// the label spaced over two lines, its second character glued on
		{dossier.BusinessLicense, []string{"营业执照", "名", "称东南物流〈广州)有限公司", "类", "有限责任公司〈自然人投资或控股)"}, "东南物流（广州）有限公司"},
		{dossier.BusinessLicense, []string{"称“东南物流(广州)有限公司"}, "东南物流（广州）有限公司"},
		{dossier.BusinessLicense, []string{"泉州市通达贸易有限公司_"}, "泉州市通达贸易有限公司"},
		// a speck beside a bracket read as a quote
		{dossier.ApplicationForm, []string{"单位数字证书申请表", "单位基本信息", "单位全称", "鼓山物流“〈合肥)有限公司", "王作"}, "鼓山物流（合肥）有限公司"},
		{dossier.ApplicationForm, []string{"单位全称|鼓山物流（合肥”)有限公司"}, "鼓山物流（合肥）有限公司"},
		// a tortoise-shell bracket, and one bracket read as two
		{dossier.OrgCodeCertificate, []string{"机构名称:光华科技〔深圳)有限责任公司"}, "光华科技（深圳）有限责任公司"},
		{dossier.BusinessLicense, []string{"名称鼓山物业服务〔(泉州)有限公司"}, "鼓山物业服务（泉州）有限公司"},
		// the label lost, the next column glued on
		{dossier.BusinessLicense, []string{"统一社会信用代码", "厦门市海沧区中添生物科技有限公司注册资本50万元人民币", "有限责任公司(自然人投资或控股)成立日期2004年10月06日"}, "厦门市海沧区中添生物科技有限公司"},
	} {
		var lines []Line
		for i, l := range tc.lines {
			lines = append(lines, line(40*i, l))
		}
		if got := readFields(tc.typ, lines).values[dossier.FieldUnitName]; got != tc.want {
			t.Errorf("%s %q: unit name %q, want %q", tc.typ, tc.lines, got, tc.want)
		}
	}
}

// TestCodeNotFromPattern: a certificate's border read as a long run of
// digits gives no USCC; the organization code printed below its label is
// read instead.
func TestCodeNotFromPattern(t *testing.T) {
	lines := []Line{line(0, "组织机构代码证"), line(40, "机构名称:宁德鼎盛商贸有限责任公司"), line(80, "代码"), line(120, "29769876-9"),
		line(160, "2242934432444和0544446603344040004033377377")}
	r := readFields(dossier.OrgCodeCertificate, lines)
	if u := r.values[dossier.FieldUSCC]; u != "" {
		t.Errorf("USCC %q read from the border", u)
	}
	if o := r.values[dossier.FieldOrgCode]; o != "297698769" && o != "29769876-9" {
		t.Errorf("organization code %q, want 29769876-9", o)
	}
	// its label misread and its hyphen read as another dash
	for _, read := range []string{"MAJEN2XR=6", "MAJEN2XR一6", "MAJEN2XR~6"} {
		lines = []Line{line(0, "组织机构代码证"), line(40, "机构名称杭州闽江博远教育咨询有限责任公司"), line(80, "代三"), line(120, read)}
		if o := readFields(dossier.OrgCodeCertificate, lines).values[dossier.FieldOrgCode]; o != "MAJEN2XR6" {
			t.Errorf("organization code read as %s: %q, want MAJEN2XR6", read, o)
		}
	}
	// A character too many before the hyphen: no stretch ending before it
	// is the code (MAFGPQOCA, its A for the check character 4, passes).
	// Where two characters left out each give a valid code (MAFGPQCA4,
	// MAFGPQ0C4), the last eight are kept as a guess, to be read again;
	// where one alone, that code, a guess unless it was the first (a rule
	// read as 1).
	for _, tc := range []struct {
		read, want string
		guessed    bool
	}{
		{"MAFGPQOCA-4", "AFGPQOCA4", true}, // two fit: the last eight, a guess
		{"MARM16R0P-7", "MARM6R0P7", true}, // one fits, leaving out the 1 inside
		{"1MAFGPQCA-4", "MAFGPQCA4", false},
		{"1MARM6R0P-7", "MARM6R0P7", true}, // 1MAM6R0P7 fits too
	} {
		lines = []Line{line(0, "组织机构代码证"), line(40, "代码"+tc.read), line(80, "机构名称宁德市中联贸易股份有限公司")}
		r := readFields(dossier.OrgCodeCertificate, lines)
		o, guessed := r.values[dossier.FieldOrgCode], r.conf[dossier.FieldOrgCode] <= guessedConf
		if o != tc.want || guessed != tc.guessed || r.codes[dossier.FieldOrgCode].guessed != tc.guessed {
			t.Errorf("organization code read as %s: %q at %.2f; want %q, guessed %v", tc.read, o, r.conf[dossier.FieldOrgCode], tc.want, tc.guessed)
		}
	}
	// A run longer than a code without a hyphen: its first nine pass by
	// chance one time in eleven, so what comes of it is a guess, with the
	// run as read (tuning seed 7777).
	for _, tc := range []struct{ read, want string }{
		{"MA4WD1IRQ1", "MA4WD1RQ1"}, // the I alone left out gives a valid code
		{"MADJIDB252", "MADJ1DB25"}, // none does: the first nine, valid by chance
	} {
		lines = []Line{line(0, "社会保险登记证"), line(40, "组织机构代码"+tc.read)}
		r := readFields(dossier.SocialSecurityCert, lines)
		if o, c := r.values[dossier.FieldOrgCode], r.conf[dossier.FieldOrgCode]; o != tc.want || c > guessedConf || r.guessed[dossier.FieldOrgCode] != tc.read {
			t.Errorf("organization code read as %s: %q at %.2f (read as %q); want %q, a guess", tc.read, o, c, r.guessed[dossier.FieldOrgCode], tc.want)
		}
	}
	lines = []Line{line(0, "统一社会信用代码"), line(40, "91350100M000100Y43A")}
	if u := readFields(dossier.BusinessLicense, lines).values[dossier.FieldUSCC]; u != "91350100M000100Y43" {
		t.Errorf("a code with a stray character glued: %q", u)
	}
	// A character too many inside (a speck or a box's rule read as one;
	// tuning seeds 6060 and 6161): the one code that leaving a character
	// out gives, a guess, with the run as read.
	for read, want := range map[string]string{
		"91320100MAUOP2BCH6T": "91320100MA0P2BCH6T",
		"91440100MA3LWN27A5N": "91440100MA3LWN7A5N",
		"91350100MAU0JJN6GXR": "91350100MA0JJN6GXR",
	} {
		lines = []Line{line(0, "统一社会信用代码"), line(40, read)}
		r := readFields(dossier.BusinessLicense, lines)
		if u, c := r.values[dossier.FieldUSCC], r.conf[dossier.FieldUSCC]; u != want || c > guessedConf || r.guessed[dossier.FieldUSCC] != read {
			t.Errorf("a code read a character too long, %s: %q at %.2f as read %q, want %q, a guess", read, u, c, r.guessed[dossier.FieldUSCC], want)
		}
	}
	// A stray 3 read before a code whose run then gives two valid codes
	// (39150600MAB6L0RD5P as well; tuning seeds 12424 and 14545): the one
	// without the run's first character, a guess, and a second reading
	// that reads either agrees with the run.
	run := "391350600MAB6LORD5P"
	lines = []Line{line(0, "统一社会信用代码"), line(40, run)}
	r = readFields(dossier.BusinessLicense, lines)
	if u, c := r.values[dossier.FieldUSCC], r.conf[dossier.FieldUSCC]; u != "91350600MAB6L0RD5P" || c > guessedConf || r.guessed[dossier.FieldUSCC] != run {
		t.Errorf("a run of nineteen that gives two valid codes, one without its first character: %q at %.2f as read %q, want 91350600MAB6L0RD5P, a guess", u, c, r.guessed[dossier.FieldUSCC])
	}
	// Two that each leave out a character inside (a 3 after the 9, or
	// the 6 after the region, read twice): neither.
	lines = []Line{line(0, "统一社会信用代码"), line(40, "931350600MAB6L0RD5P")}
	if u := readFields(dossier.BusinessLicense, lines).values[dossier.FieldUSCC]; u == "91350600MAB6L0RD5P" || u == "93135060MAB6L0RD5P" {
		t.Errorf("a run of nineteen that gives two valid codes, each without a character inside, kept %q", u)
	}
	src := r.codes[dossier.FieldUSCC]
	for code, want := range map[string]bool{"91350600MAB6L0RD5P": true, "39150600MAB6L0RD5P": true, "91350600MAB6L0RD3X": false} {
		if got := readOverRun("uscc", src, code); got != want {
			t.Errorf("readOverRun(%q after %q) = %v, want %v", code, run, got, want)
		}
	}
	for read, want := range map[string]string{"91320100MA4YMJYM3(C": "91320100MA4YMJYM3C", "91320100MA4YMJYM3(D": "", "9132.0100MA4YMJYM3C": "91320100MA4YMJYM3C"} {
		lines = []Line{line(0, "统一社会信用代码"), line(40, read)}
		if u := readFields(dossier.BusinessLicense, lines).values[dossier.FieldUSCC]; u != want {
			t.Errorf("a code with a mark read inside, %s: %q, want %q", read, u, want)
		}
	}
}

// TestOperatorLabels: a form's operator is read beside each label forms
// give it, and never from the heading, the line to sign or a note that
// names the operator's papers.
func TestOperatorLabels(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []Line
		want  string
	}{
		{"full_label", []Line{line(0, "经办人姓名许娟娟联系电话18796351580")}, "许娟娟"},
		{"under_heading", []Line{line(0, "二、经办人信息"), line(40, "姓名沈蓉美联系电话15006304412")}, "沈蓉美"},
		{"label_alone", []Line{line(0, "经办人|杜娜联系方式|0591-83394041")}, "杜娜"},
		{"label_alone_in_its_cell", []Line{line(0, "经办人信息"), line(40, "经办人"), func() Line { l := line(40, "黄文博"); l.Box = l.Box.Add(image.Pt(200, 0)); return l }()}, "黄文博"},
		{"heading_only", []Line{line(0, "经办人信息"), line(40, "联系电话15006304412")}, ""},
		{"line_to_sign", []Line{line(0, "经办人签字:单位(公章)")}, ""},
		{"line_to_sign_bracketed", []Line{line(0, "经办人(签字):申请单位(盖章)")}, ""},
		// label and name in two cells, read with nothing between them
		{"label_and_name_in_two_cells", []Line{line(0, "经办人信息"), cells(40, "经办人", "孙杰伟", "联系电话", "18305522091")}, "孙杰伟"},
		{"label_and_name_together_is_no_label", []Line{line(0, "经办人信息"), line(40, "经办人俭守):申请单位(盖章):")}, ""},
		{"label_alone_misread", []Line{line(0, "经办人妹名"), func() Line { l := line(0, "刘强"); l.Box = l.Box.Add(image.Pt(200, 0)); return l }()}, "刘强"},
		// a name cut short by the next label: its surname marks the line
		// for a second reading (ReadPage drops it if that gives no more)
		{"name_cut_by_the_next_label", []Line{line(0, "经办人信息"), line(40, "姓名|刘联系电话|15916418725")}, "刘"},
		{"name_read_as_junk_before_the_next_label", []Line{line(0, "经办人信息"), line(40, "姓名|齐ee联系电话|15916418725")}, "齐"},
		{"label_with_a_speck_read_inside", []Line{line(0, "经办人姓人名|刘强")}, "刘强"},
		{"line_to_sign_is_no_label", []Line{line(0, "经办人签名"), func() Line { l := line(0, "刘强"); l.Box = l.Box.Add(image.Pt(200, 0)); return l }()}, ""},
		{"name_lost_label_after", []Line{line(0, "经办人|联系电话|15916418725")}, ""},
		{"wrapped_label_read_whole", []Line{line(0, "经办人姓"), line(40, "名")}, ""},
		{"label_misread_is_no_name", []Line{line(0, "经办人妹的"), line(40, "刘强")}, ""},
		{"note", []Line{line(0, "2.申请单位须同时提交加盖公章的营业执照复印件及经办人有效身份证件复印件。")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := Fields(dossier.ApplicationForm, tc.lines)
			if got := f[dossier.FieldOperatorName]; got != tc.want {
				t.Errorf("operator %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFormCodeUnderNumberLabel: a form that gives the code's kind by a
// check box labels an organization code 证件号码, above the operator's rows;
// the operator's number below is no unit's code, nor one above that is a
// person's.
func TestFormCodeUnderNumberLabel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"org_code", []string{"证件类型|口统一社会信用代码M组织机构代码", "证件号码|MAD3FFMU1", "二、经办人信息", "姓名|罗晓东", "证件号码|350302198308256703"}, "MAD3FFMU1"},
		{"with_hyphen", []string{"证件号码|72567514-4", "经办人姓名|罗晓东"}, "72567514-4"},
		{"a_speck_read_inside_the_label", []string{"证件号人码|72567514-4", "经办人姓名|罗晓东"}, "72567514-4"},
		{"operator_number_only", []string{"二、经办人信息", "姓名|罗晓东", "证件号码|350302198308256703"}, ""},
		{"a_person's_number_above", []string{"证件号码|350302198308256703", "经办人姓名|罗晓东"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines []Line
			for i, s := range tc.lines {
				lines = append(lines, line(40*i, s))
			}
			f, _ := Fields(dossier.ApplicationForm, lines)
			if got := f[dossier.FieldOrgCode]; got != strings.ReplaceAll(tc.want, "-", "") {
				t.Errorf("org code %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOperatorRows: a form's operator's rows begin at the first line that
// names the operator or begins with 姓名; the note at the form's foot
// names the operator too, but stands below them (tuning seed 9696 C0007:
// the heading lost, the unit's boxed code unread).
func TestOperatorRows(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  int
	}{
		{"heading", []string{"单位名称|鑫源贸易", "证件号码|MAD3FFMU1", "二、经办人信息", "姓名|罗晓东", "证件号码|350302198308256703"}, 2},
		{"heading lost", []string{"单位名称深圳市海峡餐饮管理有限责任公司", "证件类型司统一社会信用代码癌组织机构代码", "姓名|林磊娜联系电话13994291051",
			"证件类型居民身份证", "证件号码440305197211103221", "经力人和) :人N人人和八申请单位〈盖章)",
			"法:本表一式两份，请加盖单位公章，并附营业执照坯组织机构代码证)及经办人身份证件复印件。"}, 2},
		{"labelled 经办人 alone", []string{"证件号码| 913501005765085794", "经办人|吴洋联系电话|13528396321", "证件号码|350503196912095043"}, 1},
		{"a legal representative's name is the unit's", []string{"法定代表人姓名|王强", "证件号码|MAD3FFMU1"}, -1},
	} {
		var lines []Line
		for i, s := range tc.lines {
			lines = append(lines, line(40*i, s))
		}
		if got := operatorRows(lines); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A sparse reading gives each piece of text as a block of its own: a label
// and its value level with it become one line again, a card beside it
// another.
// boxedWord is a word read at 0.9 in box (x0, y0)-(x1, y1) on line.
func boxedWord(text string, x0, y0, x1, y1, line int) Word {
	return Word{Text: text, Box: image.Rect(x0, y0, x1, y1), Conf: 0.9, Line: line}
}

// lineTexts is each line's text.
func lineTexts(lines []Line) []string {
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.Text)
	}
	return texts
}

// TestJoinRowPieces: the pieces of one row of print read as lines of their
// own become one line; a column further apart, and the rows above and
// below, do not.
func TestJoinRowPieces(t *testing.T) {
	w := boxedWord
	got := joinRowPieces(Lines([]Word{
		w("名称", 100, 718, 160, 748, 1),
		w("阔江贸易", 414, 712, 539, 743, 2),
		w("(龙岩", 563, 706, 651, 739, 3),
		w(")", 651, 691, 666, 748, 3),
		w("有限责任公司", 683, 695, 863, 734, 3),
		w("类型", 100, 800, 160, 830, 4),
		w("有限责任公司", 414, 800, 600, 830, 5),
		w("登记机关", 1100, 800, 1220, 830, 6),
		// a piece of two words, one boxed half again taller (市 with a mark)
		w("厦门", 455, 900, 549, 932, 7),
		w("市", 530, 896, 553, 945, 7),
		w("华兴物业服务有限公司", 551, 903, 864, 935, 8),
	}))
	if texts, want := lineTexts(got), []string{"名称", "阔江贸易(龙岩)有限责任公司", "类型", "有限责任公司", "登记机关", "厦门市华兴物业服务有限公司"}; !slices.Equal(texts, want) {
		t.Errorf("lines %q, want %q", texts, want)
	}
}

func TestSparseLines(t *testing.T) {
	w := func(text string, x0, y0, x1, y1, block int) Word { return boxedWord(text, x0, y0, x1, y1, block*10000) }
	got := sparseLines([]Word{
		w("中华人民共和国", 900, 102, 1200, 128, 1),
		w("谢敏娟", 170, 98, 250, 122, 2),
		w("姓名", 100, 100, 140, 120, 3),
		w("性别", 100, 150, 140, 170, 4),
		w("男", 170, 149, 190, 171, 5),
		// a piece boxed too wide, over the pieces that follow it
		w("数字", 581, 350, 1027, 400, 6),
		w("证书", 698, 346, 802, 418, 7),
		w("材料清", 905, 346, 1032, 418, 8),
	})
	if texts, want := lineTexts(got), []string{"姓名谢敏娟", "中华人民共和国", "性别男", "数字证书材料清"}; !slices.Equal(texts, want) {
		t.Errorf("lines %q, want %q", texts, want)
	}
}

// A person's number without its label is one that holds a birth date, not
// the unit's credit code read above it (eighteen characters as well).
func TestOperatorNumberIsNotTheCode(t *testing.T) {
	lines := []Line{line(0, "单位数字证书业务申请"), line(40, "二、单位信息"), line(80, "人91350600952322461X"),
		line(120, "经办人信息"), line(160, "居民身份证"), line(200, "」350203199004105485")}
	fr := readFields(dossier.ApplicationForm, lines)
	if got := fr.values[dossier.FieldOperatorID]; got != "350203199004105485" {
		t.Errorf("operator's number %q", got)
	}
}

// Under the operator's heading, 姓名 with its first character misread
// still labels the operator's name when a rule or colon sets it off.
func TestMisreadNameLabel(t *testing.T) {
	lines := []Line{line(0, "一、单位信息"), line(40, "单位名称|海峡食品《南平)有限责任公司"), line(80, "经办人信息"),
		line(120, "娠名|罗娜超联系电话| 15233437698")}
	fr := readFields(dossier.ApplicationForm, lines)
	if got := fr.values[dossier.FieldOperatorName]; got != "罗娜超" {
		t.Errorf("operator %q", got)
	}
	if got := fr.values[dossier.FieldUnitName]; got != "海峡食品（南平）有限责任公司" {
		t.Errorf("unit %q", got)
	}
	for _, row := range []string{"0名|吴军联系电话| 15624968617", "名|吴军联系电话| 15624968617", "|娠名|吴军"} {
		lines[3] = line(120, row)
		if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "吴军" {
			t.Errorf("operator %q from %q", got, row)
		}
	}
	// read cell by cell: the label alone in its cell, the name in the next
	cell := func(x, y int, text string) Line {
		var words []Word
		for i, r := range []rune(text) {
			words = append(words, Word{Text: string(r), Box: image.Rect(x+20*i, y, x+20*i+18, y+20), Conf: 0.9, Line: x + y})
		}
		return Lines(words)[0]
	}
	grid := []Line{lines[0], lines[1], cell(0, 80, "经办人信息"), cell(0, 120, "姊名"), cell(200, 120, "何绢"), cell(400, 120, "联系电话"), cell(600, 120, "17048048969"),
		cell(0, 160, "证件类型"), cell(200, 160, "居民身份证")}
	if got := readFields(dossier.ApplicationForm, grid).values[dossier.FieldOperatorName]; got != "何绢" {
		t.Errorf("operator %q from the cell beside 姊名", got)
	}
	// not a row further down, nor one that runs on without a rule
	// the label misread whole (6767 C0014: 姓　名 read 和外人): a name,
	// surname first, after a rule, taken at a guess; a label there is not
	for _, c := range []struct{ row, want string }{
		{"和外人|陈强联系电话|16294383349", "陈强"},
		{"和 外 人 | 欧阳磊", "欧阳磊"},
		{"证件美型|居民身份证", ""},
		{"联系人|李明", ""},
		{"和外人|省效期限", ""},
	} {
		lines[3] = line(120, c.row)
		fr := readFields(dossier.ApplicationForm, lines)
		if got := fr.values[dossier.FieldOperatorName]; got != c.want || got != "" && fr.conf[dossier.FieldOperatorName] > guessedConf {
			t.Errorf("operator %q at %v from %q, want %q at a guess", got, fr.conf[dossier.FieldOperatorName], c.row, c.want)
		}
	}
	lines[3] = line(120, "证件类型|居民身份证")
	lines = append(lines, line(160, "娠名罗娜超"))
	if got := readFields(dossier.ApplicationForm, lines).values[dossier.FieldOperatorName]; got != "" {
		t.Errorf("operator %q from no label", got)
	}
}

// A card's period of validity whose label was misread is the line with
// two years and no 年; a birth date's line is not.
func TestPeriodLine(t *testing.T) {
	lines := []Line{line(0, "出生1987年9月1日"), line(40, "签发机关宁德市公安局"), line(80, "有有效册了2025 10 31.2030.10 32 SS")}
	l, at := periodLine(lines)
	if at < 0 || l.Box.Min.Y != 80 || l.Words[at].Text != "2" {
		t.Errorf("period line %q from word %d", l.Text, at)
	}
	if _, at := periodLine(lines[:2]); at >= 0 {
		t.Errorf("a period found on %q", lines[0].Text)
	}
}

// A period of validity read twice: the same, as sure as the surer read;
// otherwise the surer reading, in doubt; missing, the second reading.
func TestMergePeriod(t *testing.T) {
	const from, until = dossier.FieldValidFrom, dossier.FieldValidUntil
	for _, tc := range []struct {
		name        string
		was         [2]string
		conf        float64
		read        [2]string
		readConf    float64
		want        [2]string
		wantAtLeast float64
		wantAtMost  float64
	}{
		{"the same twice", [2]string{"2025-05-24", "2030-05-24"}, 0.24, [2]string{"2025-05-24", "2030-05-24"}, 0.8, [2]string{"2025-05-24", "2030-05-24"}, 0.8, 0.8},
		{"differ, the page's surer", [2]string{"2025-05-24", "2030-05-24"}, 0.4, [2]string{"2025-05-24", "2020-05-24"}, 0.3, [2]string{"2025-05-24", "2030-05-24"}, 0, dossier.Guessed},
		{"differ, the second surer", [2]string{"2025-05-24", "2020-05-24"}, 0.3, [2]string{"2025-05-24", "2030-05-24"}, 0.9, [2]string{"2025-05-24", "2030-05-24"}, 0, dossier.Guessed},
		{"missing", [2]string{}, 0, [2]string{"2018-12-21", "长期"}, 0.85, [2]string{"2018-12-21", "长期"}, 0.85, 0.85},
		// a period that runs whole years to the day outweighs a surer one that does not
		{"differ, the second whole", [2]string{"2025-08-21", "2045-08-02"}, 0.74, [2]string{"2025-08-21", "2045-08-21"}, 0.3, [2]string{"2025-08-21", "2045-08-21"}, 0, dossier.Guessed},
		{"differ, the page's whole", [2]string{"2025-08-21", "2045-08-21"}, 0.3, [2]string{"2025-08-21", "2045-08-02"}, 0.74, [2]string{"2025-08-21", "2045-08-21"}, 0, dossier.Guessed},
		// sixty years to the day is no card's: its 3 read as 8 (14444 C0027)
		{"differ, the page's sixty years", [2]string{"2024-01-17", "2084-01-17"}, 0.67, [2]string{"2024-01-17", "2034-01-17"}, 0.4, [2]string{"2024-01-17", "2034-01-17"}, 0, dossier.Guessed},
	} {
		f, c := map[string]string{}, map[string]float64{}
		if tc.was[0] != "" {
			f[from], f[until], c[from], c[until] = tc.was[0], tc.was[1], tc.conf, tc.conf
		}
		mergePeriod(f, c, tc.read[0], tc.read[1], tc.readConf)
		if got := [2]string{f[from], f[until]}; got != tc.want || c[from] < tc.wantAtLeast || c[from] > tc.wantAtMost || c[until] != c[from] {
			t.Errorf("%s: %v at %.2f", tc.name, got, c[from])
		}
	}
}

// TestSurestPeriod: of a period read again at two sizes, the surest that
// runs whole years stays (the code client read 2018.03.20-2028.03.20 at
// 0.04 at the scan's size, at 0.41 enlarged); two whole periods that
// differ leave it in doubt; none whole, the last reading's.
func TestSurestPeriod(t *testing.T) {
	read := func(text string, conf float64) codeRead { return codeRead{line: Line{Text: text, Conf: conf}} }
	for _, tc := range []struct {
		name        string
		reads       []codeRead
		from, until string
		atLeast     float64
		atMost      float64
	}{
		{"the same, enlarged surer", []codeRead{read("2018.03.20-2028.03.20", 0.04), read("2018.03.20-2028.03.20", 0.41)}, "2018-03-20", "2028-03-20", 0.41, 0.41},
		{"the whole one, however unsure", []codeRead{read("2018.03.20-2028.03.20", 0.04), read("2018.03.20-2028.08.20", 0.9)}, "2018-03-20", "2028-03-20", 0.04, 0.04},
		{"two whole that differ", []codeRead{read("2018.03.20-2028.03.20", 0.3), read("2016.03.20-2026.03.20", 0.9)}, "2016-03-20", "2026-03-20", 0, dossier.Guessed},
		{"no card runs sixty years", []codeRead{read("2024.01.17-2034.01.17", 0.4), read("2024.01.17-2084.01.17", 0.9)}, "2024-01-17", "2034-01-17", 0.4, 0.4},
		{"none whole: the last", []codeRead{read("2018.03.20-2028.08.20", 0.3), read("2018.03.20-2028.03.2", 0.7)}, "", "", 0, 1},
	} {
		from, until, conf := surestPeriod(tc.reads)
		if wf, wu := validity(tc.reads[len(tc.reads)-1].line.Text); tc.from == "" {
			tc.from, tc.until, tc.atLeast, tc.atMost = wf, wu, 0.7, 0.7
		}
		if from != tc.from || until != tc.until || conf < tc.atLeast || conf > tc.atMost {
			t.Errorf("%s: %s to %s at %.2f", tc.name, from, until, conf)
		}
	}
}

// TestSparseWanted: a page is read again as scattered text for the key
// fields it lacks, and for the period of a card's back that shows its
// labels but gave no period (lost beside the front's number); a card's
// front alone is not read again for a period it never carries.
func TestSparseWanted(t *testing.T) {
	front := []Line{line(0, "姓名谢磊"), line(40, "公民身份号码350802199804274558")}
	both := append(slices.Clone(front), line(80, "签发机关龙岩市公安局鼓楼分局"))
	full := map[string]string{dossier.FieldHolderName: "谢磊", dossier.FieldIDNumber: "350802199804274558"}
	for _, c := range []struct {
		name   string
		typ    dossier.DocType
		lines  []Line
		fields map[string]string
		want   []string
	}{
		{"front alone, read whole", dossier.IDCard, front, full, nil},
		{"front alone, its name lost", dossier.IDCard, front, map[string]string{dossier.FieldIDNumber: "350802199804274558"}, []string{dossier.FieldHolderName}},
		{"both sides, the period lost", dossier.IDCard, both, full, []string{dossier.FieldValidFrom, dossier.FieldValidUntil}},
		{"both sides, the period read", dossier.ResidencePermit, both,
			map[string]string{dossier.FieldHolderName: "谢磊", dossier.FieldIDNumber: "x", dossier.FieldValidFrom: "2019-10-14"}, nil},
		{"a licence names no period", dossier.BusinessLicense, both, map[string]string{dossier.FieldUnitName: "x", dossier.FieldUSCC: "y"}, nil},
		// a certificate's code centred under its title can be lost whole
		// with its label; a form's is read again cell by cell instead
		{"a licence without its code", dossier.BusinessLicense, front, map[string]string{dossier.FieldUnitName: "x"}, []string{dossier.FieldUSCC}},
		{"a social insurance certificate without a code", dossier.SocialSecurityCert, front, map[string]string{dossier.FieldUnitName: "x"}, []string{dossier.FieldUSCC, dossier.FieldOrgCode}},
		{"a form without a code", dossier.ApplicationForm, front, map[string]string{dossier.FieldUnitName: "x"}, nil},
	} {
		if got := sparseWanted(c.typ, c.lines, c.fields); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestBackOnly: a card's back is known by any of its own print (the
// list sparseWanted asks for its period by), and a front beside it makes
// it no back alone.
func TestBackOnly(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []Line
		want  bool
	}{
		{"its issuer's label", []Line{line(0, "中华人民共和国"), line(40, "签发机关龙岩市公安局鼓楼分局")}, true},
		{"its issuer's label misread at its start", []Line{line(0, "中华人民共和国"), line(40, "等发机关龙岩市公安局")}, true},
		{"the issuing office alone", []Line{line(0, "居民身份证"), line(40, "龙岩市公安局")}, true},
		{"its period alone", []Line{line(0, "2019.11.06-2039.11.06")}, true},
		{"a front beside it", []Line{line(0, "性别男民族汉"), line(40, "等发机关龙岩市公安局")}, false},
		{"nothing of a back", []Line{line(0, "中华人民共和国"), line(40, "居民身份证")}, false},
	} {
		if got := backOnly(c.lines); got != c.want {
			t.Errorf("%s: back only %v, want %v", c.name, got, c.want)
		}
	}
}

// TestIDNumberShifted: a label's last character read as a digit before the
// number (公民身份2 350802…) shifts the first stretch of eighteen by one;
// the stretch whose check character holds is the number.
func TestIDNumberShifted(t *testing.T) {
	lines := []Line{line(0, "姓名陈强"), line(40, "性别男民族汉"), line(80, "公民身份2 350802199707172971")}
	if got := readFields(dossier.IDCard, lines).values[dossier.FieldIDNumber]; got != "350802199707172971" {
		t.Errorf("identity number %q, want 350802199707172971", got)
	}
}

// TestPersonsNumberIsNoUnitCode: an operator's number read with a digit too
// many (8300001271807276865) has no birth date where one is looked for; after
// its label it is still a person's, not the unit's credit code, and the
// form's organization code stands.
func TestPersonsNumberIsNoUnitCode(t *testing.T) {
	lines := []Line{
		line(0, "机构名称闽江教育咨询(合肥)有限责任公司"),
		line(40, "组织机构代码054078379"),
		line(80, "经办人证件号码8300001271807276865"),
	}
	f := readFields(dossier.ApplicationForm, lines).values
	if f[dossier.FieldUSCC] != "" || f[dossier.FieldOrgCode] != "054078379" {
		t.Errorf("uscc %q, org code %q; want none and 054078379", f[dossier.FieldUSCC], f[dossier.FieldOrgCode])
	}
	// The unit's own code after its label is still the unit's, even after
	// a person's label on the same line (a licence's columns read as one).
	for _, l := range []string{"统一社会信用代码91350100M000100Y43", "法定代表人张三统一社会信用代码91350100M000100Y43"} {
		lines[1] = line(40, l)
		f = readFields(dossier.ApplicationForm, lines).values
		if f[dossier.FieldUSCC] != "91350100M000100Y43" {
			t.Errorf("%s: uscc %q, want 91350100M000100Y43", l, f[dossier.FieldUSCC])
		}
	}
}

// TestSerialIsNoUnitCode: a replaced certificate's serial read two
// characters too long (24A3JBAF3A2A61DC1 as JP442384F3A2A61DC1) is as long
// as a credit code; after its label, in its line or in the label's cell
// level with it (a form read cell by cell), its 号 misread or not, it is
// not the unit's code.
func TestSerialIsNoUnitCode(t *testing.T) {
	const serial = "JP442384F3A2A61DC1"
	head := []Line{line(0, "机构名称闽江教育咨询(合肥)有限责任公司"), line(40, "组织机构代码054078379")}
	for _, rows := range [][]Line{
		{line(80, "原证书序列号"+serial)},
		{line(80, "原证书序列号"), movedRight(line(80, serial), 200)},
		{movedRight(line(80, serial), 200), line(80, "原证书序列号")},
		{line(80, "原证书序列咙"), movedRight(line(80, serial), 200)}, // its 号 misread
	} {
		f := readFields(dossier.ApplicationForm, append(slices.Clone(head), rows...)).values
		if f[dossier.FieldUSCC] != "" || f[dossier.FieldOrgCode] != "054078379" {
			t.Errorf("%q: uscc %q, org code %q; want none and 054078379", rows[0].Text, f[dossier.FieldUSCC], f[dossier.FieldOrgCode])
		}
	}
	// A code cell level with the unit's own label stays the unit's.
	rows := []Line{line(0, "统一社会信用代码"), movedRight(line(0, "91350100M000100Y43"), 200)}
	if f := readFields(dossier.ApplicationForm, rows).values; f[dossier.FieldUSCC] != "91350100M000100Y43" {
		t.Errorf("uscc %q, want 91350100M000100Y43", f[dossier.FieldUSCC])
	}
}

// movedRight is l moved dx to the right.
func movedRight(l Line, dx int) Line {
	words := slices.Clone(l.Words)
	for i := range words {
		words[i].Box = words[i].Box.Add(image.Pt(dx, 0))
	}
	return Lines(words)[0]
}

// TestAfterLabelGap: a certificate's value stands a column's gap after its
// label; a label misread (名　称 as 名和栅) is cut off there, and the unit's
// name read without it. A line without such a gap stays whole.
func TestAfterLabelGap(t *testing.T) {
	const name = "宁德东南力诚环保科技有限责任公司"
	for _, c := range []struct {
		line Line
		want string
	}{
		{cells(0, "名", "和栅", name), name},
		{cells(0, "名称", name), name},
		{line(0, name), name},
		{boxed(0, []string{"广州", "市", "东南教育咨询有限公司"}, []int{434, 519, 551}, []int{465, 534, 875}), "广州市东南教育咨询有限公司"}, // 广州 boxed in half its width
		{cells(0, "宁德东南力诚", "环保科技有限责任公司"), "宁德东南力诚环保科技有限责任公司"},                                                     // a gap far into the line
	} {
		if got := Compact(afterLabelGap(c.line)); got != c.want {
			t.Errorf("%q: %q, want %q", c.line.Text, got, c.want)
		}
	}
	lines := []Line{line(0, "中华人民共和国"), line(40, "组织机构代码证"), cells(80, "名", "和栅", name)}
	if f, _ := Fields(dossier.OrgCodeCertificate, lines); f[dossier.FieldUnitName] != name {
		t.Errorf("unit name %q, want %q", f[dossier.FieldUnitName], name)
	}
}

// boxed is one line of words, each from its left x to its right x (32 high).
func boxed(y int, words []string, left, right []int) Line {
	var ws []Word
	for i, w := range words {
		ws = append(ws, Word{Text: w, Box: image.Rect(left[i], y, right[i], y+32), Conf: 0.9, Line: y})
	}
	return Lines(ws)[0]
}

// A code kept as a guessed repair carries the code as read, for the
// validator to weigh it as a guess; one read as printed carries nothing.
// A form's cells that read the guess without one make it read.
func TestGuessedCodeKeepsItsReading(t *testing.T) {
	r := readFields(dossier.BusinessLicense, []Line{line(0, "统一社会信用代码91440100MA4878JPX4")})
	if got, raw := r.values[dossier.FieldUSCC], r.guessed[dossier.FieldUSCC]; got != "91440100MA4B78JPX4" || raw != "91440100MA4878JPX4" {
		t.Errorf("guessed %q as read %q; want 91440100MA4B78JPX4 as read 91440100MA4878JPX4", got, raw)
	}
	r = readFields(dossier.BusinessLicense, []Line{line(0, "统一社会信用代码91440100MA4B78JPX4")})
	if raw, ok := r.guessed[dossier.FieldUSCC]; ok {
		t.Errorf("a code read as printed kept as a guess of %q", raw)
	}

	page := map[string]string{dossier.FieldUSCC: "91440100MA4B78JPX4"}
	guessed := map[string]string{dossier.FieldUSCC: "91440100MA4878JPX4"}
	cells := fieldReading{values: map[string]string{dossier.FieldUSCC: "91440100MA4B78JPX4"}}
	keepGuesses(page, guessed, maps.Clone(page), cells)
	if len(guessed) != 0 {
		t.Errorf("a guess the cells read as printed stays a guess: %v", guessed)
	}
	guessed = map[string]string{}
	cells.guessed = map[string]string{dossier.FieldUSCC: "91440100MA4878JPX4"}
	keepGuesses(page, guessed, map[string]string{}, cells)
	if guessed[dossier.FieldUSCC] != "91440100MA4878JPX4" {
		t.Errorf("the cells' guess, kept, is not one: %v", guessed)
	}
}

// Where the page's reading and the form's cells give two valid codes, the
// code kept carries the other as disputed: its check character vouches for
// neither. A guess, or a reading the same as the code kept, disputes nothing.
func TestKeepDisputes(t *testing.T) {
	const a, b = "91440100MA4B78JPX4", "91350100M000100Y43"
	for _, tc := range []struct {
		name       string
		page, cell string
		pageGuess  bool
		want       string
	}{
		{"the cells read another valid code", a, b, false, b},
		{"the cells read the same", a, a, false, ""},
		{"the page's was a guess", a, b, true, ""},
	} {
		f := map[string]string{dossier.FieldUSCC: tc.page}
		was, wasGuessed := maps.Clone(f), map[string]string{}
		if tc.pageGuess {
			wasGuessed[dossier.FieldUSCC] = "91440100MA4878JPX4"
			f[dossier.FieldUSCC] = tc.cell // the cells' valid reading replaces a guess
		}
		disputed := map[string]string{}
		keepDisputes(f, disputed, was, wasGuessed, fieldReading{values: map[string]string{dossier.FieldUSCC: tc.cell}})
		if got := disputed[dossier.FieldUSCC]; got != tc.want {
			t.Errorf("%s: disputed %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestNameBrokenOff: a unit's name read up to a misread character, the
// rest of its line ending it as an organisation's, is that name's start
// and is no sure reading, unless the character is one of its legal form;
// a name that ends as read stays sure.
func TestNameBrokenOff(t *testing.T) {
	for _, tc := range []struct {
		text   string
		want   string
		unsure bool
	}{
		// one character of its legal form: mended, as one misread there is
		{"单位名称杭州市海峡教育咨询有限责1公司", "杭州市海峡教育咨询有限责任公司", false},
		{"单位名称杭州市海峡教育咨询有限责任1司", "杭州市海峡教育咨询有限责任公司", false},
		// elsewhere: what was read is the name's start, unsure
		{"单位名称杭州市海峡教1咨询有限公司", "杭州市海峡教", true},
		{"单位名称杭州市海峡教育咨询有限责/.公司", "杭州市海峡教育咨询有限责", true},
		{"单位名称杭州市海峡教育咨询有限公司", "杭州市海峡教育咨询有限公司", false},
		{"单位名称杭州市海峡教育咨询有限公司1", "杭州市海峡教育咨询有限公司", false},
		// a name that does not end so, the line's rest not ending it either
		{"单位名称福州市鼓楼区教育局 12栋", "福州市鼓楼区教育局", false},
		// three marks between: no single misread character
		{"单位名称杭州市海峡教育咨询有限责1|1公司", "杭州市海峡教育咨询有限责", false},
	} {
		r := readFields(dossier.ApplicationForm, []Line{line(0, tc.text)})
		if got := r.values[dossier.FieldUnitName]; got != tc.want {
			t.Errorf("%s: name %q, want %q", tc.text, got, tc.want)
		}
		if c := r.conf[dossier.FieldUnitName]; (c < sureConf) != tc.unsure {
			t.Errorf("%s: confidence %.2f, unsure should be %v", tc.text, c, tc.unsure)
		}
	}
}

// TestWrappedLabel: a label broken over two lines of its cell (经办人姓
// above 名) labels the value beside it or after it; lines apart, or not
// one under the other, do not make a label.
func TestWrappedLabel(t *testing.T) {
	at := func(x, y int, text string) Line {
		l := line(y, text)
		for i := range l.Words {
			l.Words[i].Box = l.Words[i].Box.Add(image.Pt(x, 0))
		}
		l.Box = l.Box.Add(image.Pt(x, 0))
		return l
	}
	for _, c := range []struct {
		why   string
		lines []Line
		want  string
	}{
		{"the value in the cell to the right", []Line{at(0, 0, "经办人姓"), at(200, 15, "李子涵"), at(0, 30, "名")}, "李子涵"},
		{"the value after the label's tail", []Line{at(0, 0, "经办人姓"), at(0, 25, "名李子涵")}, "李子涵"},
		{"two characters of the label below", []Line{at(0, 0, "经办人"), at(0, 25, "姓名李子涵")}, "李子涵"},
		{"the tail far below", []Line{at(0, 0, "经办人姓"), at(200, 15, "李子涵"), at(0, 200, "名")}, ""},
		{"the tail in another column", []Line{at(0, 0, "经办人姓"), at(200, 15, "李子涵"), at(120, 30, "名")}, ""},
		{"the tail above", []Line{at(0, 30, "经办人姓"), at(0, 0, "名李子涵")}, ""},
	} {
		if got, _ := labelled(c.lines, "经办人姓名"); got != c.want {
			t.Errorf("%s: %q, want %q", c.why, got, c.want)
		}
	}
}

package samples

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"time"

	"dossier"
)

// A4 portrait, in millimetres.
const pageW, pageH = 210.0, 297.0

// drawn is what a layout leaves for the stamps: where the unit's seal goes and,
// on certificates, where the issuing authority's printed seal sits.
type drawn struct {
	sealX, sealY float64
	authX, authY float64
	authority    string // issuing authority's name, printed in its seal
	authBottom   string
}

// content is everything a page of any document may print.
type content struct {
	u        unit
	op       operator
	formName string // the unit name as the form gives it
	formCode string
	formOp   string
	formID   string
	idNumber string // as the identity document prints it
	uscc     string // as the licence prints it
	orgCode  string // as the certificate prints it
	asOf     time.Time
	withCode bool // form shows the USCC (else the organization code)
}

func labelFor(rng *rand.Rand) string {
	return pick(rng, []string{"单位名称", "机构名称", "名称"})
}

// applicationForm draws the unit digital certificate application form.
func applicationForm(c *canvas, k content, rng *rand.Rand) drawn {
	title := pick(rng, []string{"单位数字证书申请表", "社会保障单位数字证书申请表", "单位数字证书业务申请表"})
	font := pick(rng, []int{Sans, Serif})
	c.centred(pageW/2, 32, title, SansBold+font/2*2, 20, black)
	c.text(22, 44, "申请日期："+cnDate(k.asOf.AddDate(0, 0, -rng.IntN(20))), font, 10.5, grey)
	c.text(140, 44, fmt.Sprintf("编号：%06d", rng.IntN(1000000)), font, 10.5, grey)
	nameLabel := labelFor(rng)
	if nameLabel == "名称" {
		nameLabel = "单位名称"
	}
	codeLabel := "统一社会信用代码"
	if !k.withCode {
		codeLabel = "组织机构代码"
	}
	idType := "居民身份证"
	if k.op.permit {
		idType = "港澳台居民居住证"
	}
	type row struct{ label, value string }
	rows := []row{
		{"业务类型", ""},
		{nameLabel, k.formName},
		{codeLabel, k.formCode},
		{"单位地址", k.u.address},
		{"经办人姓名", k.formOp},
		{"经办人证件类型", idType},
		{"经办人证件号码", k.formID},
		{"联系电话", fmt.Sprintf("1%d%09d", 3+rng.IntN(6), rng.IntN(1000000000))},
	}
	if rng.IntN(2) == 0 { // the second layout asks for the operator first
		rows[1], rows[4] = rows[4], rows[1]
		rows[2], rows[6] = rows[6], rows[2]
		rows[3], rows[5] = rows[5], rows[3]
	}
	x0, x1, split := 20.0, 190.0, 62.0
	rowH := 13.0 + rng.Float64()*3
	pt := 11.0 + rng.Float64()*1.5
	y := 52.0
	for _, r := range rows {
		c.box(x0, y, x1, y+rowH, 0.35, black)
		c.vline(split, y, y+rowH, 0.35, black)
		c.text(x0+3, y+rowH/2+pt*0.14, r.label, font, pt, black)
		if r.label == "业务类型" {
			x := split + 4
			for i, opt := range []string{"新办", "更换", "补办", "注销"} {
				c.box(x, y+rowH/2-2.2, x+4.4, y+rowH/2+2.2, 0.3, black)
				if i == 1 {
					c.stroke([][2]float64{{x + 0.8, y + rowH/2}, {x + 2, y + rowH/2 + 1.6}, {x + 4.2, y + rowH/2 - 2.6}}, 0.5, color.RGBA{30, 30, 30, 255})
				}
				x = c.text(x+6, y+rowH/2+pt*0.14, opt, font, pt, black) + 8
			}
		} else {
			c.text(split+4, y+rowH/2+pt*0.14, r.value, font, pt+0.5, black)
		}
		y += rowH
	}
	// Declaration and the seal cell.
	sealH := 55.0
	c.box(x0, y, x1, y+sealH, 0.35, black)
	c.vline(split, y, y+sealH, 0.35, black)
	sealLabel := pick(rng, []string{"单位（公章）", "单位盖章", "申请单位（公章）"})
	c.text(x0+3, y+sealH/2, sealLabel, font, pt, black)
	c.text(split+4, y+8, "本单位承诺所填信息真实有效。", font, pt-1, black)
	c.text(split+60, y+sealH-8, "年    月    日", font, pt, black)
	seal := drawn{sealX: split + 55 + rng.Float64()*50, sealY: y + sealH/2 + rng.Float64()*6 - 3}
	y += sealH
	c.box(x0, y, x1, y+22, 0.35, black)
	c.vline(split, y, y+22, 0.35, black)
	c.text(x0+3, y+12, "受理点意见", font, pt, black)
	c.text(split+4, y+12, "经办：            审核：", font, pt-1, grey)
	c.text(x0, y+32, "注：本表一式两份，申请单位与受理点各执一份。", font, 9, grey)
	return seal
}

// applicationFormSectioned draws the form as other CA service points print
// it: the accepting office named at the top, sections under shaded headings
// (一、单位信息, 二、经办人信息, ...), two-column rows with labels letter-spaced
// across their cell (单 位 名 称, 姓　　名), the code in boxes of one character,
// check boxes for the code's kind and the business, and a declaration
// where the unit seals and the operator signs.
func applicationFormSectioned(c *canvas, k content, rng *rand.Rand) drawn {
	font := pick(rng, []int{Sans, Serif})
	office := pick(rng, []string{"福建CA服务中心", "数字证书服务中心", "社保CA受理点"})
	c.text(20, 22, "受理机构："+office, font, 9.5, grey)
	c.text(150, 22, fmt.Sprintf("表单编号：FJCA%08d", rng.IntN(100000000)), font, 9.5, grey)
	c.centred(pageW/2, 34, pick(rng, []string{"单位数字证书申请表", "单位数字证书业务申请表"}), SansBold, 19, black)
	c.centred(pageW/2, 42, "（适用于证书到期更换）", font, 10, grey)
	x0, x1 := 18.0, 192.0
	labelW := 32.0 + rng.Float64()*8
	rowH := 11.0 + rng.Float64()*2.5
	pt := 10.5 + rng.Float64()*1.2
	shade := color.RGBA{225, 225, 225, 255}
	y := 50.0
	// label draws a label across its cell: letter-spaced to fill it, or
	// plain, as the form's maker chose.
	spacedLabels := rng.IntN(2) == 0
	// Some makers keep the label column narrow and break a long label over
	// two lines of its cell (经办人姓 / 名).
	wrapLabels := !spacedLabels && rng.IntN(3) == 0
	if wrapLabels {
		labelW = 20 + rng.Float64()*3
	}
	label := func(x, y, w float64, s string) {
		if r := []rune(s); wrapLabels && c.width(s, font, pt) > w-5 {
			n := max(1, int((w-5)/c.width("名", font, pt)))
			c.text(x+2.5, y-pt*0.22, string(r[:min(n, len(r))]), font, pt, black)
			c.text(x+2.5, y+pt*0.24, string(r[min(n, len(r)):]), font, pt, black)
			return
		}
		if !spacedLabels || len([]rune(s)) > 5 {
			c.text(x+2.5, y, s, font, pt, black)
			return
		}
		n := len([]rune(s))
		gap := (w - 5 - c.width(s, font, pt)) / float64(max(1, n-1))
		c.spaced(x+2.5, y, s, font, pt, gap, black)
	}
	section := func(title string) {
		c.rect(x0, y, x1, y+8, shade)
		c.box(x0, y, x1, y+8, 0.35, black)
		c.text(x0+3, y+5.6, title, SansBold, pt, black)
		y += 8
	}
	// row draws cells of label, value pairs across the table.
	row := func(cells ...string) float64 {
		c.box(x0, y, x1, y+rowH, 0.35, black)
		n := len(cells) / 2
		w := (x1 - x0) / float64(n)
		for i := 0; i < n; i++ {
			cx := x0 + float64(i)*w
			if i > 0 {
				c.vline(cx, y, y+rowH, 0.35, black)
			}
			c.vline(cx+labelW, y, y+rowH, 0.35, black)
			label(cx, y+rowH/2+pt*0.14, labelW, cells[2*i])
			c.text(cx+labelW+3, y+rowH/2+pt*0.14, cells[2*i+1], font, pt+0.3, black)
		}
		y += rowH
		return y
	}
	checks := func(x, y float64, opts []string, on int) {
		for i, opt := range opts {
			c.box(x, y-3.4, x+3.6, y+0.2, 0.3, black)
			if i == on {
				c.stroke([][2]float64{{x + 0.6, y - 1.6}, {x + 1.6, y - 0.3}, {x + 3.4, y - 3.2}}, 0.45, color.RGBA{30, 30, 30, 255})
			}
			x = c.text(x+5, y, opt, font, pt-0.5, black) + 6
		}
	}
	idType := "居民身份证"
	if k.op.permit {
		idType = "港澳台居民居住证"
	}
	section(pick(rng, []string{"一、单位信息", "单位基本信息"}))
	row(pick(rng, []string{"单位名称", "单位全称"}), k.formName)
	row("证件类型", "")
	on := 0
	if !k.withCode {
		on = 1
	}
	checks(x0+labelW+3, y-rowH/2+1.8, []string{"统一社会信用代码", "组织机构代码"}, on)
	// the code, a character a box
	c.box(x0, y, x1, y+rowH, 0.35, black)
	c.vline(x0+labelW, y, y+rowH, 0.35, black)
	label(x0, y+rowH/2+pt*0.14, labelW, "证件号码")
	if rng.IntN(2) == 0 {
		bw := min(7.5, (x1-x0-labelW-6)/18)
		for i, r := range []rune(k.formCode) {
			bx := x0 + labelW + 3 + float64(i)*bw
			c.box(bx, y+1.8, bx+bw, y+rowH-1.8, 0.25, black)
			c.centred(bx+bw/2, y+rowH/2+pt*0.14, string(r), font, pt, black)
		}
	} else {
		c.text(x0+labelW+3, y+rowH/2+pt*0.14, k.formCode, font, pt+0.3, black)
	}
	y += rowH
	row("通讯地址", k.u.address)
	section(pick(rng, []string{"二、经办人信息", "经办人信息"}))
	row(pick(rng, []string{"姓名", "经办人姓名", "经办人"}), k.formOp, "联系电话", fmt.Sprintf("1%d%09d", 3+rng.IntN(6), rng.IntN(1000000000)))
	row("证件类型", idType)
	row("证件号码", k.formID)
	section(pick(rng, []string{"三、业务信息", "申请业务"}))
	row("业务类型", "")
	checks(x0+labelW+3, y-rowH/2+1.8, []string{"新申请", "证书更换", "证书补办", "证书注销"}, 1)
	row("原证书序列号", fmt.Sprintf("%X", rng.Uint64()))
	section(pick(rng, []string{"四、单位声明", "申请单位承诺"}))
	declH := 62.0
	c.box(x0, y, x1, y+declH, 0.35, black)
	c.text(x0+8, y+10, "本单位保证所填写的信息及提交的资料真实、有效，已阅读并同意遵守", font, pt-1, black)
	c.text(x0+3, y+17, "《数字证书服务协议》，因信息不实造成的一切后果由本单位承担。", font, pt-1, black)
	c.text(x0+8, y+40, "经办人（签字）：", font, pt, black)
	c.stroke([][2]float64{{x0 + 45, y + 40}, {x0 + 50, y + 35}, {x0 + 54, y + 41}, {x0 + 58, y + 35}, {x0 + 63, y + 40}}, 0.6, color.RGBA{25, 25, 40, 255})
	c.text(x0+118, y+38, pick(rng, []string{"申请单位（盖章）：", "单位（公章）："}), font, pt, black)
	c.text(x0+125, y+52, cnDate(k.asOf.AddDate(0, 0, -rng.IntN(20))), font, pt, black)
	seal := drawn{sealX: x0 + 120 + rng.Float64()*25, sealY: y + 38 + rng.Float64()*10 - 5}
	y += declH
	c.text(x0, y+7, "注：本表一式两份，请加盖单位公章，并附营业执照（或组织机构代码证）及经办人身份证件复印件。", font, 8.5, grey)
	c.text(x0, y+18, "受理点：____________    受理人：__________    日期：__________", font, 9, grey)
	return seal
}

// orgCodeCertificate draws the organization code certificate (副本 copy).
func orgCodeCertificate(c *canvas, k content, rng *rand.Rand) drawn {
	switch rng.IntN(3) {
	case 0:
		return orgCodeCertificateInline(c, k, rng)
	case 1:
		return orgCodeCertificateSide(c, k, rng)
	}
	font := pick(rng, []int{Serif, Sans})
	c.box(15, 35, 195, 215, 1.2, color.RGBA{70, 90, 140, 255})
	c.box(18, 38, 192, 212, 0.3, color.RGBA{70, 90, 140, 255})
	c.centred(pageW/2, 60, "中华人民共和国", font+1, 16, black)
	c.centred(pageW/2, 75, "组织机构代码证", SerifBold, 24, black)
	c.centred(pageW/2, 85, "（副本）", font, 12, black)
	code := k.orgCode
	display := code
	if len(code) == 9 {
		display = code[:8] + "-" + code[8:]
	}
	lines := [][2]string{
		{"代　　码", display},
		{pick(rng, []string{"机构名称", "名　　称"}), k.u.name},
		{"机构类型", "企业法人"},
		{"法定代表人", k.u.legalRep},
		{"地　　址", k.u.address},
		{"有 效 期", fmt.Sprintf("自%s至%s", cnDate(k.u.founded), cnDate(k.u.founded.AddDate(4, 0, -1)))},
	}
	y := 102.0
	pt := 12.0 + rng.Float64()*1.5
	for _, l := range lines {
		c.text(30, y, l[0], font, pt, black)
		c.text(62, y, l[1], font, pt, black)
		y += 13
	}
	auth := k.u.city + "市质量技术监督局"
	c.text(118, 192, "颁发单位："+auth, font, 10.5, black)
	c.text(30, 205, fmt.Sprintf("登记号：组代管%s-%06d", cityRegion[k.u.city], rng.IntN(1000000)), font, 9.5, black)
	return drawn{sealX: 40 + rng.Float64()*70, sealY: 230 + rng.Float64()*30, authX: 150, authY: 188, authority: auth, authBottom: "代码管理专用章"}
}

// orgCodeCertificateInline is the second layout: a notes column on the left,
// "label：value" lines on the right and the code in large type under the title.
func orgCodeCertificateInline(c *canvas, k content, rng *rand.Rand) drawn {
	font := pick(rng, []int{Serif, Sans})
	frame := color.RGBA{150, 60, 60, 255}
	c.box(14, 28, 196, 200, 0.9, frame)
	c.vline(62, 28, 200, 0.4, frame)
	c.centred(38, 42, "说　明", SansBold, 11, black)
	y := 52.0
	for _, s := range []string{"一、本证书是组织", "机构代码的法定凭", "证，不得出借、涂", "改、转让。", "二、本证书每年", "须到发证机关验证", "一次。", "三、如遇遗失应", "及时声明作废。"} {
		c.text(18, y, s, font, 8.5, grey)
		y += 7
	}
	c.centred(129, 48, "组织机构代码证", SerifBold, 22, black)
	code := k.orgCode
	if len(code) == 9 {
		code = code[:8] + "-" + code[8:]
	}
	c.centred(129, 62, "代码："+code, Sans, 14, black)
	pt := 10.5 + rng.Float64()*1.5
	lines := []string{
		pick(rng, []string{"机构名称：", "名称："}) + k.u.name,
		"机构类型：企业法人",
		"法定代表人：" + k.u.legalRep,
		"地址：" + k.u.address,
		fmt.Sprintf("有效期：%s至%s", cnDate(k.u.founded), cnDate(k.u.founded.AddDate(4, 0, -1))),
	}
	y = 82
	for _, l := range lines {
		c.text(68, y, l, font, pt, black)
		y += 12
	}
	auth := k.u.city + "市质量技术监督局"
	c.text(112, 172, "发证机关："+auth, font, 10, black)
	c.text(112, 182, "发证日期："+cnDate(k.u.founded), font, 10, black)
	c.text(68, 194, fmt.Sprintf("登记号：组代管%s-%06d", cityRegion[k.u.city], rng.IntN(1000000)), font, 8.5, grey)
	return drawn{sealX: 50 + rng.Float64()*90, sealY: 225 + rng.Float64()*35, authX: 150, authY: 170, authority: auth, authBottom: "代码管理专用章"}
}

// orgCodeCertificateSide is the third layout: "label：value" lines on
// the left and, in a block to their right, the code under its own label
// in large bold type, on a guilloche of fine waves (which tesseract's
// layout analysis can take the large code with, and drop).
func orgCodeCertificateSide(c *canvas, k content, rng *rand.Rand) drawn {
	font := pick(rng, []int{Serif, Sans})
	frame := color.RGBA{40, 40, 40, 255}
	c.box(12, 22, 198, 178, 1.6, frame)
	c.box(15, 25, 195, 175, 0.4, frame)
	guilloche(c, 16, 26, 194, 174, rng)
	c.centred(pageW/2, 46, "组织机构代码证", SerifBold, 22, black)
	c.centred(pageW/2, 56, "（副本）", font, 10, black)
	code := k.orgCode
	if len(code) == 9 {
		code = code[:8] + "-" + code[8:]
	}
	pt := 10.5 + rng.Float64()*1.5
	bx := 150 + rng.Float64()*12
	cy, cpt := 90+rng.Float64()*2, pt*1.4+rng.Float64()*2
	// the code ends inside the inner frame, as a printer sets it
	bx = min(bx, 190-c.width(code, SansBold, cpt))
	c.text(bx, 80, "代码", font, pt, black)
	c.text(bx, cy, code, SansBold, cpt, black)
	sep := pick(rng, []string{"：", ": ", "　"})
	lines := []string{
		pick(rng, []string{"机构名称", "名称"}) + sep + k.u.name,
		"机构类型" + sep + "企业法人",
		"地址" + sep + k.u.address,
		fmt.Sprintf("有效期%s自%s至%s", sep, cnDate(k.u.founded), cnDate(k.u.founded.AddDate(4, 0, -1))),
	}
	auth := k.u.city + "市质量技术监督局"
	lines = append(lines, "颁发单位"+sep+auth, fmt.Sprintf("登记号%s组代管%s-%06d", sep, cityRegion[k.u.city], rng.IntN(1000000)))
	y, authY := 80.0, 0.0
	for i, l := range lines {
		c.text(30, y, l, font, pt, black)
		if i == 4 {
			authY = y - 2
		}
		y += 12
	}
	// the issuer's seal over its name; the unit's below the frame
	authX := 30 + c.width("颁发单位"+sep, font, pt) + 18
	return drawn{sealX: 40 + rng.Float64()*60, sealY: 205 + rng.Float64()*35, authX: authX, authY: authY, authority: auth, authBottom: "代码管理专用章"}
}

// guilloche draws the fine interlaced waves a certificate is printed on,
// pale, across the box (mm).
func guilloche(c *canvas, x0, y0, x1, y1 float64, rng *rand.Rand) {
	col := color.RGBA{uint8(170 + rng.IntN(40)), uint8(170 + rng.IntN(40)), uint8(170 + rng.IntN(40)), 255}
	period := 25 + rng.Float64()*20
	amp := 3 + rng.Float64()*4
	for y := y0 + amp; y < y1-amp; y += 9 + rng.Float64()*4 {
		for _, phase := range []float64{0, math.Pi} {
			var pts [][2]float64
			for x := x0; x <= x1; x += 1.5 {
				pts = append(pts, [2]float64{x, y + amp*math.Sin(2*math.Pi*(x-x0)/period+phase)})
			}
			c.stroke(pts, 0.15, col)
		}
	}
}

// businessLicence draws the business licence (营业执照, 副本) with its USCC.
func businessLicence(c *canvas, k content, rng *rand.Rand) drawn {
	font := pick(rng, []int{Serif, Sans})
	frame := color.RGBA{180, 140, 60, 255}
	c.box(12, 20, 198, 250, 2.2, frame)
	c.box(16, 24, 194, 246, 0.4, frame)
	c.centred(pageW/2, 60, "营 业 执 照", SerifBold, 30, black)
	c.centred(pageW/2, 71, "（副　本）", font, 12, black)
	c.text(24, 40, "统一社会信用代码", font, 10.5, black)
	c.text(24, 47, k.uscc, Sans, 11.5, black)
	// QR code block at the top right.
	for i := 0; i < 21; i++ {
		for j := 0; j < 21; j++ {
			if rng.IntN(2) == 0 || (i < 7 && j < 7) {
				c.rect(165+float64(j)*1.1, 30+float64(i)*1.1, 165+float64(j+1)*1.1, 30+float64(i+1)*1.1, black)
			}
		}
	}
	lines := [][2]string{
		{"名　　称", k.u.name},
		{"类　　型", "有限责任公司（自然人投资或控股）"},
		{"法定代表人", k.u.legalRep},
		{"经营范围", "一般项目：" + k.u.trade + "服务；技术开发、技术咨询；"},
		{"", "软件销售。（依法须经批准的项目除外）"},
		{"注册资本", fmt.Sprintf("%d万元整", k.u.capital)},
		{"成立日期", cnDate(k.u.founded)},
		{"营业期限", cnDate(k.u.founded) + "至长期"},
		{"住　　所", k.u.address},
	}
	pt := 11.0 + rng.Float64()*1.5
	y := 92.0
	twoCol := rng.IntN(2) == 0
	for i, l := range lines {
		x := 28.0
		if twoCol && i >= 6 {
			x = 112
			if i == 6 {
				y = 92 + 13*5
			}
		}
		if l[0] != "" {
			c.text(x, y, l[0], font, pt, black)
		}
		v := l[1]
		c.text(x+27, y, v, font, pt, black)
		y += 13
	}
	c.text(130, 222, "登记机关", font, 12, black)
	date := k.u.founded.AddDate(0, 0, 3)
	c.text(128, 238, cnDate(date), font, 11, black)
	c.text(24, 243, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", Sans, 7.5, grey)
	return drawn{sealX: 45 + rng.Float64()*50, sealY: 175 + rng.Float64()*40, authX: 152, authY: 222,
		authority: k.u.city + "市市场监督管理局", authBottom: ""}
}

// card draws one side of an identity card or residence permit at true size.
func card(c *canvas, x, y float64, k content, front bool, rng *rand.Rand) {
	w, h := 85.6, 54.0
	c.rect(x, y, x+w, y+h, color.RGBA{238, 238, 236, 255})
	c.box(x, y, x+w, y+h, 0.3, grey)
	font := Sans
	if front {
		pt := 8.5
		c.text(x+4, y+9, "姓名", font, 7, grey)
		c.text(x+14, y+9, k.op.name, font, pt+1, black)
		c.text(x+4, y+16, "性别", font, 7, grey)
		c.text(x+14, y+16, k.op.sex, font, pt, black)
		c.text(x+26, y+16, "民族", font, 7, grey)
		c.text(x+36, y+16, k.op.nation, font, pt, black)
		c.text(x+4, y+23, "出生", font, 7, grey)
		c.text(x+14, y+23, fmt.Sprintf("%d 年 %d 月 %d 日", k.op.birth.Year(), k.op.birth.Month(), k.op.birth.Day()), font, pt, black)
		c.text(x+4, y+30, "住址", font, 7, grey)
		addr := []rune(k.op.address)
		c.text(x+14, y+30, string(addr[:min(len(addr), 14)]), font, pt, black)
		if len(addr) > 14 {
			c.text(x+14, y+35, string(addr[14:]), font, pt, black)
		}
		c.text(x+4, y+47, "公民身份号码", font, 7, grey)
		c.text(x+24, y+47, k.idNumber, Sans, 10, black)
		// Photo.
		c.rect(x+60, y+8, x+81, y+34, color.RGBA{205, 210, 215, 255})
		c.rect(x+66, y+12, x+75, y+22, color.RGBA{120, 120, 125, 255})
		c.rect(x+63, y+24, x+78, y+34, color.RGBA{120, 120, 125, 255})
		return
	}
	c.centred(x+w/2, y+14, "中华人民共和国", SerifBold, 12, black)
	kind := "居民身份证"
	if k.op.permit {
		kind = "港澳台居民居住证"
	}
	c.centred(x+w/2, y+25, kind, SerifBold, 14, black)
	c.text(x+8, y+38, "签发机关", font, 7, grey)
	c.text(x+24, y+38, k.op.authority, font, 8.5, black)
	c.text(x+8, y+46, "有效期限", font, 7, grey)
	until := "长期"
	if !k.op.validUntil.IsZero() {
		until = k.op.validUntil.Format("2006.01.02")
	}
	c.text(x+24, y+46, k.op.validFrom.Format("2006.01.02")+"-"+until, font, 8.5, black)
	if k.op.permit {
		c.text(x+8, y+52, "通行证号码  "+k.op.passNo, font, 7, grey)
	}
	// National emblem: a round gold mark.
	for r := 0.0; r < 7; r += 0.5 {
		c.rect(x+8+7-r, y+8+7-r, x+8+7+r, y+8+7+r, color.RGBA{200, 170, 80, 40})
	}
}

// idCopy draws a photocopy page of an identity document: front, back or both.
func idCopy(c *canvas, k content, sides string, rng *rand.Rand) drawn {
	// The sides are cut out and laid anywhere on the page: one above the
	// other, side by side, or one alone.
	x := 15 + rng.Float64()*(pageW-30-86)
	y := 25 + rng.Float64()*110
	var cards [][2]float64 // top left of each card drawn
	switch sides {
	case "front", "back":
		card(c, x, y, k, sides == "front", rng)
		cards = append(cards, [2]float64{x, y})
	default:
		if rng.IntN(3) == 0 {
			x = 12 + rng.Float64()*4
			card(c, x, y, k, true, rng)
			card(c, x+90+rng.Float64()*4, y+rng.Float64()*6-3, k, false, rng)
			cards = append(cards, [2]float64{x, y}, [2]float64{x + 92, y})
		} else {
			card(c, x, y, k, true, rng)
			card(c, x+rng.Float64()*10-5, y+62+rng.Float64()*15, k, false, rng)
			cards = append(cards, [2]float64{x, y}, [2]float64{x, y + 66})
		}
	}
	last := cards[len(cards)-1]
	if rng.IntN(2) == 0 && last[1]+70 < pageH-20 {
		c.text(last[0], last[1]+70, pick(rng, []string{"复印件与原件一致", "仅供办理数字证书使用"}), Serif, 14, black)
	}
	// The unit's seal below or beside the copy, or stamped across a card:
	// over its photo, its emblem, its print.
	if rng.IntN(3) == 0 {
		cd := pick(rng, cards)
		return drawn{sealX: cd[0] + 20 + rng.Float64()*50, sealY: cd[1] + 10 + rng.Float64()*35}
	}
	return drawn{sealX: min(pageW-25, last[0]+60+rng.Float64()*30), sealY: min(pageH-25, last[1]+65+rng.Float64()*25)}
}

// socialSecurityCert draws the social insurance registration certificate.
func socialSecurityCert(c *canvas, k content, rng *rand.Rand) drawn {
	if rng.IntN(2) == 0 {
		return socialSecurityCertTable(c, k, rng)
	}
	font := pick(rng, []int{Serif, Sans})
	c.box(18, 30, 192, 220, 1.0, color.RGBA{40, 110, 70, 255})
	c.centred(pageW/2, 60, "社会保险登记证", SerifBold, 26, black)
	c.centred(pageW/2, 72, "（副本）", font, 12, black)
	lines := [][2]string{
		{"编　　码", k.u.ssNumber},
		{pick(rng, []string{"单位名称", "名　　称"}), k.u.name},
		{"统一社会信用代码", k.uscc},
		{"法定代表人", k.u.legalRep},
		{"单位类型", "企业"},
		{"地　　址", k.u.address},
	}
	if !k.withCode {
		lines[2] = [2]string{"组织机构代码", k.orgCode}
	}
	y := 95.0
	for _, l := range lines {
		c.text(28, y, l[0], font, 11.5, black)
		c.text(70, y, l[1], font, 11.5, black)
		y += 14
	}
	auth := k.u.city + "市人力资源和社会保障局"
	c.text(110, 196, "发证机关："+auth, font, 9.5, black)
	c.text(110, 206, "发证日期："+cnDate(k.u.founded.AddDate(0, 1, 0)), font, 9.5, black)
	return drawn{sealX: 45 + rng.Float64()*50, sealY: 240 + rng.Float64()*25, authX: 160, authY: 195, authority: auth}
}

// socialSecurityCertTable is the second layout: a ruled table, labels in the
// left cells, the registration number in the top right corner.
func socialSecurityCertTable(c *canvas, k content, rng *rand.Rand) drawn {
	font := pick(rng, []int{Serif, Sans})
	c.centred(pageW/2, 40, pick(rng, []string{"社会保险登记证", "社会保险登记证（副本）"}), SerifBold, 22, black)
	c.text(120, 55, "证号："+k.u.ssNumber, Sans, 11, black)
	rows := [][2]string{
		{pick(rng, []string{"单位名称", "名称"}), k.u.name},
		{"统一社会信用代码", k.uscc},
		{"法定代表人（负责人）", k.u.legalRep},
		{"单位类型", pick(rng, []string{"企业", "有限责任公司"})},
		{"住所（地址）", k.u.address},
		{"登记日期", cnDate(k.u.founded.AddDate(0, 1, 0))},
	}
	if !k.withCode {
		rows[1] = [2]string{"组织机构代码", k.orgCode}
	}
	x0, split, x1 := 22.0, 72.0, 188.0
	rowH := 14.0 + rng.Float64()*2
	pt := 11.0 + rng.Float64()
	y := 62.0
	for _, r := range rows {
		c.box(x0, y, x1, y+rowH, 0.35, black)
		c.vline(split, y, y+rowH, 0.35, black)
		c.text(x0+2, y+rowH/2+pt*0.14, r[0], font, pt-1, black)
		c.text(split+3, y+rowH/2+pt*0.14, r[1], font, pt, black)
		y += rowH
	}
	auth := k.u.city + "市社会保险事业管理局"
	c.text(112, y+22, "发证机关："+auth, font, 10, black)
	return drawn{sealX: 45 + rng.Float64()*40, sealY: y + 45 + rng.Float64()*30, authX: 160, authY: y + 20, authority: auth}
}

// otherPage draws a page that is none of the required documents.
func otherPage(c *canvas, k content, kind string, rng *rand.Rand) drawn {
	switch kind {
	case "cover":
		c.centred(pageW/2, 50, "数字证书业务材料清单", SansBold, 18, black)
		y := 75.0
		for i, s := range []string{"单位数字证书申请表（一式两份）", "营业执照或组织机构代码证复印件", "经办人身份证复印件", "以上复印件均须加盖单位公章"} {
			c.text(30, y, fmt.Sprintf("%d. %s", i+1, s), Sans, 12, black)
			y += 12
		}
		c.text(30, y+15, "受理点："+k.u.city+"市社保卡服务中心", Sans, 11, grey)
	case "notice":
		c.centred(pageW/2, 40, k.u.city+"市人力资源和社会保障局文件", SerifBold, 22, red)
		c.hline(20, 190, 52, 1.0, red)
		c.centred(pageW/2, 70, "关于做好单位数字证书更换工作的通知", SansBold, 14, black)
		y := 88.0
		for i := 0; i < 12; i++ {
			c.text(25, y, "各参保单位：为保障社会保险网上业务安全，请按期办理数字证书更换。", Serif, 11, black)
			y += 9
		}
	default: // near blank: a stray mark or two
		for i := 0; i < 3; i++ {
			x, y := 20+rng.Float64()*170, 20+rng.Float64()*250
			c.rect(x, y, x+0.6, y+0.6, grey)
		}
	}
	return drawn{sealX: -1}
}

// distractor marks that are red but not a unit's seal.
func distract(c *canvas, kind string, rng *rand.Rand) {
	switch kind {
	case "handwriting":
		x, y := 25+rng.Float64()*80, 250+rng.Float64()*25
		var pts [][2]float64
		for i := 0; i < 40; i++ {
			pts = append(pts, [2]float64{x + float64(i)*1.6, y + 4*sin(float64(i)*1.3+rng.Float64())})
		}
		c.stroke(pts, 0.6, color.RGBA{200, 30, 40, 255})
		c.text(x, y-8, "与原件核对一致", Serif, 13, color.RGBA{200, 40, 50, 255})
	case "circle":
		x, y := 60+rng.Float64()*90, 120+rng.Float64()*100
		r := 18 + rng.Float64()*6
		var pts [][2]float64
		for i := 0; i <= 60; i++ {
			a := float64(i) / 60 * 6.5
			rr := r * (1 + 0.05*sin(a*3+rng.Float64()))
			pts = append(pts, [2]float64{x + rr*cos(a), y + rr*0.9*sin(a)})
		}
		c.stroke(pts, 0.7, color.RGBA{210, 40, 45, 255})
	case "received":
		x, y := 120+rng.Float64()*40, 20+rng.Float64()*10
		col := color.RGBA{215, 45, 50, 255}
		c.box(x, y, x+48, y+20, 0.9, col)
		c.centred(x+24, y+9, "已收件", SansBold, 14, col)
		c.centred(x+24, y+17, time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006.01.02"), Sans, 9, col)
	}
}

// docPages says how many pages a document of type t takes in this case.
func docPages(t dossier.DocType, idSides string) int {
	if (t == dossier.IDCard || t == dossier.ResidencePermit) && idSides == "two" {
		return 2
	}
	return 1
}

func sin(x float64) float64 { return math.Sin(x) }
func cos(x float64) float64 { return math.Cos(x) }

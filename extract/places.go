package extract

import (
	"slices"
	"strings"
	"unicode"
)

// places are the provinces and prefecture-level cities, by their short
// names: most unit names begin with one (福州市…, 厦门…, 福建省…).
var places = wordSet(
	// provinces, autonomous regions, municipalities, special regions
	"北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门",
	"石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
	"太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
	"呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布",
	"沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
	"长春 吉林 四平 辽源 通化 白山 松原 白城 延边",
	"哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化",
	"南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
	"杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
	"合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
	"福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 平潭",
	"南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
	"济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
	"郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源",
	"武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施",
	"长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西",
	"广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮",
	"南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
	"海口 三亚 三沙 儋州",
	"成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山",
	"贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南",
	"昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆",
	"拉萨 日喀则 昌都 林芝 山南 那曲 阿里",
	"西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛",
	"兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南",
	"西宁 海东 海北 黄南 海南 果洛 玉树 海西",
	"银川 石嘴山 吴忠 固原 中卫",
	"乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子",
)

// wordSet is the set of the words in groups, each a list spaced apart.
func wordSet(groups ...string) map[string]bool {
	m := map[string]bool{}
	for _, g := range groups {
		for _, w := range strings.Fields(g) {
			m[w] = true
		}
	}
	return m
}

// placeAt reports whether a place name begins at the start of the runes r.
func placeAt(r []rune) bool {
	for n := 2; n <= 4 && n <= len(r); n++ {
		if places[string(r[:n])] {
			return true
		}
	}
	return false
}

// fullPlaceAt reports whether a place name with its 市 or 省 begins r.
func fullPlaceAt(r []rune) bool {
	for n := 2; n <= 4 && n < len(r); n++ {
		if places[string(r[:n])] && (r[n] == '市' || r[n] == '省') {
			return true
		}
	}
	return false
}

// dropLabelRest removes what is left of a name's label (称, 名称, 名 and a
// misread colon) in front of a unit name that begins with a place, and junk
// before a city written in full: 称合肥市…, 名和厦门… and 首相南京市… are
// 合肥市…, 厦门… and 南京市….
func dropLabelRest(name string) string {
	r := []rune(name)
	if placeAt(r) {
		return name
	}
	for k := 1; k <= 2 && k+2 <= len(r); k++ {
		if !placeAt(r[k:]) {
			continue
		}
		// the label's last characters, or junk before a city or province
		// written in full (首相南京市…): no unit name puts words there
		if strings.ContainsAny(string(r[:k]), "名称") || fullPlaceAt(r[k:]) {
			return string(r[k:])
		}
	}
	return name
}

// junkLead reports whether a name's first character may be junk the
// reader put before it: not a Chinese character, or one read unsurely (a
// name's own first character, read surely, is no junk: 永 of 永安网络).
func junkLead(r []rune, lines []Line) bool {
	if !unicode.Is(unicode.Han, r[0]) {
		return true
	}
	head := string(r[:min(3, len(r))])
	for _, l := range lines {
		if cc := l.CharConfs(head); cc != nil {
			return cc[0] < sureConf
		}
	}
	return false // not found as read (read again since): no telling, so no mending
}

// misreadPlace corrects the place a unit name begins with when tesseract
// misread one of its two characters (泉州 as 暴州, 莆田 as 萌田, 漳州 as
// 济州): the name's first two characters, or its second and third behind
// one junk character, are not a place but are one character away from one,
// and that place is written elsewhere on the page (the unit's address, the
// issuing office). A place in brackets (汇丰网络科技（龙宕）有限公司: a
// name registered in its own words puts its place there) is corrected
// alike. The page, not the name, says so: a unit that misprinted
// its own name is corrected the same way, so the character mended must
// have been read unsurely (宙京 for 南京, read surely on every reading, is
// a misprint to be caught, not mended; a character that the models
// reading the spot, spot, do not make out is not read surely however sure
// the reading kept (outvotedAt): 漳州 read 疤州, 埋州, 凉州 and 冼州 is
// legible to none of them), and the caller keeps the result below the
// confidence the validator takes as read. A name whose place stands in
// brackets begins with its trade name, not a place, however near one
// (闽江贸易（杭州）股份有限公司, 闽 read unsurely, is no 浙江 of its
// address in 浙江省杭州市): a name gives its place once.
func misreadPlace(name string, lines []Line, spot []modelRead) (string, bool) {
	r := []rune(name)
	trade := bracketedPlace(r) // the name begins with its trade name
	for k := 0; k <= 1 && k+3 <= len(r) && !trade; k++ {
		if placeAt(r[k:]) {
			break
		}
		if k == 1 && !junkLead(r, lines) {
			break
		}
		if p, ok := nearPlace(r, k, lines, spot); ok {
			return p + string(r[k+2:]), true // the junk before it dropped
		}
	}
	for k := 0; k+3 < len(r); k++ {
		if foldBracket(r[k]) == '（' && foldBracket(r[k+3]) == '）' && !places[string(r[k+1:k+3])] {
			if p, ok := nearPlace(r, k+1, lines, spot); ok {
				return string(r[:k+1]) + p + string(r[k+3:]), true
			}
			break
		}
	}
	return name, false
}

// lostPlaceHead gives back the first character of the place a unit name
// begins with, lost in the reading kept (田市光华… for 莆田市光华…): a name
// that begins with one character and 市 or 省 has lost one, for no city or
// province is named in one character. The reading of the name's spot,
// spot, that holds the name whole behind a place (莆田市光华…, by the
// standard model) gives it, where no reading gives another place (靖田市…
// does not: 靖田 is none); false where none does.
func lostPlaceHead(name string, spot []modelRead) (string, bool) {
	r := []rune(name)
	if len(r) < 3 || r[1] != '市' && r[1] != '省' || !unicode.Is(unicode.Han, r[0]) {
		return name, false
	}
	var found []string
	for _, s := range spot {
		sr := []rune(s.name)
		if len(sr) == len(r)+1 && string(sr[1:]) == name && places[string(sr[:2])] && !slices.Contains(found, s.name) {
			found = append(found, s.name)
		}
	}
	if len(found) != 1 {
		return name, false
	}
	return found[0], true
}

// bracketedPlace reports whether the name r holds a place in brackets
// (（杭州）, (龙岩)).
func bracketedPlace(r []rune) bool {
	for k, c := range r {
		if foldBracket(c) != '（' {
			continue
		}
		for n := 2; n <= 4 && k+n+1 < len(r); n++ {
			if foldBracket(r[k+n+1]) == '）' && places[string(r[k+1:k+n+1])] {
				return true
			}
		}
	}
	return false
}

// nearPlace is the place the two characters of the name r from k on, not
// a place, were misread from: the one place a character away from them
// that the page's lines write elsewhere as a place, with its 市 or 省 (not
// 中山路 against a name's （中国）), where the character it mends was not
// read surely (see misreadPlace); false where there is none.
func nearPlace(r []rune, k int, lines []Line, spot []modelRead) (string, bool) {
	head := r[k : k+2]
	var found []string
	for p := range places {
		pr := []rune(p)
		if len(pr) != 2 || (pr[0] == head[0]) == (pr[1] == head[1]) {
			continue // not one character away
		}
		for _, l := range lines {
			t := Compact(l.Text)
			if (strings.Contains(t, p+"市") || strings.Contains(t, p+"省")) && !strings.Contains(t, string(r[k+2:])) {
				found = append(found, p)
				break
			}
		}
	}
	if len(found) != 1 {
		return "", false
	}
	misread := k // the place's character read otherwise
	if head[0] == []rune(found[0])[0] {
		misread = k + 1
	}
	if !surelyRead(r, misread, lines) || outvotedAt(r, misread, spot) {
		return found[0], true
	}
	return "", false
}

// outvotedAt reports whether the models that read the name r's spot,
// spot (the page's and the standard one), as long as r, do not make out
// its i-th character: no more of them read it as r does than read it
// otherwise. Each model is one witness however many times it read (a
// model misreads alike at every size: the standard model read 莆 as 莲 at
// the scan's size and enlarged, surely), and reads the character one way
// only where all its readings, not those not read at all, do (as r, or
// any other); a model whose readings disagree on it reads it neither way
// (莆 by a form's cell, 莲 by the same model twice on the cell cut out
// again). One model against the other leaves it legible to neither (莲 by
// the standard model twice, 莆 and 青 by the page's), as does one model
// split where the other read nothing at all (莲 and 甬, the page's
// readings with characters not read at all); a spot read by no model as
// long as r says nothing. A character one model reads so where the other
// splits on it (乎 of 南乎 read so by the page's model, and as 乎 and 乐 by
// the standard one, all surely) is printed so: a misprint of the unit's
// name to be caught, not a misreading to mend into the page's address.
func outvotedAt(r []rune, i int, spot []modelRead) bool {
	as, other, split := 0, 0, 0
	for _, std := range []bool{false, true} {
		same, otherwise := 0, 0 // the model's readings as r, and not
		for _, s := range spot {
			if sr := []rune(s.name); s.std == std && len(sr) == len(r) && s.conf >= unreadConf {
				if sr[i] == r[i] {
					same++
				} else {
					otherwise++
				}
			}
		}
		switch {
		case same > 0 && otherwise == 0:
			as++
		case otherwise > 0 && same == 0:
			other++
		case same > 0:
			split++
		}
	}
	return (other > 0 || split > 0) && other >= as
}

// surelyRead reports whether the i-th character of the name r is read
// surely by a line that reads the name (its confidence unknown, a
// reading since: taken as sure, so nothing is mended on no evidence). Any
// one such reading will do: the page read unsurely and the name's spot
// read again surely, as alike (宙京 at 0.44, then at 0.94: a misprint).
func surelyRead(r []rune, i int, lines []Line) bool {
	held := false
	for _, l := range lines {
		if cc := l.CharConfs(string(r)); cc != nil {
			if cc[i] >= sureConf {
				return true
			}
			held = true
		}
	}
	return !held
}

// shiLookAlikes are characters tesseract reads for the 市 after a city's
// name, a dot or a stroke lost or added.
var shiLookAlikes = []rune{'巾', '币', '帀'}

// issuedShi mends the 市 after the place a unit name begins with, read as
// one of shiLookAlikes (福州巾盛达文化传媒有限责任公司: the standard model
// read 巾 at 0.79 on both its readings of a licence turned upside down),
// on a document an authority issues (issued): a registry prints the
// name it registered and misprints no city's 市. A form is the unit's
// own, filled in by hand or typed, whose misprint is to be caught, and is
// left as read. false where nothing is mended.
func issuedShi(name string, issued bool) (string, bool) {
	r := []rune(name)
	if !issued {
		return name, false
	}
	for n := 2; n <= 4 && n < len(r)-1; n++ {
		if places[string(r[:n])] && slices.Contains(shiLookAlikes, r[n]) {
			r[n] = '市'
			return string(r), true
		}
	}
	return name, false
}

// lostSi gives back the 司 a unit name read as ending in 有限公 or 股份公
// lost (泉州通达瑞丰机械制造有限公), or the 公司 one ending in 有限 or
// 有限责任 lost (深圳市中联环保科技股份有限): no company is registered so;
// false where the name ends otherwise. The caller keeps the result in
// doubt.
func lostSi(name string) (string, bool) {
	for _, cut := range []string{"有限公", "股份公", "责任公"} {
		if strings.HasSuffix(name, cut) {
			return name + "司", true
		}
	}
	for _, cut := range []string{"有限", "有限责任"} {
		if strings.HasSuffix(name, cut) && !strings.HasSuffix(name, "（"+cut) { // not a partnership's （有限合伙）
			return name + "公司", true
		}
	}
	return name, false
}

// mendedConfs gives the characters of a unit name mended from the page
// (misreadPlace, lostSi) their confidences: those of the name as read, cc
// (charConfs'), for each character kept, and guessedConf at most for the
// one mended or those put in. A name mended at its head is still read
// as surely as it was at its tail: 莆田市博远物流有限公司, mended from
// 甫田…, differs on paper from a form's …有限责任公司 (apartSurely), where
// without its characters' confidences it was only unsure. nil where cc is,
// or where the two names differ otherwise.
func mendedConfs(cc []float64, asRead, mended string) []float64 {
	rb, ra := []rune(Compact(asRead)), []rune(Compact(mended))
	if cc == nil || len(cc) != len(rb) {
		return nil
	}
	cc = slices.Clone(cc)
	switch {
	case len(ra) > len(rb) && strings.HasPrefix(string(ra), string(rb)): // characters put in at the end
		for range len(ra) - len(rb) {
			cc = append(cc, guessedConf)
		}
		return cc
	case len(ra)+1 == len(rb): // a junk character dropped at the head
		cc, rb = cc[1:], rb[1:]
	}
	if len(ra) != len(rb) {
		return nil
	}
	changed := 0
	for i := range ra {
		if ra[i] != rb[i] {
			cc[i] = min(cc[i], guessedConf)
			changed++
		}
	}
	if changed > 1 {
		return nil
	}
	return cc
}

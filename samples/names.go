package samples

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"dossier/validate/ident"
)

var (
	cities     = []string{"福州", "厦门", "泉州", "漳州", "莆田", "南平", "三明", "龙岩", "宁德", "杭州", "南京", "合肥", "广州", "深圳"}
	cityRegion = map[string]string{"福州": "350102", "厦门": "350203", "泉州": "350503", "漳州": "350602", "莆田": "350302", "南平": "350702", "三明": "350402", "龙岩": "350802", "宁德": "350902", "杭州": "330106", "南京": "320106", "合肥": "340104", "广州": "440106", "深圳": "440305"}
	cityProv   = map[string]string{"福州": "福建省", "厦门": "福建省", "泉州": "福建省", "漳州": "福建省", "莆田": "福建省", "南平": "福建省", "三明": "福建省", "龙岩": "福建省", "宁德": "福建省", "杭州": "浙江省", "南京": "江苏省", "合肥": "安徽省", "广州": "广东省", "深圳": "广东省"}
	brands     = []string{"闽江", "海峡", "鼓山", "榕城", "东南", "恒信", "华兴", "新宇", "盛达", "鑫源", "瑞丰", "中联", "天元", "宏图", "金桥", "博远", "明德", "嘉禾", "力诚", "永安", "通达", "光华", "汇丰", "长兴"}
	trades     = []string{"科技", "信息技术", "建设工程", "贸易", "物流", "食品", "医药", "电子", "教育咨询", "环保科技", "机械制造", "网络科技", "餐饮管理", "文化传媒", "物业服务", "人力资源服务"}
	suffixes   = []string{"有限公司", "有限责任公司", "股份有限公司"}
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "林", "郑", "何", "高", "罗", "郭", "谢", "欧阳"}
	given      = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "建华", "志强", "海燕", "晓东", "文博", "雅琴", "子涵", "思远"}
	streets    = []string{"五四路", "湖东路", "工业路", "华林路", "杨桥中路", "长乐南路", "湖滨北路", "嘉禾路", "中山路", "解放路"}
	// similar gives a character a clerk could mistype or a unit could misprint for it.
	// Each differs from it by more than a scan keeps: not 易 and 昜 (one
	// short stroke inside) nor 鼓 and 鼔, which no reader (nor clerk) can
	// tell apart on a copy, so a corpus would call a case rejected that
	// its pages show ready.
	similar = map[rune]rune{'江': '汪', '海': '梅', '科': '料', '技': '枝', '信': '倍', '息': '总', '华': '化', '兴': '兰', '新': '亲', '宇': '字', '达': '这', '源': '原', '丰': '主', '天': '夫', '元': '无', '图': '国', '金': '全', '桥': '娇', '博': '傅', '远': '运', '明': '朋', '德': '得', '力': '办', '诚': '城', '永': '水', '安': '按', '通': '道', '光': '先', '汇': '江', '长': '场', '贸': '资', '物': '特', '流': '沆', '食': '贪', '品': '晶', '医': '区', '药': '约', '电': '申', '子': '于', '教': '孝', '育': '盲', '建': '健', '设': '没', '工': '土', '程': '呈', '网': '冈', '络': '给', '鑫': '鑑', '盛': '威', '恒': '垣', '瑞': '端', '中': '申', '联': '连', '宏': '宋', '嘉': '喜', '禾': '木', '闽': '闵', '峡': '侠', '山': '出', '榕': '溶', '城': '成', '东': '乐', '南': '宙', '伟': '玮', '芳': '芬', '娜': '哪', '敏': '毅', '静': '净', '丽': '莉', '强': '弹', '磊': '垒', '军': '车', '洋': '样', '勇': '甬', '艳': '艷', '杰': '杏', '娟': '绢', '涛': '寿', '超': '越', '英': '莫', '霞': '暇', '平': '乎', '志': '忐', '燕': '艳', '晓': '晚', '文': '又', '雅': '稚', '琴': '瑟', '涵': '函', '思': '恩', '秀': '透', '服': '股', '务': '各', '管': '官', '理': '埋', '境': '镜', '环': '坏', '保': '堡', '机': '杌', '械': '戒', '制': '利', '造': '告', '餐': '粲', '饮': '钦', '传': '转', '媒': '煤', '业': '亚', '人': '入', '资': '姿'}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// offByOne changes one character of s to a look-alike, as a form filled in by hand does.
func offByOne(rng *rand.Rand, s string) string {
	r := []rune(s)
	var at []int
	for i, c := range r {
		if _, ok := similar[c]; ok {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		r[len(r)-1] = '司'
		return string(r)
	}
	i := pick(rng, at)
	r[i] = similar[r[i]]
	return string(r)
}

type unit struct {
	name, city, address, legalRep, trade string
	uscc, orgCode                        string
	hasLicence                           bool
	ssNumber                             string
	capital                              int
	founded                              time.Time
}

func newUnit(rng *rand.Rand, asOf time.Time) unit {
	city := pick(rng, cities)
	suffix := suffixes[rng.IntN(2)]
	if rng.IntN(8) == 0 {
		suffix = suffixes[2]
	}
	u := unit{city: city, trade: pick(rng, trades)}
	u.name = city + "市" + pick(rng, brands) + u.trade + suffix
	switch rng.IntN(6) {
	case 0, 1:
		u.name = city + pick(rng, brands) + pick(rng, brands) + u.trade + suffix
	case 2:
		// the city in brackets after the brand, as registered (合力医疗器械（福州）有限公司)
		u.name = pick(rng, brands) + u.trade + "（" + city + "）" + suffix
	}
	u.address = fmt.Sprintf("%s%s市%s%d号", cityProv[city], city, pick(rng, streets), 1+rng.IntN(300))
	u.legalRep = person(rng)
	u.orgCode = newOrgCode(rng)
	u.uscc = makeUSCC("91", cityRegion[city][:4]+"00", u.orgCode)
	u.hasLicence = rng.IntN(10) < 7
	u.ssNumber = cityRegion[city] + fmt.Sprintf("%08d", rng.IntN(100000000))
	u.capital = (1 + rng.IntN(200)) * 50
	u.founded = asOf.AddDate(-1-rng.IntN(20), -rng.IntN(12), -rng.IntN(28))
	return u
}

func person(rng *rand.Rand) string {
	n := pick(rng, surnames) + pick(rng, given)
	if rng.IntN(3) == 0 && len([]rune(n)) < 3 {
		n += pick(rng, given[:18])
	}
	return n
}

const orgChars = "0123456789ABCDEFGHJKLMNPQRTUWXY" // the USCC set: the code must fit inside a USCC

func newOrgCode(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(2) == 0 {
		b.WriteString("MA")
		for b.Len() < 8 {
			b.WriteByte(orgChars[rng.IntN(len(orgChars))])
		}
	} else {
		for b.Len() < 8 {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
	}
	body := b.String()
	c, _ := ident.OrgCheckChar(body)
	return body + string(c)
}

func makeUSCC(prefix, region, org string) string {
	body := prefix + region + org
	c, _ := ident.USCCCheckChar(body)
	return body + string(c)
}

// wrongCheck replaces the last character with another valid-looking one.
func wrongCheck(rng *rand.Rand, code string, alphabet string) string {
	last := code[len(code)-1]
	for {
		c := alphabet[rng.IntN(len(alphabet))]
		if c != last {
			return code[:len(code)-1] + string(c)
		}
	}
}

type operator struct {
	name, id, sex, nation, address, authority string
	birth, validFrom                          time.Time
	validUntil                                time.Time // zero: 长期
	permit                                    bool
	passNo                                    string
}

func newOperator(rng *rand.Rand, asOf time.Time, permit bool) operator {
	o := operator{name: person(rng), nation: "汉", permit: permit}
	if rng.IntN(2) == 0 {
		o.sex = "男"
	} else {
		o.sex = "女"
	}
	age := 25 + rng.IntN(37)
	o.birth = time.Date(asOf.Year()-age, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	city := pick(rng, cities)
	region := cityRegion[city]
	if permit {
		region = pick(rng, []string{"810000", "820000", "830000"})
	}
	seq := 100 + rng.IntN(899)
	if (seq%2 == 1) != (o.sex == "男") {
		seq++
	}
	body := region + o.birth.Format("20060102") + fmt.Sprintf("%03d", seq%1000)
	c, _ := ident.IDCheckChar(body)
	o.id = body + string(c)
	o.address = fmt.Sprintf("%s%s市%s%d号%d室", cityProv[city], city, pick(rng, streets), 1+rng.IntN(200), 101+rng.IntN(1500))
	o.authority = city + "市公安局" + pick(rng, []string{"鼓楼分局", "台江分局", "思明分局", "开发区分局", "城东分局"})
	// Issued some years ago; the term follows the holder's age at issue (5,
	// 10, 20 years or 长期), as the resident identity card law gives it.
	o.validFrom = asOf.AddDate(-rng.IntN(9), -rng.IntN(12), -rng.IntN(28))
	ageAtIssue := o.validFrom.Year() - o.birth.Year()
	if o.validFrom.YearDay() < o.birth.YearDay() {
		ageAtIssue--
	}
	switch {
	case permit:
		o.validFrom = asOf.AddDate(-rng.IntN(4), -rng.IntN(12), -1)
		o.validUntil = o.validFrom.AddDate(5, 0, 0)
		o.authority = city + "市公安局"
		o.passNo = pick(rng, []string{"H", "M", ""}) + fmt.Sprintf("%08d", rng.IntN(100000000))
	case ageAtIssue < 16:
		o.validUntil = o.validFrom.AddDate(5, 0, 0)
	case ageAtIssue <= 25:
		o.validUntil = o.validFrom.AddDate(10, 0, 0)
	case ageAtIssue <= 45:
		o.validUntil = o.validFrom.AddDate(20, 0, 0)
	}
	return o
}

func cnDate(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) }

package extract

import (
	"strings"
	"unicode"

	"dossier"
)

type keyword struct {
	word   string
	weight float64
}

// keywords are the titles and labels a clerk recognises each document by.
var keywords = map[dossier.DocType][]keyword{
	dossier.ApplicationForm:    {{"数字证书申请表", 8}, {"申请表", 3}, {"业务类型", 3}, {"经办人姓名", 3}, {"经办人证件", 3}, {"公章", 1}, {"受理点意见", 2}},
	dossier.OrgCodeCertificate: {{"组织机构代码证", 8}, {"代码证", 3}, {"颁发单位", 3}, {"机构类型", 3}, {"登记号", 2}},
	dossier.BusinessLicense:    {{"营业执照", 8}, {"经营范围", 3}, {"注册资本", 3}, {"登记机关", 2}, {"成立日期", 2}, {"营业期限", 2}, {"信用信息公示", 2}},
	dossier.IDCard:             {{"居民身份证", 6}, {"公民身份号码", 5}, {"签发机关", 3}, {"有效期限", 3}, {"民族", 2}, {"住址", 1}, {"出生", 1}},
	dossier.ResidencePermit:    {{"港澳台居民居住证", 10}, {"居住证", 4}, {"通行证号码", 4}},
	dossier.SocialSecurityCert: {{"社会保险登记证", 10}, {"发证机关", 2}, {"单位类型", 2}},
	dossier.Other:              {{"材料清单", 30}, {"社会保障局文件", 30}, {"的通知", 5}},
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

// fuzzyHit is the share of a keyword's character pairs found in the text, so
// one misread character costs part of a hit, not all of it.
func fuzzyHit(text, word string) float64 {
	if strings.Contains(text, word) {
		return 1
	}
	r := []rune(word)
	if len(r) < 3 {
		return 0
	}
	n := 0
	for i := 0; i+1 < len(r); i++ {
		if strings.Contains(text, string(r[i:i+2])) {
			n++
		}
	}
	share := float64(n) / float64(len(r)-1)
	if share < 0.6 {
		return 0
	}
	return share * 0.8
}

// Classify gives the page type with a confidence 0..1 from the page's text.
func Classify(text string) (dossier.DocType, float64) {
	t := Compact(text)
	scores := map[dossier.DocType]float64{}
	for typ, kws := range keywords {
		for _, k := range kws {
			scores[typ] += k.weight * fuzzyHit(t, k.word)
		}
	}
	// A residence permit is an identity document first: its number tells it apart.
	if scores[dossier.ResidencePermit] >= 4 {
		scores[dossier.ResidencePermit] += scores[dossier.IDCard]
	}
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

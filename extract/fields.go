package extract

import (
	"regexp"
	"strings"

	"dossier"
	"dossier/validate/ident"
)

var (
	reUSCC    = regexp.MustCompile(`[0-9A-Z]{18}`)
	reOrgCode = regexp.MustCompile(`[0-9A-Z]{8}-?[0-9X]`)
	reID      = regexp.MustCompile(`\d{17}[\dX]`)
	reDates   = regexp.MustCompile(`(\d{4})[.\-年](\d{1,2})[.\-月](\d{1,2})日?[-—~至一]+(?:(\d{4})[.\-年](\d{1,2})[.\-月](\d{1,2})|(长期))`)
	reName    = regexp.MustCompile(`^[\p{Han}·（）()]{2,40}`)
)

// labelled finds a label in the lines and returns the text after it: the rest
// of its line, or else the line to its right (a table cell beside it).
func labelled(lines []Line, labels ...string) (string, float64) {
	for _, lab := range labels {
		for i, l := range lines {
			t := Compact(l.Text)
			at := strings.Index(t, lab)
			if at < 0 {
				continue
			}
			rest := strings.TrimLeft(t[at+len(lab):], ":：")
			if rest != "" {
				return rest, l.Conf
			}
			// the value in the cell to the right, on the same row
			best, bestX := -1, 1<<30
			for j, m := range lines {
				if j == i || m.Box.Min.X < l.Box.Max.X {
					continue
				}
				cy := (m.Box.Min.Y + m.Box.Max.Y) / 2
				if cy > l.Box.Min.Y-l.Box.Dy()/2 && cy < l.Box.Max.Y+l.Box.Dy()/2 && m.Box.Min.X < bestX {
					best, bestX = j, m.Box.Min.X
				}
			}
			if best >= 0 {
				return Compact(lines[best].Text), lines[best].Conf
			}
		}
	}
	return "", 0
}

// upperCode upper-cases a line that may hold a code and folds full-width brackets.
func upperCode(s string) string {
	return strings.ToUpper(strings.NewReplacer("（", "(", "）", ")").Replace(s))
}

// Fields reads the fields a page of type t carries. conf gives the mean OCR
// confidence (0..1) of the lines each field came from.
func Fields(t dossier.DocType, lines []Line) (map[string]string, map[string]float64) {
	f := map[string]string{}
	c := map[string]float64{}
	set := func(k, v string, conf float64) {
		if v != "" {
			f[k], c[k] = v, conf/100
		}
	}
	name := func(labels ...string) {
		v, conf := labelled(lines, labels...)
		if m := reName.FindString(v); m != "" {
			set(dossier.FieldUnitName, m, conf)
		}
	}
	codes := func() {
		for _, l := range lines {
			t := upperCode(Compact(l.Text))
			for _, m := range reUSCC.FindAllString(t, -1) {
				if _, ok := ident.BirthDate(m); ok && ident.IDNumber(m).Valid == ident.Valid {
					continue // an identity number, not a credit code
				}
				if f[dossier.FieldUSCC] == "" || ident.USCC(f[dossier.FieldUSCC]).Valid != ident.Valid {
					set(dossier.FieldUSCC, m, l.Conf)
				}
			}
		}
		if f[dossier.FieldUSCC] == "" {
			for _, l := range lines {
				t := upperCode(Compact(l.Text))
				if !strings.Contains(t, "代码") {
					continue
				}
				if m := reOrgCode.FindString(t); m != "" {
					set(dossier.FieldOrgCode, ident.NormalizeOrgCode(m), l.Conf)
				}
			}
		}
	}
	ids := func(key string) {
		for _, l := range lines {
			if m := reID.FindString(upperCode(Compact(l.Text))); m != "" && f[key] == "" {
				set(key, m, l.Conf)
			}
		}
	}
	switch t {
	case dossier.ApplicationForm:
		name("单位名称", "机构名称", "名称")
		codes()
		v, conf := labelled(lines, "经办人姓名")
		if m := reName.FindString(v); m != "" {
			set(dossier.FieldOperatorName, m, conf)
		}
		if v, conf := labelled(lines, "经办人证件号码", "证件号码", "身份证号码"); v != "" {
			if m := reID.FindString(upperCode(v)); m != "" {
				set(dossier.FieldOperatorID, m, conf)
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
		if v, conf := labelled(lines, "编码"); v != "" {
			set(dossier.FieldSocialSecNo, strings.Trim(v, ":："), conf)
		}
	case dossier.IDCard, dossier.ResidencePermit:
		if v, conf := labelled(lines, "姓名"); v != "" {
			if m := reName.FindString(v); m != "" {
				set(dossier.FieldHolderName, m, conf)
			}
		}
		ids(dossier.FieldIDNumber)
		for _, l := range lines {
			m := reDates.FindStringSubmatch(Compact(l.Text))
			if m == nil {
				continue
			}
			set(dossier.FieldValidFrom, isoDate(m[1], m[2], m[3]), l.Conf)
			if m[7] != "" {
				set(dossier.FieldValidUntil, "长期", l.Conf)
			} else {
				set(dossier.FieldValidUntil, isoDate(m[4], m[5], m[6]), l.Conf)
			}
		}
	}
	return f, c
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

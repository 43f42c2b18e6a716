package extract

import (
	"testing"

	"dossier/extract/seal"
	"dossier/samples"
)

// TestReadArc reads scanned seals' arcs for whose they are: an issuer's
// seal over its printed label must name an office, a unit's seal the
// unit. Each of these arcs the line reader reads only in a white margin,
// or names its owner only in the two readings together.
func TestReadArc(t *testing.T) {
	ocr := testOCR(t)
	for _, c := range []struct {
		top, over string
		font      int
		scan      uint64 // the scan's seed
		owner     seal.Owner
	}{
		{"福州市质量技术监督局", "颁发单位：福州市质量技术监督局", samples.Serif, 0, seal.OwnerIssuer},
		{"福州市质量技术监督局", "颁发单位：福州市质量技术监督局", samples.Serif, 1, seal.OwnerIssuer},
		{"泉州市市场监督管理局", "登记机关：泉州市市场监督管理局", samples.Sans, 1, seal.OwnerIssuer},
		{"厦门恒信文化传媒有限公司", "", samples.Serif, 2, seal.OwnerUnit},
		{"宁德金桥东南食品有限公司", "经办人：吴思远", samples.SansBold, 1, seal.OwnerUnit},
		{"宁德金桥东南食品有限公司", "经办人：吴思远", samples.SansBold, 2, seal.OwnerUnit},
	} {
		img, box, err := samples.SealImage(c.top, c.over, c.font, 42, 200, c.scan)
		if err != nil {
			t.Skipf("no fonts to draw a seal: %v", err)
		}
		e := seal.Evidence{IssuerPrints: true, AtIssuerLabel: c.owner == seal.OwnerIssuer}
		if c.owner == seal.OwnerUnit {
			e.UnitName = c.top
		}
		e.Arc, err = ocr.readArc(img, Seal{Box: box}, 0, e)
		if err != nil {
			t.Fatal(err)
		}
		if o, named := seal.Whose(e); o != c.owner || !named {
			t.Errorf("%s (scan %d): arc read %q names no owner (%v, named %v)", c.top, c.scan, e.Arc, o, named)
		}
	}
}

// TestWithSecond: a second reading of a seal's arc is kept where it names
// the unit, or names the issuer whose seal lies at its label; it never
// makes an office's a seal that is the unit's by its place.
func TestWithSecond(t *testing.T) {
	const unit = "宁德金桥东南食品有限公司"
	atLabel := seal.Evidence{UnitName: unit, IssuerPrints: true, AtIssuerLabel: true}
	elsewhere := seal.Evidence{UnitName: unit, IssuerPrints: true}
	for _, c := range []struct {
		name          string
		e             seal.Evidence
		first, second string
		want          string
	}{
		{"names the issuer at its label", atLabel, "", "证4兴市质量技术监督属", "证4兴市质量技术监督属"},
		{"names the unit at the issuer's label", atLabel, "于德使抚东南", "宁德金括东南食品有服公司", "于德使抚东南 宁德金括东南食品有服公司"},
		{"names the unit elsewhere", elsewhere, "于德使抚东南食品腿公司", "宁德使括东南食品有了服公司", "于德使抚东南食品腿公司 宁德使括东南食品有了服公司"},
		{"an office's away from the label", elsewhere, "于德使抚东", "三德市场监督管理局", "于德使抚东"},
		{"names no one", elsewhere, "于德", "使抚", "于德"},
		{"the same", atLabel, "嗝嗝", "嗝嗝", "嗝嗝"},
	} {
		if got := withSecond(c.e, c.first, c.second); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

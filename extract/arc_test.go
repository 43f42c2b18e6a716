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

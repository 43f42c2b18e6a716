package validate

import (
	"encoding/pem"
	"maps"
	"slices"
	"testing"

	"dossier"
)

func FuzzParseCertificate(f *testing.F) {
	w := newWorld(&testing.T{})
	der := w.certFor(&testing.T{}, "福州市闽江科技有限公司", "91350100M000100Y43", 5)
	f.Add(der)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der[:40]}))
	f.Add(der[:len(der)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCertificate(data)
		if err == nil && c == nil {
			t.Fatal("no error and no certificate")
		}
	})
}

func TestParseCertificate(t *testing.T) {
	w := newWorld(t)
	der := w.certFor(t, "福州市闽江科技有限公司", "91350100M000100Y43", 5)
	for name, data := range map[string][]byte{"der": der, "pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})} {
		c, err := ParseCertificate(data)
		if err != nil || c.Subject.SerialNumber != "91350100M000100Y43" {
			t.Errorf("%s: %v %v", name, c, err)
		}
	}
	if _, err := ParseCertificate(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err == nil {
		t.Error("a PRIVATE KEY block parsed as a certificate")
	}
}

// TestCertificateBacksAName: the certificate's subject is exact, so where
// two papers' readings of the unit's name differ in one character, it backs
// the reading that agrees with it, if it carries a code the papers read
// surely. Against a character read surely on the other paper, that is a
// difference on paper (rejected); against one read unsurely, a clerk looks.
func TestCertificateBacksAName(t *testing.T) {
	w := newWorld(t)
	in := w.caseOf(t, dossier.CAAssociation, 9)
	name, uscc := in.Documents[0].Fields[dossier.FieldUnitName], in.Documents[0].Fields[dossier.FieldUSCC]
	for _, c := range []struct {
		name     string
		charConf float64
		certCode string
		status   dossier.Status
		code     dossier.ReasonCode
		without  dossier.ReasonCode
		codeSure bool // the code document's name read surely
	}{
		// A typo on one paper read unsurely (look-alike 埋 for 理, every
		// character at 0.5), against a licence read surely and the
		// certificate: the vote must not hide it (make demo's C0005, ready
		// while the certificate voted).
		{"typo read unsurely, two readings against it", 0.5, uscc, dossier.Review, dossier.LowConfidence, dossier.UnitNameMismatch, true},
		{"typo read surely, certificate backs the other", 0.95, uscc, dossier.Rejected, dossier.UnitNameMismatch, "", false},
		{"typo read unsurely", 0.3, uscc, dossier.Review, dossier.LowConfidence, dossier.UnitNameMismatch, false},
		// rejected for the certificate, but the names go to a clerk
		{"certificate of another code backs nothing", 0.95, "91350100MA2XYZ1234", dossier.Rejected, dossier.LowConfidence, dossier.UnitNameMismatch, false},
	} {
		in := in
		in.Documents = slices.Clone(in.Documents)
		for i := range in.Documents {
			in.Documents[i].Fields = maps.Clone(in.Documents[i].Fields)
		}
		ss := &in.Documents[0] // the social security certificate: a typo
		r := []rune(name)
		r[2] = '乙'
		ss.Fields[dossier.FieldUnitName] = string(r)
		cc := make([]float64, len(r))
		for i := range cc {
			cc[i] = 0.95
		}
		cc[2] = c.charConf
		ss.CharConfidence = map[string][]float64{dossier.FieldUnitName: cc}
		// the code document's reading, unsure, is backed by nothing else on paper
		if !c.codeSure {
			in.Documents[1].FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.55}
		}
		in.Certs = []CertFile{{Name: "new.cer", Data: w.certFor(t, name, c.certCode, 7)}}
		res := Case(in)
		if res.Status != c.status {
			t.Errorf("%s: %s, want %s: %+v", c.name, res.Status, c.status, res.Reasons)
			continue
		}
		has := func(code dossier.ReasonCode) bool {
			return slices.ContainsFunc(res.Reasons, func(r dossier.Reason) bool { return r.Code == code })
		}
		if !has(c.code) || c.without != "" && has(c.without) {
			t.Errorf("%s: reasons %+v, want %s and no %q", c.name, res.Reasons, c.code, c.without)
		}
	}
}

// TestAnotherUnitsCertificate: a certificate carrying another code than the
// one the papers read surely is another unit's, however unsurely the unit's
// name was read (a licence's name that lost its first characters). The code
// is read surely on the paper the unit is taken from, or read unsurely there
// and the same on another paper (an organization code certificate's code
// at 0.43, the social security certificate's the same at 0.9).
func TestAnotherUnitsCertificate(t *testing.T) {
	w := newWorld(t)
	in := w.caseOf(t, dossier.CAAssociation, 11)
	in.Documents = slices.Clone(in.Documents)
	ref := -1 // the paper the unit is taken from: its name read unsurely, cut short
	for _, t := range []dossier.DocType{dossier.BusinessLicense, dossier.OrgCodeCertificate, dossier.SocialSecurityCert} {
		if ref < 0 {
			ref = slices.IndexFunc(in.Documents, func(d dossier.Document) bool { return d.Type == t })
		}
	}
	d := &in.Documents[ref]
	d.Fields, d.FieldConfidence = maps.Clone(d.Fields), map[string]float64{dossier.FieldUnitName: 0.5}
	d.Fields[dossier.FieldUnitName] = string([]rune(d.Fields[dossier.FieldUnitName])[2:])
	for _, c := range []struct {
		name, certName, certCode string
		codeConf                 float64 // how surely the paper the unit is taken from reads its code
		status                   dossier.Status
		code                     dossier.ReasonCode
	}{
		{"another name and code", "恒信环保科技（龙岩）有限公司", "91350800013293770R", 0.9, dossier.Rejected, dossier.CertificateMismatch},
		{"another name and code, the unit's read twice", "恒信环保科技（龙岩）有限公司", "91350800013293770R", 0.43, dossier.Rejected, dossier.CertificateMismatch},
	} {
		in := in
		in.Documents = slices.Clone(in.Documents)
		in.Documents[ref].FieldConfidence = maps.Clone(d.FieldConfidence)
		for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode} {
			in.Documents[ref].FieldConfidence[k] = c.codeConf
		}
		in.Certs = []CertFile{{Name: "new.cer", Data: w.certFor(t, c.certName, c.certCode, 8)}}
		res := Case(in)
		if res.Status != c.status || !slices.ContainsFunc(res.Reasons, func(r dossier.Reason) bool { return r.Code == c.code }) {
			t.Errorf("%s: %s, want %s with %s: %+v", c.name, res.Status, c.status, c.code, res.Reasons)
		}
	}
}

package validate

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"

	"dossier"
	"dossier/validate/ident"
)

// ParseCertificate reads one DER or PEM certificate.
func ParseCertificate(data []byte) (*x509.Certificate, error) {
	if b, _ := pem.Decode(data); b != nil {
		if b.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block is %q, not CERTIFICATE", b.Type)
		}
		data = b.Bytes
	}
	if len(data) == 0 {
		return nil, errors.New("file is empty")
	}
	return x509.ParseCertificate(data)
}

func (c *checker) certificates(docs map[dossier.DocType][]dossier.Document) {
	for _, f := range c.in.Certs {
		ref := []dossier.PageRef{{File: f.Name, Page: 1}}
		doc := dossier.Document{Type: dossier.CACertificate, Pages: ref, Confidence: 1, Fields: map[string]string{}}
		cert, err := ParseCertificate(f.Data)
		if err != nil {
			c.say(dossier.CertificateInvalid, dossier.CACertificate, ref, "cert.unparsable", f.Name, err)
			docs[dossier.CACertificate] = append(docs[dossier.CACertificate], doc)
			c.res.Documents = append(c.res.Documents, doc)
			continue
		}
		doc.Fields[dossier.FieldCertSubjectCN] = cert.Subject.CommonName
		doc.Fields[dossier.FieldCertSubjectO] = strings.Join(cert.Subject.Organization, ",")
		doc.Fields[dossier.FieldCertCode] = cert.Subject.SerialNumber
		doc.Fields[dossier.FieldCertNotBefore] = cert.NotBefore.UTC().Format("2006-01-02")
		doc.Fields[dossier.FieldCertNotAfter] = cert.NotAfter.UTC().Format("2006-01-02")
		docs[dossier.CACertificate] = append(docs[dossier.CACertificate], doc)
		c.res.Documents = append(c.res.Documents, doc)
		switch {
		case c.in.AsOf.Before(cert.NotBefore):
			c.say(dossier.CertificateInvalid, dossier.CACertificate, ref, "cert.not_yet", doc.Fields[dossier.FieldCertNotBefore])
		case c.in.AsOf.After(cert.NotAfter):
			c.say(dossier.CertificateInvalid, dossier.CACertificate, ref, "cert.expired", doc.Fields[dossier.FieldCertNotAfter])
		}
		if cert.KeyUsage != 0 && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
			c.say(dossier.CertificateInvalid, dossier.CACertificate, ref, "cert.key_usage")
		}
		if c.in.Roots == nil {
			c.say(dossier.LowConfidence, dossier.CACertificate, ref, "cert.unchecked")
		} else if _, err := cert.Verify(x509.VerifyOptions{Roots: c.in.Roots, CurrentTime: c.in.AsOf, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
			c.say(dossier.CertificateInvalid, dossier.CACertificate, ref, "cert.untrusted", err)
		}
		c.subject(docs, cert, ref)
	}
}

// subject checks that the certificate names the unit and carries its code.
func (c *checker) subject(docs map[dossier.DocType][]dossier.Document, cert *x509.Certificate, ref []dossier.PageRef) {
	unit, ok := reference(docs)
	if !ok {
		return
	}
	name := NormalizeName(unit.Fields[dossier.FieldUnitName])
	org := orgPart(unit)
	if name == "" && org == "" {
		return
	}
	// The certificate is exact where OCR is not: it names the unit when it
	// agrees with any reading of the unit's name or code, or with what the
	// unit declared.
	var readNames, readOrgs []string
	for _, d := range c.in.Documents {
		if n := d.Fields[dossier.FieldUnitName]; n != "" {
			readNames = append(readNames, NormalizeName(n))
		}
		if o := orgPart(d); o != "" {
			readOrgs = append(readOrgs, o)
		}
	}
	if n := c.in.Info.UnitName; n != "" {
		readNames = append(readNames, NormalizeName(n))
	}
	if code := c.in.Info.UnitCode; code != "" {
		readOrgs = append(readOrgs, declaredOrg(code))
	}
	// A certificate that carries a code the papers read surely is the
	// unit's: its name then backs the readings that agree with it.
	tied := false
	for _, d := range c.in.Documents {
		o := orgPart(d)
		tied = tied || o != "" && c.sureCode(d) && c.bothValid(d, d) && c.carries(cert, o)
	}
	if tied {
		c.certNames = append(c.certNames, subjectValues(cert, c.in.Rules.Certificate.NameIn)...)
	}
	nameOK := name == ""
	for _, n := range subjectValues(cert, c.in.Rules.Certificate.NameIn) {
		nameOK = nameOK || slices.Contains(readNames, NormalizeName(n))
	}
	codeOK := org == "" || slices.ContainsFunc(readOrgs, func(o string) bool { return c.carries(cert, o) })
	nameSure := nameOK || c.corroborated(unit, dossier.FieldUnitName, unit.Fields[dossier.FieldUnitName]) || sure(unit, dossier.FieldUnitName)
	switch {
	case nameOK && codeOK:
	// One difference held is enough: the certificate must carry
	// both the unit's name and its code (another unit's certificate, the
	// licence's name read unsurely, is still another unit's).
	case !codeOK && c.heldCode(unit, org), !nameOK && nameSure:
		c.say(dossier.CertificateMismatch, dossier.CACertificate, ref, "cert.subject", cert.Subject.CommonName, cert.Subject.SerialNumber)
	default:
		c.say(dossier.LowConfidence, dossier.CACertificate, ref, "cert.subject_unsure", cert.Subject.CommonName, cert.Subject.SerialNumber, unit.Type)
	}
}

// carries reports whether the certificate's subject carries the
// organization code org, alone or inside a USCC, where the rules say.
func (c *checker) carries(cert *x509.Certificate, org string) bool {
	for _, v := range subjectValues(cert, c.in.Rules.Certificate.CodeIn) {
		v = strings.TrimSpace(v)
		if v != "" && (ident.OrgCodeOfUSCC(v) == org || ident.NormalizeOrgCode(v) == org) {
			return true
		}
	}
	return false
}

// subjectValues are the values of the subject attributes named (CN, O, OU,
// serialNumber), as the rules say where a subject names the unit.
func subjectValues(cert *x509.Certificate, attrs []string) []string {
	var v []string
	for _, a := range attrs {
		switch a {
		case "CN":
			v = append(v, cert.Subject.CommonName)
		case "O":
			v = append(v, cert.Subject.Organization...)
		case "OU":
			v = append(v, cert.Subject.OrganizationalUnit...)
		case "serialNumber":
			v = append(v, cert.Subject.SerialNumber)
		}
	}
	return v
}

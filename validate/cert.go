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
			c.add(dossier.CertificateInvalid, dossier.CACertificate, ref, fmt.Sprintf("证书文件 %s 无法解析（%v），请重新导出证书文件", f.Name, err))
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
			c.add(dossier.CertificateInvalid, dossier.CACertificate, ref, fmt.Sprintf("证书尚未生效（%s 起），请核对", doc.Fields[dossier.FieldCertNotBefore]))
		case c.in.AsOf.After(cert.NotAfter):
			c.add(dossier.CertificateInvalid, dossier.CACertificate, ref, fmt.Sprintf("证书已于 %s 过期，请提供新证书", doc.Fields[dossier.FieldCertNotAfter]))
		}
		if cert.KeyUsage != 0 && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
			c.add(dossier.CertificateInvalid, dossier.CACertificate, ref, "证书的密钥用途不允许签名")
		}
		if c.in.Roots == nil {
			c.add(dossier.LowConfidence, dossier.CACertificate, ref, "未配置根证书（--ca-roots），证书链未校验，请人工核对")
		} else if _, err := cert.Verify(x509.VerifyOptions{Roots: c.in.Roots, CurrentTime: c.in.AsOf, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
			c.add(dossier.CertificateInvalid, dossier.CACertificate, ref, fmt.Sprintf("证书不是由受信任的CA签发（%v）", err))
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
	nameOK := name == ""
	for _, n := range append([]string{cert.Subject.CommonName}, cert.Subject.Organization...) {
		nameOK = nameOK || slices.Contains(readNames, NormalizeName(n))
	}
	codeOK := org == ""
	for _, v := range append([]string{cert.Subject.SerialNumber, cert.Subject.CommonName}, cert.Subject.OrganizationalUnit...) {
		v = strings.TrimSpace(v)
		if v != "" && (slices.Contains(readOrgs, ident.OrgCodeOfUSCC(v)) || slices.Contains(readOrgs, ident.NormalizeOrgCode(v))) {
			codeOK = true
		}
	}
	switch {
	case nameOK && codeOK:
	case (nameOK || c.corroborated(unit, dossier.FieldUnitName, unit.Fields[dossier.FieldUnitName]) || sure(unit, dossier.FieldUnitName)) &&
		(codeOK || c.sureCode(unit)):
		c.add(dossier.CertificateMismatch, dossier.CACertificate, ref, fmt.Sprintf("证书主体（%s，%s）不是本单位，请提供以本单位名义签发的证书", cert.Subject.CommonName, cert.Subject.SerialNumber))
	default:
		c.add(dossier.LowConfidence, dossier.CACertificate, ref, fmt.Sprintf("证书主体（%s，%s）与%s上识别出的单位不一致，可能是识别错误，请人工核对", cert.Subject.CommonName, cert.Subject.SerialNumber, docName(unit.Type)))
	}
}

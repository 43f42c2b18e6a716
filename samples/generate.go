// Package samples makes dossier's own corpus: cases of stamped, scanned paper
// with the truth about each, in every variant the batch contract names, and
// scores a run's output against that truth. Real case files carry identity
// numbers and seals and cannot be shared, so tests, benchmarks and the demo
// all run on what this package draws.
package samples

import (
	"encoding/json"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"dossier"
	"dossier/validate/ident"
)

// Options says what to generate.
type Options struct {
	Out   string // DIR: DIR/batch, DIR/truth, DIR/roots.pem, DIR/samples.json
	Cases int    // how many cases
	// First is the number of the first case drawn (19 for C0019; zero
	// is 1): each case is drawn from the seed and its own number alone,
	// so C0019 of a seed comes out the same with First 19 and Cases 1.
	First int
	Seed  uint64    // same seed, same bytes
	AsOf  time.Time // the processing date the truth assumes; zero: DefaultAsOf
	// Workers draws cases in parallel; zero: one per CPU.
	Workers int
}

// DefaultAsOf is the processing date of generated cases, fixed so that the same
// seed gives the same truth on any day.
var DefaultAsOf = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// Truth is what a case really is: DIR/truth/<case-id>.json.
type Truth struct {
	CaseID    string             `json:"case_id"`
	Type      dossier.CaseType   `json:"type"`
	Status    dossier.Status     `json:"status"`
	Reasons   []dossier.Reason   `json:"reasons"`
	Unit      dossier.Unit       `json:"unit"`
	Operator  dossier.Operator   `json:"operator"`
	Documents []dossier.Document `json:"documents"`
	Fault     string             `json:"fault"`
	AsOf      string             `json:"as_of"`
}

// Manifest is DIR/samples.json: how the corpus was made.
type Manifest struct {
	Seed  uint64 `json:"seed"`
	Cases int    `json:"cases"`
	First int    `json:"first,omitempty"`
	AsOf  string `json:"as_of"`
}

var replacementFaults = []string{"missing_code_doc", "missing_id", "one_form", "unsealed_form", "unsealed_code_doc",
	"unsealed_id", "faint_seal", "licence_authority_seal_only", "name_typo", "name_suffix", "declared_name", "form_code", "declared_code",
	"bad_uscc", "bad_org_code", "bad_id", "id_expired", "operator_name", "operator_id", "unreadable", "unsupported"}

var associationFaults = []string{"cert_expired", "cert_garbage", "cert_untrusted", "cert_other_unit",
	"missing_cert", "missing_ss", "unsealed_ss", "ss_name_typo"}

// planBlock is how many cases hold every fault once between them.
const planBlock = 40

// casePlan gives case i of the corpus of seed its type and its fault: each
// block of 40 cases holds every fault once, so every reason code the
// generator plants appears in any corpus of 40 cases (drawn at random, 120
// cases of seed 5 held no invalid_org_code), and good cases fill the rest
// (11 in 40, two of them association cases), in an order the seed shuffles.
func casePlan(seed uint64, i int) (dossier.CaseType, string) {
	perm := rand.New(rand.NewPCG(seed, 0x9e3779b9+uint64(i/planBlock))).Perm(planBlock)
	slot := perm[i%planBlock]
	switch nr := len(replacementFaults); {
	case slot < nr:
		return dossier.CAReplacement, replacementFaults[slot]
	case slot < nr+len(associationFaults):
		return dossier.CAAssociation, associationFaults[slot-nr]
	case slot%5 == 0:
		return dossier.CAAssociation, "none"
	}
	return dossier.CAReplacement, "none"
}

// Generate writes the corpus.
func Generate(o Options) error {
	fs, err := loadFonts()
	if err != nil {
		return err
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	for _, d := range []string{"batch", "truth"} {
		if err := os.MkdirAll(filepath.Join(o.Out, d), 0o755); err != nil {
			return err
		}
	}
	rootRng := rand.New(rand.NewPCG(o.Seed, 1<<40))
	root := newAuthority(rootRng, "Dossier Sample Root CA", o.AsOf)
	rogue := newAuthority(rootRng, "Unknown Issuer CA", o.AsOf)
	if err := os.WriteFile(filepath.Join(o.Out, "roots.pem"), pemCert(root.der), 0o644); err != nil {
		return err
	}
	man, _ := json.MarshalIndent(Manifest{Seed: o.Seed, Cases: o.Cases, First: o.First, AsOf: o.AsOf.Format("2006-01-02")}, "", "  ")
	if err := os.WriteFile(filepath.Join(o.Out, "samples.json"), man, 0o644); err != nil {
		return err
	}
	jobs := make(chan int)
	errs := make(chan error, o.Cases)
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				g := &caseGen{fs: fs, rng: rand.New(rand.NewPCG(o.Seed, uint64(i))), asOf: o.AsOf, root: root, rogue: rogue,
					id: fmt.Sprintf("C%04d", i+1), out: o.Out, seed: o.Seed}
				if err := g.run(i); err != nil {
					errs <- fmt.Errorf("case %s: %w", g.id, err)
				}
			}
		}()
	}
	first := max(o.First, 1) - 1
	for i := first; i < first+o.Cases; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

type caseGen struct {
	fs          *fontSet
	rng         *rand.Rand
	asOf        time.Time
	root, rogue *certAuthority
	id, out     string
	seed        uint64
}

// docPlan is one document as the case will hold it.
type docPlan struct {
	typ     dossier.DocType
	seal    string // "unit", "none", "faint"
	sides   string // id documents: "both" on one page, or "two" pages
	other   string // other pages: cover, notice, blank
	copyNo  int
	noAuthy bool
	pages   []scanned
	refs    []dossier.PageRef
	fields  map[string]string // what the document prints, for the truth
}

type scanned struct {
	img  image.Image
	dpi  float64
	qual int
}

func (g *caseGen) run(i int) error {
	rng := g.rng
	t := Truth{CaseID: g.id, AsOf: g.asOf.Format("2006-01-02"), Reasons: []dossier.Reason{}}
	t.Type, t.Fault = casePlan(g.seed, i)
	u := newUnit(rng, g.asOf)
	switch t.Fault {
	case "bad_uscc":
		u.hasLicence = true
	case "bad_org_code":
		u.hasLicence = false
	}
	op := newOperator(rng, g.asOf, rng.IntN(7) == 0)
	if t.Type == dossier.CAAssociation {
		u.hasLicence = u.hasLicence || rng.IntN(2) == 0
	}
	if t.Fault == "licence_authority_seal_only" {
		u.hasLicence = true
	}
	k := content{u: u, op: op, formName: u.name, formOp: op.name, formID: op.id, idNumber: op.id,
		uscc: u.uscc, orgCode: u.orgCode, asOf: g.asOf, withCode: u.hasLicence}
	k.formCode = u.orgCode
	if u.hasLicence {
		k.formCode = u.uscc
	}
	codeDoc := dossier.OrgCodeCertificate
	if u.hasLicence {
		codeDoc = dossier.BusinessLicense
	}
	idDoc := dossier.IDCard
	if op.permit {
		idDoc = dossier.ResidencePermit
	}
	info := dossier.Info{}
	writeInfo := rng.IntN(10) < 6
	if writeInfo {
		info = dossier.Info{Type: t.Type, UnitName: u.name, UnitCode: k.formCode}
		if rng.IntN(3) == 0 {
			info.UnitCode = ""
		}
	}
	if t.Type == dossier.CAAssociation {
		writeInfo = true
		info.Type = t.Type
	}
	reason := func(code dossier.ReasonCode, doc dossier.DocType) {
		t.Reasons = append(t.Reasons, dossier.Reason{Code: code, Document: doc})
	}
	var docs []*docPlan
	add := func(typ dossier.DocType) *docPlan {
		d := &docPlan{typ: typ, seal: "unit", sides: pick(rng, []string{"both", "two"})}
		docs = append(docs, d)
		return d
	}
	certFile, certBytes := "", []byte(nil)
	if t.Type == dossier.CAReplacement {
		add(dossier.ApplicationForm).copyNo = 1
		add(dossier.ApplicationForm).copyNo = 2
		add(codeDoc)
		add(idDoc)
	} else {
		add(dossier.SocialSecurityCert)
		add(codeDoc)
		code := k.formCode
		notBefore, notAfter := g.asOf.AddDate(0, 0, -rng.IntN(20)-1), g.asOf.AddDate(1+rng.IntN(2), 0, 0)
		ca, name := g.root, u.name
		switch t.Fault {
		case "cert_expired":
			notBefore, notAfter = g.asOf.AddDate(-2, 0, -40), g.asOf.AddDate(0, 0, -20)
			reason(dossier.CertificateInvalid, dossier.CACertificate)
		case "cert_untrusted":
			ca = g.rogue
			reason(dossier.CertificateInvalid, dossier.CACertificate)
		case "cert_other_unit":
			other := newUnit(rng, g.asOf)
			name, code = other.name, other.uscc
			reason(dossier.CertificateMismatch, dossier.CACertificate)
		}
		certBytes = ca.issue(rng, name, code, notBefore, notAfter)
		if rng.IntN(2) == 0 {
			certFile = "新CA证书.cer"
		} else {
			certFile, certBytes = fmt.Sprintf("数字证书 %s.pem", g.id), pemCert(certBytes)
		}
		if rng.IntN(4) == 0 {
			certFile = strings.ToUpper(filepath.Ext(certFile)[1:]) // an odd but legal name: "CER"
			certFile = "CERT." + certFile
		}
		switch t.Fault {
		case "cert_garbage":
			certBytes = make([]byte, 200+rng.IntN(800))
			for i := range certBytes {
				certBytes[i] = byte(rng.IntN(256))
			}
			certFile = "证书.cer"
			reason(dossier.CertificateInvalid, dossier.CACertificate)
		case "missing_cert":
			certFile = ""
			reason(dossier.MissingDocument, dossier.CACertificate)
		case "missing_ss":
			docs = docs[1:]
			reason(dossier.MissingDocument, dossier.SocialSecurityCert)
		case "unsealed_ss":
			docs[0].seal = "none"
			reason(dossier.SealMissing, dossier.SocialSecurityCert)
		case "ss_name_typo":
			reason(dossier.UnitNameMismatch, dossier.SocialSecurityCert)
		}
	}
	forms := func() []*docPlan {
		var f []*docPlan
		for _, d := range docs {
			if d.typ == dossier.ApplicationForm {
				f = append(f, d)
			}
		}
		return f
	}
	drop := func(typ dossier.DocType) {
		for j, d := range docs {
			if d.typ == typ {
				docs = append(docs[:j], docs[j+1:]...)
				return
			}
		}
	}
	find := func(typ dossier.DocType) *docPlan {
		for _, d := range docs {
			if d.typ == typ {
				return d
			}
		}
		return nil
	}
	var extra []extraFile
	switch t.Fault {
	case "missing_code_doc":
		drop(codeDoc)
		reason(dossier.MissingDocument, dossier.BusinessLicense)
	case "missing_id":
		drop(idDoc)
		reason(dossier.MissingDocument, dossier.IDCard)
	case "one_form":
		drop(dossier.ApplicationForm)
		reason(dossier.InsufficientCopies, dossier.ApplicationForm)
	case "unsealed_form":
		forms()[rng.IntN(2)].seal = "none"
		reason(dossier.SealMissing, dossier.ApplicationForm)
	case "unsealed_code_doc", "licence_authority_seal_only":
		find(codeDoc).seal = "none"
		reason(dossier.SealMissing, codeDoc)
	case "unsealed_id":
		find(idDoc).seal = "none"
		reason(dossier.SealMissing, idDoc)
	case "faint_seal":
		d := pick(rng, docs)
		d.seal = "faint"
		reason(dossier.SealMissing, d.typ)
	case "name_typo":
		k.formName = offByOne(rng, u.name)
		reason(dossier.UnitNameMismatch, dossier.ApplicationForm)
	case "name_suffix":
		switch {
		case strings.HasSuffix(u.name, "股份有限公司"):
			k.formName = strings.TrimSuffix(u.name, "股份有限公司") + "有限公司"
		case strings.HasSuffix(u.name, "有限责任公司"):
			k.formName = strings.TrimSuffix(u.name, "有限责任公司") + "有限公司"
		default:
			k.formName = strings.TrimSuffix(u.name, "有限公司") + "有限责任公司"
		}
		reason(dossier.UnitNameMismatch, dossier.ApplicationForm)
	case "declared_name":
		writeInfo = true
		info.Type, info.UnitName = t.Type, offByOne(rng, u.name)
		reason(dossier.UnitNameMismatch, "")
	case "form_code":
		other := newOrgCode(rng)
		if u.hasLicence {
			k.formCode = makeUSCC("91", cityRegion[u.city][:4]+"00", other)
		} else {
			k.formCode = other
		}
		info.UnitCode = ""
		reason(dossier.CodeMismatch, dossier.ApplicationForm)
	case "declared_code":
		writeInfo = true
		info.Type = t.Type
		info.UnitCode = makeUSCC("91", cityRegion[u.city][:4]+"00", newOrgCode(rng))
		reason(dossier.CodeMismatch, "")
	case "bad_uscc", "bad_org_code":
		if u.hasLicence {
			k.uscc = wrongCheck(rng, u.uscc, orgChars)
			k.formCode = k.uscc
			reason(dossier.InvalidUSCC, dossier.BusinessLicense)
			reason(dossier.InvalidUSCC, dossier.ApplicationForm)
		} else {
			k.orgCode = wrongCheck(rng, u.orgCode, "0123456789X")
			k.formCode = k.orgCode
			reason(dossier.InvalidOrgCode, dossier.OrgCodeCertificate)
			reason(dossier.InvalidOrgCode, dossier.ApplicationForm)
		}
		if info.UnitCode != "" {
			info.UnitCode = k.formCode
		}
	case "bad_id":
		k.idNumber = wrongCheck(rng, op.id, "0123456789X")
		k.formID = k.idNumber
		reason(dossier.InvalidIDNumber, idDoc)
		reason(dossier.InvalidIDNumber, dossier.ApplicationForm)
	case "id_expired":
		k.op.validUntil = g.asOf.AddDate(0, -1, -rng.IntN(20))
		years, age := 10, 16+rng.IntN(10)
		if op.permit {
			years, age = 5, 20+rng.IntN(30)
		} else if rng.IntN(2) == 0 {
			years, age = 20, 26+rng.IntN(20)
		}
		k.op.validFrom = k.op.validUntil.AddDate(-years, 0, 0)
		k.op.birth = k.op.validFrom.AddDate(-age, -rng.IntN(12), -rng.IntN(28))
		body := op.id[:6] + k.op.birth.Format("20060102") + op.id[14:17]
		c, _ := ident.IDCheckChar(body)
		k.op.id, k.idNumber, k.formID = body+string(c), body+string(c), body+string(c)
		op = k.op
		reason(dossier.IDExpired, idDoc)
	case "operator_name":
		k.formOp = offByOne(rng, op.name)
		reason(dossier.OperatorMismatch, dossier.ApplicationForm)
	case "operator_id":
		k.formID = newOperator(rng, g.asOf, op.permit).id
		reason(dossier.OperatorMismatch, dossier.ApplicationForm)
	case "unreadable":
		extra = append(extra, brokenFile(rng))
		reason(dossier.UnreadableFile, "")
	case "unsupported":
		extra = append(extra, extraFile{name: pick(rng, []string{"授权委托书.docx", "说明.txt", "补充材料.zip"}), data: []byte("PK\x03\x04 not a scan")})
		reason(dossier.UnsupportedFile, "")
	}
	// Other pages: cover sheets, near-blank pages, red-header notices.
	if rng.IntN(10) < 3 {
		add(dossier.Other).other = "cover"
	}
	if rng.IntN(10) < 2 {
		add(dossier.Other).other = "blank"
	}
	if rng.IntN(10) < 1 {
		add(dossier.Other).other = "notice"
	}
	// Draw and scan every page.
	for _, d := range docs {
		n := docPages(d.typ, d.sides)
		kk := k
		if t.Fault == "ss_name_typo" && d.typ == dossier.SocialSecurityCert {
			kk.u.name = offByOne(rng, u.name)
		}
		for p := 0; p < n; p++ {
			d.pages = append(d.pages, g.page(d, kk, p, n))
		}
		d.fields = printedFields(d.typ, kk)
	}
	if err := g.pack(docs, extra, certFile, certBytes, info, writeInfo); err != nil {
		return err
	}
	// Truth.
	for _, d := range docs {
		sealed := d.seal == "unit" && d.typ != dossier.Other
		t.Documents = append(t.Documents, dossier.Document{Type: d.typ, Pages: d.refs, Sealed: sealed, Confidence: 1, Fields: d.fields})
	}
	if certFile != "" {
		t.Documents = append(t.Documents, dossier.Document{Type: dossier.CACertificate, Pages: []dossier.PageRef{{File: certFile, Page: 1}}, Confidence: 1})
	}
	t.Unit = dossier.Unit{Name: u.name, OrgCode: u.orgCode}
	if u.hasLicence {
		t.Unit.USCC = k.uscc
	} else {
		t.Unit.OrgCode = k.orgCode
	}
	if find(codeDoc) == nil {
		t.Unit.Name = k.formName
	}
	if t.Type == dossier.CAReplacement {
		t.Operator = dossier.Operator{Name: op.name, IDNumber: k.idNumber}
		if find(idDoc) == nil {
			t.Operator = dossier.Operator{Name: k.formOp, IDNumber: k.formID}
		}
	}
	t.Status = dossier.Ready
	for _, r := range t.Reasons {
		if r.Code.Definite() {
			t.Status = dossier.Rejected
			break
		}
		t.Status = dossier.Review
	}
	b, _ := json.MarshalIndent(t, "", "  ")
	return os.WriteFile(filepath.Join(g.out, "truth", g.id+".json"), b, 0o644)
}

// formFieldNames are the names a born-digital application form gives its
// fillable fields, in the form's order.
var formFieldNames = []struct{ field, name string }{
	{dossier.FieldUnitName, "单位名称"},
	{dossier.FieldUSCC, "统一社会信用代码"},
	{dossier.FieldOrgCode, "组织机构代码"},
	{dossier.FieldOperatorName, "经办人姓名"},
	{dossier.FieldOperatorID, "经办人证件号码"},
}

// formFields makes the AcroForm fields of a form whose printed values are f.
func formFields(f map[string]string) []pdfField {
	var out []pdfField
	y := 700.0
	for _, n := range formFieldNames {
		if v := f[n.field]; v != "" {
			out = append(out, pdfField{name: n.name, value: v, rect: [4]float64{180, y, 520, y + 20}})
			y -= 36
		}
	}
	return out
}

// printedFields says what fields a document of type t prints, under the keys
// dossier reads them into: the truth of the field accuracy figures.
func printedFields(t dossier.DocType, k content) map[string]string {
	code := func(f map[string]string, withCode bool, uscc, org string) {
		if withCode {
			f[dossier.FieldUSCC] = uscc
		} else {
			f[dossier.FieldOrgCode] = ident.NormalizeOrgCode(org)
		}
	}
	switch t {
	case dossier.ApplicationForm:
		f := map[string]string{dossier.FieldUnitName: k.formName, dossier.FieldOperatorName: k.formOp, dossier.FieldOperatorID: k.formID}
		code(f, k.withCode, k.formCode, k.formCode)
		return f
	case dossier.BusinessLicense:
		return map[string]string{dossier.FieldUnitName: k.u.name, dossier.FieldUSCC: k.uscc}
	case dossier.OrgCodeCertificate:
		return map[string]string{dossier.FieldUnitName: k.u.name, dossier.FieldOrgCode: ident.NormalizeOrgCode(k.orgCode)}
	case dossier.SocialSecurityCert:
		f := map[string]string{dossier.FieldUnitName: k.u.name, dossier.FieldSocialSecNo: k.u.ssNumber}
		code(f, k.withCode, k.uscc, k.orgCode)
		return f
	case dossier.IDCard, dossier.ResidencePermit:
		until := "长期"
		if !k.op.validUntil.IsZero() {
			until = k.op.validUntil.Format(time.DateOnly)
		}
		return map[string]string{dossier.FieldHolderName: k.op.name, dossier.FieldIDNumber: k.idNumber,
			dossier.FieldValidFrom: k.op.validFrom.Format(time.DateOnly), dossier.FieldValidUntil: until}
	}
	return nil
}

// page draws page p of n of document d and scans it.
func (g *caseGen) page(d *docPlan, k content, p, n int) scanned {
	rng := g.rng
	dpi := 200.0
	if rng.IntN(10) < 2 {
		dpi = 300
	}
	c := newCanvas(g.fs, pageW, pageH, dpi)
	var at drawn
	switch d.typ {
	case dossier.ApplicationForm:
		if rng.IntN(3) == 0 {
			at = applicationFormSectioned(c, k, rng)
		} else {
			at = applicationForm(c, k, rng)
		}
	case dossier.OrgCodeCertificate:
		at = orgCodeCertificate(c, k, rng)
	case dossier.BusinessLicense:
		at = businessLicence(c, k, rng)
	case dossier.IDCard, dossier.ResidencePermit:
		side := "both"
		if n == 2 {
			side = []string{"front", "back"}[p]
		}
		at = idCopy(c, k, side, rng)
	case dossier.SocialSecurityCert:
		at = socialSecurityCert(c, k, rng)
	default:
		at = otherPage(c, k, d.other, rng)
	}
	// Copies of certificates and identity documents are often grey photocopies;
	// the unit's seal then goes on after copying, in red.
	copyable := d.typ != dossier.ApplicationForm && d.typ != dossier.Other
	copied := copyable && rng.IntN(10) < 3
	if at.authority != "" {
		// The issuing authority's seal is printed on the original, so it is in the copy.
		m := renderSeal(g.fs, sealSpec{top: at.authority, bottom: at.authBottom, diamMM: 42, strength: 0.85, ellipse: 1,
			rotate: rng.Float64()*6 - 3, uneven: 0.2, font: Serif}, dpi, rng)
		c.stamp(m, at.authX, at.authY, sealRed(rng))
	}
	if copied {
		photocopy(c.img, rng)
	}
	// Red marks that are not the unit's seal.
	if rng.IntN(10) < 2 {
		distract(c, "handwriting", rng)
	}
	if rng.IntN(10) < 1 {
		distract(c, "circle", rng)
	}
	if d.typ == dossier.ApplicationForm && rng.IntN(10) < 3 {
		distract(c, "received", rng)
	}
	// The unit's seal: on the first page of a document, and on most second pages.
	if at.sealX > 0 && (p == 0 || rng.IntN(3) > 0) {
		spec := sealDesign(rng, sealSpec{top: k.u.name, strength: 0.6 + rng.Float64()*0.4,
			ellipse: 0.95 + rng.Float64()*0.1, rotate: rng.Float64()*40 - 20, uneven: rng.Float64(), font: pick(rng, []int{Sans, Serif, SansBold})})
		// Stamped where the hand fell: over the date, the print, a rule.
		sx, sy := at.sealX+rng.Float64()*16-8, at.sealY+rng.Float64()*12-6
		if rng.IntN(10) < 6 {
			spec.bottom = fmt.Sprintf("%013d", rng.Int64N(1e13))
		}
		switch d.seal {
		case "unit":
			c.stamp(renderSeal(g.fs, spec, dpi, rng), sx, sy, sealRed(rng))
		case "faint":
			spec.strength, spec.half, spec.uneven = 0.22, true, 1
			c.stamp(renderSeal(g.fs, spec, dpi, rng), sx, sy, sealRed(rng))
		}
	}
	s := scanSpec{photocopy: copied, noise: 2 + rng.Float64()*4, shade: 0.3 + rng.Float64()*0.7, quality: 35 + rng.IntN(51)}
	if r := rng.IntN(100); r < 5 {
		s.turn = 90
	} else if r < 10 {
		s.turn = 180
	} else if r < 14 {
		s.turn = 270
	}
	if rng.IntN(10) < 7 {
		s.skew = rng.Float64()*6 - 3
	}
	s.blur = rng.IntN(6) == 0
	return scanned{img: scan(c.img, s, rng), dpi: dpi, qual: s.quality}
}

type extraFile struct {
	name string
	data []byte
}

// brokenFile is a file no reader opens: truncated, random, empty or encrypted.
func brokenFile(rng *rand.Rand) extraFile {
	switch rng.IntN(4) {
	case 0:
		pdf := writePDF([]pdfPage{{jpeg: encode(image.NewGray(image.Rect(0, 0, 400, 560)), "jpg", 60), w: 400, h: 560, dpi: 50, grey: true}}, "")
		return extraFile{"补充扫描 截断.pdf", pdf[:len(pdf)*2/3]}
	case 1:
		b := make([]byte, 3000+rng.IntN(5000))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return extraFile{"扫描件 损坏.PDF", b}
	case 2:
		return extraFile{"空白.jpg", nil}
	default:
		pdf := writePDF([]pdfPage{{jpeg: encode(image.NewGray(image.Rect(0, 0, 400, 560)), "jpg", 60), w: 400, h: 560, dpi: 50, grey: true}}, "1234")
		return extraFile{"加密 材料.pdf", pdf}
	}
}

var fileStem = map[dossier.DocType]string{
	dossier.ApplicationForm: "申请表", dossier.OrgCodeCertificate: "组织机构代码证", dossier.BusinessLicense: "营业执照 副本",
	dossier.IDCard: "身份证 复印件", dossier.ResidencePermit: "居住证 复印件", dossier.SocialSecurityCert: "社会保险登记证",
	dossier.Other: "其他材料",
}

// pack writes the case folder: one shuffled PDF, one PDF per document, loose images, or a mix.
func (g *caseGen) pack(docs []*docPlan, extra []extraFile, certFile string, cert []byte, info dossier.Info, writeInfo bool) error {
	rng := g.rng
	dir := filepath.Join(g.out, "batch", g.id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{}
	mode := pick(rng, []string{"sheetfeed", "perdoc", "loose", "mix", "sheetfeed", "perdoc"})
	switch mode {
	case "sheetfeed":
		type slot struct {
			d *docPlan
			p int
		}
		var order []slot
		for _, d := range docs {
			for p := range d.pages {
				order = append(order, slot{d, p})
			}
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		name := pick(rng, []string{"扫描件 全部.pdf", "SCAN0001.PDF", "材料 合并.pdf"})
		var pages []pdfPage
		for i, s := range order {
			sc := s.d.pages[s.p]
			pages = append(pages, pdfPageOf(sc.img, sc.dpi, sc.qual))
			s.d.refs = append(s.d.refs, dossier.PageRef{File: name, Page: i + 1})
		}
		if len(pages) > 0 {
			files[name] = writePDF(pages, "")
		}
		for _, d := range docs {
			sort.Slice(d.refs, func(i, j int) bool { return d.refs[i].Page < d.refs[j].Page })
		}
	default:
		for _, d := range docs {
			asPDF := mode == "perdoc" || (mode == "mix" && rng.IntN(2) == 0)
			stem := fileStem[d.typ]
			if d.copyNo > 0 {
				stem = fmt.Sprintf("%s 第%d份", stem, d.copyNo)
			}
			if d.typ == dossier.Other {
				stem = fmt.Sprintf("%s %d", stem, len(files)+1)
			}
			if asPDF {
				name := stem + pick(rng, []string{".pdf", ".PDF"})
				var pages []pdfPage
				for i, sc := range d.pages {
					pages = append(pages, pdfPageOf(sc.img, sc.dpi, sc.qual))
					d.refs = append(d.refs, dossier.PageRef{File: name, Page: i + 1})
				}
				if d.typ == dossier.ApplicationForm && rng.IntN(4) == 0 {
					// Filled in on a computer before printing and stamping:
					// the PDF keeps the form's fields with their values.
					pages[0].fields = formFields(d.fields)
				}
				files[name] = writePDF(pages, "")
				continue
			}
			for i, sc := range d.pages {
				format := pick(rng, []string{"jpg", "jpg", "png", "tif"})
				ext := map[string]string{"jpg": pick(rng, []string{".jpg", ".JPG", ".jpeg"}), "png": pick(rng, []string{".png", ".PNG"}), "tif": pick(rng, []string{".tif", ".TIFF"})}[format]
				name := stem + ext
				if len(d.pages) > 1 {
					name = fmt.Sprintf("%s %d%s", stem, i+1, ext)
				}
				files[name] = encode(sc.img, format, sc.qual)
				d.refs = append(d.refs, dossier.PageRef{File: name, Page: 1})
			}
		}
	}
	for _, e := range extra {
		files[e.name] = e.data
	}
	if certFile != "" {
		files[certFile] = cert
	}
	if writeInfo {
		b, _ := json.MarshalIndent(info, "", "  ")
		files["case.json"] = b
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

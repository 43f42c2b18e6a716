package validate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"slices"
	"testing"
	"time"

	"dossier"
	"dossier/validate/ident"
)

// The property the verdict exists for: a valid case is ready, and any one
// thing wrong with it (a document or a copy dropped, a seal missing, one
// character of a name or a code changed, the identity document expired, the
// certificate of another unit) never is.
func TestOneFaultIsNeverReady(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 50
	}
	w := newWorld(t)
	faults := 0
	for i := range cases {
		rng := mrand.New(mrand.NewPCG(uint64(i), 7))
		in := w.validCase(t, rng)
		if r := Case(in); r.Status != dossier.Ready {
			t.Fatalf("case %d: a valid case is %s: %+v\n%+v", i, r.Status, r.Reasons, in.Documents)
		}
		for _, f := range w.faults(rng, in) {
			c := w.validCase(t, mrand.New(mrand.NewPCG(uint64(i), 7))) // a fresh copy of the same case
			f.apply(&c)
			faults++
			if r := Case(c); r.Status == dossier.Ready {
				t.Errorf("case %d, %s: ready\n%+v", i, f.name, c.Documents)
			}
		}
	}
	t.Logf("%d valid cases ready; %d single faults, none ready", cases, faults)
}

// world holds a CA that issues the units' certificates.
type world struct {
	roots  *x509.CertPool
	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
	asOf   time.Time
	t      *testing.T
}

func newWorld(t *testing.T) *world {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Social Security CA"},
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &world{roots: pool, caCert: ca, caKey: key, asOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), t: t}
}

func (w *world) certFor(t *testing.T, name, uscc string, serial int64) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name, Organization: []string{name}, SerialNumber: uscc},
		NotBefore: w.asOf.AddDate(0, -1, 0), NotAfter: w.asOf.AddDate(2, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, w.caCert, &key.PublicKey, w.caKey)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

var (
	placeNames = []string{"福州市", "厦门市", "泉州", "南京市", "合肥", "杭州市", "广州", "深圳市", "成都市", "武汉"}
	brandNames = []string{"闽江", "鼓山", "海峡", "恒信", "瑞丰", "嘉禾", "天元", "宏图", "永安", "光华", "博远", "新宇"}
	tradeNames = []string{"科技", "电子", "食品", "物流", "环保科技", "文化传媒", "信息技术", "物业服务", "餐饮管理"}
	legalNames = []string{"有限公司", "有限责任公司", "股份有限公司"}
	givenNames = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"}
	familyName = []string{"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "吴", "林", "郑", "孙"}
	// otherHan replaces one character of a name with another.
	otherHan = []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉")
	// codeChars may stand in an organization code inside a USCC.
	codeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

func pickOf[T any](rng *mrand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// validCase makes a right case from rng: the same rng state, the same case.
// caseOf is the first valid case of type typ drawn from stream, its
// declared unit left out.
func (w *world) caseOf(t *testing.T, typ dossier.CaseType, stream uint64) Input {
	for seed := uint64(0); ; seed++ {
		if in := w.validCase(t, mrand.New(mrand.NewPCG(seed, stream))); in.Info.Type == typ {
			in.Info = dossier.Info{Type: typ}
			return in
		}
	}
}

func (w *world) validCase(t *testing.T, rng *mrand.Rand) Input {
	name := pickOf(rng, placeNames) + pickOf(rng, brandNames) + pickOf(rng, brandNames) + pickOf(rng, tradeNames) + pickOf(rng, legalNames)
	var org string
	for {
		body := make([]byte, 8)
		for i := range body {
			body[i] = codeChars[rng.IntN(len(codeChars))]
		}
		c, err := ident.OrgCheckChar(string(body))
		if err == nil && c != 'O' && c != 'I' && c != 'S' && c != 'V' && c != 'Z' {
			org = string(body) + string(c)
			break
		}
	}
	region := pickOf(rng, []string{"350100", "350200", "320100", "340100", "440100", "510100"})
	body := "91" + region + org
	check, err := ident.USCCCheckChar(body)
	if err != nil {
		t.Fatal(err)
	}
	uscc := body + string(check)
	if ident.USCC(uscc).Valid != ident.Valid {
		t.Fatalf("generated %s is not valid: %+v", uscc, ident.USCC(uscc))
	}
	page := func(f string) []dossier.PageRef { return []dossier.PageRef{{File: f, Page: 1}} }
	doc := func(typ dossier.DocType, file string, fields map[string]string) dossier.Document {
		return dossier.Document{Type: typ, Pages: page(file), Sealed: true, Confidence: 0.95, Fields: fields}
	}
	codeDoc := doc(dossier.BusinessLicense, "licence.pdf", map[string]string{dossier.FieldUnitName: name, dossier.FieldUSCC: uscc})
	if rng.IntN(3) == 0 {
		codeDoc = doc(dossier.OrgCodeCertificate, "org.pdf", map[string]string{dossier.FieldUnitName: name, dossier.FieldOrgCode: org})
	}
	in := Input{CaseID: "P", AsOf: w.asOf, Roots: w.roots}
	if rng.IntN(2) == 0 {
		in.Info = dossier.Info{UnitName: name, UnitCode: uscc}
	}
	if rng.IntN(3) == 0 {
		in.Info.Type = dossier.CAAssociation
		in.Documents = []dossier.Document{
			doc(dossier.SocialSecurityCert, "ss.pdf", map[string]string{dossier.FieldUnitName: name, dossier.FieldUSCC: uscc, dossier.FieldSocialSecNo: region + "12345678"}),
			codeDoc,
		}
		in.Certs = []CertFile{{Name: "new.cer", Data: w.certFor(t, name, uscc, rng.Int64N(1<<40))}}
		return in
	}
	in.Info.Type = dossier.CAReplacement
	person := pickOf(rng, familyName) + pickOf(rng, givenNames) + pickOf(rng, givenNames)[:rng.IntN(2)*3]
	age := 25 + rng.IntN(37)
	birth := time.Date(w.asOf.Year()-age, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	idBody := "110105" + birth.Format("20060102") + fmt.Sprintf("%03d", rng.IntN(1000))
	c, _ := ident.IDCheckChar(idBody)
	id := idBody + string(c)
	from := w.asOf.AddDate(-rng.IntN(9), -rng.IntN(12), -1-rng.IntN(27))
	ageAtIssue := from.Year() - birth.Year()
	if from.YearDay() < birth.YearDay() {
		ageAtIssue--
	}
	until := "长期"
	switch {
	case ageAtIssue <= 25:
		until = from.AddDate(10, 0, 0).Format(time.DateOnly)
	case ageAtIssue <= 45:
		until = from.AddDate(20, 0, 0).Format(time.DateOnly)
	}
	form := func(f string) dossier.Document {
		return doc(dossier.ApplicationForm, f, map[string]string{dossier.FieldUnitName: name, dossier.FieldUSCC: uscc,
			dossier.FieldOperatorName: person, dossier.FieldOperatorID: id})
	}
	in.Documents = []dossier.Document{form("form1.pdf"), form("form2.pdf"), codeDoc,
		doc(dossier.IDCard, "id.pdf", map[string]string{dossier.FieldHolderName: person, dossier.FieldIDNumber: id,
			dossier.FieldValidFrom: from.Format(time.DateOnly), dossier.FieldValidUntil: until})}
	return in
}

type fault struct {
	name  string
	apply func(in *Input)
}

// faults lists the single faults that can befall the case in.
func (w *world) faults(rng *mrand.Rand, in Input) []fault {
	var fs []fault
	for i, d := range in.Documents {
		fs = append(fs, fault{"drop the " + string(d.Type) + " " + d.Pages[0].File, func(in *Input) {
			in.Documents = slices.Delete(in.Documents, i, i+1)
		}})
		fs = append(fs, fault{"no seal on the " + string(d.Type), func(in *Input) { in.Documents[i].Sealed = false }})
		for _, k := range []string{dossier.FieldUnitName, dossier.FieldOperatorName, dossier.FieldHolderName} {
			v := []rune(d.Fields[k])
			if len(v) == 0 {
				continue
			}
			at, to := rng.IntN(len(v)), pickOf(rng, otherHan)
			fs = append(fs, fault{fmt.Sprintf("%s on the %s: character %d to %c", k, d.Type, at+1, to), func(in *Input) {
				r := []rune(in.Documents[i].Fields[k])
				r[at] = to
				in.Documents[i].Fields[k] = string(r)
			}})
			// The same typo toward a common word, which one model reads
			// as the word (信总 as 信息) and the other as printed: the
			// field reads as the other documents do, the typo disputes it.
			fs = append(fs, fault{fmt.Sprintf("%s on the %s: character %d to %c, read as before but disputed", k, d.Type, at+1, to), func(in *Input) {
				r := []rune(in.Documents[i].Fields[k])
				r[at] = to
				in.Documents[i].Disputed = map[string]string{k: string(r)}
			}})
		}
		for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode, dossier.FieldOperatorID, dossier.FieldIDNumber} {
			v := d.Fields[k]
			if v == "" {
				continue
			}
			at := rng.IntN(len(v))
			to := codeChars[rng.IntN(len(codeChars))]
			if k == dossier.FieldOperatorID || k == dossier.FieldIDNumber {
				to = "0123456789"[rng.IntN(10)]
			}
			if to == v[at] {
				to = "0123456789"[(int(v[at]-'0')+1+10)%10]
				if v[at] < '0' || v[at] > '9' {
					to = '1'
				}
			}
			fs = append(fs, fault{fmt.Sprintf("%s on the %s: position %d to %c", k, d.Type, at+1, to), func(in *Input) {
				b := []byte(in.Documents[i].Fields[k])
				b[at] = to
				in.Documents[i].Fields[k] = string(b)
			}})
		}
		if d.Type == dossier.IDCard {
			fs = append(fs, fault{"the identity card expired", func(in *Input) {
				in.Documents[i].Fields[dossier.FieldValidUntil] = w.asOf.AddDate(0, 0, -1-rng.IntN(300)).Format(time.DateOnly)
			}})
		}
	}
	// A typo on the form is on both its copies, and the paper it differs
	// from may read the printed character unsurely: the copies must not
	// outvote it (a card's 涵 read at 0.5 against the form's 函 twice).
	for _, names := range [][2]string{{dossier.FieldUnitName, dossier.FieldUnitName}, {dossier.FieldOperatorName, dossier.FieldHolderName}} {
		var forms []int
		for i, d := range in.Documents {
			if d.Type == dossier.ApplicationForm && d.Fields[names[0]] != "" {
				forms = append(forms, i)
			}
		}
		if len(forms) < 2 {
			continue
		}
		at, to := rng.IntN(len([]rune(in.Documents[forms[0]].Fields[names[0]]))), pickOf(rng, otherHan)
		fs = append(fs, fault{fmt.Sprintf("%s on both copies of the form: character %d to %c, read unsurely elsewhere", names[0], at+1, to), func(in *Input) {
			for i := range in.Documents {
				d := &in.Documents[i]
				if d.Type == dossier.ApplicationForm {
					setChar(d, names[0], at, to)
					continue
				}
				if v := []rune(d.Fields[names[1]]); len(v) > at {
					cc := make([]float64, len(v))
					for j := range cc {
						cc[j] = 0.95
					}
					cc[at] = dossier.Guessed
					d.CharConfidence = map[string][]float64{names[1]: cc}
				}
			}
		}})
	}
	// A typo on the form whose character the reader does not know (艷 of
	// 陈艷, a traditional form) reads as the card's character, unsurely,
	// on both copies: a guess that agrees with the card shows nothing.
	if forms := docsOf(in, dossier.ApplicationForm); len(forms) >= 2 && in.Documents[forms[0]].Fields[dossier.FieldOperatorName] != "" {
		v := []rune(in.Documents[forms[0]].Fields[dossier.FieldOperatorName])
		at := rng.IntN(len(v))
		fs = append(fs, fault{fmt.Sprintf("operator_name on both copies of the form: character %d a typo, read as the card's at Guessed", at+1), func(in *Input) {
			for _, i := range docsOf(*in, dossier.ApplicationForm) {
				cc := make([]float64, len(v))
				for j := range cc {
					cc[j] = 0.95
				}
				cc[at] = dossier.Guessed
				in.Documents[i].CharConfidence = map[string][]float64{dossier.FieldOperatorName: cc}
			}
		}})
	}
	if len(in.Certs) > 0 {
		fs = append(fs, fault{"the certificate of another unit", func(in *Input) {
			in.Certs[0].Data = w.certFor(w.t, "福州市另一家科技有限公司", "91350100MA2XYZ1234", 99)
		}}, fault{"no certificate", func(in *Input) { in.Certs = nil }})
	}
	return fs
}

// docsOf lists the indexes of in's documents of type t.
func docsOf(in Input, t dossier.DocType) []int {
	var out []int
	for i, d := range in.Documents {
		if d.Type == t {
			out = append(out, i)
		}
	}
	return out
}

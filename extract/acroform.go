package extract

import (
	"bytes"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"dossier"
	"dossier/validate/ident"
)

// formLabels map the names a born-digital application form gives its
// fields (the field name or its tooltip) to the fields dossier reads, most
// specific first.
var formLabels = []struct{ label, field string }{
	{"统一社会信用代码", dossier.FieldUSCC},
	{"信用代码", dossier.FieldUSCC},
	{"组织机构代码", dossier.FieldOrgCode},
	{"机构代码", dossier.FieldOrgCode},
	{"经办人证件号码", dossier.FieldOperatorID},
	{"身份证号码", dossier.FieldOperatorID},
	{"证件号码", dossier.FieldOperatorID},
	{"经办人姓名", dossier.FieldOperatorName},
	{"经办人", dossier.FieldOperatorName},
	{"单位名称", dossier.FieldUnitName},
	{"机构名称", dossier.FieldUnitName},
}

// formValues reads the filled-in fields of a born-digital form through
// pdfcpu, by page: the values the unit typed, exact where OCR of the same
// page is not. A PDF without a form gives none; so does one whose form
// pdfcpu cannot read (the page is still OCR'd).
func formValues(data []byte, conf *model.Configuration) (out map[int]map[string]string) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if !bytes.Contains(data, []byte("/AcroForm")) {
		return nil
	}
	fields, err := api.FormFields(bytes.NewReader(data), conf)
	if err != nil {
		return nil
	}
	for _, f := range fields {
		v := strings.TrimSpace(f.V)
		if v == "" || len(f.Pages) == 0 {
			continue
		}
		name := Compact(f.Name + " " + f.AltName)
		for _, l := range formLabels {
			if !strings.Contains(name, l.label) {
				continue
			}
			if out == nil {
				out = map[int]map[string]string{}
			}
			p := f.Pages[0]
			if out[p] == nil {
				out[p] = map[string]string{}
			}
			switch l.field {
			case dossier.FieldOrgCode:
				v = ident.NormalizeOrgCode(strings.ToUpper(Compact(v)))
			case dossier.FieldUSCC, dossier.FieldOperatorID:
				v = strings.ToUpper(Compact(v))
			}
			out[p][l.field] = v
			break
		}
	}
	return out
}

// ApplyForm puts a born-digital form's typed values over what OCR read of
// the page, at full confidence: the values are the unit's own, not a reading.
// A form has one box for the unit's code: where its values give the code, a
// code of the other kind read off the page is a misreading (of the boxes'
// rendering, of a serial number) and is dropped.
func ApplyForm(res *PageResult, form map[string]string) {
	if len(form) == 0 || res.Type != dossier.ApplicationForm {
		return
	}
	if res.Fields == nil {
		res.Fields, res.FieldConf = map[string]string{}, map[string]float64{}
	}
	if form[dossier.FieldUSCC] != "" || form[dossier.FieldOrgCode] != "" {
		for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode} {
			delete(res.Fields, k)
			delete(res.FieldConf, k)
		}
	}
	for k, v := range form {
		res.Fields[k], res.FieldConf[k] = v, 1
		delete(res.CharConf, k) // the OCR's, of what it read there
		delete(res.Disputed, k)
	}
	res.FromForm = true
}

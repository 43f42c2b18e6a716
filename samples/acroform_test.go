package samples

import (
	"context"
	"image"
	"testing"

	"dossier"
	"dossier/extract"
)

// TestBornDigitalForm: the values of a born-digital form's fields come out of
// the split through pdfcpu, by dossier field name; a plain scan has none.
func TestBornDigitalForm(t *testing.T) {
	blank := encode(image.NewGray(image.Rect(0, 0, 400, 560)), "jpg", 60)
	printed := map[string]string{
		dossier.FieldUnitName: "福州市闽江科技有限公司", dossier.FieldOrgCode: "503062035",
		dossier.FieldOperatorName: "张伟", dossier.FieldOperatorID: "11010519491231002X",
	}
	pdf := writePDF([]pdfPage{
		{jpeg: blank, w: 400, h: 560, dpi: 50, grey: true},
		{jpeg: blank, w: 400, h: 560, dpi: 50, grey: true, fields: formFields(printed)},
	}, "")
	pages, err := extract.SplitPDF(context.Background(), "申请表.pdf", pdf, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	if pages[0].Form != nil {
		t.Errorf("page 1 has no fields, got %v", pages[0].Form)
	}
	for k, v := range printed {
		if got := pages[1].Form[k]; got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	// OCR misread the name and read a USCC out of the code's boxes (seed
	// 1313 C0033 read an org code off a form whose values give a USCC).
	res := extract.PageResult{Type: dossier.ApplicationForm,
		Fields:    map[string]string{dossier.FieldOperatorName: "张玮", dossier.FieldUSCC: "91350100M0001XUE1R"},
		FieldConf: map[string]float64{dossier.FieldOperatorName: 0.7, dossier.FieldUSCC: 0.2},
		CharConf:  map[string][]float64{dossier.FieldOperatorName: {0.9, 0.5}}}
	extract.ApplyForm(&res, pages[1].Form)
	if res.Fields[dossier.FieldOperatorName] != "张伟" || res.FieldConf[dossier.FieldOperatorName] != 1 || !res.FromForm {
		t.Errorf("form values not put over the OCR: %+v", res)
	}
	if cc, ok := res.CharConf[dossier.FieldOperatorName]; ok {
		t.Errorf("a form's typed name keeps the OCR's confidences %v", cc)
		t.Errorf("form values not put over the OCR: %+v", res)
	}
	if v, ok := res.Fields[dossier.FieldUSCC]; ok {
		t.Errorf("a USCC %q read off a form whose values give its organization code", v)
	}
}

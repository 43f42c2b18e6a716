package extract

import (
	"context"
	"encoding/json"
	"image"
	"maps"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dossier"
	"dossier/samples"
)

// TestReadPage reads generated scans through tesseract and checks page types
// and seals against the truth.
func TestReadPage(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 2, Seed: 11}); err != nil {
		t.Skip(err)
	}
	ocr, err := NewOCR()
	if err != nil {
		t.Fatal(err)
	}
	defer ocr.Close()
	pages, typesRight, sealsRight := 0, 0, 0
	eachDocument(t, dir, func(tr samples.Truth, d dossier.Document) {
		if d.Type == dossier.CACertificate {
			return
		}
		for _, ref := range d.Pages {
			res, err := ReadPage(ocr, corpusPage(t, dir, tr.CaseID, ref))
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if res.Type == d.Type {
				typesRight++
			} else {
				t.Logf("%s %v: type %s, want %s", tr.CaseID, ref, res.Type, d.Type)
			}
			if res.Sealed == d.Sealed || len(d.Pages) > 1 {
				sealsRight++
			} else {
				t.Logf("%s %v: sealed %v, want %v (%d seals)", tr.CaseID, ref, res.Sealed, d.Sealed, len(res.Seals))
			}
		}
	})
	t.Logf("%d pages: %d types right, %d seals right", pages, typesRight, sealsRight)
	if pages == 0 || typesRight*10 < pages*8 || sealsRight*10 < pages*8 {
		t.Errorf("too many pages misread: %d of %d types, %d of %d seals", typesRight, pages, sealsRight, pages)
	}
}

// eachDocument calls fn with every document of the generated corpus in dir
// and its case's truth.
func eachDocument(t *testing.T, dir string, fn func(tr samples.Truth, d dossier.Document)) {
	t.Helper()
	truths, _ := filepath.Glob(filepath.Join(dir, "truth", "*.json"))
	for _, tf := range truths {
		var tr samples.Truth
		b, _ := os.ReadFile(tf)
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		for _, d := range tr.Documents {
			fn(tr, d)
		}
	}
}

// corpusPage is the image of a page of a case in the generated corpus in dir.
func corpusPage(t *testing.T, dir, caseID string, ref dossier.PageRef) image.Image {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "batch", caseID, ref.File))
	if err != nil {
		t.Fatal(err)
	}
	return pageOf(t, ref, data)
}

func pageOf(t *testing.T, ref dossier.PageRef, data []byte) image.Image {
	t.Helper()
	if Sniff(ref.File, data) == KindPDF {
		pages, err := SplitPDF(context.Background(), ref.File, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		data = pages[ref.Page-1].Data
	}
	img, err := DecodeImage(ref.File, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestFindSealsRealImages counts round and oval red seals on real photos
// and scans, and square name seals where the person who counted them did:
// a pale pink invoice seal on a contract, oval invoice seals drawn into
// red table rules, a photo's faint seal, and a square name seal beside two
// round ones.
func TestFindSealsRealImages(t *testing.T) {
	dir := realworld(t, "images")
	b, err := os.ReadFile(filepath.Join(dir, "..", "SOURCES.tsv"))
	if err != nil {
		t.Skip(err)
	}
	right, n := 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) < 6 || !strings.HasPrefix(cols[0], "images/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "..", cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		img, err := DecodeImage(cols[0], data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		seals := FindSealsOnImage(img)
		n++
		if want := cols[5]; want == strconv.Itoa(len(seals)) {
			right++
		} else {
			t.Errorf("%s: %d seals found, %s seen by a person", cols[0], len(seals), cols[5])
		}
		shapes := map[string]int{}
		for _, s := range seals {
			switch {
			case s.Square:
				shapes["square"]++
			case float64(max(s.Box.Dx(), s.Box.Dy())) > 1.2*float64(min(s.Box.Dx(), s.Box.Dy())):
				shapes["oval"]++
			default:
				shapes["round"]++
			}
		}
		t.Logf("%s: %d seals found %v, %s seen by a person", cols[0], len(seals), shapes, cols[5])
		// The shapes a person sees, where SOURCES names them.
		want := map[string]map[string]int{
			"images/getseal__three_seals_screenshot.png":     {"round": 2, "square": 1},
			"images/invoice__e_vat_invoice.png":              {"oval": 2},
			"images/invoice__vat_special_invoice_sample.jpg": {"oval": 1},
			"images/vignette__procurement_contract.jpg":      {"round": 1, "oval": 1},
		}[cols[0]]
		if want != nil && !maps.Equal(want, shapes) {
			t.Errorf("%s: shapes %v, want %v", cols[0], shapes, want)
		}
	}
	if n == 0 {
		t.Fatal("no images listed")
	}
	t.Logf("%d of %d images with the right count", right, n)
}

// TestNameSealIsNotTheUnits reads the photo of three seals as a page: the
// two round company seals may be the unit's, the square name seal beside
// them never is.
func TestNameSealIsNotTheUnits(t *testing.T) {
	res := readRealImage(t, "getseal__three_seals_screenshot.png")
	squares, units := 0, 0
	for _, s := range res.Seals {
		if s.Square {
			squares++
			if s.Unit {
				t.Errorf("square name seal %v taken for the unit's", s.Box)
			}
		} else if s.Unit {
			units++
		}
	}
	if squares != 1 || units != 2 || !res.Sealed {
		t.Errorf("%d square seals, %d unit seals, sealed %v; want 1, 2, true (%+v)", squares, units, res.Sealed, res.Seals)
	}
}

// TestIDCardPhoto reads a photo of an identity card's front, upside down,
// its labels printed too pale to read: a card, its holder's name read.
func TestIDCardPhoto(t *testing.T) {
	res := readRealImage(t, "chineseocr__idcard_demo_upside_down.jpeg")
	if res.Type != dossier.IDCard || res.Rotation != 180 || res.Fields[dossier.FieldHolderName] != "代用名" {
		t.Errorf("%s turned %d, name %q; want id_card turned 180, 代用名\n%s", res.Type, res.Rotation, res.Fields[dossier.FieldHolderName], res.Text)
	}
}

// readRealImage reads one of ../shared/testdata/realworld/images as a page.
func readRealImage(t *testing.T, name string) PageResult {
	t.Helper()
	dir := realworld(t, "images")
	ocr := testOCR(t)
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Skip(err)
	}
	img, err := DecodeImage(name, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadPage(ocr, img)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestUnitSealConf: a page is as surely sealed as its surest unit seal.
func TestUnitSealConf(t *testing.T) {
	for _, c := range []struct {
		name  string
		seals []Seal
		want  float64
	}{
		{"a clear seal and a pen's loop", []Seal{{Unit: true, Score: 1}, {Unit: true, Score: 0.18}}, 0.95},
		{"a faint seal alone", []Seal{{Unit: true, Score: 0.18}}, 0.59},
		{"the issuer's only", []Seal{{Score: 0.2}}, 0.95},
	} {
		if got := unitSealConf(c.seals, 0.95); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: %.2f, want %.2f", c.name, got, c.want)
		}
	}
}

// TestLabelLed: a line a unit name's label leads, one of the label's
// characters misread, with a name's worth of Chinese after it.
func TestLabelLed(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"四称广州华ML人LV食品有限责任公司", true},   // 名 misread, letters among the name's characters
		{"名杯广州华兴华兴食品有限责任公司", true},     // 称 misread
		{"单位名移泉州汇丰鼓山人力资源服务有限公司", true}, // a long label, one character misread
		{"机构名称:杭州市宏图电子有限责任公司", true},
		{"四称", false},           // the label alone: no name to read
		{"名称ABC12", false},      // no Chinese after it
		{"类型有限责任公司", false},     // another row's label
		{"经营范围一般项目食品服务", false}, // neither of the label's characters
	} {
		if got := labelLed(tc.line); got != tc.want {
			t.Errorf("labelLed(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

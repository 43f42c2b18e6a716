package extract

import (
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/draw"
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
	dir := realworld(t, "images")
	ocr := testOCR(t)
	name := "getseal__three_seals_screenshot.png"
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

// TestSealShapes draws what a seal finder meets on a page at 8 px/mm and
// holds each to its kind: round and oval seals, and a pale one, are seals;
// a square name seal is a square seal; a received stamp's rectangle, a thin
// hand-drawn circle, a red block, half a pale stamp and a photo's coloured
// squares are none.
func TestSealShapes(t *testing.T) {
	const pxmm = 8.0
	red, pale := color.RGBA{210, 40, 50, 255}, color.RGBA{240, 218, 222, 255}
	page := func(draw func(img *image.RGBA)) *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, int(210*pxmm), int(297*pxmm)))
		for i := range img.Pix {
			img.Pix[i] = 250
		}
		draw(img)
		return img
	}
	// ellipse draws a ring (cx, cy, semi-axes a, b, width wmm) over the
	// angles from a0 to a1, with blocks along its inside standing for the
	// characters, and a star.
	ellipse := func(img *image.RGBA, cx, cy, a, b, wmm float64, text bool, col color.RGBA, a0, a1 float64) {
		for y := int((cy - b - 1) * pxmm); y <= int((cy+b+1)*pxmm); y++ {
			for x := int((cx - a - 1) * pxmm); x <= int((cx+a+1)*pxmm); x++ {
				dx, dy := float64(x)/pxmm-cx, float64(y)/pxmm-cy
				d := math.Hypot(dx/a, dy/b)
				ang := math.Atan2(dy, dx)
				if ang < a0 || ang > a1 {
					continue
				}
				ring := d <= 1 && d >= 1-wmm/min(a, b)
				glyph := text && d > 0.62 && d < 0.8 && math.Mod(ang+4*math.Pi, 0.3) < 0.17
				star := text && d < 0.22
				if ring || glyph || star {
					img.Set(x, y, col)
				}
			}
		}
	}
	whole := func(img *image.RGBA, cx, cy, a, b, wmm float64, text bool, col color.RGBA) {
		ellipse(img, cx, cy, a, b, wmm, text, col, -math.Pi, math.Pi)
	}
	rect := func(img *image.RGBA, x0, y0, x1, y1, wmm float64, fill float64, col color.RGBA) {
		for y := int(y0 * pxmm); y < int(y1*pxmm); y++ {
			for x := int(x0 * pxmm); x < int(x1*pxmm); x++ {
				fx, fy := float64(x)/pxmm, float64(y)/pxmm
				frame := fx-x0 < wmm || x1-fx < wmm || fy-y0 < wmm || y1-fy < wmm
				inside := fill > 0 && math.Mod(fx-x0, 4) < 4*fill && math.Mod(fy-y0, 4) < 3
				if frame || inside {
					img.Set(x, y, col)
				}
			}
		}
	}
	for _, c := range []struct {
		name   string
		draw   func(img *image.RGBA)
		seals  int
		square bool
	}{
		{"round seal", func(img *image.RGBA) { whole(img, 100, 150, 20, 20, 1.2, true, red) }, 1, false},
		{"oval invoice seal", func(img *image.RGBA) { whole(img, 100, 150, 20, 15, 1, true, red) }, 1, false},
		{"pale seal", func(img *image.RGBA) { whole(img, 100, 150, 20, 20, 1.2, true, pale) }, 1, false},
		{"square name seal", func(img *image.RGBA) { rect(img, 90, 140, 108, 158, 1.5, 0.6, red) }, 1, true},
		{"received stamp", func(img *image.RGBA) { rect(img, 80, 30, 128, 50, 0.9, 0.4, red) }, 0, false},
		{"hand-drawn circle", func(img *image.RGBA) { whole(img, 100, 150, 21, 19, 0.7, false, red) }, 0, false},
		{"red block", func(img *image.RGBA) { rect(img, 90, 140, 108, 158, 9, 0, red) }, 0, false},
		{"half a pale stamp", func(img *image.RGBA) { ellipse(img, 100, 150, 20, 20, 1.2, true, pale, -math.Pi, 0.6) }, 0, false},
		{"emblem of coloured squares", func(img *image.RGBA) {
			// As the sample generator's ID card emblem comes out: a
			// translucent gold stacked on itself, which wraps round to
			// bands of every colour.
			for r := 0.0; r < 7; r += 0.5 {
				box := image.Rect(int((97-r)*pxmm), int((147-r)*pxmm), int((97+r)*pxmm), int((147+r)*pxmm))
				draw.Draw(img, box, image.NewUniform(color.RGBA{200, 170, 80, 40}), image.Point{}, draw.Over)
			}
		}, 0, false},
	} {
		seals := FindSeals(page(c.draw), pxmm)
		if len(seals) != c.seals {
			t.Errorf("%s: %d seals found, want %d", c.name, len(seals), c.seals)
			continue
		}
		if c.seals == 1 && seals[0].Square != c.square {
			t.Errorf("%s: square %v, want %v", c.name, seals[0].Square, c.square)
		}
	}
}

package extract

import (
	"context"
	"encoding/json"
	"image"
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

// TestFindSealsRealImages counts round and oval red seals on real photos and scans.
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
		}
		t.Logf("%s: %d seals found, %s seen by a person", cols[0], len(seals), cols[5])
	}
	// Matching every count is issue 4's target; this guards where the finder
	// stands (5 of 10: it misses invoices' ovals drawn into red table rules, a
	// photo's faint seal, and counts round and oval seals only, where one
	// image's count includes a square name seal).
	if n == 0 {
		t.Fatal("no images listed")
	}
	t.Logf("%d of %d images with the right count", right, n)
	if right < 5 {
		t.Errorf("%d of %d images with the right count; it was 5", right, n)
	}
}

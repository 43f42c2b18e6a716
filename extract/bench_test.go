package extract

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"

	"dossier/samples"
)

// benchPages are the page images of a small generated batch.
func benchPages(b *testing.B) [][]byte {
	b.Helper()
	dir := b.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 2, Seed: 11}); err != nil {
		b.Skip(err)
	}
	var pages [][]byte
	files, _ := filepath.Glob(filepath.Join(dir, "batch", "*", "*"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		switch Sniff(f, data[:min(len(data), 4096)]) {
		case KindPDF:
			imgs, err := SplitPDF(context.Background(), f, data, Limits{})
			if err != nil {
				continue
			}
			for _, p := range imgs {
				pages = append(pages, p.Data)
			}
		case KindImage:
			pages = append(pages, data)
		}
	}
	if len(pages) == 0 {
		b.Skip("no pages generated")
	}
	return pages
}

// BenchmarkReadPage reads generated scans one after another with one
// tesseract client: ns/op is the time of one page (OCR, seals, fields).
func BenchmarkReadPage(b *testing.B) {
	pages := benchPages(b)
	ocr, err := NewOCR()
	if err != nil {
		b.Fatal(err)
	}
	defer ocr.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		img, err := DecodeImage("page", p, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ReadPage(ocr, img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindSeals is the seal finder alone on the same pages.
func BenchmarkFindSeals(b *testing.B) {
	var imgs []image.Image
	for _, p := range benchPages(b) {
		img, err := DecodeImage("page", p, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		imgs = append(imgs, img)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		FindSealsOnImage(imgs[i%len(imgs)])
	}
}

package extract

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func realworld(t *testing.T, sub string) string {
	dir := filepath.Join("..", "..", "shared", "testdata", "realworld", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not found: ../shared beside the repository holds the real-world test files", dir)
	}
	return dir
}

// TestSplitMalformed: every broken PDF is read or refused with a message that
// names the file, in bounded time, and never panics.
func TestSplitMalformed(t *testing.T) {
	dir := realworld(t, "pdfs_malformed")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			pages, err := SplitPDF(ctx, e.Name(), data, Limits{RenderDPI: 100})
			switch {
			case err == nil:
				for i, p := range pages {
					if _, err := DecodeImage(e.Name(), p.Data, Limits{}); err != nil {
						t.Errorf("page %d: %v", i+1, err)
					}
				}
				t.Logf("read %d pages", len(pages))
			case IsBadFile(err):
				if !strings.Contains(err.Error(), e.Name()) {
					t.Errorf("message does not name the file: %v", err)
				}
				// Plain words for the unit; the library's are for the log.
				if j := jargon.FindString(strings.ReplaceAll(err.Error(), e.Name(), "")); j != "" {
					t.Errorf("message quotes %q: %v", j, err)
				}
				t.Logf("refused: %v (detail: %s)", err, Detail(err))
			default:
				t.Errorf("not a bad-file error: %v", err)
			}
		})
	}
}

// jargon is what a library says and a unit cannot act on: identifiers
// (validatePagesDict), the PDF reader's names, Go's.
var jargon = regexp.MustCompile(`\b[a-z]+[A-Z][A-Za-z]*\b|pdfcpu|xref|\bEOF\b|\bGo\b|\bnil\b|0x[0-9a-f]+`)

// TestSplitEncryptedSaysSo: an encrypted file's message says it is encrypted.
func TestSplitEncryptedSaysSo(t *testing.T) {
	dir := realworld(t, "pdfs_malformed")
	for _, name := range []string{"qpdf__encrypted-40-bit-R3.pdf", "pdfminer__rc4-40.pdf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = SplitPDF(context.Background(), name, data, Limits{})
		if err == nil || !strings.Contains(err.Error(), "encrypted") {
			t.Errorf("%s: %v, want an error saying it is encrypted", name, err)
		}
	}
}

// TestSplitScanned: every scanned PDF yields page images, whatever their
// encoding (JPEG, CCITT, JBIG2 and JPX through the renderer), and its first
// is one tesseract reads, whichever way up it was scanned.
func TestSplitScanned(t *testing.T) {
	dir := realworld(t, "pdfs_scanned")
	var ocr *OCR
	if !testing.Short() {
		var err error
		if ocr, err = NewOCR(); err != nil {
			t.Fatal(err)
		}
		defer ocr.Close()
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			pages, err := SplitPDF(context.Background(), e.Name(), data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) == 0 {
				t.Fatal("no pages")
			}
			for i, p := range pages {
				img, err := DecodeImage(e.Name(), p.Data, Limits{})
				if err != nil {
					t.Fatalf("page %d: %v", i+1, err)
				}
				if b := img.Bounds(); b.Dx() < 50 || b.Dy() < 50 {
					t.Errorf("page %d is %v", i+1, b)
				}
				if ocr == nil || strings.Contains(e.Name(), "blank") || i > 0 {
					continue // every page decodes; the first is read
				}
				// Half size or less keeps the test quick (tesseract takes 20 s on a
				// dense 300 dpi page) and still reads print.
				g := DropRed(img)
				for max(g.Bounds().Dx(), g.Bounds().Dy()) > 1400 {
					g = halfGrey(g)
				}
				if deg, _, ok, err := ocr.osd.turn(g); err == nil && ok && deg != 0 {
					g = turnGrey(g, deg)
				}
				words, err := ocr.Words(g)
				if err != nil {
					t.Fatalf("page %d: %v", i+1, err)
				}
				sure := 0
				for _, w := range words {
					if w.Conf >= 0.6 && len([]rune(w.Text)) >= 2 {
						sure++
					}
				}
				t.Logf("page %d: %v, %d words, %d sure", i+1, img.Bounds().Size(), len(words), sure)
				if sure == 0 {
					t.Errorf("page %d: tesseract is sure of none of %d words", i+1, len(words))
				}
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want Kind
	}{
		{"a.pdf", "%PDF-1.4", KindPDF},
		{"photo.PNG", "\xff\xd8\xff\xe0", KindImage}, // JPEG bytes under a .png name
		{"x.jpg", "", KindEmpty},
		{"cert.cer", "\x30\x82\x01", KindCertificate},
		{"cert.pem", "-----BEGIN CERTIFICATE-----", KindCertificate},
		{"说明.docx", "PK\x03\x04", KindUnsupported},
		{"scan.PDF", "garbage", KindImage},
		{"CASE.JSON", "{}", KindCaseInfo},
	} {
		if got := Sniff(tc.name, []byte(tc.head)); got != tc.want {
			t.Errorf("Sniff(%q) = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestDecodeImageLimit(t *testing.T) {
	dir := realworld(t, "images")
	data, err := os.ReadFile(filepath.Join(dir, "vignette__business_licence_real.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeImage("licence.png", data, Limits{}); err != nil {
		t.Fatalf("JPEG bytes under a .png name: %v", err)
	}
	if _, err := DecodeImage("licence.png", data, Limits{PixelsPerPage: 1000}); !IsBadFile(err) {
		t.Fatalf("over the pixel limit: %v", err)
	}
}

// A JPEG cut short, which Go's decoder refuses and libjpeg reads with a
// warning, is read; one that is not a JPEG past its first bytes is not.
func TestDecodeJPEGWithWarnings(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	cut := b.Bytes()[:b.Len()*6/10]
	if _, _, err := image.Decode(bytes.NewReader(cut)); err == nil {
		t.Fatal("Go's decoder reads the cut JPEG: the test proves nothing")
	}
	got, err := DecodeImage("cut.jpg", cut, Limits{})
	if err != nil || got.Bounds().Dx() != 600 || got.Bounds().Dy() != 400 {
		t.Fatalf("cut JPEG: %v, %v; want a 600x400 picture", got, err)
	}
	if _, err := DecodeImage("cut.jpg", cut, Limits{PixelsPerPage: 1000}); !IsBadFile(err) {
		t.Errorf("over the pixel limit: %v", err)
	}
	junk := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("junk"), 100)...)
	if _, err := DecodeImage("junk.jpg", junk, Limits{}); !IsBadFile(err) || !strings.Contains(err.Error(), "junk.jpg is not a picture") {
		t.Errorf("junk: %v", err)
	}
}

// Package extract turns the bytes of a case's files into what a clerk reads off
// them: page images (pdfcpu, or poppler's renderer for pages that are not one
// image), words with boxes (tesseract through gosseract), page types, seals and
// fields, and documents grouped from pages. It knows images and OCR; it knows
// no queue, no store and no rule about what a case needs.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // scanners write JPEG
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	_ "golang.org/x/image/tiff" // and TIFF
)

func init() { api.DisableConfigDir() }

// Kind is what a file's bytes are.
type Kind string

// File kinds.
const (
	KindPDF         Kind = "pdf"
	KindImage       Kind = "image"
	KindCertificate Kind = "certificate"
	KindCaseInfo    Kind = "case_info"
	KindUnsupported Kind = "unsupported"
	KindEmpty       Kind = "empty"
)

// Sniff says what a file is, by its bytes where they tell, else by its name.
// Extensions compare without case.
func Sniff(name string, head []byte) Kind {
	if strings.EqualFold(name, "case.json") {
		return KindCaseInfo
	}
	if len(head) == 0 {
		return KindEmpty
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")) || bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")),
		bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return KindImage
	case bytes.HasPrefix(head, []byte("-----BEGIN CERTIFICATE")), bytes.HasPrefix(head, []byte{0x30, 0x82}):
		return KindCertificate
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff":
		return KindImage // claims to be a scan but is not one: unreadable
	case ".cer", ".crt", ".pem", ".der":
		return KindCertificate
	}
	return KindUnsupported
}

// Limits bound what one file may cost; zero values take the defaults.
type Limits struct {
	FileBytes     int64         // default 200 MiB
	PagesPerFile  int           // default 200
	PixelsPerPage int           // default 60 megapixels
	RenderDPI     int           // default 200: pages rasterised by the renderer
	RenderTimeout time.Duration // default 60 s per page
	// What the child process that opens one PDF may take (see SplitIsolated).
	SplitMemory  int64         // data memory (heap), default 2 GiB
	SplitCPU     time.Duration // CPU time, default 2 min
	SplitTimeout time.Duration // wall-clock time, default 5 min
}

// WithDefaults fills zero fields.
func (l Limits) WithDefaults() Limits {
	if l.FileBytes <= 0 {
		l.FileBytes = 200 << 20
	}
	if l.PagesPerFile <= 0 {
		l.PagesPerFile = 200
	}
	if l.PixelsPerPage <= 0 {
		l.PixelsPerPage = 60_000_000
	}
	if l.RenderDPI <= 0 {
		l.RenderDPI = 200
	}
	if l.RenderTimeout <= 0 {
		l.RenderTimeout = 60 * time.Second
	}
	if l.SplitMemory <= 0 {
		l.SplitMemory = 2 << 30
	}
	if l.SplitCPU <= 0 {
		l.SplitCPU = 2 * time.Minute
	}
	if l.SplitTimeout <= 0 {
		l.SplitTimeout = 5 * time.Minute
	}
	return l
}

// BadFileError says why a file cannot be read. It is a result about the
// input (the case gets unreadable_file), not a failure of the pipeline.
// Msg is for the unit and the clerk: plain words, naming the file (and the
// page); Detail is the library's own words, for the log.
type BadFileError struct{ Msg, Detail string }

func (e *BadFileError) Error() string { return e.Msg }

func bad(format string, a ...any) error { return &BadFileError{Msg: fmt.Sprintf(format, a...)} }

// badDetail is bad with the technical detail kept for the log.
func badDetail(detail any, format string, a ...any) error {
	return &BadFileError{Msg: fmt.Sprintf(format, a...), Detail: fmt.Sprint(detail)}
}

// IsBadFile reports whether err is about the input file rather than the system.
func IsBadFile(err error) bool {
	var b *BadFileError
	return errors.As(err, &b)
}

// Detail is the technical detail behind a BadFileError, for the log; "" for
// any other error.
func Detail(err error) string {
	var b *BadFileError
	if errors.As(err, &b) {
		return b.Detail
	}
	return ""
}

// PageImage is one page's picture, as encoded bytes (JPEG, PNG or TIFF;
// the format is in the bytes).
type PageImage struct {
	Data []byte
	// Form holds the values of a born-digital form's filled-in fields on this
	// page, by dossier field name; nil for a scan.
	Form map[string]string
}

// SplitPDF returns the image of every page of a PDF: the page's own scanned
// image where it is one image Go decodes, otherwise a rendering by poppler's
// pdftoppm. Panics in pdfcpu come back as a BadFileError naming the file.
func SplitPDF(ctx context.Context, name string, data []byte, lim Limits) (pages []PageImage, err error) {
	lim = lim.WithDefaults()
	if int64(len(data)) > lim.FileBytes {
		return nil, bad("%s is %d bytes, over the limit of %d", name, len(data), lim.FileBytes)
	}
	defer func() {
		if r := recover(); r != nil {
			pages, err = nil, badDetail(r, "%s is damaged: the PDF reader stopped on it", name)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	// The page tree's own count first: validating every page of a file
	// that claims 100,000 costs minutes before the limit could refuse it.
	if err := precheck(name, data, conf, lim); err != nil {
		return nil, err
	}
	pctx, err := api.ReadValidateAndOptimize(bytes.NewReader(data), conf)
	if err != nil {
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, badDetail(err, "%s is encrypted (password protected) and cannot be opened without its password: ask the unit for an unprotected scan", name)
		}
		return nil, describePDFError(name, err)
	}
	n := pctx.PageCount
	if n == 0 {
		return nil, bad("%s has no pages", name)
	}
	if n > lim.PagesPerFile {
		return nil, bad("%s has %d pages, over the limit of %d", name, n, lim.PagesPerFile)
	}
	for p := 1; p <= n; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, err := pageImage(pctx, p, lim)
		if err != nil {
			return nil, err
		}
		if img == nil {
			if img, err = render(ctx, name, data, p, lim); err != nil {
				return nil, err
			}
		}
		pages = append(pages, *img)
	}
	for p, values := range formValues(data, conf) {
		if p >= 1 && p <= len(pages) {
			pages[p-1].Form = values
		}
	}
	return pages, nil
}

// precheck reads what a PDF declares before anything is validated or
// decoded: the /Count of its page tree, and the size of every image. A file
// that claims 100,000 pages or a 10^10-pixel image is refused here, in a
// second, instead of after minutes of validation or gigabytes of inflating.
// A file that does not read this far is left to the full reader.
func precheck(name string, data []byte, conf *model.Configuration, lim Limits) (err error) {
	defer func() {
		if recover() != nil {
			err = nil
		}
	}()
	pctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return nil
	}
	if root, err := pctx.XRefTable.Pages(); err == nil && root != nil {
		if d, err := pctx.XRefTable.DereferenceDict(*root); err == nil && d != nil {
			if c := d.IntEntry("Count"); c != nil && *c > lim.PagesPerFile {
				return bad("%s has %d pages, over the limit of %d", name, *c, lim.PagesPerFile)
			}
		}
	}
	for _, e := range pctx.XRefTable.Table {
		if e == nil || e.Free {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok || sd.Subtype() == nil || *sd.Subtype() != "Image" {
			continue
		}
		w, h := sd.IntEntry("Width"), sd.IntEntry("Height")
		if w != nil && h != nil && int64(*w)*int64(*h) > int64(lim.PixelsPerPage) {
			return bad("%s holds a %dx%d image, over the limit of %d pixels", name, *w, *h, lim.PixelsPerPage)
		}
	}
	return nil
}

// pageImage returns the page's one scanned image when it fills the page and Go
// decodes it, or nil when the page needs rendering.
func pageImage(pctx *model.Context, p int, lim Limits) (pi *PageImage, err error) {
	defer func() {
		if r := recover(); r != nil {
			pi, err = nil, nil // pdfcpu cannot take this image apart (JBIG2 and others): render the page
		}
	}()
	imgs, err := pdfcpu.ExtractPageImages(pctx, p, false)
	if err != nil || len(imgs) != 1 {
		return nil, nil
	}
	for _, im := range imgs {
		if im.IsImgMask || im.HasSMask || im.HasImgMask {
			return nil, nil
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(im.Reader); err != nil {
			return nil, nil
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return nil, nil
		}
		if cfg.Width*cfg.Height > lim.PixelsPerPage {
			return nil, bad("page %d of the file holds a %dx%d image, over the limit of %d pixels: scan it at 300 DPI or less", p, cfg.Width, cfg.Height, lim.PixelsPerPage)
		}
		return &PageImage{Data: buf.Bytes()}, nil
	}
	return nil, nil
}

// render rasterises one page with poppler, at a capped DPI, in its own process
// with a timeout, so a page that loops or explodes costs one page, not the worker.
func render(ctx context.Context, name string, data []byte, p int, lim Limits) (*PageImage, error) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return nil, fmt.Errorf("page %d of %s needs rendering and pdftoppm (Debian package poppler-utils) is not installed", p, name)
	}
	dir, err := os.MkdirTemp("", "dossier-render-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, lim.RenderTimeout)
	defer cancel()
	ps := strconv.Itoa(p)
	cmd := exec.CommandContext(rctx, "pdftoppm", "-f", ps, "-l", ps, "-r", strconv.Itoa(lim.RenderDPI),
		"-scale-to", strconv.Itoa(lim.RenderDPI*297/25), "-gray", "-png", "-singlefile", in, filepath.Join(dir, "out"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, badDetail(firstLine(stderr.String(), err.Error()), "page %d of %s is damaged: it cannot be turned into an image", p, name)
	}
	out, err := os.ReadFile(filepath.Join(dir, "out.png"))
	if err != nil {
		return nil, bad("page %d of %s rendered to nothing", p, name)
	}
	return &PageImage{Data: out}, nil
}

func firstLine(s, def string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	return strings.SplitN(s, "\n", 2)[0]
}

// describePDFError turns pdfcpu's words into a clerk's.
func describePDFError(name string, err error) error {
	msg := err.Error()
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "password") || strings.Contains(low, "encrypt"):
		return badDetail(msg, "%s is encrypted (password protected): ask the unit for an unprotected scan", name)
	case strings.Contains(low, "xref") || strings.Contains(low, "startxref") || strings.Contains(low, "trailer"):
		return badDetail(msg, "%s is damaged or cut short: its table of contents is broken", name)
	case strings.Contains(low, "header") || strings.Contains(low, "eof"):
		return badDetail(msg, "%s is not a complete PDF: it is cut short or not a PDF at all", name)
	}
	return badDetail(msg, "%s is damaged: its pages cannot be read", name)
}

// DecodeImage decodes a page image, refusing ones over the pixel limit before
// decoding them. A JPEG that Go's decoder refuses (cut short, a damaged
// segment) is decoded again with libjpeg, which reads it with a warning.
func DecodeImage(name string, data []byte, lim Limits) (image.Image, error) {
	lim = lim.WithDefaults()
	if len(data) == 0 {
		return nil, bad("%s is empty", name)
	}
	isJPEG := bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF})
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if isJPEG {
			if img, lerr := decodeLept(data, lim.PixelsPerPage); lerr == nil {
				return img, nil
			}
		}
		return nil, badDetail(err, "%s is not a picture that can be read: it is not a complete JPEG, PNG or TIFF file", name)
	}
	if cfg.Width*cfg.Height > lim.PixelsPerPage {
		return nil, bad("%s is %dx%d pixels, over the limit of %d: scan it at 300 DPI or less", name, cfg.Width, cfg.Height, lim.PixelsPerPage)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		if isJPEG {
			if img, lerr := decodeLept(data, lim.PixelsPerPage); lerr == nil {
				return img, nil
			}
		}
		return nil, badDetail(err, "%s is damaged or cut short: the %s picture cannot be read whole", name, strings.ToUpper(format))
	}
	return img, nil
}

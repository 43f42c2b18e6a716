package samples

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// The files below are the hostile probes of the hardening tests: small on
// disk, ruinous to a reader that trusts them. Each is built at run time in a
// few lines, so nothing large is committed.

// rawPDF writes objects (numbered from 1, in order) with a correct
// cross-reference table; object 1 is the catalogue.
func rawPDF(objs [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(o)
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func stream(dict string, data []byte) []byte {
	return append(append([]byte(fmt.Sprintf("<< %s /Length %d >>\nstream\n", dict, len(data))), data...), "\nendstream"...)
}

// deflateZeros is n zero bytes as a zlib stream: about a thousandth of n.
// Past the first MiB, every MiB of zeros deflates to the same bytes (the
// window behind it is all zeros), so the stream is built by repeating
// them, in a moment even for gigabytes, where deflating them would take
// minutes under the race detector.
func deflateZeros(n int64) []byte {
	const mib = 1 << 20
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	chunk := make([]byte, mib)
	block := func() []byte {
		w.Write(chunk)
		w.Flush()
		b := bytes.Clone(buf.Bytes())
		buf.Reset()
		return b
	}
	first, again, third := block(), block(), block()
	var out bytes.Buffer
	out.Write([]byte{0x78, 0xda}) // zlib header, best compression
	full := n / mib
	switch {
	case full >= 1 && bytes.Equal(again, third):
		out.Write(first)
		for i := int64(1); i < full; i++ {
			out.Write(again)
		}
	default:
		full = 0
	}
	w.Reset(&buf)
	if full == 0 {
		io.CopyN(w, zeroReader{}, n)
	} else {
		w.Write(chunk[:n-full*mib])
	}
	// The rest, deflated on its own: Flush left the stream on a byte
	// boundary with no final block yet, so these blocks continue it.
	w.Close()
	out.Write(buf.Bytes())
	// Adler-32 of n zeros: a stays 1, b adds 1 for each byte.
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], uint32(n%65521)<<16|1)
	out.Write(sum[:])
	return out.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// FlateBombPDF is a one-page PDF whose page content is a FlateDecode stream
// that inflates to inflated bytes (4 GiB from about 4 MB).
func FlateBombPDF(inflated int64) []byte {
	return rawPDF([][]byte{
		[]byte("<< /Type /Catalog /Pages 2 0 R >>"),
		[]byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
		[]byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
		stream("/Filter /FlateDecode", deflateZeros(inflated)),
	})
}

// HugeImagePDF is a one-page PDF whose one image declares w x h grey pixels,
// with data bytes of zeros deflated behind it.
func HugeImagePDF(w, h int, data int64) []byte {
	return rawPDF([][]byte{
		[]byte("<< /Type /Catalog /Pages 2 0 R >>"),
		[]byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
		[]byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>"),
		stream("", []byte("q 595 0 0 842 0 0 cm /Im0 Do Q")),
		stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", w, h), deflateZeros(data)),
	})
}

// ManyPagesPDF is a PDF of n tiny empty pages (100,000 pages in about 12 MB).
func ManyPagesPDF(n int) []byte {
	objs := [][]byte{[]byte("<< /Type /Catalog /Pages 2 0 R >>"), nil}
	var kids bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", i+3)
		objs = append(objs, []byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3 3] >>"))
	}
	objs[1] = []byte(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), n))
	return rawPDF(objs)
}

// Hostile writes, into DIR/batch beside whatever cases are there, one case
// for each way a careless or hostile service point has broken a run, and
// DIR/elsewhere for what its links point at:
//
//	DUP        sheet twice, byte for byte (a scanner that uploads twice)
//	BOMBS      flate.pdf (a stream inflating to inflate bytes), pixels.pdf
//	           (a 100000 x 100000 image), pages.pdf (100,000 pages)
//	a..b       scan..png: two dots inside names
//	长 x 84     a case id of 252 bytes
//	summary    the name the contract gives the summary
//	ODD        links to /etc/passwd, a 2 GiB file and /dev/zero, a named
//	           pipe, a sub-folder, a 2 GiB file, case.json with a
//	           1000-character name beside CASE.JSON
//	HUGEINFO   a case.json of 3 MB
//	ESC\x1b[31mRED  a name that drives a terminal
//	LINKED     a link to another case folder; stray.pdf beside the cases
//
// sheet is a scan to hand in twice, ext its extension (.jpg, .pdf); the
// other probes' pages read as blank pages.
func Hostile(dir string, sheet []byte, ext string, inflate int64) error {
	batch := filepath.Join(dir, "batch")
	var errs []error
	put := func(cs, name string, data []byte) {
		errs = append(errs, os.MkdirAll(filepath.Join(batch, cs), 0o755),
			os.WriteFile(filepath.Join(batch, cs, name), data, 0o644))
	}
	blank := blankPNG()
	put("DUP", "扫描件"+ext, sheet)
	put("DUP", "扫描件 (1)"+ext, sheet)
	put("BOMBS", "flate.pdf", FlateBombPDF(inflate))
	put("BOMBS", "pixels.pdf", HugeImagePDF(100000, 100000, 1<<30))
	put("BOMBS", "pages.pdf", ManyPagesPDF(100000))
	put("a..b", "scan..png", blank)
	put(strings.Repeat("长", 84), "scan.png", blank)
	put("summary", "scan.png", blank)
	elsewhere := filepath.Join(dir, "elsewhere")
	big := filepath.Join(elsewhere, "big.pdf")
	errs = append(errs, os.MkdirAll(elsewhere, 0o755))
	if f, err := os.Create(big); err == nil {
		errs = append(errs, f.Truncate(2<<30), f.Close()) // 2 GiB, no disk
	} else {
		errs = append(errs, err)
	}
	odd := filepath.Join(batch, "ODD")
	put("ODD", "case.json", []byte(`{"unit_name": "`+strings.Repeat("名", 1000)+`"}`))
	put("ODD", "CASE.JSON", []byte(`{"unit_name": "另一个"}`))
	errs = append(errs,
		os.Symlink("/etc/passwd", filepath.Join(odd, "passwd.pdf")),
		os.Symlink(big, filepath.Join(odd, "big-link.pdf")),
		os.Symlink("/dev/zero", filepath.Join(odd, "zero.pdf")),
		syscall.Mkfifo(filepath.Join(odd, "fifo.pdf"), 0o644),
		os.MkdirAll(filepath.Join(odd, "more scans"), 0o755),
		os.WriteFile(filepath.Join(odd, "more scans", "x.pdf"), []byte("%PDF-1.4"), 0o644),
		os.Link(big, filepath.Join(odd, "big.pdf")))
	put("HUGEINFO", "case.json", []byte(`{"unit_name": "`+strings.Repeat("x", 3<<20)+`"}`))
	put("HUGEINFO", "scan.png", blank)
	put("ESC\x1b[31mRED", "scan.png", blank)
	errs = append(errs,
		os.Symlink(filepath.Join(batch, "DUP"), filepath.Join(batch, "LINKED")),
		os.WriteFile(filepath.Join(batch, "stray.pdf"), []byte("%PDF-1.4"), 0o644))
	return errors.Join(errs...)
}

// blankPNG is a nearly white page, quick to read.
func blankPNG() []byte {
	img := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

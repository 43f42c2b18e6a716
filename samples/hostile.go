package samples

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
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

// deflateZeros is n zero bytes deflated: about a thousandth of n.
func deflateZeros(n int64) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	io.CopyN(w, zeroReader{}, n)
	w.Close()
	return b.Bytes()
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

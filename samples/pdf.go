package samples

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"image"
	"strings"
	"unicode/utf16"
)

// pdfPage is one scanned page as a scanner's PDF holds it: a JPEG filling the page.
type pdfPage struct {
	jpeg   []byte
	w, h   int // pixels
	dpi    float64
	grey   bool
	fields []pdfField // a born-digital form's fillable fields, on this page
}

// pdfField is an AcroForm text field with its value, as a form filled in on
// a computer carries it.
type pdfField struct {
	name, value string
	rect        [4]float64 // points, from the page's lower left corner
}

// pdfText encodes a PDF text string as UTF-16BE with its byte order mark.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// writePDF writes pages the way a scanner does: one DCT image per page. With a
// non-empty userPW the file is encrypted (RC4 40-bit, standard security handler
// revision 2), so no reader opens it without the password.
func writePDF(pages []pdfPage, userPW string) []byte {
	var buf bytes.Buffer
	var offsets []int
	fileID := md5.Sum([]byte(fmt.Sprintf("dossier-%d-%d", len(pages), len(pages[0].jpeg))))
	var key []byte
	var oEntry, uEntry []byte
	if userPW != "" {
		key, oEntry, uEntry = rc4Keys(userPW, "owner-"+userPW, fileID[:])
	}
	obj := func(body func()) int {
		offsets = append(offsets, buf.Len())
		n := len(offsets)
		fmt.Fprintf(&buf, "%d 0 obj\n", n)
		body()
		buf.WriteString("\nendobj\n")
		return n
	}
	stream := func(n int, dict string, data []byte) {
		if key != nil {
			data = rc4Object(key, n, data)
		}
		fmt.Fprintf(&buf, "<< %s /Length %d >>\nstream\n", dict, len(data))
		buf.Write(data)
		buf.WriteString("\nendstream")
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Object numbers: 1 catalog, 2 pages, then 3 per page (page, image,
	// content), then one per form field (a field merged with its widget).
	n := len(pages)
	fieldObj := 3 + 3*n
	var fieldRefs []string
	pageFields := make([][]int, n)
	for i, p := range pages {
		for range p.fields {
			pageFields[i] = append(pageFields[i], fieldObj)
			fieldRefs = append(fieldRefs, fmt.Sprintf("%d 0 R", fieldObj))
			fieldObj++
		}
	}
	obj(func() {
		buf.WriteString("<< /Type /Catalog /Pages 2 0 R")
		if len(fieldRefs) > 0 {
			fmt.Fprintf(&buf, " /AcroForm << /Fields [%s] /NeedAppearances true /DA (/Helv 0 Tf 0 g) >>", strings.Join(fieldRefs, " "))
		}
		buf.WriteString(" >>")
	})
	obj(func() {
		buf.WriteString("<< /Type /Pages /Kids [")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&buf, "%d 0 R ", 3+3*i)
		}
		fmt.Fprintf(&buf, "] /Count %d >>", n)
	})
	for i, p := range pages {
		pw, ph := float64(p.w)*72/p.dpi, float64(p.h)*72/p.dpi
		base := 3 + 3*i
		obj(func() {
			fmt.Fprintf(&buf, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R", pw, ph, base+1, base+2)
			if len(pageFields[i]) > 0 {
				buf.WriteString(" /Annots [")
				for _, f := range pageFields[i] {
					fmt.Fprintf(&buf, "%d 0 R ", f)
				}
				buf.WriteString("]")
			}
			buf.WriteString(" >>")
		})
		cs := "/DeviceRGB"
		if p.grey {
			cs = "/DeviceGray"
		}
		obj(func() {
			stream(base+1, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", p.w, p.h, cs), p.jpeg)
		})
		obj(func() {
			stream(base+2, "", []byte(fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)))
		})
	}
	for i, p := range pages {
		for _, f := range p.fields {
			obj(func() {
				fmt.Fprintf(&buf, "<< /Type /Annot /Subtype /Widget /FT /Tx /F 4 /P %d 0 R /T %s /TU %s /V %s /Rect [%.2f %.2f %.2f %.2f] /DA (/Helv 10 Tf 0 g) >>",
					3+3*i, pdfText(f.name), pdfText(f.name), pdfText(f.value), f.rect[0], f.rect[1], f.rect[2], f.rect[3])
			})
		}
	}
	encObj := 0
	if key != nil {
		encObj = obj(func() {
			fmt.Fprintf(&buf, "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%x> /U <%x> >>", oEntry, uEntry)
		})
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /ID [<%x> <%x>]", len(offsets)+1, fileID, fileID)
	if encObj > 0 {
		fmt.Fprintf(&buf, " /Encrypt %d 0 R", encObj)
	}
	fmt.Fprintf(&buf, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return buf.Bytes()
}

var pdfPad = []byte{0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A}

func padPW(pw string) []byte { return append([]byte(pw), pdfPad...)[:32] }

// rc4Keys computes the file key and the /O and /U entries of PDF 1.4's
// standard security handler, revision 2 (algorithms 3.2 to 3.4).
func rc4Keys(user, owner string, id []byte) (key, o, u []byte) {
	ok := md5.Sum(padPW(owner))
	c, _ := rc4.NewCipher(ok[:5])
	o = make([]byte, 32)
	c.XORKeyStream(o, padPW(user))
	h := md5.New()
	h.Write(padPW(user))
	h.Write(o)
	var p [4]byte
	binary.LittleEndian.PutUint32(p[:], uint32(0xFFFFFFD4)) // -44
	h.Write(p[:])
	h.Write(id)
	key = h.Sum(nil)[:5]
	c, _ = rc4.NewCipher(key)
	u = make([]byte, 32)
	c.XORKeyStream(u, pdfPad)
	return key, o, u
}

func rc4Object(key []byte, num int, data []byte) []byte {
	k := append(append([]byte{}, key...), byte(num), byte(num>>8), byte(num>>16), 0, 0)
	s := md5.Sum(k)
	c, _ := rc4.NewCipher(s[:10])
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// pdfPageOf encodes a scanned page image for a PDF.
func pdfPageOf(img image.Image, dpi float64, quality int) pdfPage {
	_, grey := img.(*image.Gray)
	b := img.Bounds()
	return pdfPage{jpeg: encode(img, "jpg", quality), w: b.Dx(), h: b.Dy(), dpi: dpi, grey: grey}
}

package extract

import (
	"image"
	"math"
	"strings"

	"dossier/extract/seal"
)

// unwrapArc lays the upper arc of a seal flat: the band inside its rim
// where the unit's (or the authority's) name runs, from about eight o'clock
// over the top to four o'clock, as a strip with the characters upright and
// the ink dark on white, ready for a one-line OCR, in a white margin of
// margin pixels all round. box is the seal's box on img; turn is the page's
// clockwise turn to upright, so "upper" means upper on the upright page.
// arcBandPct is the depth of the band unwrapArc lays flat, in hundredths
// of the seal's radius.
const arcBandPct = 36

func unwrapArc(img image.Image, box image.Rectangle, turn, margin int) *image.Gray {
	cx, cy := float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2
	rx, ry := float64(box.Dx())/2, float64(box.Dy())/2
	const (
		from, to    = -125.0, 125.0           // degrees clockwise from twelve o'clock
		outer, band = 0.9, arcBandPct / 100.0 // of the radius: the band's outer edge, and its depth
	)
	rmid := (rx + ry) / 2 * (outer - band/2)
	w := int(rmid * (to - from) * math.Pi / 180)
	h := int((rx + ry) / 2 * band)
	if w < 20 || h < 8 {
		return nil
	}
	b := img.Bounds()
	m := margin
	out := blank(w+2*m, h+2*m, 255)
	for j := 0; j < h; j++ {
		r := outer - band*float64(j)/float64(h) // outer rim at the top of the strip
		for i := 0; i < w; i++ {
			// The upright page is the scan turned clockwise by turn, so an
			// angle upright is that angle less turn on the scan.
			phi := (from + (to-from)*float64(i)/float64(w) - float64(turn)) * math.Pi / 180
			x := int(cx + r*rx*math.Sin(phi))
			y := int(cy - r*ry*math.Cos(phi))
			v := uint8(255)
			if image.Pt(x, y).In(b) {
				// red ink: dark, as dark as it is strong; paper and black
				// print beneath: white
				if ink := seal.Ink(seal.RGB(img, x, y)); ink >= seal.Pale {
					v = uint8(max(0, 255-int(400*ink)))
				}
			}
			out.Pix[(j+m)*out.Stride+i+m] = v
		}
	}
	return out
}

// SealText reads the name along a seal's upper arc, the strip in a margin
// of margin pixels.
func (o *OCR) SealText(img image.Image, s Seal, turn, margin int) (string, error) {
	strip := unwrapArc(img, s.Box, turn, margin)
	if strip == nil {
		return "", nil
	}
	text, _, err := o.Line(strip)
	return text, err
}

// readArc reads a round seal's arc for the evidence of whose it is (e,
// without its Arc): the strip as it is, and where that reading names no
// owner, the strip again in a white margin of a quarter of its depth. The
// line reader reads some arcs only with a margin (福州市质量技术监督局, clear
// to the eye, came out empty) and others only without; both readings are
// kept where the second may (see withSecond).
func (o *OCR) readArc(img image.Image, s Seal, turn int, e seal.Evidence) (string, error) {
	text, err := o.SealText(img, s, turn, 0)
	if err != nil {
		return "", err
	}
	e.Arc = text
	if _, named := seal.Whose(e); named {
		return text, nil
	}
	depth := (s.Box.Dx() + s.Box.Dy()) / 4 * arcBandPct / 100 // about the strip's height
	again, err := o.SealText(img, s, turn, max(4, depth/4))
	if err != nil {
		return "", err
	}
	return withSecond(e, text, again), nil
}

// withSecond is a seal's arc read first as first (naming no owner) and again
// as second: both readings, apart by a space, where together they name the
// unit, or name the owner the first reading and the seal's place already
// give (an issuer's seal at its label, now named); else the first alone.
// A second reading of an arc read badly once is weak evidence: it never
// turns a seal that is the unit's by its place into an office's.
func withSecond(e seal.Evidence, first, second string) string {
	if second == "" || second == first {
		return first
	}
	e.Arc = first
	was, _ := seal.Whose(e)
	e.Arc = strings.TrimSpace(first + " " + second)
	if now, named := seal.Whose(e); named && (now == seal.OwnerUnit || now == was) {
		return e.Arc
	}
	return first
}

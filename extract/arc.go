package extract

import (
	"image"
	"math"

	"dossier/extract/seal"
)

// unwrapArc lays the upper arc of a seal flat: the band inside its rim
// where the unit's (or the authority's) name runs, from about eight o'clock
// over the top to four o'clock, as a strip with the characters upright and
// the ink dark on white, ready for a one-line OCR. box is the seal's box on
// img; turn is the page's clockwise turn to upright, so "upper" means upper
// on the upright page.
func unwrapArc(img image.Image, box image.Rectangle, turn int) *image.Gray {
	cx, cy := float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2
	rx, ry := float64(box.Dx())/2, float64(box.Dy())/2
	const (
		from, to    = -125.0, 125.0 // degrees clockwise from twelve o'clock
		outer, band = 0.9, 0.36     // of the radius: the band's outer edge, and its depth
	)
	rmid := (rx + ry) / 2 * (outer - band/2)
	w := int(rmid * (to - from) * math.Pi / 180)
	h := int((rx + ry) / 2 * band)
	if w < 20 || h < 8 {
		return nil
	}
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, w, h))
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
			out.Pix[j*out.Stride+i] = v
		}
	}
	return out
}

// SealText reads the name along a seal's upper arc.
func (o *OCR) SealText(img image.Image, s Seal, turn int) (string, float64, error) {
	strip := unwrapArc(img, s.Box, turn)
	if strip == nil {
		return "", 0, nil
	}
	return o.Line(strip)
}

// Package seal finds red seals on page images: round and oval official
// seals and square name seals, whatever the page's turn, and says whose
// each is. It is pure Go and knows nothing of OCR.
//
// Every red measurement goes through one ink model (Ink): red ink is a
// colour, not a brightness, so it is measured as the share of the light
// that the ink holds back in green and blue but lets through in red (a
// chroma, like HSV saturation, in the red hues). Ink multiplied over grey
// print, a photocopy's grey or a dark emblem keeps that share though it
// darkens, so it still counts; a coloured paper's own tint is taken off as
// the local background.
package seal

import (
	"image"
	"image/color"
)

// Ink is how strongly a pixel of colour (r, g, b) shows red ink: 0 for
// paper, grey or black print and every colour that is not a red (orange,
// yellow, pink-violet, blue), up to 1 for pure red ink. Red ink from crimson
// to orange-red counts; its strength is its chroma as a share of its red,
// which multiplying it over grey leaves unchanged.
func Ink(r, g, b uint8) float64 {
	lo := min(g, b)
	if r <= max(g, b) {
		return 0
	}
	chroma := int(r) - int(lo)
	// Hue within 30 degrees of red either way: |g-b| at most half the chroma.
	if d := int(g) - int(b); 2*d > chroma || -2*d > chroma {
		return 0
	}
	// Below a chroma of 10 levels a "colour" is JPEG noise round black
	// print; from 10 to 20 it fades in.
	s := float64(int(r)-int(max(g, b))) / float64(r)
	if chroma < 20 {
		s *= float64(max(0, chroma-10)) / 10
	}
	return s
}

// Dark reports whether a pixel is dark print (black or grey, not red ink):
// red ink stamped over it cannot show, so the seal finder counts such a
// pixel as hidden, neither ink nor paper.
func Dark(r, g, b uint8) bool {
	return Ink(r, g, b) < Pale && int(r)+int(g)+int(b) < 3*110
}

// Ink strengths (as Ink measures, above the local background) of a red
// stamp's ink, and of a pale or faint one's.
const (
	Strong = 0.22
	Pale   = 0.06
)

// RGB reads a pixel of any image as 8-bit red, green and blue, fast for the
// kinds a decoder gives.
func RGB(img image.Image, x, y int) (uint8, uint8, uint8) {
	switch s := img.(type) {
	case *image.YCbCr:
		yi, ci := s.YOffset(x, y), s.COffset(x, y)
		return color.YCbCrToRGB(s.Y[yi], s.Cb[ci], s.Cr[ci])
	case *image.RGBA:
		i := s.PixOffset(x, y)
		return s.Pix[i], s.Pix[i+1], s.Pix[i+2]
	case *image.NRGBA:
		i := s.PixOffset(x, y)
		return s.Pix[i], s.Pix[i+1], s.Pix[i+2]
	case *image.Gray:
		v := s.Pix[s.PixOffset(x, y)]
		return v, v, v
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)
}

// inkMap is a page reduced to a grid of cells, each holding the strongest
// red ink among its samples above the local background's, and whether the
// cell is dark print.
type inkMap struct {
	w, h  int
	ink   []float32
	dark  []bool
	tint  []bool  // a strong colour that is not red: a photo, a blue line, a green pattern
	scale float64 // cells per mm
}

// newInkMap reduces img by f (each cell f x f pixels) at scale cells per mm.
func newInkMap(img image.Image, f int, scale float64) *inkMap {
	b := img.Bounds()
	m := &inkMap{w: b.Dx() / f, h: b.Dy() / f, scale: scale}
	m.ink, m.dark, m.tint = make([]float32, m.w*m.h), make([]bool, m.w*m.h), make([]bool, m.w*m.h)
	step := max(1, f/2)
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			best, dark, n := 0.0, 0, 0
			tint := false
			for dy := 0; dy < f; dy += step {
				for dx := 0; dx < f; dx += step {
					r, g, bb := RGB(img, b.Min.X+x*f+dx, b.Min.Y+y*f+dy)
					v := Ink(r, g, bb)
					best = max(best, v)
					tint = tint || (v == 0 && int(max(r, g, bb))-int(min(r, g, bb)) > 60)
					if Dark(r, g, bb) {
						dark++
					}
					n++
				}
			}
			m.ink[y*m.w+x] = float32(best)
			m.dark[y*m.w+x] = best < Pale && dark*2 >= n
			m.tint[y*m.w+x] = tint
		}
	}
	m.subtractBackground()
	return m
}

// subtractBackground takes off each cell the tint of the paper round it: a
// pink or red-patterned background, a warm scan's cast. The background is
// the 40th percentile of the ink over blocks of about 8 mm, so ink (less
// than half of almost any block, a seal's rim and text included) leaves it
// alone.
func (m *inkMap) subtractBackground() {
	bs := max(4, int(8*m.scale))
	bw, bh := (m.w+bs-1)/bs, (m.h+bs-1)/bs
	bg := make([]float32, bw*bh)
	var hist [64]int
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			hist = [64]int{}
			n := 0
			for y := by * bs; y < min(m.h, (by+1)*bs); y++ {
				for x := bx * bs; x < min(m.w, (bx+1)*bs); x++ {
					hist[min(63, int(m.ink[y*m.w+x]*63))]++
					n++
				}
			}
			want, acc := n*4/10, 0
			for i, c := range hist {
				acc += c
				if acc > want {
					bg[by*bw+bx] = float32(i) / 63
					break
				}
			}
		}
	}
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			i := y*m.w + x
			m.ink[i] = max(0, m.ink[i]-bg[(y/bs)*bw+x/bs])
		}
	}
}

func (m *inkMap) at(x, y int) float32 {
	if x < 0 || y < 0 || x >= m.w || y >= m.h {
		return 0
	}
	return m.ink[y*m.w+x]
}

// mask is the cells with ink of at least t.
func (m *inkMap) mask(t float32) []bool {
	out := make([]bool, len(m.ink))
	for i, v := range m.ink {
		out[i] = v >= t
	}
	return out
}

package extract

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// Seal is a round red stamp found on a page, in the page's pixels.
type Seal struct {
	Box      image.Rectangle `json:"box"`
	Coverage float64         `json:"coverage"` // share of the ring's angle that has ink
	Inner    float64         `json:"inner"`    // ink density at the centre (the star)
	Unit     bool            `json:"unit"`     // taken for the unit's seal, not an issuing authority's
	Text     string          `json:"text"`     // the name along its upper arc, as OCR read it
	Score    float64         `json:"score"`    // 0..1: how sure the finder is this is a seal
}

// redMask marks red ink on a copy of the page scaled by 1/f.
func redMask(img image.Image, f int) (mask []bool, w, h int) {
	b := img.Bounds()
	w, h = b.Dx()/f, b.Dy()/f
	mask = make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// a pixel counts when any sample in its f x f cell is red
			red := false
			for dy := 0; dy < f && !red; dy += max(1, f/2) {
				for dx := 0; dx < f && !red; dx += max(1, f/2) {
					r, g, bb := rgbAt(img, b.Min.X+x*f+dx, b.Min.Y+y*f+dy)
					red = isRed(r, g, bb)
				}
			}
			mask[y*w+x] = red
		}
	}
	return mask, w, h
}

func isRed(r, g, b uint8) bool {
	return r > 110 && int(r)-int(max(g, b)) > 45 && int(g)-int(b) < 60
}

func rgbAt(img image.Image, x, y int) (uint8, uint8, uint8) {
	switch s := img.(type) {
	case *image.YCbCr:
		yi, ci := s.YOffset(x, y), s.COffset(x, y)
		return color.YCbCrToRGB(s.Y[yi], s.Cb[ci], s.Cr[ci])
	case *image.RGBA:
		i := s.PixOffset(x, y)
		return s.Pix[i], s.Pix[i+1], s.Pix[i+2]
	case *image.Gray:
		v := s.Pix[s.PixOffset(x, y)]
		return v, v, v
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)
}

// FindSeals finds round and oval red seals of about minMM to maxMM across, with
// ink around most of the ring and something (a star, an emblem, text) inside:
// red headers, handwriting, hand-drawn circles, rectangular received stamps
// and faint, half-inked stamps are not seals. pxPerMM is the page's scale.
func FindSeals(img image.Image, pxPerMM float64) []Seal {
	f := max(1, int(pxPerMM/4)) // work at about 4 px/mm (100 DPI)
	mask, w, h := redMask(img, f)
	scale := pxPerMM / float64(f)
	// Join a ring's broken ink: dilate once before labelling.
	dil := make([]bool, len(mask))
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			if mask[y*w+x] || mask[y*w+x-1] || mask[y*w+x+1] || mask[(y-1)*w+x] || mask[(y+1)*w+x] {
				dil[y*w+x] = true
			}
		}
	}
	labels := make([]int32, len(dil))
	var seals []Seal
	var stack []int
	next := int32(0)
	for start := range dil {
		if !dil[start] || labels[start] != 0 {
			continue
		}
		next++
		labels[start] = next
		stack = append(stack[:0], start)
		minX, minY, maxX, maxY := w, h, 0, 0
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					j := ny*w + nx
					if dil[j] && labels[j] == 0 {
						labels[j] = next
						stack = append(stack, j)
					}
				}
			}
		}
		bw, bh := float64(maxX-minX+1)/scale, float64(maxY-minY+1)/scale
		if bw < 28 || bh < 28 {
			continue
		}
		if bw > 60 || bh > 60 || bw/bh > 1.45 || bh/bw > 1.45 { // invoice seals are ovals of 40 x 30 mm
			// Too big or too long for one seal: red ink touching a seal (a
			// hand-drawn circle, a red signature, another stamp) joins it
			// into one blob. Look for rings inside.
			for _, s := range searchRings(mask, w, h, image.Rect(minX, minY, maxX+1, maxY+1), scale) {
				s.Box = image.Rect(s.Box.Min.X*f, s.Box.Min.Y*f, s.Box.Max.X*f, s.Box.Max.Y*f).Add(img.Bounds().Min)
				seals = append(seals, s)
			}
			continue
		}
		s := ringTest(mask, w, minX, minY, maxX, maxY)
		s.Box = image.Rect(minX*f, minY*f, (maxX+1)*f, (maxY+1)*f).Add(img.Bounds().Min)
		if s.Score > 0 {
			seals = append(seals, s)
			continue
		}
		// Not one ring as a whole: a hand-drawn circle crossing a seal
		// makes a blob of a seal's size whose box is no seal's. Look for
		// rings inside.
		for _, s := range searchRings(mask, w, h, image.Rect(minX, minY, maxX+1, maxY+1), scale) {
			s.Box = image.Rect(s.Box.Min.X*f, s.Box.Min.Y*f, s.Box.Max.X*f, s.Box.Max.Y*f).Add(img.Bounds().Min)
			seals = append(seals, s)
		}
	}
	return nested(seals)
}

// FindSealsOnImage finds seals on an image of unknown scale. A page scanned
// whole (the proportions of A4) has its scale from its size. Anything else
// (a phone photo of a card, a screenshot, a close-up of a stamp, an invoice)
// is searched at several scales, from a stamp filling the picture to the
// picture being an A4 page, and the finds are merged.
func FindSealsOnImage(img image.Image) []Seal {
	b := img.Bounds()
	long, short := float64(max(b.Dx(), b.Dy())), float64(min(b.Dx(), b.Dy()))
	if r := long / short; r > 1.35 && r < 1.48 {
		return FindSeals(img, long/297)
	}
	var all []Seal
	for _, mm := range []float64{297, 200, 120, 70} { // what the long side may span
		all = append(all, FindSeals(img, long/mm)...)
	}
	all = append(all, FindSeals(img, short/45)...) // one stamp filling the picture
	return nested(all)
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }

func center(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// nested drops a seal found inside another (a stamp's inner ring or its
// lower-arc number taken for a second, smaller seal; the same seal found at
// two scales): of a seal whose centre lies in another's box, the larger box
// stays, or the first of two the same size.
func nested(seals []Seal) []Seal {
	var out []Seal
	for i, s := range seals {
		inside := false
		for j, o := range seals {
			if i != j && center(s.Box).In(o.Box) && (area(o.Box) > area(s.Box) || (area(o.Box) == area(s.Box) && j < i)) {
				inside = true
			}
		}
		if !inside {
			out = append(out, s)
		}
	}
	return out
}

// searchRings finds seal rings inside a blob of red ink (box, on the mask
// of w x h at scale px/mm): centres on a 2 mm grid, radii 14 to 30 mm, a
// ring where ink lies near the circle all the way round; the best rings that
// do not overlap, each then held to the same ring test as a lone seal.
func searchRings(mask []bool, w, h int, box image.Rectangle, scale float64) []Seal {
	type ring struct {
		cx, cy, r int
		cov       float64
	}
	step := max(1, int(scale)) // centres every millimetre
	band := max(1, int(0.8*scale))
	// inkOnRay reports ink along the ray at angle a within band of radius r:
	// a ring's ink, wherever the centre guess sits within a millimetre.
	inkOnRay := func(cx, cy, r int, a float64) bool {
		c, s := math.Cos(a), math.Sin(a)
		for d := r - band; d <= r+band; d++ {
			x, y := cx+int(float64(d)*c), cy+int(float64(d)*s)
			if x >= 0 && y >= 0 && x < w && y < h && mask[y*w+x] {
				return true
			}
		}
		return false
	}
	const sectors = 48
	var found []ring
	for r := int(14 * scale); r <= int(30*scale); r += max(1, int(1.5*scale)) {
		if 2*r > box.Dx()+2 || 2*r > box.Dy()+2 {
			break
		}
		for cy := box.Min.Y + r; cy <= box.Max.Y-r; cy += step {
			for cx := box.Min.X + r; cx <= box.Max.X-r; cx += step {
				hit, outside := 0, 0
				for k := 0; k < sectors; k++ {
					a := 2 * math.Pi * float64(k) / sectors
					if inkOnRay(cx, cy, r, a) {
						hit++
						// Outside a seal's rim is paper: a circle through a
						// crowd of red characters has ink beyond it too.
						// (Beyond the rim's own width: the radius steps
						// by 1.5 mm, and the rim may lie that far out.)
						if inkOnRay(cx, cy, r+3*band+2, a) {
							outside++
						}
					}
				}
				if outside*3 > sectors {
					continue
				}
				cov := float64(hit) / sectors
				if cov >= 0.75 {
					found = append(found, ring{cx, cy, r, cov})
				}
			}
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].cov != found[j].cov {
			return found[i].cov > found[j].cov
		}
		return found[i].r > found[j].r
	})
	var out []Seal
	var tried []ring // seals kept, and rings that failed the test (an empty hand-drawn circle)
	for _, c := range found {
		near := false
		for _, k := range tried {
			if math.Hypot(float64(c.cx-k.cx), float64(c.cy-k.cy)) < float64(k.r) {
				near = true
			}
		}
		if near {
			continue
		}
		tried = append(tried, c)
		s := ringTest(mask, w, c.cx-c.r, c.cy-c.r, c.cx+c.r, c.cy+c.r)
		if s.Score > 0 {
			s.Box = image.Rect(c.cx-c.r, c.cy-c.r, c.cx+c.r+1, c.cy+c.r+1)
			out = append(out, s)
		}
	}
	return out
}

// ringTest measures how round the ink of a candidate is: the share of 72
// angular sectors with ink near the rim, and the ink inside.
func ringTest(mask []bool, w, x0, y0, x1, y1 int) Seal {
	cx, cy := float64(x0+x1)/2, float64(y0+y1)/2
	rx, ry := float64(x1-x0+1)/2, float64(y1-y0+1)/2
	var sectors [72]bool
	inner, innerN := 0, 0
	text, textN := 0, 0
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			d := math.Hypot(dx, dy)
			ink := mask[y*w+x]
			switch {
			case d >= 0.8 && d <= 1.05:
				if ink {
					a := math.Atan2(dy, dx)
					sectors[int((a+math.Pi)/(2*math.Pi)*72)%72] = true
				}
			case d < 0.3:
				innerN++
				if ink {
					inner++
				}
			case d > 0.45 && d < 0.78:
				textN++
				if ink {
					text++
				}
			}
		}
	}
	cov := 0
	for _, s := range sectors {
		if s {
			cov++
		}
	}
	s := Seal{Coverage: float64(cov) / 72, Inner: float64(inner) / float64(max(1, innerN))}
	textD := float64(text) / float64(max(1, textN))
	// A seal's text band is mostly paper; a red disk filled with ink (the
	// national emblem on a licence, a sticker) is not a seal.
	if s.Coverage >= 0.6 && (s.Inner >= 0.08 || textD >= 0.06) && textD >= 0.02 && textD <= 0.55 {
		s.Score = math.Min(1, (s.Coverage-0.5)*2.5) * math.Min(1, (s.Inner+textD)*4)
	}
	return s
}

package seal

import (
	"image"
	"math"
	"sort"
)

// Seal is a red stamp found on a page, in the page's pixels: a round or
// oval seal, or a square name seal.
type Seal struct {
	Box      image.Rectangle `json:"box"`
	Square   bool            `json:"square,omitempty"` // a person's square name seal (法人章), never a unit's official seal
	Coverage float64         `json:"coverage"`         // share of the ring's visible angle that has ink
	Inner    float64         `json:"inner"`            // ink density at the centre (the star)
	Unit     bool            `json:"unit"`             // taken for the unit's seal, not an issuing authority's
	Text     string          `json:"text"`             // the name along its upper arc, as OCR read it
	Score    float64         `json:"score"`            // 0..1: how sure the finder is this is a seal
}

// Sizes of seals, in mm: round ones 28 to 60 across, ovals down to a tax
// office's 30 x 20; the half-axes searched run a little wider.
const (
	minHalfAxis     = 9.0
	minLongHalfAxis = 13.0
	maxHalfAxis     = 31.5
)

// Find finds the seals on a page scanned at pxPerMM: round and oval red
// seals by the ring of their rim, and square name seals. Red headers,
// handwriting, hand-drawn circles, rectangular received stamps, table
// rules and half-inked stamps are not seals; pale and faint whole ones
// are, and so are seals stamped over black print, grey copies and
// emblems, whose hidden parts count neither for nor against them.
func Find(img image.Image, pxPerMM float64) []Seal {
	f := max(1, int(math.Round(pxPerMM/4))) // work at about 4 cells/mm
	scale := pxPerMM / float64(f)
	m := newInkMap(img, f, scale)
	if m.w < 8 || m.h < 8 {
		return nil
	}
	var seals []Seal
	for _, t := range []float32{Strong, Pale} {
		mask := m.mask(t)
		for _, c := range houghCentres(mask, m.w, m.h, scale) {
			if coveredBy(seals, c) {
				continue
			}
			if s, ok := m.verify(mask, t, c); ok {
				seals = append(seals, s)
			}
		}
		if t == Strong {
			seals = append(seals, squares(mask, m, scale)...)
		}
	}
	seals = nested(seals)
	b := img.Bounds()
	for i := range seals {
		r := seals[i].Box
		seals[i].Box = image.Rect(r.Min.X*f, r.Min.Y*f, r.Max.X*f, r.Max.Y*f).Add(b.Min)
	}
	return seals
}

// OnImage finds seals on an image of unknown scale. A page scanned whole
// (the proportions of A4) has its scale from its size. Anything else (a
// phone photo of a card, a screenshot, a close-up of a stamp, an invoice)
// is searched at several scales, from a stamp filling the picture to the
// picture being an A4 page, and the finds are merged.
func OnImage(img image.Image) []Seal {
	b := img.Bounds()
	long, short := float64(max(b.Dx(), b.Dy())), float64(min(b.Dx(), b.Dy()))
	if short == 0 {
		return nil
	}
	if r := long / short; r > 1.35 && r < 1.48 {
		return Find(img, long/297)
	}
	var all []Seal
	for _, mm := range []float64{297, 200, 120, 70} { // what the long side may span
		all = append(all, Find(img, long/mm)...)
	}
	all = append(all, Find(img, short/45)...) // one stamp filling the picture
	return nested(all)
}

func coveredBy(seals []Seal, p image.Point) bool {
	for _, s := range seals {
		if p.In(s.Box) {
			return true
		}
	}
	return false
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

// houghCentres finds where rings of ink may be centred: every edge of the
// ink votes for the points a seal's half-axis away along its gradient, both
// ways (a rim's outer edge faces the centre, its inner edge away from it),
// on a grid of 1 mm. The local maxima with votes enough for part of the
// smallest seal's rim come back, most votes first. A ring's votes meet at
// its centre however the page is turned; an oval's spread over a few
// millimetres, which the grid and the verification take up.
func houghCentres(mask []bool, w, h int, scale float64) []image.Point {
	bin := max(1, int(math.Round(scale))) // cells per accumulator bin: 1 mm
	aw, ah := w/bin+1, h/bin+1
	acc := make([]int32, aw*ah)
	rmin, rmax := int(minHalfAxis*scale), int(maxHalfAxis*scale)
	at := func(x, y int) int {
		if x < 0 || y < 0 || x >= w || y >= h || !mask[y*w+x] {
			return 0
		}
		return 1
	}
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if !mask[i] || (mask[i-1] && mask[i+1] && mask[i-w] && mask[i+w]) {
				continue
			}
			gx := at(x+1, y-1) + 2*at(x+1, y) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x-1, y) - at(x-1, y+1)
			gy := at(x-1, y+1) + 2*at(x, y+1) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x, y-1) - at(x+1, y-1)
			if gx == 0 && gy == 0 {
				continue
			}
			n := math.Hypot(float64(gx), float64(gy))
			ux, uy := float64(gx)/n, float64(gy)/n
			for _, sign := range []float64{1, -1} {
				last := -1
				for r := rmin; r <= rmax; r++ {
					cx, cy := int(float64(x)+sign*ux*float64(r)), int(float64(y)+sign*uy*float64(r))
					if cx < 0 || cy < 0 || cx >= w || cy >= h {
						break
					}
					j := (cy/bin)*aw + cx/bin
					if j != last { // one vote a bin for each edge and way
						acc[j]++
						last = j
					}
				}
			}
		}
	}
	// Smooth over 3 x 3 bins: an oval's votes, and a rim's rough edge's.
	sm := make([]int32, len(acc))
	for y := 1; y < ah-1; y++ {
		for x := 1; x < aw-1; x++ {
			var s int32
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					s += acc[(y+dy)*aw+x+dx]
				}
			}
			sm[y*aw+x] = s
		}
	}
	// A rim's two edges round a third of the smallest seal.
	minVotes := int32(2 * math.Pi * minHalfAxis * scale * 2 / 3)
	type peak struct {
		p image.Point
		v int32
	}
	var peaks []peak
	for y := 1; y < ah-1; y++ {
		for x := 1; x < aw-1; x++ {
			v := sm[y*aw+x]
			if v < minVotes {
				continue
			}
			top := true
			for dy := -2; dy <= 2 && top; dy++ {
				for dx := -2; dx <= 2; dx++ {
					yy, xx := y+dy, x+dx
					if yy < 0 || xx < 0 || yy >= ah || xx >= aw || (dx == 0 && dy == 0) {
						continue
					}
					// ties go to the first in reading order
					if o := sm[yy*aw+xx]; o > v || (o == v && (dy < 0 || (dy == 0 && dx < 0))) {
						top = false
						break
					}
				}
			}
			if top {
				peaks = append(peaks, peak{image.Pt(x*bin+bin/2, y*bin+bin/2), v})
			}
		}
	}
	sort.SliceStable(peaks, func(i, j int) bool { return peaks[i].v > peaks[j].v })
	const most = 40
	out := make([]image.Point, 0, min(most, len(peaks)))
	for _, p := range peaks[:min(most, len(peaks))] {
		out = append(out, p.p)
	}
	return out
}

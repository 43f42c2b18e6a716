package extract

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// Seal is a red stamp found on a page, in the page's pixels: a round or
// oval seal, or a square name seal.
type Seal struct {
	Box      image.Rectangle `json:"box"`
	Square   bool            `json:"square,omitempty"` // a person's square name seal (法人章), never a unit's official seal
	Coverage float64         `json:"coverage"`         // share of the ring's angle that has ink
	Inner    float64         `json:"inner"`            // ink density at the centre (the star)
	Unit     bool            `json:"unit"`             // taken for the unit's seal, not an issuing authority's
	Text     string          `json:"text"`             // the name along its upper arc, as OCR read it
	Score    float64         `json:"score"`            // 0..1: how sure the finder is this is a seal
}

// rednessMap is a copy of the page scaled by 1/f, each pixel the reddest
// of the samples in its f x f cell: how far red stands above green and
// blue, where the colour is a red (not an orange, nor a dark grey). tint
// marks the cells with a strong colour that is not red (a photo, a blue
// line, a green pattern).
func rednessMap(img image.Image, f int) (red []int16, tint []bool, w, h int) {
	b := img.Bounds()
	w, h = b.Dx()/f, b.Dy()/f
	red, tint = make([]int16, w*h), make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			best, other := int16(0), false
			for dy := 0; dy < f; dy += max(1, f/2) {
				for dx := 0; dx < f; dx += max(1, f/2) {
					r, g, bb := rgbAt(img, b.Min.X+x*f+dx, b.Min.Y+y*f+dy)
					hi, lo := max(r, g, bb), min(r, g, bb)
					switch {
					case r > 90 && int(g)-int(bb) < 60 && r == hi:
						best = max(best, int16(r)-int16(max(g, bb)))
					case int(hi)-int(lo) > 60:
						other = true
					}
				}
			}
			red[y*w+x], tint[y*w+x] = best, other
		}
	}
	return red, tint, w, h
}

// Red ink stands this far above green and blue (0-255); a pale stamp,
// half as far.
const (
	inkRed  int16 = 22
	paleRed int16 = 12
)

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

// FindSeals finds round red seals of 28 to 60 mm across and oval ones down
// to 30 x 20 mm, with a rim a seal's width round most of the ring and
// something (a star, an emblem, text) inside, and square name seals: red
// headers, handwriting, hand-drawn circles, rectangular received stamps,
// table frames and half-inked stamps are not seals; pale, whole ones are.
// pxPerMM is the page's scale.
func FindSeals(img image.Image, pxPerMM float64) []Seal {
	f := max(1, int(pxPerMM/4)) // work at about 4 px/mm (100 DPI)
	scale := pxPerMM / float64(f)
	red, tint, w, h := rednessMap(img, f)
	mask := func(minRed int16) []bool {
		m := make([]bool, len(red))
		for i, r := range red {
			m[i] = r > minRed
		}
		return m
	}
	seals := findSeals(mask(inkRed), tint, w, h, scale, true)
	// A pale stamp (little ink, or pink ink on a white page) shows only in
	// pieces on the red mask: look again on the pale red, for lone seals
	// where none was found. (Pale red floods a square name seal, and joins
	// more red things into one blob than a search for rings there could
	// tell apart.)
	for _, s := range findSeals(mask(paleRed), tint, w, h, scale, false) {
		found := s.Square
		for _, o := range seals {
			found = found || area(s.Box.Intersect(o.Box)) > 0
		}
		if !found {
			seals = append(seals, s)
		}
	}
	for i := range seals {
		b := tighten(red, w, seals[i].Box)
		seals[i].Box = image.Rect(b.Min.X*f, b.Min.Y*f, b.Max.X*f, b.Max.Y*f).Add(img.Bounds().Min)
	}
	return nested(seals)
}

// tighten shrinks a seal's box to its deep red ink, where it has some:
// the red mask holds the pink halo a scan or JPEG leaves round red ink,
// and reading the arc wants the rim where it is.
func tighten(red []int16, w int, box image.Rectangle) image.Rectangle {
	const deep = 45
	minX, minY, maxX, maxY := box.Max.X, box.Max.Y, box.Min.X-1, box.Min.Y-1
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if red[y*w+x] > deep {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
		}
	}
	t := image.Rect(minX, minY, maxX+1, maxY+1)
	// Only a box whose deep ink spans most of it: a pale seal has little.
	if t.Dx()*10 < box.Dx()*9 || t.Dy()*10 < box.Dy()*9 {
		return box
	}
	return t
}

// findSeals finds seals on a red mask of w x h at scale px/mm (tint: the
// other strong colours), their boxes on the mask; search says whether to
// look for rings inside blobs that are no seal as a whole.
func findSeals(mask, tint []bool, w, h int, scale float64, search bool) []Seal {
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
		long, short := max(bw, bh), min(bw, bh)
		blob := image.Rect(minX, minY, maxX+1, maxY+1)
		if long <= 32 && short >= 10 && long/short < 1.2 {
			if s, ok := squareTest(mask, tint, w, minX, minY, maxX, maxY); ok {
				s.Box = blob
				seals = append(seals, s)
				continue
			}
		}
		if long < 28 || short < 18 { // a tax office's oval seal is 30 x 20 mm
			continue
		}
		if long > 60 || long/short > 1.7 {
			// Too big or too long for one seal: red ink touching a seal (a
			// hand-drawn circle, a red signature, another stamp) joins it
			// into one blob. Look for rings inside.
			if search {
				seals = append(seals, searchRings(mask, w, h, blob, scale)...)
			}
			continue
		}
		s := ringTest(mask, w, minX, minY, maxX, maxY)
		s.Box = blob
		if !search && s.Coverage < wholeRing {
			// A pale seal is taken only when its ring is whole: a
			// half-inked stamp is no seal.
			s.Score = 0
		}
		if (s.Score > 0 && long/short < 1.15) || !search {
			if s.Score > 0 {
				seals = append(seals, s)
			}
			continue
		}
		// Not one round ring as a whole: a hand-drawn circle or a red
		// line crossing a seal makes a blob of a seal's size whose box is
		// no seal's, or an oval one. Look for rings inside; an oval seal
		// is found there again, or stays as it was.
		if found := searchRings(mask, w, h, blob, scale); len(found) > 0 || s.Score == 0 {
			seals = append(seals, found...)
		} else {
			seals = append(seals, s)
		}
	}
	return seals
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
// of w x h at scale px/mm): round rings of 28 to 60 mm and ovals (an
// invoice seal is 40 x 30 mm, a tax office's 30 x 20 mm), lying or standing,
// with centres on a 1 mm grid; a ring where ink lies near the rim all the
// way round and paper lies outside it; the best rings that do not overlap,
// each then held to the same ring test as a lone seal.
func searchRings(mask []bool, w, h int, box image.Rectangle, scale float64) []Seal {
	type ring struct {
		cx, cy, rx, ry int
		cov            float64
		round          bool
	}
	step := max(1, int(scale)) // centres every millimetre
	band := max(1, int(0.8*scale))
	const sectors = 48
	var cos, sin [sectors]float64
	for k := range sectors {
		// in an order that spreads the first rays round the ring, so a
		// ring with a gap fails early
		a := 2 * math.Pi * float64(k*7%sectors) / sectors
		cos[k], sin[k] = math.Cos(a), math.Sin(a)
	}
	// inkOnRay reports ink along ray k within band of the rim (rx, ry): a
	// ring's ink, wherever the centre guess sits within a millimetre.
	inkOnRay := func(cx, cy, rx, ry, k int) bool {
		c, s := cos[k], sin[k]
		for d := -band; d <= band; d++ {
			x, y := cx+int(float64(rx+d)*c), cy+int(float64(ry+d)*s)
			if x >= 0 && y >= 0 && x < w && y < h && mask[y*w+x] {
				return true
			}
		}
		return false
	}
	const (
		minHit     = sectors * 3 / 4 // ink on three rays in four
		maxOutside = sectors / 2
	)
	var found []ring
	for _, shape := range sealShapes {
		for m := shape.from; m <= shape.to; m += 1.5 { // the long half-axis, mm
			rx, ry := int(m*scale), int(m*shape.ratio*scale)
			if shape.standing {
				rx, ry = ry, rx
			}
			if 2*rx > box.Dx()+2 || 2*ry > box.Dy()+2 {
				break
			}
			for cy := box.Min.Y + ry; cy <= box.Max.Y-ry; cy += step {
				for cx := box.Min.X + rx; cx <= box.Max.X-rx; cx += step {
					hit, miss, outside := 0, 0, 0
					for k := 0; k < sectors && miss <= sectors-minHit && outside <= maxOutside; k++ {
						if !inkOnRay(cx, cy, rx, ry, k) {
							miss++
							continue
						}
						hit++
						// Outside a seal's rim is paper: a ring through a
						// crowd of red characters or a table's rules has
						// ink beyond it too. (Beyond the rim's own width:
						// the size steps by 1.5 mm, and the rim may lie
						// that far out.)
						if inkOnRay(cx, cy, rx+3*band+2, ry+3*band+2, k) {
							outside++
						}
					}
					if hit >= minHit && outside <= maxOutside {
						found = append(found, ring{cx, cy, rx, ry, float64(hit) / sectors, shape.ratio == 1})
					}
				}
			}
		}
	}
	// Round rings first: an oval fits inside a round seal's ring as well
	// as the ring itself, and only where no round seal is are ovals tried.
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].round != found[j].round {
			return found[i].round
		}
		if found[i].cov != found[j].cov {
			return found[i].cov > found[j].cov
		}
		return found[i].rx*found[i].ry > found[j].rx*found[j].ry
	})
	var out []Seal
	// Each ring tried blocks the rings centred inside it: a seal kept
	// blocks every ring, a ring that failed the test (an empty hand-drawn
	// circle) blocks the rings of its own kind.
	var tried []ring
	var kept []bool
	for _, c := range found {
		near := false
		for i, k := range tried {
			if (kept[i] || k.round == c.round) && math.Hypot(float64(c.cx-k.cx), float64(c.cy-k.cy)) < float64(min(k.rx, k.ry)) {
				near = true
			}
		}
		box := image.Rect(c.cx-c.rx, c.cy-c.ry, c.cx+c.rx+1, c.cy+c.ry+1)
		for _, o := range out {
			// an oval cut out of a round seal's ring and the text beside it
			if !c.round && area(box.Intersect(o.Box))*3 > area(box) {
				near = true
			}
		}
		if near {
			continue
		}
		s := ringTest(mask, w, c.cx-c.rx, c.cy-c.ry, c.cx+c.rx, c.cy+c.ry)
		tried, kept = append(tried, c), append(kept, s.Score > 0)
		if s.Score > 0 {
			s.Box = box
			out = append(out, s)
		}
	}
	return out
}

// sealShapes are the rings searchRings looks for: the long half-axis from
// and to (mm), the short one's share of it, and whether the long axis
// stands (an oval seal on a page scanned on its side).
var sealShapes = []struct {
	from, to, ratio float64
	standing        bool
}{
	{14, 30, 1, false},
	{14, 24, 0.75, false},
	{14, 24, 0.75, true},
	{14, 20, 0.66, false},
	{14, 20, 0.66, true},
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
	// A rectangular stamp's frame runs straight along two or more sides of
	// the box; a ring touches each side only around its middle.
	if straightSides(mask, w, x0, y0, x1, y1) >= 2 {
		return Seal{Coverage: float64(cov) / 72}
	}
	// A seal's rim is cut about a fortieth of its width wide, and its ink
	// spreads; a table's rules, a frame or a pen's line are thinner, however
	// round the ink they make.
	if rimWidth(mask, w, cx, cy, rx, ry)/(rx+ry) < minRim {
		return Seal{Coverage: float64(cov) / 72}
	}
	s := Seal{Coverage: float64(cov) / 72, Inner: float64(inner) / float64(max(1, innerN))}
	// An oval is taken only when its ring is whole: half a round seal, a
	// round one with a line run into it, or a hand-drawn circle crossing
	// one, has an oval's box.
	if max(rx, ry) >= 1.15*min(rx, ry) && s.Coverage < wholeRing {
		return s
	}
	textD := float64(text) / float64(max(1, textN))
	// A seal's text band is mostly paper; a red disk filled with ink (the
	// national emblem on a licence, a sticker) is not a seal.
	if s.Coverage >= 0.6 && (s.Inner >= 0.08 || textD >= 0.06) && textD >= 0.02 && textD <= 0.55 {
		s.Score = math.Min(1, (s.Coverage-0.5)*2.5) * math.Min(1, (s.Inner+textD)*4)
	}
	return s
}

// wholeRing is the share of a ring's angle with ink that makes it whole.
const wholeRing = 0.95

// minRim is the narrowest rim taken for a seal's, as a share of its
// diameter (real seals measure 0.035 to 0.07 on the mask, a hand-drawn
// circle or a table's frame 0.01 to 0.02).
const minRim = 0.028

// rimWidth is the median width, in mask pixels, of the ink crossing the rim
// of the ellipse (cx, cy, rx, ry): along 72 rays, the run of ink between
// 0.75 and 1.1 of the way out that lies nearest the rim, over the rays
// that meet ink.
func rimWidth(mask []bool, w int, cx, cy, rx, ry float64) float64 {
	h := len(mask) / w
	var runs []float64
	for k := 0; k < 72; k++ {
		a := 2 * math.Pi * float64(k) / 72
		c, s := math.Cos(a), math.Sin(a)
		// step half a pixel along the ray
		n := int(0.35*math.Hypot(rx*c, ry*s)*2) + 1
		best, bestDist, start := 0, math.Inf(1), -1
		for i := 0; i <= n+1; i++ {
			ink := false
			if i <= n {
				t := 0.75 + 0.35*float64(i)/float64(n)
				x, y := int(math.Round(cx+t*rx*c)), int(math.Round(cy+t*ry*s))
				ink = x >= 0 && y >= 0 && x < w && y < h && mask[y*w+x]
			}
			switch {
			case ink && start < 0:
				start = i
			case !ink && start >= 0:
				mid := 0.75 + 0.35*float64(start+i-1)/2/float64(n)
				if d := math.Abs(mid - 1); d < bestDist {
					best, bestDist = i-start, d
				}
				start = -1
			}
		}
		if best > 0 {
			runs = append(runs, float64(best)/2)
		}
	}
	if len(runs) == 0 {
		return 0
	}
	sort.Float64s(runs)
	return runs[len(runs)/2]
}

// straightSides counts the sides of the box (x0, y0)-(x1, y1) along which
// ink runs for more than four fifths of the side's length, within a strip
// of a twelfth of the box inside it.
func straightSides(mask []bool, w, x0, y0, x1, y1 int) int {
	h := len(mask) / w
	inkAt := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h && mask[y*w+x] }
	sx, sy := max(1, (x1-x0+1)/12), max(1, (y1-y0+1)/12)
	side := func(n, depth int, at func(i, d int) bool) bool {
		hit := 0
		for i := 0; i < n; i++ {
			for d := 0; d < depth; d++ {
				if at(i, d) {
					hit++
					break
				}
			}
		}
		return hit*5 > n*4
	}
	n := 0
	for _, straight := range []bool{
		side(x1-x0+1, sy, func(i, d int) bool { return inkAt(x0+i, y0+d) }),
		side(x1-x0+1, sy, func(i, d int) bool { return inkAt(x0+i, y1-d) }),
		side(y1-y0+1, sx, func(i, d int) bool { return inkAt(x0+d, y0+i) }),
		side(y1-y0+1, sx, func(i, d int) bool { return inkAt(x1-d, y0+i) }),
	} {
		if straight {
			n++
		}
	}
	return n
}

// squareTest tells a square name seal: a frame of ink straight along all
// four sides, round a few characters that fill the inside without
// flooding it (a red block, a sticker, is no seal).
func squareTest(mask, tint []bool, w, x0, y0, x1, y1 int) (Seal, bool) {
	if straightSides(mask, w, x0, y0, x1, y1) < 4 {
		return Seal{}, false
	}
	// A stamp is one ink on paper: within and just beyond its frame there
	// is paper, or black print, not other colours (a photo, a coloured
	// pattern).
	h := len(mask) / w
	m := max(2, (x1-x0+1)/8)
	coloured, n := 0, 0
	for y := max(0, y0-m); y <= min(h-1, y1+m); y++ {
		for x := max(0, x0-m); x <= min(w-1, x1+m); x++ {
			n++
			if tint[y*w+x] {
				coloured++
			}
		}
	}
	if coloured*10 > n {
		return Seal{}, false
	}
	// Frames inside frames (a photo's coloured squares, a printed box
	// pattern) are no seal: its characters leave no straight side within.
	ix, iy := (x1-x0+1)/5, (y1-y0+1)/5
	if straightSides(mask, w, x0+ix, y0+iy, x1-ix, y1-iy) >= 3 {
		return Seal{}, false
	}
	mx, my := (x1-x0+1)/6, (y1-y0+1)/6
	ink, inside := 0, 0
	for y := y0 + my; y <= y1-my; y++ {
		for x := x0 + mx; x <= x1-mx; x++ {
			inside++
			if mask[y*w+x] {
				ink++
			}
		}
	}
	d := float64(ink) / float64(max(1, inside))
	if d < 0.12 || d > 0.6 {
		return Seal{}, false
	}
	return Seal{Square: true, Coverage: 1, Inner: d, Score: 1}, true
}

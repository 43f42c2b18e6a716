package seal

import (
	"image"
	"math"
	"sort"
)

// rays is how many directions the radial profile of a candidate looks in.
const rays = 90

// run is a stretch of ink along a ray: its middle and width, in cells.
type run struct{ mid, width float64 }

// ellipse is a seal's rim: centre and half-axes, in cells, axes along the
// page's.
type ellipse struct{ cx, cy, rx, ry float64 }

// radius is the distance from the centre to the rim at angle a.
func (e ellipse) radius(a float64) float64 {
	c, s := math.Cos(a), math.Sin(a)
	return e.rx * e.ry / math.Hypot(e.ry*c, e.rx*s)
}

// verify holds a candidate centre to a seal's radial profile on the mask
// of ink t: a rim (the outermost ring of ink that most rays cross at a
// smooth ellipse's distance), with paper beyond it, a seal's width of ink,
// and a seal's text or star inside. Rays whose rim is hidden under dark
// print or off the page count for nothing either way.
func (m *inkMap) verify(mask []bool, t float32, c image.Point) (Seal, bool) {
	e := ellipse{cx: float64(c.X), cy: float64(c.Y)}
	for iter := 0; iter < 8; iter++ {
		runs := m.rayRuns(mask, e.cx, e.cy)
		fit, ok := m.fitRim(runs, e.cx, e.cy)
		if !ok {
			return Seal{}, false
		}
		moved := math.Hypot(fit.cx-e.cx, fit.cy-e.cy)
		e = fit
		if moved < 0.3 {
			break
		}
	}
	if s, ok := m.measure(mask, t, e); ok {
		return s, ok
	}
	// A rim that is no seal's may be a round seal's joined to a line
	// crossing it (a pen's loop drawn round the seal): the circle most rays
	// have a run on, fitted through the runs of three rays at a time.
	if c, ok := m.circleOn(m.rayRuns(mask, e.cx, e.cy), e); ok {
		return m.measure(mask, t, c)
	}
	return Seal{}, false
}

// circleOn finds, among the runs of ink along the rays from e's centre,
// the circle of a seal's size that most rays have a run on (of those as
// well supported, the largest: the rim, not the ring of text inside it),
// by circles through the runs of three rays a third of a turn apart.
func (m *inkMap) circleOn(runs [rays][]run, e ellipse) (ellipse, bool) {
	type pt struct{ x, y float64 }
	var pts [rays][]pt
	for k := range rays {
		a := 2 * math.Pi * float64(k) / rays
		for _, ru := range runs[k] {
			pts[k] = append(pts[k], pt{ru.mid * math.Cos(a), ru.mid * math.Sin(a)})
		}
	}
	support := func(c ellipse) int {
		n := 0
		for k := range rays {
			for _, p := range pts[k] {
				if d := math.Hypot(p.x-c.cx, p.y-c.cy); math.Abs(d-c.rx) <= max(1.5, 0.04*c.rx) {
					n++
					break
				}
			}
		}
		return n
	}
	var best ellipse
	bestN := 0
	for k := range rays / 3 {
		for _, p1 := range pts[k] {
			for _, p2 := range pts[k+rays/3] {
				for _, p3 := range pts[k+2*rays/3] {
					c, ok := circleThrough(p1.x, p1.y, p2.x, p2.y, p3.x, p3.y)
					if !ok || c.rx < minLongHalfAxis*m.scale || c.rx > maxHalfAxis*m.scale || math.Hypot(c.cx, c.cy) > 0.5*c.rx {
						continue
					}
					if n := support(c); n > bestN || n == bestN && c.rx > best.rx {
						best, bestN = c, n
					}
				}
			}
		}
	}
	if bestN < rays*3/4 {
		return ellipse{}, false
	}
	best.cx += e.cx
	best.cy += e.cy
	return best, true
}

// circleThrough is the circle through three points, as an ellipse.
func circleThrough(x1, y1, x2, y2, x3, y3 float64) (ellipse, bool) {
	d := 2 * (x1*(y2-y3) + x2*(y3-y1) + x3*(y1-y2))
	if math.Abs(d) < 1e-9 {
		return ellipse{}, false
	}
	s1, s2, s3 := x1*x1+y1*y1, x2*x2+y2*y2, x3*x3+y3*y3
	cx := (s1*(y2-y3) + s2*(y3-y1) + s3*(y1-y2)) / d
	cy := (s1*(x3-x2) + s2*(x1-x3) + s3*(x2-x1)) / d
	r := math.Hypot(x1-cx, y1-cy)
	return ellipse{cx, cy, r, r}, true
}

// rayRuns lists, for each ray from (cx, cy), the runs of ink between a
// third of the smallest half-axis and a little beyond the largest.
func (m *inkMap) rayRuns(mask []bool, cx, cy float64) [rays][]run {
	var out [rays][]run
	from, to := minHalfAxis*m.scale/3, maxHalfAxis*m.scale*1.1
	for k := range rays {
		a := 2 * math.Pi * float64(k) / rays
		c, s := math.Cos(a), math.Sin(a)
		start := -1.0
		for d := from; d <= to+0.5; d += 0.5 {
			x, y := int(math.Round(cx+d*c)), int(math.Round(cy+d*s))
			ink := d <= to && x >= 0 && y >= 0 && x < m.w && y < m.h && mask[y*m.w+x]
			switch {
			case ink && start < 0:
				start = d
			case !ink && start >= 0:
				out[k] = append(out[k], run{(start + d - 0.5) / 2, d - start})
				start = -1
			}
		}
	}
	return out
}

// fitRim finds the rim among the runs: of the ellipses centred at (cx, cy)
// with half-axes of a seal's, round or oval, lying or standing, the one
// most rays have ink on; of those near the best, the largest (a seal's
// outer rim, not its inner ring or its ring of text). It then re-fits the
// ellipse's centre and axes to the runs on it.
func (m *inkMap) fitRim(runs [rays][]run, cx, cy float64) (ellipse, bool) {
	type cand struct {
		e       ellipse
		support int
	}
	// near[k][i]: ray k has a run of ink on a rim at i/2 cells out.
	size := int(maxHalfAxis*m.scale*2.4) + 2
	var near [rays][]bool
	for k := range rays {
		near[k] = make([]bool, size)
		for _, ru := range runs[k] {
			tol := max(1.5, 0.04*ru.mid) + ru.width/2
			for i := max(0, int(2*(ru.mid-tol))); i <= min(size-1, int(2*(ru.mid+tol))); i++ {
				near[k][i] = true
			}
		}
	}
	var cosK, sinK [rays]float64
	for k := range rays {
		a := 2 * math.Pi * float64(k) / rays
		cosK[k], sinK[k] = math.Cos(a), math.Sin(a)
	}
	var cands []cand
	best := 0
	step := m.scale / 2
	for r := minHalfAxis * m.scale; r <= maxHalfAxis*m.scale; r += step {
		for _, ratio := range []float64{1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.66, 0.62} {
			for _, standing := range []bool{false, true} {
				if ratio == 1 && standing {
					continue
				}
				e := ellipse{cx, cy, r, r * ratio}
				if standing {
					e.rx, e.ry = e.ry, e.rx
				}
				if min(e.rx, e.ry) < minHalfAxis*m.scale*0.95 {
					continue
				}
				n := 0
				for k := range rays {
					rho := e.rx * e.ry / math.Hypot(e.ry*cosK[k], e.rx*sinK[k])
					if i := int(2 * rho); i < size && near[k][i] {
						n++
					}
				}
				best = max(best, n)
				cands = append(cands, cand{e, n})
			}
		}
	}
	if best < rays/3 {
		return ellipse{}, false
	}
	var pick cand
	for _, c := range cands {
		if c.support*10 >= best*9 && c.e.rx*c.e.ry > pick.e.rx*pick.e.ry {
			pick = c
		}
	}
	// Re-fit: the runs on the picked rim, least squares.
	var pts [][2]float64
	for k := range rays {
		a := 2 * math.Pi * float64(k) / rays
		rho := pick.e.radius(a)
		// the outermost run out to a little beyond it: a seal's rim lies
		// outside its text, and the picked rim may be the text's ring
		// where the centre guessed is off
		outer := 0.0
		for _, ru := range runs[k] {
			if ru.mid >= 0.8*rho && ru.mid <= 1.25*rho {
				outer = ru.mid
			}
		}
		if outer > 0 {
			pts = append(pts, [2]float64{outer * math.Cos(a), outer * math.Sin(a)})
		}
	}
	fit, ok := fitEllipse(pts)
	if ok {
		// Once more without the points off the fit: red beyond the rim.
		var in [][2]float64
		for _, p := range pts {
			x, y := p[0]-fit.cx, p[1]-fit.cy
			rho := fit.radius(math.Atan2(y, x))
			if math.Abs(math.Hypot(x, y)-rho) <= max(2, 0.06*rho) {
				in = append(in, p)
			}
		}
		if len(in) < len(pts) {
			fit, ok = fitEllipse(in)
		}
	}
	if !ok || math.Hypot(fit.cx, fit.cy) > 3*m.scale {
		return pick.e, true
	}
	fit.cx += cx
	fit.cy += cy
	return fit, true
}

// fitEllipse fits an ellipse with axes along x and y to points, by least
// squares on A x^2 + C y^2 + D x + E y = 1.
func fitEllipse(pts [][2]float64) (ellipse, bool) {
	if len(pts) < 8 {
		return ellipse{}, false
	}
	var n [4][5]float64
	for _, p := range pts {
		x, y := p[0], p[1]
		row := [4]float64{x * x, y * y, x, y}
		for i := range 4 {
			for j := range 4 {
				n[i][j] += row[i] * row[j]
			}
			n[i][4] += row[i]
		}
	}
	// Gaussian elimination with partial pivoting.
	for col := range 4 {
		p := col
		for r := col + 1; r < 4; r++ {
			if math.Abs(n[r][col]) > math.Abs(n[p][col]) {
				p = r
			}
		}
		n[col], n[p] = n[p], n[col]
		if math.Abs(n[col][col]) < 1e-12 {
			return ellipse{}, false
		}
		for r := range 4 {
			if r == col {
				continue
			}
			f := n[r][col] / n[col][col]
			for j := col; j < 5; j++ {
				n[r][j] -= f * n[col][j]
			}
		}
	}
	a, c, d, e := n[0][4]/n[0][0], n[1][4]/n[1][1], n[2][4]/n[2][2], n[3][4]/n[3][3]
	if a <= 0 || c <= 0 {
		return ellipse{}, false
	}
	x0, y0 := -d/(2*a), -e/(2*c)
	g := 1 + a*x0*x0 + c*y0*y0
	if g <= 0 {
		return ellipse{}, false
	}
	return ellipse{x0, y0, math.Sqrt(g / a), math.Sqrt(g / c)}, true
}

// measure takes the radial profile of the rim e and says whether it is a
// seal's, and how sure that is.
func (m *inkMap) measure(mask []bool, t float32, e ellipse) (Seal, bool) {
	long, short := max(e.rx, e.ry), min(e.rx, e.ry)
	// Round seals are 28 mm across or more, ovals 30 x 20 or more.
	if long > maxHalfAxis*m.scale || long < minLongHalfAxis*m.scale || short < minHalfAxis*m.scale*0.95 || long > 1.65*short {
		return Seal{}, false
	}
	inkAt := func(x, y int) bool { return x >= 0 && y >= 0 && x < m.w && y < m.h && mask[y*m.w+x] }
	hiddenAt := func(x, y int) bool { return x < 0 || y < 0 || x >= m.w || y >= m.h || m.dark[y*m.w+x] }
	hit, miss, outside := 0, 0, 0
	var widths, rimInk []float64
	beyond0, beyond1 := 1.5*m.scale, 3.5*m.scale
	for k := range rays {
		a := 2 * math.Pi * float64(k) / rays
		c, s := math.Cos(a), math.Sin(a)
		rho := e.radius(a)
		tol := max(1.5, 0.05*rho)
		found, hidden := false, false
		for d := rho - tol; d <= rho+tol; d += 0.5 {
			x, y := int(math.Round(e.cx+d*c)), int(math.Round(e.cy+d*s))
			if inkAt(x, y) {
				found = true
				rimInk = append(rimInk, float64(m.ink[y*m.w+x]))
				break
			}
			hidden = hidden || hiddenAt(x, y)
		}
		switch {
		case found:
			hit++
			// the rim's width: the run of ink through the rim, in and out
			in, out := rho, rho
			for ; in > rho-tol-0.15*rho && !inkAt(int(math.Round(e.cx+in*c)), int(math.Round(e.cy+in*s))); in -= 0.5 {
			}
			if !inkAt(int(math.Round(e.cx+in*c)), int(math.Round(e.cy+in*s))) {
				for in = rho; in < rho+tol && !inkAt(int(math.Round(e.cx+in*c)), int(math.Round(e.cy+in*s))); in += 0.5 {
				}
			}
			for out = in; out < rho+tol+0.15*rho && inkAt(int(math.Round(e.cx+out*c)), int(math.Round(e.cy+out*s))); out += 0.5 {
			}
			lo := in
			for ; lo > in-0.15*rho && inkAt(int(math.Round(e.cx+lo*c)), int(math.Round(e.cy+lo*s))); lo -= 0.5 {
			}
			widths = append(widths, out-lo-0.5)
			// Beyond a seal's rim is paper: a ring through a crowd of red
			// characters, a table's red rules, has ink beyond it too.
			for d := out + beyond0 - 0.5; d <= out+beyond1; d += 0.5 {
				if inkAt(int(math.Round(e.cx+d*c)), int(math.Round(e.cy+d*s))) {
					outside++
					break
				}
			}
		case hidden:
		default:
			miss++
		}
	}
	known := hit + miss
	if known*2 < rays {
		return Seal{}, false
	}
	cov := float64(hit) / float64(known)
	need := 0.8
	if long >= 1.15*short {
		// An oval is taken only when whole: half a round seal, or a round
		// one with a line run into it, has an oval's box.
		need = 0.9
	}
	if cov < need || outside*2 > hit {
		return Seal{}, false
	}
	sort.Float64s(widths)
	rim := widths[len(widths)/2]
	// A rim is one line of ink all round: walked along closely, it is
	// inked nearly everywhere it shows. A ring drawn through a pattern, a
	// block of text or the corners of a frame meets ink only here and
	// there, however many rays it crosses.
	if m.continuity(mask, e, rim) < need-0.1 {
		return Seal{}, false
	}
	// A pen's line or a table rule is thinner than a seal's rim (about a
	// millimetre, spread by the ink); a disk of ink is no ring.
	if rim < 0.5*m.scale || rim > 0.2*(e.rx+e.ry) {
		return Seal{}, false
	}
	// Inside: the star or emblem at the centre, the text round the rim,
	// in ink half as strong as the rim's or more: a faint stamp's text is
	// as faint as its rim.
	sort.Float64s(rimInk)
	tt := float32(min(float64(t), max(0.04, rimInk[len(rimInk)/2]/2)))
	var inner, innerN, text, textN, fill, fillN int
	x0, y0 := int(e.cx-e.rx), int(e.cy-e.ry)
	x1, y1 := int(e.cx+e.rx), int(e.cy+e.ry)
	for y := max(0, y0); y <= min(m.h-1, y1); y++ {
		for x := max(0, x0); x <= min(m.w-1, x1); x++ {
			d := math.Hypot((float64(x)-e.cx)/e.rx, (float64(y)-e.cy)/e.ry)
			if d < 0.8 {
				fillN++
				if m.ink[y*m.w+x] >= tt {
					fill++
				}
			}
			switch {
			case d < 0.3:
				innerN++
				if m.ink[y*m.w+x] >= tt {
					inner++
				}
			case d > 0.45 && d < 0.78:
				textN++
				if m.ink[y*m.w+x] >= tt {
					text++
				}
			}
		}
	}
	in := float64(inner) / float64(max(1, innerN))
	td := float64(text) / float64(max(1, textN))
	// A seal's text band is mostly paper, and so is the rest of its inside
	// (real seals: a tenth to a third inked); a red disk filled with ink
	// (the national emblem on a licence, a sticker) is not a seal, nor an
	// empty circle.
	fd := float64(fill) / float64(max(1, fillN))
	if fd > 0.4 || td > 0.55 || !(td >= 0.06 || (in >= 0.08 && td >= 0.01)) {
		return Seal{}, false
	}
	score := math.Min(1, (cov-0.7)/0.25) * math.Min(1, (in+td)*4)
	box := image.Rect(int(math.Floor(e.cx-e.rx-rim/2)), int(math.Floor(e.cy-e.ry-rim/2)), int(math.Ceil(e.cx+e.rx+rim/2))+1, int(math.Ceil(e.cy+e.ry+rim/2))+1)
	return Seal{Box: box, Coverage: cov, Inner: in, Score: score}, score > 0
}

// continuity walks the rim e about every quarter cell and gives the share
// of the steps, of those not hidden under dark print or off the page, with
// ink within half the rim's width (and a cell) of the line.
func (m *inkMap) continuity(mask []bool, e ellipse, rim float64) float64 {
	n := int(2 * math.Pi * max(e.rx, e.ry) * 4)
	band := rim/2 + 1
	inked, seen := 0, 0
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		c, s := math.Cos(a), math.Sin(a)
		rho := e.radius(a)
		ink, hidden := false, false
		for d := rho - band; d <= rho+band; d += 0.5 {
			x, y := int(math.Round(e.cx+d*c)), int(math.Round(e.cy+d*s))
			if x < 0 || y < 0 || x >= m.w || y >= m.h {
				hidden = true
				continue
			}
			if mask[y*m.w+x] {
				ink = true
				break
			}
			hidden = hidden || m.dark[y*m.w+x]
		}
		switch {
		case ink:
			inked++
			seen++
		case !hidden:
			seen++
		}
	}
	return float64(inked) / float64(max(1, seen))
}

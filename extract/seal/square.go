package seal

import "image"

// squares finds square name seals (a person's 法人章) on the mask of red
// ink: blobs of 10 to 32 mm, about square, that pass squareTest.
func squares(mask []bool, m *inkMap, scale float64) []Seal {
	w, h := m.w, m.h
	// Join broken ink: dilate once before labelling.
	dil := make([]bool, len(mask))
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			dil[i] = mask[i] || mask[i-1] || mask[i+1] || mask[i-w] || mask[i+w]
		}
	}
	seen := make([]bool, len(dil))
	var out []Seal
	var stack []int
	for start := range dil {
		if !dil[start] || seen[start] {
			continue
		}
		seen[start] = true
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
					if j := ny*w + nx; dil[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		bw, bh := float64(maxX-minX+1)/scale, float64(maxY-minY+1)/scale
		long, short := max(bw, bh), min(bw, bh)
		if long > 32 || short < 10 || long/short >= 1.2 {
			continue
		}
		if s, ok := squareTest(mask, m, minX, minY, maxX, maxY); ok {
			s.Box = image.Rect(minX, minY, maxX+1, maxY+1)
			out = append(out, s)
		}
	}
	return out
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
// flooding it (a red block, a sticker, is no seal), on paper rather than
// among other colours.
func squareTest(mask []bool, m *inkMap, x0, y0, x1, y1 int) (Seal, bool) {
	w, h := m.w, m.h
	if straightSides(mask, w, x0, y0, x1, y1) < 4 {
		return Seal{}, false
	}
	// A stamp is one ink on paper: within and just beyond its frame there
	// is paper, or black print, not a photo's or a pattern's colours (ink
	// weaker than a stamp's but more than the paper's).
	mg := max(2, (x1-x0+1)/8)
	coloured, n := 0, 0
	for y := max(0, y0-mg); y <= min(h-1, y1+mg); y++ {
		for x := max(0, x0-mg); x <= min(w-1, x1+mg); x++ {
			n++
			if m.tint[y*w+x] {
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

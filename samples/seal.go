package samples

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// sealSpec describes one official seal as a stamp would print it.
type sealSpec struct {
	top      string  // text along the upper arc: the unit's (or authority's) name
	bottom   string  // text along the lower arc, often a 13-digit number; may be empty
	diamMM   float64 // 40-42 mm for a unit's seal
	strength float64 // ink strength 0..1
	ellipse  float64 // x scale, 0.95-1.05
	rotate   float64 // degrees the stamp was turned
	uneven   float64 // 0: even ink; 1: blotchy with dropouts
	half     bool    // half of the stamp did not touch the paper
	font     int
	// The stamp maker's design: rim width (mm; 0 means 1.3), a thin inner
	// ring inside the rim, and the star's size as a share of the radius (0
	// means 0.3).
	ringMM    float64
	innerRing bool
	starScale float64
}

// sealDesign varies a unit's seal the way stamp makers do: a rim from a
// thin 0.7 mm to a heavy 2 mm, an inner ring on some, stars from small to
// large, a diameter from 38 to 46 mm.
func sealDesign(rng *rand.Rand, s sealSpec) sealSpec {
	s.diamMM = 38 + rng.Float64()*8
	s.ringMM = 0.7 + rng.Float64()*1.3
	s.innerRing = rng.IntN(4) == 0
	s.starScale = 0.2 + rng.Float64()*0.16
	return s
}

// renderSeal draws the seal as an alpha mask (ink coverage) at the canvas's DPI.
func renderSeal(fs *fontSet, s sealSpec, dpi float64, rng *rand.Rand) *image.Alpha {
	R := s.diamMM / 2 * dpi / 25.4
	size := int(2*R + 8)
	m := image.NewAlpha(image.Rect(0, 0, size, size))
	cx, cy := float64(size)/2, float64(size)/2
	ringW := 1.3 * dpi / 25.4
	if s.ringMM > 0 {
		ringW = s.ringMM * dpi / 25.4
	}
	starR := R * 0.3
	if s.starScale > 0 {
		starR = R * s.starScale
	}
	innerR, innerW := R-ringW-0.8*dpi/25.4, 0.35*dpi/25.4
	star := starPolygon(cx, cy, starR)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			d := math.Hypot(dx, dy)
			if d <= R && d >= R-ringW || s.innerRing && d <= innerR && d >= innerR-innerW {
				m.Pix[y*m.Stride+x] = 255
			} else if d < starR*1.05 && inPolygon(float64(x)+0.5, float64(y)+0.5, star) {
				m.Pix[y*m.Stride+x] = 255
			}
		}
	}
	// Glyphs along the arcs.
	gpx := R * 0.30
	if n := len([]rune(s.top)); n > 0 {
		span := math.Min(250, 22*float64(n)) * math.Pi / 180
		r := R - ringW - gpx*0.15 - gpx/2
		if s.innerRing {
			r = innerR - innerW - gpx*0.1 - gpx/2
		}
		runes := []rune(s.top)
		for i, ch := range runes {
			th := -span/2 + span*(float64(i)+0.5)/float64(n)
			placeGlyph(m, fs.glyphMask(string(ch), s.font, gpx), cx+r*math.Sin(th), cy-r*math.Cos(th), th)
		}
	}
	if n := len([]rune(s.bottom)); n > 0 {
		bpx := R * 0.14
		span := math.Min(110, 8.5*float64(n)) * math.Pi / 180
		r := R - ringW - bpx*0.2 - bpx/2
		for i, ch := range []rune(s.bottom) {
			th := math.Pi + span/2 - span*(float64(i)+0.5)/float64(n)
			placeGlyph(m, fs.glyphMask(string(ch), Sans, bpx), cx+r*math.Sin(th), cy-r*math.Cos(th), th-math.Pi)
		}
	}
	// Ink: uneven pressure, pores and dropouts, maybe half the stamp missing.
	field := valueNoise(rng, size, size, int(R/3)+1)
	hx, hy := math.Cos(rng.Float64()*2*math.Pi), 0.0
	hy = math.Sqrt(1 - hx*hx)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			i := y*m.Stride + x
			if m.Pix[i] == 0 {
				continue
			}
			v := float64(m.Pix[i]) / 255 * s.strength
			v *= 1 - s.uneven*0.6*field[y*size+x]
			if s.uneven > 0 && rng.Float64() < 0.08*s.uneven {
				v *= 0.3
			}
			if s.half {
				side := (float64(x)-cx)*hx + (float64(y)-cy)*hy
				if side > -R*0.1 {
					v *= 0.08
				}
			}
			m.Pix[i] = uint8(math.Min(255, v*255))
		}
	}
	// The stamp lands turned and a little out of round.
	th := s.rotate * math.Pi / 180
	ex := s.ellipse
	out := image.NewAlpha(image.Rect(0, 0, size, size))
	c, sn := math.Cos(th), math.Sin(th)
	aff := f64.Aff3{c * ex, -sn, 0, sn * ex, c, 0}
	aff[2] = cx - (aff[0]*cx + aff[1]*cy)
	aff[5] = cy - (aff[3]*cx + aff[4]*cy)
	xdraw.BiLinear.Transform(out, aff, m, m.Bounds(), xdraw.Over, nil)
	return out
}

func placeGlyph(dst *image.Alpha, g *image.Alpha, px, py, th float64) {
	gw, gh := float64(g.Bounds().Dx()), float64(g.Bounds().Dy())
	c, s := math.Cos(th), math.Sin(th)
	aff := f64.Aff3{c, -s, 0, s, c, 0}
	aff[2] = px - (c*gw/2 - s*gh/2)
	aff[5] = py - (s*gw/2 + c*gh/2)
	xdraw.BiLinear.Transform(dst, aff, g, g.Bounds(), xdraw.Over, nil)
}

func starPolygon(cx, cy, r float64) [][2]float64 {
	var p [][2]float64
	for i := 0; i < 10; i++ {
		rr := r
		if i%2 == 1 {
			rr = r * 0.382
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		p = append(p, [2]float64{cx + rr*math.Cos(a), cy + rr*math.Sin(a)})
	}
	return p
}

func inPolygon(x, y float64, p [][2]float64) bool {
	in := false
	for i, j := 0, len(p)-1; i < len(p); j, i = i, i+1 {
		if (p[i][1] > y) != (p[j][1] > y) && x < (p[j][0]-p[i][0])*(y-p[i][1])/(p[j][1]-p[i][1])+p[i][0] {
			in = !in
		}
	}
	return in
}

// valueNoise is smooth noise in 0..1 on a grid of cell pixels.
func valueNoise(rng *rand.Rand, w, h, cell int) []float64 {
	gw, gh := w/cell+2, h/cell+2
	g := make([]float64, gw*gh)
	for i := range g {
		g[i] = rng.Float64()
	}
	out := make([]float64, w*h)
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(cell)
		y0 := int(fy)
		ty := fy - float64(y0)
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(cell)
			x0 := int(fx)
			tx := fx - float64(x0)
			a := g[y0*gw+x0]*(1-tx) + g[y0*gw+x0+1]*tx
			b := g[(y0+1)*gw+x0]*(1-tx) + g[(y0+1)*gw+x0+1]*tx
			out[y*w+x] = a*(1-ty) + b*ty
		}
	}
	return out
}

// stamp multiplies ink of colour col onto the page through mask, centred at (x, y) mm:
// the paper and the print beneath show through the seal as they do on paper.
func (c *canvas) stamp(mask *image.Alpha, xmm, ymm float64, col color.RGBA) {
	b := mask.Bounds()
	ox, oy := c.px(xmm)-b.Dx()/2, c.px(ymm)-b.Dy()/2
	pb := c.img.Bounds()
	cr, cg, cb := float64(col.R)/255, float64(col.G)/255, float64(col.B)/255
	for y := 0; y < b.Dy(); y++ {
		py := oy + y
		if py < 0 || py >= pb.Dy() {
			continue
		}
		for x := 0; x < b.Dx(); x++ {
			px := ox + x
			if px < 0 || px >= pb.Dx() {
				continue
			}
			a := float64(mask.Pix[y*mask.Stride+x]) / 255
			if a == 0 {
				continue
			}
			i := py*c.img.Stride + px*4
			p := c.img.Pix[i : i+3 : i+3]
			p[0] = uint8(float64(p[0]) * (1 - a + a*cr))
			p[1] = uint8(float64(p[1]) * (1 - a + a*cg))
			p[2] = uint8(float64(p[2]) * (1 - a + a*cb))
		}
	}
}

// sealRed varies the ink between stamps: from crimson (blue above green)
// through vermilion to orange-red (green above blue).
func sealRed(rng *rand.Rand) color.RGBA {
	t := rng.Float64() // 0 crimson .. 1 orange-red
	g, b := 20+t*65+rng.Float64()*15, 65-t*40+rng.Float64()*15
	return color.RGBA{uint8(200 + rng.IntN(45)), uint8(g), uint8(b), 255}
}

// stroke draws a pen stroke along a polyline (mm), multiplied onto the page like ink.
func (c *canvas) stroke(pts [][2]float64, wmm float64, col color.RGBA) {
	r := c.pxf(wmm) / 2
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, minY = math.Min(minX, c.pxf(p[0])), math.Min(minY, c.pxf(p[1]))
		maxX, maxY = math.Max(maxX, c.pxf(p[0])), math.Max(maxY, c.pxf(p[1]))
	}
	pad := int(r) + 2
	ox, oy := int(minX)-pad, int(minY)-pad
	m := image.NewAlpha(image.Rect(0, 0, int(maxX)-ox+pad, int(maxY)-oy+pad))
	b := m.Bounds()
	for i := 1; i < len(pts); i++ {
		x0, y0 := c.pxf(pts[i-1][0])-float64(ox), c.pxf(pts[i-1][1])-float64(oy)
		x1, y1 := c.pxf(pts[i][0])-float64(ox), c.pxf(pts[i][1])-float64(oy)
		n := int(math.Hypot(x1-x0, y1-y0)) + 1
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			x, y := x0+(x1-x0)*t, y0+(y1-y0)*t
			for yy := int(y - r); yy <= int(y+r); yy++ {
				for xx := int(x - r); xx <= int(x+r); xx++ {
					if image.Pt(xx, yy).In(b) && math.Hypot(float64(xx)-x, float64(yy)-y) <= r {
						m.Pix[yy*m.Stride+xx] = 230
					}
				}
			}
		}
	}
	c.stamp(m, (float64(ox)+float64(b.Dx())/2)*25.4/c.dpi, (float64(oy)+float64(b.Dy())/2)*25.4/c.dpi, col)
}

package seal

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestInk holds the ink model to what red ink does: its strength is the
// same on white paper, over a grey copy and over dark print it is stamped
// on; orange, pink-violet, grey and a JPEG's colour noise are no red ink.
func TestInk(t *testing.T) {
	over := func(paper uint8, r, g, b uint8) (uint8, uint8, uint8) {
		m := func(c uint8) uint8 { return uint8(int(paper) * int(c) / 255) }
		return m(r), m(g), m(b)
	}
	onWhite := Ink(over(255, 200, 40, 50))
	for _, c := range []struct {
		name    string
		r, g, b uint8
		min     float64
		max     float64
	}{
		{"crimson on white", 200, 40, 50, 0.7, 0.8},
		{"orange-red on white", 230, 90, 40, 0.55, 0.65},
		{"faint pink", 235, 200, 205, 0.1, 0.2},
		{"paper", 245, 243, 240, 0, 0},
		{"grey print", 90, 90, 90, 0, 0},
		{"orange", 255, 165, 0, 0, 0},
		{"pink-violet", 200, 60, 200, 0, 0},
		{"blue", 40, 60, 200, 0, 0},
		{"colour noise round black print", 38, 28, 30, 0, 0.05},
	} {
		if v := Ink(c.r, c.g, c.b); v < c.min || v > c.max {
			t.Errorf("%s (%d,%d,%d): ink %.3f, want %.2f..%.2f", c.name, c.r, c.g, c.b, v, c.min, c.max)
		}
	}
	for _, paper := range []uint8{180, 120, 70} {
		if v := Ink(over(paper, 200, 40, 50)); math.Abs(v-onWhite) > 0.03 {
			t.Errorf("crimson over grey %d: ink %.3f, on white %.3f", paper, v, onWhite)
		}
	}
}

// canvas is a page of w x h mm at pxmm, for drawing what a seal finder meets.
type canvas struct {
	img  *image.RGBA
	pxmm float64
}

func newCanvas(w, h, pxmm float64, paper color.RGBA) *canvas {
	c := &canvas{image.NewRGBA(image.Rect(0, 0, int(w*pxmm), int(h*pxmm))), pxmm}
	for i := 0; i < len(c.img.Pix); i += 4 {
		c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2], c.img.Pix[i+3] = paper.R, paper.G, paper.B, 255
	}
	return c
}

// stamp multiplies ink over what is on the page at (x, y) mm, as ink does.
func (c *canvas) stamp(x, y int, ink color.RGBA) {
	if !image.Pt(x, y).In(c.img.Bounds()) {
		return
	}
	i := c.img.PixOffset(x, y)
	p := c.img.Pix[i : i+3]
	p[0] = uint8(int(p[0]) * int(ink.R) / 255)
	p[1] = uint8(int(p[1]) * int(ink.G) / 255)
	p[2] = uint8(int(p[2]) * int(ink.B) / 255)
}

// fill paints every pixel whose mm position passes in.
func (c *canvas) fill(col color.RGBA, in func(x, y float64) bool) {
	b := c.img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if in(float64(x)/c.pxmm, float64(y)/c.pxmm) {
				c.stamp(x, y, col)
			}
		}
	}
}

// sealSpec is a seal as a stamp maker cuts it.
type sealSpec struct {
	cx, cy, a, b float64 // centre and half-axes, mm
	rim          float64 // rim width, mm
	inner        bool    // a thin inner ring
	text, star   bool
	from, to     float64 // the angles inked (a half-inked stamp), radians; 0, 0 for all
	voids        float64 // share of the ink lost to a worn or dry stamp
}

func (c *canvas) seal(s sealSpec, ink color.RGBA) {
	rng := rand.New(rand.NewPCG(1, 2))
	c.fill(ink, func(x, y float64) bool {
		dx, dy := x-s.cx, y-s.cy
		d := math.Hypot(dx/s.a, dy/s.b)
		if d > 1.05 {
			return false
		}
		ang := math.Atan2(dy, dx)
		if s.from != s.to && (ang < s.from || ang > s.to) {
			return false
		}
		if s.voids > 0 && rng.Float64() < s.voids {
			return false
		}
		ring := d <= 1 && d >= 1-s.rim/min(s.a, s.b)
		inner := s.inner && d <= 0.9 && d >= 0.9-0.3/min(s.a, s.b)
		// the name from eight o'clock over the top to four, a block a character
		glyph := s.text && d > 0.58 && d < 0.78 && (ang < 0.55 || ang > 2.6) && math.Mod(ang+4*math.Pi, 0.3) < 0.17
		star := s.star && d < 0.22
		return ring || inner || glyph || star
	})
}

func (c *canvas) rect(x0, y0, x1, y1, wmm, fill float64, col color.RGBA) {
	c.fill(col, func(fx, fy float64) bool {
		if fx < x0 || fx >= x1 || fy < y0 || fy >= y1 {
			return false
		}
		frame := fx-x0 < wmm || x1-fx < wmm || fy-y0 < wmm || y1-fy < wmm
		inside := fill > 0 && math.Mod(fx-x0, 4) < 4*fill && math.Mod(fy-y0, 4) < 3
		return frame || inside
	})
}

// turn gives img turned by quarter turns clockwise.
func turn(img *image.RGBA, q int) *image.RGBA {
	out := img
	for range q {
		b := out.Bounds()
		t := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				i, j := out.PixOffset(x, y), t.PixOffset(b.Dy()-1-y, x)
				copy(t.Pix[j:j+4], out.Pix[i:i+4])
			}
		}
		out = t
	}
	return out
}

var (
	crimson   = color.RGBA{200, 30, 60, 255}
	orangeRed = color.RGBA{235, 80, 40, 255}
	paleInk   = color.RGBA{240, 200, 206, 255}
	white     = color.RGBA{250, 250, 250, 255}
	black     = color.RGBA{20, 20, 20, 255}
)

// TestFind draws what a seal finder meets and holds each to its kind, on
// the page as drawn and turned each quarter: round and oval seals in many
// designs and inks, pale, faint and worn ones, ones stamped over table
// rules, dark print, a grey copy, a dark emblem and a pink page are seals;
// a square name seal is a square seal; a received stamp's rectangle, a
// pen's circle, a red block, half a pale stamp, a photo's coloured squares
// and a pink page's pattern are none.
func TestFind(t *testing.T) {
	const pxmm = 4.0
	round := sealSpec{cx: 60, cy: 60, a: 20, b: 20, rim: 1.2, text: true, star: true}
	with := func(s sealSpec, f func(*sealSpec)) sealSpec { f(&s); return s }
	for _, c := range []struct {
		name   string
		paper  color.RGBA
		draw   func(c *canvas)
		seals  int
		square bool
	}{
		{"round seal", white, func(c *canvas) { c.seal(round, crimson) }, 1, false},
		{"orange-red ink", white, func(c *canvas) { c.seal(round, orangeRed) }, 1, false},
		{"thin rim, no star", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.a, s.b, s.rim, s.star = 21, 21, 0.6, false }), crimson)
		}, 1, false},
		{"wide rim and inner ring", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.rim, s.inner = 2, true }), crimson)
		}, 1, false},
		{"big seal", white, func(c *canvas) { c.seal(with(round, func(s *sealSpec) { s.a, s.b = 29, 29 }), crimson) }, 1, false},
		{"oval invoice seal", white, func(c *canvas) { c.seal(with(round, func(s *sealSpec) { s.b, s.star = 15, false }), crimson) }, 1, false},
		{"tax office oval", white, func(c *canvas) { c.seal(with(round, func(s *sealSpec) { s.a, s.b = 15, 10 }), crimson) }, 1, false},
		{"pale seal", white, func(c *canvas) { c.seal(round, paleInk) }, 1, false},
		{"worn seal", white, func(c *canvas) { c.seal(with(round, func(s *sealSpec) { s.voids = 0.35 }), crimson) }, 1, false},
		{"over table rules", white, func(c *canvas) {
			c.fill(black, func(x, y float64) bool {
				return math.Abs(y-50) < 0.3 || math.Abs(y-72) < 0.3 || math.Abs(x-70) < 0.3
			})
			c.seal(round, crimson)
		}, 1, false},
		{"over dark print", white, func(c *canvas) {
			c.fill(black, func(x, y float64) bool {
				return math.Mod(y, 6) < 3 && math.Mod(x, 5) < 4 && x > 30 && x < 90 && y > 40 && y < 58
			})
			c.seal(round, crimson)
		}, 1, false},
		{"on a grey copy", color.RGBA{175, 175, 172, 255}, func(c *canvas) { c.seal(round, crimson) }, 1, false},
		{"over a dark emblem", white, func(c *canvas) {
			c.fill(color.RGBA{70, 70, 70, 255}, func(x, y float64) bool { return math.Hypot(x-75, y-70) < 14 })
			c.seal(round, crimson)
		}, 1, false},
		{"on pink paper", color.RGBA{246, 214, 220, 255}, func(c *canvas) { c.seal(round, crimson) }, 1, false},
		{"a pen's loop drawn across it", white, func(c *canvas) {
			c.seal(round, orangeRed)
			c.seal(sealSpec{cx: 47, cy: 52, a: 17, b: 16, rim: 0.4}, crimson)
		}, 1, false},
		{"a pen's loop drawn across it, the oval they make no seal", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.a, s.b = 21, 21 }), orangeRed)
			c.seal(sealSpec{cx: 52, cy: 58, a: 19, b: 17, rim: 0.4}, crimson)
		}, 1, false},
		{"a pen's loop drawn further across it", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.a, s.b = 21, 21 }), orangeRed)
			c.seal(sealSpec{cx: 49, cy: 58, a: 21, b: 19, rim: 0.4}, crimson)
		}, 1, false},
		{"square name seal", white, func(c *canvas) { c.rect(50, 50, 68, 68, 1.5, 0.6, crimson) }, 1, true},
		{"received stamp", white, func(c *canvas) { c.rect(30, 30, 78, 50, 0.9, 0.4, crimson) }, 0, false},
		{"pen circle", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.rim, s.text, s.star = 0.4, false, false }), crimson)
		}, 0, false},
		{"red block", white, func(c *canvas) { c.rect(50, 50, 68, 68, 9, 0, crimson) }, 0, false},
		{"half a pale stamp", white, func(c *canvas) {
			c.seal(with(round, func(s *sealSpec) { s.from, s.to = -math.Pi, 0.6 }), paleInk)
		}, 0, false},
		{"pink guilloche", color.RGBA{246, 222, 226, 255}, func(c *canvas) {
			c.fill(color.RGBA{235, 170, 185, 255}, func(x, y float64) bool {
				return math.Abs(math.Sin(x/3)*4+math.Sin(y/5)*3-math.Mod(y, 9)+4) < 0.4
			})
		}, 0, false},
		{"photo's coloured squares", white, func(c *canvas) {
			for r := 0.0; r < 7; r += 0.5 {
				col := color.RGBA{uint8(200 - 20*r), uint8(170 - 10*r), uint8(80 + 15*r), 255}
				c.rect(57-r, 57-r, 57+r, 57+r, 0.5, 0, col)
			}
		}, 0, false},
	} {
		cv := newCanvas(120, 120, pxmm, c.paper)
		c.draw(cv)
		for q := range 4 {
			seals := Find(turn(cv.img, q), pxmm)
			if len(seals) != c.seals {
				t.Errorf("%s, turned %d: %d seals found, want %d %+v", c.name, 90*q, len(seals), c.seals, seals)
				continue
			}
			if c.seals == 1 && seals[0].Square != c.square {
				t.Errorf("%s, turned %d: square %v, want %v", c.name, 90*q, seals[0].Square, c.square)
			}
		}
	}
}

// TestWhose tells whose a seal is from what was read round it.
func TestWhose(t *testing.T) {
	const unit = "厦门市湖里区鸿福贸易有限公司"
	for _, c := range []struct {
		name  string
		e     Evidence
		owner Owner
		named bool
	}{
		{"square name seal", Evidence{Square: true, Arc: unit, UnitName: unit}, OwnerPerson, false},
		{"unit's arc", Evidence{Arc: "厦门市湖里区鸿福贸易有限公司", UnitName: unit}, OwnerUnit, true},
		{"unit's arc misread", Evidence{Arc: "夏门市湖里区鸿福贸易有限公局", UnitName: unit}, OwnerUnit, true},
		{"unit's arc at the issuer's label", Evidence{Arc: unit, UnitName: unit, IssuerPrints: true, AtIssuerLabel: true}, OwnerUnit, true},
		{"market regulator", Evidence{Arc: "厦门市湖里区市场监督管理局", UnitName: unit, IssuerPrints: true}, OwnerIssuer, true},
		{"social insurance office", Evidence{Arc: "福州市晋安区人力资源和社会保障局", UnitName: unit, IssuerPrints: true}, OwnerIssuer, true},
		{"a bureau's name on a form", Evidence{Arc: "福州市质量技术监督局", UnitName: unit}, OwnerUnit, false},
		{"company misread as bureau", Evidence{Arc: "某某物业管理公局", IssuerPrints: true}, OwnerUnit, false},
		{"a few characters of a worn arc, ending in 局", Evidence{Arc: "人全局|", IssuerPrints: true}, OwnerUnit, false},
		{"a tax office", Evidence{Arc: "厦门市税务局", IssuerPrints: true}, OwnerIssuer, true},
		{"a tax office at its label", Evidence{Arc: "厦门市税务局", IssuerPrints: true, AtIssuerLabel: true}, OwnerIssuer, true},
		// a unit's seal stamped mid-page, its arc read as junk that ends in 局
		{"junk ending in 局, away from the issuer's place", Evidence{Arc: "下昌下三生宝三和三六三|帮全局", IssuerPrints: true, AwayFromIssuer: true}, OwnerUnit, false},
		{"an office in words, away from the issuer's place", Evidence{Arc: "厦门市湖里区市场监督管理局", IssuerPrints: true, AwayFromIssuer: true}, OwnerIssuer, true},
		// an arc read twice (extract's readArc): each reading on its own
		{"read twice, the second names the office", Evidence{Arc: "禄狼市质-恒.技术[大督忆 福州市质量技术监督局", IssuerPrints: true}, OwnerIssuer, true},
		{"read twice, the first ends in 局 only together", Evidence{Arc: "厦门市湖里区鸿福贸 易人局", IssuerPrints: true}, OwnerUnit, false},
		{"read twice, one a company's", Evidence{Arc: "福州市质量技术监督 某某物业有腿公司", IssuerPrints: true}, OwnerUnit, false},
		{"unread, at the issuer's label", Evidence{Arc: "亚嗝嗝", IssuerPrints: true, AtIssuerLabel: true}, OwnerIssuer, false},
		{"unread, elsewhere", Evidence{Arc: "", IssuerPrints: true}, OwnerUnit, false},
		{"unread on a form", Evidence{Arc: "嗝"}, OwnerUnit, false},
		// the office's name as the page prints it after its label
		{"the printed issuer's name, misread", Evidence{Arc: "南平市社会钊从事业管理居", UnitName: unit, IssuerPrints: true, IssuerName: "南平市社会保险事业管理局"}, OwnerIssuer, true},
		{"the printed issuer's name, away from its place", Evidence{Arc: "南平市社会钊从事业管理居", IssuerPrints: true, AwayFromIssuer: true, IssuerName: "南平市社会保险事业管理局"}, OwnerUnit, false},
		{"the printed issuer's name on a form", Evidence{Arc: "南平市社会钊从事业管理居", IssuerName: "南平市社会保险事业管理局"}, OwnerUnit, false},
		{"closer to the unit's name than the issuer's", Evidence{Arc: "南平市社会保险服务有腿公", UnitName: "南平市社会保险服务有限公司", IssuerPrints: true, IssuerName: "南平市社会保险事业管理局", AtIssuerLabel: true}, OwnerUnit, true},
		{"junk, the issuer's name known", Evidence{Arc: "亚嗝嗝", IssuerPrints: true, IssuerName: "南平市社会保险事业管理局", AtIssuerLabel: true}, OwnerIssuer, false},
	} {
		o, named := Whose(c.e)
		if o != c.owner || named != c.named {
			t.Errorf("%s: %v named %v, want %v named %v", c.name, o, named, c.owner, c.named)
		}
	}
}

// TestOwners: of two seals on a certificate, one named the issuer's by its
// arc, the other is the unit's even at the issuer's label; with no arc
// naming the issuer, place decides; an arc naming the office in words
// outweighs one that only ends in 局.
func TestOwners(t *testing.T) {
	issuer := Evidence{Arc: "福州市晋安区人力资源和社会保障局", IssuerPrints: true}
	unread := Evidence{Arc: "内源氏字器红", IssuerPrints: true, AtIssuerLabel: true}
	name := Evidence{Square: true}
	got, _ := Owners([]Evidence{issuer, unread, name})
	if want := []Owner{OwnerIssuer, OwnerUnit, OwnerPerson}; !slices.Equal(got, want) {
		t.Errorf("issuer named: %v, want %v", got, want)
	}
	got, named := Owners([]Evidence{unread, {Arc: "嗝嗝嗝", IssuerPrints: true}})
	if want := []Owner{OwnerIssuer, OwnerUnit}; !slices.Equal(got, want) || named[0] || named[1] {
		t.Errorf("none named: %v %v, want %v", got, named, want)
	}
	// the office named in words: another arc that only ends in 局 is the
	// unit's misread; two offices named in words stay offices
	regulator := Evidence{Arc: "广外市市场监督管理局", IssuerPrints: true, AtIssuerLabel: true}
	misread := Evidence{Arc: "州呈人本伏天二村型共局", IssuerPrints: true}
	got, named = Owners([]Evidence{regulator, misread})
	if want := []Owner{OwnerIssuer, OwnerUnit}; !slices.Equal(got, want) || !named[0] || named[1] {
		t.Errorf("office in words and an arc ending in 局: %v %v, want %v", got, named, want)
	}
	got, _ = Owners([]Evidence{misread, {Arc: "某某县税务局", IssuerPrints: true}})
	if want := []Owner{OwnerIssuer, OwnerIssuer}; !slices.Equal(got, want) {
		t.Errorf("two arcs ending in 局: %v, want %v", got, want)
	}
	got, _ = Owners([]Evidence{regulator, {Arc: "福州市人力资源和社会保障局", IssuerPrints: true}})
	if want := []Owner{OwnerIssuer, OwnerIssuer}; !slices.Equal(got, want) {
		t.Errorf("two offices in words: %v, want %v", got, want)
	}
}

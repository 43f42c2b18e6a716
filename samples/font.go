package samples

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontDir is where Debian's fonts-noto-cjk puts the Noto CJK collections.
var FontDir = "/usr/share/fonts/opentype/noto"

// Font faces the generator draws with: sans and serif, regular and bold, all Simplified Chinese.
const (
	Sans = iota
	SansBold
	Serif
	SerifBold
	numFonts
)

var fontFiles = [numFonts]string{"NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"}

type fontSet struct {
	fonts [numFonts]*opentype.Font
	mu    sync.Mutex
	faces map[faceKey]font.Face
}

type faceKey struct {
	font int
	px   float64
}

var (
	fontsOnce sync.Once
	fontsErr  error
	theFonts  *fontSet
)

// loadFonts parses the Noto CJK collections once and picks the Simplified Chinese member of each.
func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() {
		fs := &fontSet{faces: map[faceKey]font.Face{}}
		for i, name := range fontFiles {
			data, err := os.ReadFile(FontDir + "/" + name)
			if err != nil {
				fontsErr = fmt.Errorf("samples need the Noto CJK fonts (Debian package fonts-noto-cjk): %w", err)
				return
			}
			coll, err := opentype.ParseCollection(data)
			if err != nil {
				fontsErr = fmt.Errorf("parse %s: %w", name, err)
				return
			}
			for j := 0; j < coll.NumFonts(); j++ {
				f, err := coll.Font(j)
				if err != nil {
					continue
				}
				full, _ := f.Name(nil, sfnt.NameIDFull)
				if strings.Contains(full, " SC") {
					fs.fonts[i] = f
					break
				}
			}
			if fs.fonts[i] == nil {
				fontsErr = fmt.Errorf("%s has no Simplified Chinese font", name)
				return
			}
		}
		theFonts = fs
	})
	return theFonts, fontsErr
}

// face returns a face of the given font whose em is px pixels tall.
func (fs *fontSet) face(f int, px float64) font.Face {
	px = float64(int(px*4+0.5)) / 4
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := faceKey{f, px}
	if fc, ok := fs.faces[k]; ok {
		return fc
	}
	fc, err := opentype.NewFace(fs.fonts[f], &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // only for an impossible size
	}
	fs.faces[k] = fc
	return fc
}

// canvas is a page being drawn at a resolution, with helpers in millimetres.
type canvas struct {
	img *image.RGBA
	dpi float64
	fs  *fontSet
}

func newCanvas(fs *fontSet, wmm, hmm, dpi float64) *canvas {
	c := &canvas{dpi: dpi, fs: fs}
	c.img = image.NewRGBA(image.Rect(0, 0, c.px(wmm), c.px(hmm)))
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	return c
}

func (c *canvas) px(mm float64) int      { return int(mm*c.dpi/25.4 + 0.5) }
func (c *canvas) pxf(mm float64) float64 { return mm * c.dpi / 25.4 }

// text draws s with its baseline-left at (x, y) mm, the em size in points.
func (c *canvas) text(x, y float64, s string, f int, pt float64, col color.Color) float64 {
	fc := c.fs.face(f, pt*c.dpi/72)
	c.fs.mu.Lock()
	defer c.fs.mu.Unlock()
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: fc, Dot: fixed.P(c.px(x), c.px(y))}
	d.DrawString(s)
	return float64(d.Dot.X.Round()) * 25.4 / c.dpi
}

// width measures s in mm.
func (c *canvas) width(s string, f int, pt float64) float64 {
	fc := c.fs.face(f, pt*c.dpi/72)
	c.fs.mu.Lock()
	defer c.fs.mu.Unlock()
	return float64(font.MeasureString(fc, s).Round()) * 25.4 / c.dpi
}

// spaced draws s with extra letter spacing (mm), as labels like 名　　称 are printed.
func (c *canvas) spaced(x, y float64, s string, f int, pt, gap float64, col color.Color) {
	for _, r := range s {
		x = c.text(x, y, string(r), f, pt, col) + gap
	}
}

// centred draws s centred on x.
func (c *canvas) centred(x, y float64, s string, f int, pt float64, col color.Color) {
	c.text(x-c.width(s, f, pt)/2, y, s, f, pt, col)
}

// rect fills a rectangle given in mm.
func (c *canvas) rect(x0, y0, x1, y1 float64, col color.Color) {
	draw.Draw(c.img, image.Rect(c.px(x0), c.px(y0), c.px(x1), c.px(y1)), image.NewUniform(col), image.Point{}, draw.Over)
}

// hline and vline draw rules of width w mm.
func (c *canvas) hline(x0, x1, y, w float64, col color.Color) { c.rect(x0, y-w/2, x1, y+w/2, col) }
func (c *canvas) vline(x, y0, y1, w float64, col color.Color) { c.rect(x-w/2, y0, x+w/2, y1, col) }

// box draws a rectangle's outline.
func (c *canvas) box(x0, y0, x1, y1, w float64, col color.Color) {
	c.hline(x0, x1, y0, w, col)
	c.hline(x0, x1, y1, w, col)
	c.vline(x0, y0, y1, w, col)
	c.vline(x1, y0, y1, w, col)
}

// glyphMask renders one string into an alpha mask with its own bounds, for seals.
func (fs *fontSet) glyphMask(s string, f int, px float64) *image.Alpha {
	fc := fs.face(f, px)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	w := font.MeasureString(fc, s).Ceil()
	m := fc.Metrics()
	h := (m.Ascent + m.Descent).Ceil()
	a := image.NewAlpha(image.Rect(0, 0, w+2, h+2))
	d := font.Drawer{Dst: a, Src: image.Opaque, Face: fc, Dot: fixed.Point26_6{X: fixed.I(1), Y: m.Ascent + fixed.I(1)}}
	d.DrawString(s)
	return a
}

var (
	black = color.RGBA{20, 20, 20, 255}
	grey  = color.RGBA{90, 90, 90, 255}
	red   = color.RGBA{210, 30, 35, 255}
)

// TextLine draws s in Noto Sans CJK, pt points at dpi, black on white, with
// a margin of one line's height: a printed line for the readers' tests.
func TextLine(s string, pt, dpi float64) (*image.Gray, error) {
	return TextLineIn(s, Sans, pt, dpi)
}

// TextLineIn is TextLine in the font font (Sans, Serif, ...).
func TextLineIn(s string, font int, pt, dpi float64) (*image.Gray, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	c := newCanvas(fs, 0, 0, dpi)
	h := pt * 25.4 / 72 // the em in mm
	w := c.width(s, font, pt)
	c = newCanvas(fs, w+2*h, 3*h, dpi)
	c.text(h, 2*h, s, font, pt, color.Black)
	g := image.NewGray(c.img.Bounds())
	draw.Draw(g, g.Bounds(), c.img, image.Point{}, draw.Src)
	return g, nil
}

// SealImage draws a round seal of diam mm at dpi whose upper arc reads top
// in the font face, stamped in red over over, a line printed across its
// middle in black (as a certificate's issuer's label, 颁发单位: 某局, lies
// under the issuer's seal); over may be empty. A scan seed above 0 scans the
// sheet as a page is (uneven paper, sensor noise, JPEG at quality 40) with
// that seed; 0 leaves it clean. The seal's box on the image comes with it:
// a seal for the readers' tests.
func SealImage(top, over string, face int, diam, dpi float64, scanSeed uint64) (image.Image, image.Rectangle, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, image.Rectangle{}, err
	}
	side := diam + 30
	c := newCanvas(fs, side, side, dpi)
	if over != "" {
		c.text(5, side/2+2, over, Sans, 12, color.Black)
	}
	rng := rand.New(rand.NewPCG(scanSeed, 2))
	m := renderSeal(fs, sealSpec{top: top, diamMM: diam, strength: 0.85, ellipse: 1, uneven: 0.2, font: face}, dpi, rng)
	c.stamp(m, side/2, side/2, red)
	r := int(diam / 2 * dpi / 25.4)
	mid := c.px(side / 2)
	box := image.Rect(mid-r, mid-r, mid+r, mid+r)
	if scanSeed == 0 {
		return c.img, box, nil
	}
	img, err := jpeg.Decode(bytes.NewReader(encode(scan(c.img, scanSpec{noise: 5, shade: 0.8}, rng), "jpg", 40)))
	return img, box, err
}

package samples

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"

	"golang.org/x/image/tiff"
)

// scanSpec is what the scanner (or the photocopier before it) did to a page.
type scanSpec struct {
	photocopy bool    // grayscale copy; the red seal is stamped after copying
	turn      int     // 0, 90, 180, 270: the sheet went in turned
	skew      float64 // degrees
	blur      bool
	noise     float64 // standard deviation of sensor noise, in levels
	shade     float64 // depth of uneven background, 0..1
	quality   int     // JPEG quality
}

// photocopy turns the page grey with the toner's contrast and speckles.
func photocopy(img *image.RGBA, rng *rand.Rand) {
	p := img.Pix
	for i := 0; i < len(p); i += 4 {
		g := 0.30*float64(p[i]) + 0.59*float64(p[i+1]) + 0.11*float64(p[i+2])
		g = (g-128)*1.25 + 140
		if rng.IntN(4000) == 0 {
			g = 40
		}
		v := uint8(math.Max(0, math.Min(255, g)))
		p[i], p[i+1], p[i+2] = v, v, v
	}
}

// scan applies the scanner's faults to a finished page and returns the image it produced.
func scan(img *image.RGBA, s scanSpec, rng *rand.Rand) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// Uneven background: paper tone and a lamp that does not light evenly.
	if s.shade > 0 {
		const cell = 16
		fw := w/cell + 1
		field := valueNoise(rng, fw, h/cell+1, 12)
		tone := 0.93 + rng.Float64()*0.05
		for y := 0; y < h; y++ {
			row := field[(y/cell)*fw:]
			for x := 0; x < w; x++ {
				f := uint32(256 * tone * (1 - s.shade*0.18*row[x/cell]))
				i := y*img.Stride + x*4
				img.Pix[i] = uint8(uint32(img.Pix[i]) * f >> 8)
				img.Pix[i+1] = uint8(uint32(img.Pix[i+1]) * f >> 8)
				img.Pix[i+2] = uint8(uint32(img.Pix[i+2]) * f * 250 >> 16)
			}
		}
	}
	out := img
	if s.skew != 0 {
		out = skew(img, s.skew*math.Pi/180, color.RGBA{236, 236, 232, 255})
	}
	if s.blur {
		out = boxBlur(out)
	}
	if s.noise > 0 {
		var table [4096]int16
		for i := range table {
			table[i] = int16(rng.NormFloat64() * s.noise)
		}
		x := rng.Uint64() | 1
		p := out.Pix
		for i := 0; i < len(p); i += 4 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			n := int(table[x&4095])
			for k := 0; k < 3; k++ {
				v := int(p[i+k]) + n
				if v < 0 {
					v = 0
				} else if v > 255 {
					v = 255
				}
				p[i+k] = uint8(v)
			}
		}
	}
	switch s.turn {
	case 90, 180, 270:
		out = turn(out, s.turn)
	}
	if s.photocopy && !hasColour(out) {
		g := image.NewGray(out.Bounds())
		for i, j := 0, 0; i < len(out.Pix); i, j = i+4, j+1 {
			g.Pix[j] = out.Pix[i]
		}
		return g
	}
	return out
}

// skew turns the page by a small angle th (radians) as a sheet fed askew does:
// a horizontal shear of the rows, then a vertical shear of the columns.
func skew(src *image.RGBA, th float64, fill color.RGBA) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	tmp := image.NewRGBA(b)
	fillRow := make([]byte, w*4)
	for i := 0; i < len(fillRow); i += 4 {
		fillRow[i], fillRow[i+1], fillRow[i+2], fillRow[i+3] = fill.R, fill.G, fill.B, 255
	}
	t := math.Tan(th)
	for y := 0; y < h; y++ {
		row := tmp.Pix[y*tmp.Stride : y*tmp.Stride+w*4]
		copy(row, fillRow)
		d := int(math.Round(float64(y-h/2) * -t))
		srow := src.Pix[y*src.Stride : y*src.Stride+w*4]
		if d >= 0 && d < w {
			copy(row[d*4:], srow[:(w-d)*4])
		} else if d < 0 && -d < w {
			copy(row, srow[-d*4:])
		}
	}
	dst := image.NewRGBA(b)
	sn := math.Sin(th)
	for y := 0; y < h; y++ {
		copy(dst.Pix[y*dst.Stride:y*dst.Stride+w*4], fillRow)
	}
	for x := 0; x < w; x++ {
		d := int(math.Round(float64(x-w/2) * sn))
		for y := 0; y < h; y++ {
			sy := y - d
			if sy < 0 || sy >= h {
				continue
			}
			copy(dst.Pix[y*dst.Stride+x*4:y*dst.Stride+x*4+4], tmp.Pix[sy*tmp.Stride+x*4:sy*tmp.Stride+x*4+4])
		}
	}
	return dst
}

func hasColour(img *image.RGBA) bool {
	p := img.Pix
	for i := 0; i < len(p); i += 4 * 7 {
		if p[i] != p[i+1] || p[i+1] != p[i+2] {
			return true
		}
	}
	return false
}

// boxBlur is a 3x3 box blur: a scanner slightly out of focus.
func boxBlur(src *image.RGBA) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(b)
	w, h := b.Dx(), b.Dy()
	copy(dst.Pix, src.Pix)
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*src.Stride + x*4
			for k := 0; k < 3; k++ {
				s := 0
				for dy := -1; dy <= 1; dy++ {
					r := i + dy*src.Stride + k
					s += int(src.Pix[r-4]) + int(src.Pix[r]) + int(src.Pix[r+4])
				}
				dst.Pix[i+k] = uint8(s / 9)
			}
		}
	}
	return dst
}

// turn rotates the page clockwise by 90, 180 or 270 degrees.
func turn(src *image.RGBA, deg int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	var dst *image.RGBA
	if deg == 180 {
		dst = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		dst = image.NewRGBA(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = h-1-y, x
			case 180:
				dx, dy = w-1-x, h-1-y
			case 270:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dy*dst.Stride+dx*4:dy*dst.Stride+dx*4+4], src.Pix[y*src.Stride+x*4:y*src.Stride+x*4+4])
		}
	}
	return dst
}

// encode writes the page in the given format: "jpg", "png" or "tif".
func encode(img image.Image, format string, quality int) []byte {
	var buf bytes.Buffer
	switch format {
	case "png":
		_ = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	case "tif":
		_ = tiff.Encode(&buf, img, &tiff.Options{Compression: tiff.Deflate})
	default:
		_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
	}
	return buf.Bytes()
}

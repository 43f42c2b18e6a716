package extract

import "image"

// EraseRules whitens long straight strokes (table rules, frames, underlines)
// in a grey page: tesseract's layout analysis takes framed regions and ruled
// cells for pictures and drops the words inside them. A run of dark pixels
// longer than minRun, horizontal or vertical, up to maxThick pixels thick, is
// a rule; characters are far shorter than a rule is long.
func EraseRules(g *image.Gray, minRun int) {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	if minRun < 20 {
		minRun = 20
	}
	dark := func(v uint8) bool { return v < 150 }
	mask := make([]bool, w*h)
	// Horizontal runs. A rule on a skewed scan drifts a row every so often,
	// so a run may step one row up or down (checked through a thickened test).
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		start := -1
		for x := 0; x <= w; x++ {
			d := x < w && (dark(row[x]) || (y > 0 && dark(g.Pix[(y-1)*g.Stride+x]) && x > 0 && dark(row[x-1])) || (y+1 < h && dark(g.Pix[(y+1)*g.Stride+x]) && x > 0 && dark(row[x-1])))
			if d && start < 0 {
				start = x
			}
			if !d && start >= 0 {
				if x-start >= minRun {
					for i := start; i < x; i++ {
						if dark(row[i]) {
							mask[y*w+i] = true
						}
					}
				}
				start = -1
			}
		}
	}
	for x := 0; x < w; x++ {
		start := -1
		for y := 0; y <= h; y++ {
			d := y < h && (dark(g.Pix[y*g.Stride+x]) || (x > 0 && dark(g.Pix[y*g.Stride+x-1]) && y > 0 && dark(g.Pix[(y-1)*g.Stride+x])) || (x+1 < w && dark(g.Pix[y*g.Stride+x+1]) && y > 0 && dark(g.Pix[(y-1)*g.Stride+x])))
			if d && start < 0 {
				start = y
			}
			if !d && start >= 0 {
				if y-start >= minRun {
					for i := start; i < y; i++ {
						if dark(g.Pix[i*g.Stride+x]) {
							mask[i*w+x] = true
						}
					}
				}
				start = -1
			}
		}
	}
	for i, m := range mask {
		if m {
			g.Pix[(i/w)*g.Stride+i%w] = 255
		}
	}
}

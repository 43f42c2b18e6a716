package extract

import (
	"image"
	"image/color"
	"testing"
)

// TestDropRed: a seal's ink turns to paper, though it darkens the red
// channel too, and its pale grain with it; black print stays black, under
// the seal as beside it.
func TestDropRed(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 100, 20))
	paper := color.RGBA{235, 233, 230, 255}
	for y := 0; y < 20; y++ {
		for x := 0; x < 100; x++ {
			img.Set(x, y, paper)
		}
	}
	// the seal's strokes: ink that lets 75% of the red through
	spots := map[string]struct {
		c        color.RGBA
		lo, hi   uint8
		at, upto int
	}{
		"seal ink":             {color.RGBA{178, 78, 90, 255}, 220, 255, 0, 40},
		"pale grain":           {color.RGBA{214, 180, 182, 255}, 215, 255, 40, 50},
		"print":                {color.RGBA{25, 25, 25, 255}, 0, 40, 50, 60},
		"print under the seal": {color.RGBA{20, 6, 8, 255}, 0, 50, 60, 65},
	}
	for _, s := range spots {
		for y := 0; y < 20; y++ {
			for x := s.at; x < s.upto; x++ {
				img.Set(x, y, s.c)
			}
		}
	}
	g := DropRed(img)
	for name, s := range spots {
		if v := g.GrayAt(s.at, 10).Y; v < s.lo || v > s.hi {
			t.Errorf("%s: grey %d, want %d-%d", name, v, s.lo, s.hi)
		}
	}
	if v := g.GrayAt(90, 10).Y; v < 228 || v > 236 {
		t.Errorf("paper: grey %d", v)
	}
}

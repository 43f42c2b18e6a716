package extract

import (
	"os"
	"path/filepath"
	"testing"

	"dossier/samples"
)

// TestOrientation turns a generated page every way and asks tesseract's
// orientation detection which turn puts it upright again.
func TestOrientation(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 1, Seed: 3}); err != nil {
		t.Skip(err)
	}
	o, err := newOrienter()
	if err != nil {
		t.Fatal(err)
	}
	defer o.close()
	files, _ := filepath.Glob(filepath.Join(dir, "batch", "*", "*"))
	tried := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if Sniff(f, data) != KindImage {
			continue
		}
		img, err := DecodeImage(f, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		g := DropRed(img)
		base, _, ok, err := o.turn(g)
		if err != nil || !ok {
			continue // too little text on this page to tell
		}
		tried++
		for _, rot := range []int{90, 180, 270} {
			deg, conf, ok, err := o.turn(turnGrey(g, rot))
			if err != nil || !ok {
				t.Errorf("%s turned %d: %v", filepath.Base(f), rot, err)
				continue
			}
			// turnGrey turns clockwise; the fix turns back.
			if want := (base + 360 - rot) % 360; deg != want {
				t.Errorf("%s turned %d: turn %d (conf %.1f), want %d", filepath.Base(f), rot, deg, conf, want)
			}
		}
		if tried == 2 {
			break
		}
	}
	if tried == 0 {
		t.Skip("no image page with text enough for orientation")
	}
}

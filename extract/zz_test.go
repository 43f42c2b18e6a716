package extract

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
)

func TestZZ(t *testing.T) {
	name := os.Getenv("ZZ")
	if name == "" {
		t.Skip()
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var imgs []image.Image
	if strings.HasSuffix(strings.ToLower(name), ".pdf") {
		pages, err := SplitPDF(t.Context(), name, data, Limits{}.WithDefaults())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			img, err := DecodeImage(name, p.Data, Limits{}.WithDefaults())
			if err != nil {
				t.Fatal(err)
			}
			imgs = append(imgs, img)
		}
	} else {
		img, err := DecodeImage(name, data, Limits{}.WithDefaults())
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
	}
	ocr := testOCR(t)
	for i, img := range imgs {
		if p := os.Getenv("ZZOUT"); p != "" {
			f, _ := os.Create(fmt.Sprintf("%s%d.png", p, i))
			png.Encode(f, img)
			f.Close()
		}
		r, err := ReadPage(ocr, img)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("page", i, r.Type, "rot", r.Rotation, "sealed", r.Sealed, r.SealConf)
		for k, v := range r.Fields {
			fmt.Printf("  %s = %s (%.2f) %v\n", k, v, r.FieldConf[k], fmtc(r.CharConf[k]))
		}
		for _, s := range r.Seals {
			fmt.Printf("  seal %+v\n", s)
		}
		if os.Getenv("ZZTEXT") != "" {
			fmt.Println(r.Text)
		}
	}
}

func fmtc(c []float64) string {
	var b strings.Builder
	for _, x := range c {
		fmt.Fprintf(&b, "%.2f ", x)
	}
	return b.String()
}

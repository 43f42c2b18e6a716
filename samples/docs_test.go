package samples

import (
	"image/color"
	"math/rand/v2"
	"testing"
	"time"
)

// TestSideCodeInsideFrame draws the third organization code certificate
// with the widest code the office issues and looks between its two frame
// rules, level with the code: a printer never sets text across a frame
// (the code once ran onto it, and its last character could not be read).
func TestSideCodeInsideFrame(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Skipf("%v", err)
	}
	k := content{u: unit{name: "瑞丰建设工程（泉州）有限责任公司", city: "泉州", address: "福建省泉州市工业路168号",
		founded: time.Date(2025, 8, 17, 0, 0, 0, 0, time.UTC)}, orgCode: "MMWWMMWWM"}
	for seed := range uint64(40) {
		c := newCanvas(fs, pageW, pageH, 100)
		orgCodeCertificateSide(c, k, rand.New(rand.NewPCG(seed, 7)))
		for y := c.px(82); y <= c.px(100); y++ {
			for x := c.px(195.6); x <= c.px(196.8); x++ {
				if r, _, _, _ := c.img.At(x, y).RGBA(); r>>8 < 200 {
					t.Fatalf("seed %d: ink at (%d, %d) between the frame's rules: %v", seed, x, y, c.img.At(x, y).(color.RGBA))
				}
			}
		}
	}
}

package extract

import (
	"image"
	"image/color"
	"slices"
	"testing"
)

// TestCharConfs: each character of a value has the confidence of the word
// it was read in, brought down to the field's where that was set lower (a
// guess); a value no line holds has none.
func TestCharConfs(t *testing.T) {
	line := Line{Text: "名称 厦门 鸿福 贸易有限公司", Words: []Word{
		{Text: "名称", Conf: 0.95}, {Text: "厦门", Conf: 0.9}, {Text: "鸿", Conf: 0.4}, {Text: "福", Conf: 0.88},
		{Text: "贸易有限公司", Conf: 0.96},
	}}
	lines := []Line{{Text: "单位数字证书申请表", Words: []Word{{Text: "单位数字证书申请表", Conf: 0.97}}}, line}
	if got, want := charConfs(lines, "厦门鸿福贸易有限公司", 0.4, nil), []float64{0.9, 0.9, 0.4, 0.88, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96}; !slices.Equal(got, want) {
		t.Errorf("as read: %v, want %v", got, want)
	}
	got := charConfs(lines, "厦门鸿福贸易有限公司", 0.2, nil)
	if got[2] != 0.2 || got[0] != 0.45 {
		t.Errorf("brought to the field's 0.2: %v", got)
	}
	// a name whose readings disputed one character (鸿 against another):
	// that character alone is brought down, the rest stands as read
	if got, want := charConfs(lines, "厦门鸿福贸易有限公司", 0.2, []bool{false, false, true, false, false, false, false, false, false, false}), []float64{0.9, 0.9, 0.2, 0.88, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96}; !slices.Equal(got, want) {
		t.Errorf("one character disputed: %v, want %v", got, want)
	}
	// a character read at no confidence: the field's is that, and each
	// character keeps its own for the vote across documents
	zero := []Line{{Text: "名称 深圳 蠢 源", Words: []Word{{Text: "名称", Conf: 0.95}, {Text: "深圳", Conf: 0.93}, {Text: "蠢", Conf: 0}, {Text: "源", Conf: 0.8}}}}
	if got, want := charConfs(zero, "深圳蠢源", 0, nil), []float64{0.93, 0.93, 0, 0.8}; !slices.Equal(got, want) {
		t.Errorf("one character at no confidence: %v, want %v", got, want)
	}
	if got := charConfs(zero, "深圳蠢源", 0.3, nil); got != nil {
		t.Errorf("set apart from a character at no confidence: %v", got)
	}
	// passed over for a second reading of the line, which read it surely
	again := append(slices.Clip(zero), Line{Text: "深圳蠢源", Words: []Word{{Text: "深圳", Conf: 0.95}, {Text: "蠢", Conf: 0.3}, {Text: "源", Conf: 0.9}}})
	if got, want := charConfs(again, "深圳蠢源", 0.3, nil), []float64{0.95, 0.95, 0.3, 0.9}; !slices.Equal(got, want) {
		t.Errorf("a second reading after a character at no confidence: %v, want %v", got, want)
	}
	// a name kept with full-width brackets, read with others
	bracketed := []Line{{Text: "明德建设工程〈南京)有限公司", Words: []Word{{Text: "明德建设工程", Conf: 0.9}, {Text: "〈南京)", Conf: 0.7}, {Text: "有限公司", Conf: 0.95}}}}
	if got := charConfs(bracketed, "明德建设工程（南京）有限公司", 0.7, nil); len(got) != 14 || got[7] != 0.7 {
		t.Errorf("a bracketed name: %v", got)
	}
	// one bracket read as two (〔(), as the name keeps it one: the name's
	// confidence is its words', not the line's least sure (a quote mark
	// read in its label at 0)
	twice := Lines([]Word{boxedWord("名", 0, 0, 20, 20, 1), {Text: "“", Box: image.Rect(20, 0, 30, 20), Conf: 0, Line: 1}, boxedWord("称", 40, 0, 60, 20, 1),
		{Text: "鼓山物业服务", Box: image.Rect(80, 0, 200, 20), Conf: 0.9, Line: 1}, {Text: "〔(", Box: image.Rect(200, 0, 220, 20), Conf: 0.8, Line: 1},
		boxedWord("泉州", 220, 0, 260, 20, 1), boxedWord(")", 260, 0, 270, 20, 1), boxedWord("有限公司", 270, 0, 350, 20, 1)})[0]
	if got := twice.ConfOf("鼓山物业服务（泉州）有限公司"); got != 0.8 {
		t.Errorf("a bracket read as two: confidence %.2f, want 0.80", got)
	}
	if got := len(twice.CharConfs("鼓山物业服务（泉州）有限公司")); got != 14 {
		t.Errorf("a bracket read as two: %d characters' confidences, want 14", got)
	}
	if got := charConfs(lines, "厦门鸿福商贸有限公司", 0.4, nil); got != nil {
		t.Errorf("a value not read on any line: %v", got)
	}
}

// TestLabelBox: a label's box is its own words', not its line's, which
// runs on over the value beside it.
func TestLabelBox(t *testing.T) {
	l := Line{Text: "颁发单位 福州市质量技术监督局", Box: image.Rect(100, 500, 1400, 540), Words: []Word{
		{Text: "颁", Box: image.Rect(100, 500, 130, 540)}, {Text: "发", Box: image.Rect(140, 500, 170, 540)},
		{Text: "单位", Box: image.Rect(180, 500, 240, 540)}, {Text: "福州市质量技术监督局", Box: image.Rect(400, 500, 1400, 540)},
	}}
	if got, want := l.labelBox("颁发单位"), image.Rect(100, 500, 240, 540); got != want {
		t.Errorf("label box %v, want %v", got, want)
	}
	if got := l.labelBox("发证机关"); got != l.Box {
		t.Errorf("a label not on the line: %v, want the line's %v", got, l.Box)
	}
}

// TestDropRules: the boxes a code is printed in, one character a box, go;
// the characters stay, a 1 among them too; a strip without boxes is left
// as it is.
func TestDropRules(t *testing.T) {
	strip := func(boxes bool) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 18*16+4, 48))
		for i := range g.Pix {
			g.Pix[i] = 255
		}
		fill := func(x0, y0, x1, y1 int) {
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					g.SetGray(x, y, color.Gray{20})
				}
			}
		}
		for i := range 18 {
			x := 2 + 16*i
			if i%5 == 2 {
				fill(x+7, 14, x+10, 34) // a 1
			} else {
				fill(x+4, 14, x+13, 34) // a wider character
			}
			if boxes {
				fill(x, 6, x+2, 42)
			}
		}
		if boxes {
			fill(2+16*18, 6, 4+16*18, 42)
			fill(0, 6, g.Bounds().Dx(), 8)
			fill(0, 40, g.Bounds().Dx(), 42)
		}
		return g
	}
	dark := func(g *image.Gray, x0, x1 int) int {
		n := 0
		for y := 0; y < g.Bounds().Dy(); y++ {
			for x := x0; x < x1; x++ {
				if g.GrayAt(x, y).Y < 128 {
					n++
				}
			}
		}
		return n
	}
	out := dropRules(strip(true))
	for i := range 18 {
		x := 2 + 16*i
		if n := dark(out, x, x+2); n != 0 {
			t.Errorf("box side %d: %d dark pixels left", i, n)
		}
		if n := dark(out, x+4, x+13); n < 3*20 {
			t.Errorf("character %d: %d dark pixels left", i, n)
		}
	}
	plain := strip(false)
	if out := dropRules(plain); out != plain {
		t.Errorf("a strip without boxes changed")
	}
}

// TestSqueeze: wide gaps between characters close to a quarter of the
// strip's height; narrow ones stay.
func TestSqueeze(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 100, 20))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for _, x := range []int{10, 12, 40, 90} { // gaps of 1, 27 and 49 columns
		for y := 5; y < 15; y++ {
			g.SetGray(x, y, color.Gray{0})
		}
	}
	out := squeeze(g)
	// 10 blank->5, mark, 1, mark, 27->5, mark, 49->5, mark, 9 blank->5
	if w := out.Bounds().Dx(); w != 25 {
		t.Errorf("width %d, want 25", w)
	}
}

// TestPrintBand: a spot on a tinted card cut down to its line of print,
// a quarter of the band's height round it, leaving out a seal's ring
// above it, pale with specks once its red is dropped.
func TestPrintBand(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 200, 80))
	for i := range g.Pix {
		g.Pix[i] = 200 // the card's tint
	}
	for x := 10; x < 190; x++ {
		g.SetGray(x, 6+x%5, color.Gray{250}) // the ring's pale trace
		if x%3 == 0 {
			for y := 30; y < 50; y++ { // the number's strokes
				g.SetGray(x, y, color.Gray{40})
			}
		}
	}
	for _, p := range []image.Point{{30, 12}, {60, 14}, {90, 10}} {
		g.SetGray(p.X, p.Y, color.Gray{90}) // specks of the seal's digits
	}
	if got, want := printBand(g, image.Rect(5, 0, 195, 80)), image.Rect(5, 25, 195, 55); got != want {
		t.Errorf("printBand = %v, want %v", got, want)
	}
	blank := image.NewGray(image.Rect(0, 0, 50, 50))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if got := printBand(blank, image.Rect(0, 0, 50, 50)); got != image.Rect(0, 0, 50, 50) {
		t.Errorf("printBand of a blank spot = %v, want the spot", got)
	}
}

// TestHoldsIDNumber: a spot read off a form's 证件号码 row is a person's
// when it holds an identity number, rules and all; a unit's code is not.
func TestHoldsIDNumber(t *testing.T) {
	for text, want := range map[string]bool{
		"证件号码| 440106197307176973":        true,
		"|4401061973O7176973|":            true,
		"9|1|1315|0|2|10131MIAIMIx|211|6": false,
		"91350206MA3JH82U2C":              false,
		"2242934432444054444660334404000": false,
		"91350600116632710171091":         false, // a "birth" in the year 6632
	} {
		if got := holdsIDNumber(text); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// drawComb draws n boxes bw wide, one character a box, on paper: the
// comb's top left at (m, m), its rules sloping by drop pixels from left to
// right (a scan askew), a frame 10 pixels round it when framed; mark draws
// the character of box i, the box as drawn.
func drawComb(n, bw, m, drop int, framed bool, mark func(g *image.Gray, i int, box image.Rectangle)) *image.Gray {
	w, h := n*bw+2*m, bw+2*m
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 250
	}
	fill := func(x0, y0, x1, y1 int) {
		for y := max(0, y0); y < min(h, y1); y++ {
			for x := max(0, x0); x < min(w, x1); x++ {
				g.Pix[y*g.Stride+x] = 60
			}
		}
	}
	slope := func(x int) int { return drop * (x - m) / (n * bw) }
	for x := m; x <= m+n*bw+1; x++ {
		fill(x, m+slope(x), x+1, m+slope(x)+2)       // top rule
		fill(x, m+bw+slope(x), x+1, m+bw+slope(x)+2) // bottom rule
	}
	for i := 0; i <= n; i++ {
		x := m + i*bw
		fill(x, m+slope(x), x+2, m+bw+slope(x)+2)
		if i < n {
			mark(g, i, image.Rect(x, m+slope(x), x+bw, m+bw+slope(x)))
		}
	}
	if framed {
		f := m - 10
		fill(f, f, w-f, f+2)
		fill(f, h-f-2, w-f, h-f)
		fill(f, f, f+2, h-f)
		fill(w-f-2, f, w-f, h-f)
	}
	return g
}

// comb is drawComb with a character's stroke in each box, a 1 (a thin
// stem) in every fifth.
func comb(n, bw, drop int, framed bool) *image.Gray {
	return drawComb(n, bw, 12, drop, framed, func(g *image.Gray, i int, box image.Rectangle) {
		c, top := (box.Min.X+box.Max.X)/2, box.Min.Y+bw/4
		half := bw / 5
		if i%5 == 1 {
			half = 1
		}
		for y := top; y < top+bw/2; y++ {
			for x := c - half; x <= c+half; x++ {
				g.SetGray(x, y, color.Gray{20})
			}
		}
	})
}

// TestBoxedLine: a comb of boxes is counted, straight, askew by a few
// pixels across its length, and framed; strips of characters without boxes
// are not a comb, nor is a strip of characters over an underline.
func TestBoxedLine(t *testing.T) {
	for _, c := range []struct {
		name   string
		g      *image.Gray
		n      int
		askew  bool
		framed bool
	}{
		{"18 boxes", comb(18, 40, 0, false), 18, false, false},
		{"9 boxes", comb(9, 40, 0, false), 9, false, false},
		{"18 boxes askew", comb(18, 40, 6, false), 18, true, false},
		{"18 boxes framed", comb(18, 40, 0, true), 18, false, true},
	} {
		if got := boxedLine(c.g); got != c.n {
			t.Errorf("%s: %d boxes, want %d", c.name, got, c.n)
		}
		// With the rules dropped, no box side is left: each column
		// between the characters is blank.
		out := dropRules(c.g)
		for i := 0; i <= c.n; i++ {
			x := 12 + i*40
			for y := 16; y < out.Bounds().Dy()-16; y++ {
				if out.GrayAt(x, y).Y < 128 || out.GrayAt(x+1, y).Y < 128 {
					t.Errorf("%s: side %d left at y=%d", c.name, i, y)
					break
				}
			}
		}
	}
	// Letters side by side (E E E: three bars each) fill a row of any
	// window; over an underline as well, they are no comb.
	g := image.NewGray(image.Rect(0, 0, 12*30, 40))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for i := range 12 {
		x := 4 + 30*i
		for y := 8; y < 32; y++ {
			for xx := x; xx < x+24; xx++ {
				if xx < x+4 || y < 11 || y >= 29 || (y >= 19 && y < 22) {
					g.SetGray(xx, y, color.Gray{20})
				}
			}
		}
	}
	if n := boxedLine(g); n != 0 {
		t.Errorf("a line of E: %d boxes", n)
	}
	for x := range g.Bounds().Dx() {
		g.SetGray(x, 36, color.Gray{40})
	}
	if n := boxedLine(g); n != 0 {
		t.Errorf("a line of E underlined: %d boxes", n)
	}
}

func TestSplitAt(t *testing.T) {
	for _, tc := range []struct {
		why  string
		v    string
		spot []modelRead
		want []bool
	}{
		{"the page's model read 鑫源 otherwise, not at all", "杭州鑫源有限责任公司", []modelRead{{nameRead{"杭州春源有限责任公司", 0}, false}, {nameRead{"杭州鑫产有限责任公司", 0}, false}, {nameRead{"杭州鑫源有限责任公司", 0.95}, true}},
			[]bool{false, false, true, true, false, false, false, false, false, false}},
		{"every reading alike", "杭州鑫源", []modelRead{{nameRead{"杭州鑫源", 0.5}, false}, {nameRead{"杭州鑫源", 0.95}, false}}, nil},
		{"one reading as long: no telling", "杭州鑫源", []modelRead{{nameRead{"杭州鑫源", 0.5}, false}, {nameRead{"杭市鑫源公司", 0.95}, false}}, nil},
		{"readings of another length pass", "杭州鑫源", []modelRead{{nameRead{"杭州鑫源", 0.5}, false}, {nameRead{"杭州春源", 0.9}, false}, {nameRead{"杭市源", 0.95}, false}}, []bool{false, false, true, false}},
	} {
		if got := splitAt(tc.v, tc.spot); !slices.Equal(got, tc.want) {
			t.Errorf("%s: splitAt(%s) = %v, want %v", tc.why, tc.v, got, tc.want)
		}
	}
}

func TestCharConfsSplit(t *testing.T) {
	// a name kept at guessedConf whose readings split on 鑫源 alone: those
	// two are brought down, the rest stands as read
	l := Line{Text: "杭州市鑫源科技有限责任公司", Words: []Word{{Text: "杭州市", Conf: 0.95}, {Text: "鑫源", Conf: 0.9}, {Text: "科技有限责任公司", Conf: 0.96}}}
	split := []bool{false, false, false, true, true, false, false, false, false, false, false, false, false}
	want := []float64{0.95, 0.95, 0.95, 0.5, 0.5, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96}
	if got := charConfs([]Line{l}, "杭州市鑫源科技有限责任公司", 0.5, split); !slices.Equal(got, want) {
		t.Errorf("split: %v, want %v", got, want)
	}
	// no telling where they split: all brought down alike
	if got := charConfs([]Line{l}, "杭州市鑫源科技有限责任公司", 0.5, nil); slices.Max(got) > 0.54 {
		t.Errorf("no split known: %v", got)
	}
}

package extract

import (
	"image"
	"maps"
	"math"
	"math/rand/v2"
	"testing"

	"dossier"
	"dossier/samples"
)

// drawTable draws a ruled table on white paper: rows of the given cell
// widths (pixels), each row rh high, with rules t thick, from (x0, y0). The
// second row's second cell holds a code's boxes (a comb) inset from its
// rules. It returns the page and the cells' insides, row by row.
func drawTable(w, h, x0, y0, rh, t int, rows [][]int) (*image.Gray, [][]image.Rectangle) {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 245
	}
	fill := func(r image.Rectangle, v uint8) {
		r = r.Intersect(g.Bounds())
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = v
			}
		}
	}
	width := 0
	for _, c := range rows[0] {
		width += c
	}
	var cells [][]image.Rectangle
	y := y0
	for i, row := range rows {
		fill(image.Rect(x0, y, x0+width+t, y+t), 40) // the rule above
		x := x0
		var in []image.Rectangle
		for _, c := range row {
			fill(image.Rect(x, y, x+t, y+rh+t), 40) // the rule left of the cell
			in = append(in, image.Rect(x+t, y+t, x+c, y+rh))
			x += c
		}
		fill(image.Rect(x, y, x+t, y+rh+t), 40)
		if i == 1 {
			// a comb: 18 boxes, their top and bottom a few pixels inside the row
			c := in[1]
			top, bot := c.Min.Y+8, c.Max.Y-8
			bw := (c.Dx() - 20) / 18
			fill(image.Rect(c.Min.X+10, top, c.Min.X+10+18*bw+2, top+2), 60)
			fill(image.Rect(c.Min.X+10, bot, c.Min.X+10+18*bw+2, bot+2), 60)
			for k := 0; k <= 18; k++ {
				bx := c.Min.X + 10 + k*bw
				fill(image.Rect(bx, top, bx+2, bot+2), 60)
				if k < 18 {
					fill(image.Rect(bx+bw/2-2, top+8, bx+bw/2+2, bot-8), 20) // a character's stroke
				}
			}
		}
		// a word in each cell
		for _, c := range in {
			fill(image.Rect(c.Min.X+12, c.Min.Y+rh/3, c.Min.X+12+rh/2, c.Max.Y-rh/3), 30)
		}
		cells = append(cells, in)
		y += rh
	}
	fill(image.Rect(x0, y, x0+width+t, y+t), 40)
	return g, cells
}

// TestGridCells: the cells of a ruled table are found, row by row, as the
// rules bound them; the boxes of a code inside a cell do not split it; a
// table scanned askew is set straight first.
func TestGridCells(t *testing.T) {
	rows := [][]int{{1300}, {300, 1000}, {300, 450, 200, 350}, {300, 1000}, {1300}, {300, 450, 200, 350}}
	page, want := drawTable(1654, 2339, 170, 300, 80, 3, rows)
	check := func(name string, got []gridCell, tol int) {
		t.Helper()
		var flat []image.Rectangle
		for _, r := range want {
			flat = append(flat, r...)
		}
		if len(got) != len(flat) {
			t.Fatalf("%s: %d cells, want %d: %v", name, len(got), len(flat), got)
		}
		for i, c := range got {
			w := flat[i]
			if abs(c.Box.Min.X-w.Min.X) > tol || abs(c.Box.Max.X-w.Max.X) > tol || abs(c.Box.Min.Y-w.Min.Y) > tol || abs(c.Box.Max.Y-w.Max.Y) > tol {
				t.Errorf("%s: cell %d at %v, want %v", name, i, c.Box, w)
			}
		}
		if got[len(got)-1].Row != len(rows)-1 {
			t.Errorf("%s: %d rows, want %d", name, got[len(got)-1].Row+1, len(rows))
		}
	}
	check("upright", gridCells(page), 3)
	if !hasTable(gridCells(page)) {
		t.Error("a table of six rows not taken for one")
	}
	for _, deg := range []float64{1.2, -0.8} {
		a := deg * math.Pi / 180
		turned := rotate(page, a)
		back := skew(turned, 180)
		if math.Abs(back+a) > 0.1*math.Pi/180 {
			t.Errorf("turned %.1f°: skew %.2f°", deg, back*180/math.Pi)
		}
		check("set straight", gridCells(rotate(turned, back)), 8)
	}
	// Running text has no table.
	blank := image.NewGray(image.Rect(0, 0, 1654, 2339))
	for i := range blank.Pix {
		blank.Pix[i] = 250
	}
	for y := 300; y < 2000; y += 60 {
		for x := 200; x < 1400; x += 40 {
			for yy := y; yy < y+30; yy++ {
				for xx := x; xx < x+28; xx++ {
					blank.Pix[yy*blank.Stride+xx] = 30
				}
			}
		}
	}
	if c := gridCells(blank); hasTable(c) {
		t.Errorf("a page of text taken for a table: %d cells", len(c))
	}
}

// TestReadForm reads generated application forms cell by cell, as a form
// the page's reading left incomplete is read: on every upright form the
// grid finds its table, most fields come out as printed, and none read
// otherwise is taken as sure (a name read from its cell alone never is).
func TestReadForm(t *testing.T) {
	dir, ocr := corpusOCR(t)
	forms, fields, right := 0, 0, 0
	eachDocument(t, dir, func(tr samples.Truth, d dossier.Document) {
		if d.Type != dossier.ApplicationForm || forms == 4 {
			return
		}
		grey := DropRed(corpusPage(t, dir, tr.CaseID, d.Pages[0]))
		if deg, _, ok, err := ocr.osd.turn(grey); err == nil && ok && deg != 0 {
			grey = turnGrey(grey, deg) // a page scanned turned, as ReadPage turns it
		}
		forms++
		f, c := map[string]string{}, map[string]float64{}
		lines, err := readForm(ocr, grey, f, c, map[string]string{}, newSecondReads(map[string]string{}))
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) < 8 {
			t.Errorf("%s %s: %d cells read", tr.CaseID, d.Pages[0].File, len(lines))
		}
		for _, k := range []string{dossier.FieldUnitName, dossier.FieldOperatorName, dossier.FieldOperatorID, dossier.FieldUSCC, dossier.FieldOrgCode} {
			want := d.Fields[k]
			if want == "" {
				continue
			}
			fields++
			switch {
			case f[k] == want:
				right++
				if (k == dossier.FieldUnitName || k == dossier.FieldOperatorName) && c[k] > guessedConf {
					t.Errorf("%s %s %s: a name read from its cell alone at %.2f", tr.CaseID, d.Pages[0].File, k, c[k])
				}
			case c[k] >= sureConf:
				t.Errorf("%s %s %s: read %q surely (%.2f), printed %q", tr.CaseID, d.Pages[0].File, k, f[k], c[k], want)
			default:
				t.Logf("%s %s %s: read %q unsurely (%.2f), printed %q", tr.CaseID, d.Pages[0].File, k, f[k], c[k], want)
			}
		}
	})
	t.Logf("%d forms: %d of %d fields read as printed", forms, right, fields)
	if right*10 < fields*8 {
		t.Errorf("%d of %d fields read as printed, want 80%% or more", right, fields)
	}
}

// TestTextBands: a cell's print splits into its lines of text; a comb, one
// line with its boxes, and a line over a thin underline stay one.
func TestTextBands(t *testing.T) {
	paper := func() *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 300, 100))
		for i := range g.Pix {
			g.Pix[i] = 240
		}
		return g
	}
	fill := func(g *image.Gray, r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = 30
			}
		}
	}
	two := paper()
	fill(two, image.Rect(10, 10, 200, 38)) // 经办人姓
	fill(two, image.Rect(10, 50, 40, 78))  // 名
	if b := textBands(two, two.Bounds(), 180); len(b) != 2 || b[0].Max.Y > 50 || b[1].Min.Y < 38 {
		t.Errorf("two lines: %v", b)
	}
	comb := paper()
	for x := 10; x <= 280; x += 30 {
		fill(comb, image.Rect(x, 20, x+2, 80))
	}
	fill(comb, image.Rect(10, 20, 282, 22))
	fill(comb, image.Rect(10, 78, 282, 80))
	if b := textBands(comb, comb.Bounds(), 180); len(b) != 1 {
		t.Errorf("a comb: %v", b)
	}
	under := paper()
	fill(under, image.Rect(10, 20, 200, 50))
	fill(under, image.Rect(10, 60, 250, 62))
	if b := textBands(under, under.Bounds(), 180); len(b) != 1 {
		t.Errorf("a line over its underline: %v", b)
	}
}

// TestMergeCell: how a field read from its cell joins the page's reading.
func TestMergeCell(t *testing.T) {
	const unit, op = dossier.FieldUnitName, dossier.FieldOperatorName
	for _, tc := range []struct {
		name  string
		k, v1 string
		c1    float64
		v2    string
		c2    float64
		want  string
		sure  bool // the merged reading counts as read
	}{
		{"the same, surer", op, "罗娜超", 0.55, "罗娜超", 0.92, "罗娜超", true},
		{"the same as a disputed reading", op, "郑艳", guessedConf, "郑艳", 0.74, "郑艳", false},
		{"the same as a disputed reading, read surely in the same model", op, "徐浑", guessedConf, "徐浑", 0.92, "徐浑", false},
		{"missing: a name from its cell alone stays unsure", op, "", 0, "吴思还", 0.91, "吴思还", false},
		{"the page ran into a mark beside the name", op, "了丁昌", 0.7, "丁昌", 0.9, "丁昌", true},
		{"the cell lost the name's end", unit, "海峡食品（南平）有限责任公司", 0.45, "海峡食品", 0.92, "海峡食品（南平）有限责任公司", false},
		{"two readings differ: the surer, in doubt", op, "袁俊", 0.55, "责俊", 0.8, "责俊", false},
		{"a valid code sure over an unsure one", dossier.FieldUSCC, "91350100M000100Y4X", 0.3, "91350100M000100Y43", 0.9, "91350100M000100Y43", true},
	} {
		f, c := map[string]string{}, map[string]float64{}
		if tc.v1 != "" {
			f[tc.k], c[tc.k] = tc.v1, tc.c1
		}
		mergeCell(f, c, tc.k, tc.v2, tc.c2, false)
		if f[tc.k] != tc.want || (c[tc.k] >= dossier.Sure) != tc.sure {
			t.Errorf("%s: %q at %.2f, want %q (sure %v)", tc.name, f[tc.k], c[tc.k], tc.want, tc.sure)
		}
	}
}

// printedComb prints code one character a box (Noto Sans CJK, 12 pt at
// 200 DPI) in a comb of boxes 44 pixels wide, as a form's cell (drawComb).
func printedComb(t *testing.T, code string, drop int, framed bool, font int) *image.Gray {
	t.Helper()
	runes := []rune(code)
	return drawComb(len(runes), 44, 30, drop, framed, func(g *image.Gray, i int, box image.Rectangle) {
		ch, err := samples.TextLineIn(string(runes[i]), font, 12, 200)
		if err != nil {
			t.Skip(err)
		}
		ink := inkBox(ch, ch.Bounds(), 128)
		cx, cy := (box.Min.X+box.Max.X)/2-ink.Dx()/2, (box.Min.Y+box.Max.Y)/2-ink.Dy()/2
		for y := ink.Min.Y; y < ink.Max.Y; y++ {
			for x := ink.Min.X; x < ink.Max.X; x++ {
				if v := ch.GrayAt(x, y).Y; v < 200 {
					g.Pix[(cy+y-ink.Min.Y)*g.Stride+cx+x-ink.Min.X] = v
				}
			}
		}
	})
}

// TestBoxedCodes: a code printed one character a box is read whole from
// its cell, each character filling its box: the boxes' rules askew by a
// few pixels from end to end, or a frame round the comb.
func TestBoxedCodes(t *testing.T) {
	ocr := testOCR(t)
	for _, c := range []struct {
		code   string
		drop   int
		framed bool
		font   int
	}{
		{"91330100MAB9MKUX0T", 5, false, samples.Sans},
		{"91350200MAQGU48E9D", 0, true, samples.Sans},
		{"054078379", 4, true, samples.Sans},
		{"054078378", 0, false, samples.Sans}, // a wrong code, as a unit may write it: read as printed
		{"91440300MA0QF9AM03", 0, false, samples.Serif},
	} {
		g := printedComb(t, c.code, c.drop, c.framed, c.font)
		lines, err := gridLines(ocr, g, []gridCell{{Box: g.Bounds().Inset(8)}})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(lines) > 0 {
			got = upperCode(Compact(lines[0].Text))
		}
		kind := map[bool]string{true: "uscc", false: "org_code"}[len(c.code) == 18]
		v, how := RepairCode(kind, got)
		if how == Guessed {
			v = got // a guess at the check character is not the reading
		}
		if v != c.code {
			t.Errorf("comb of %s (askew %d px, framed %v) read %q", c.code, c.drop, c.framed, got)
		} else if conf := lines[0].ConfOf(lines[0].Text); conf < sureConf && validCode(kind, c.code) {
			t.Errorf("comb of %s filled with a valid code read at %.2f, not sure", c.code, conf)
		}
	}
}

// TestReadBoxes: a comb whose code the Latin model reads with a character
// too many (9 as YX) and the page's fast model too (M0 as MD0) is read by
// the standard model, a character a box.
func TestReadBoxes(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	ocr := testOCR(t)
	const code = "91440300MA0QF9AM03"
	g := printedComb(t, code, 0, false, samples.Sans)
	white := whitened(g)
	boxes := boxesOf(white)
	n := len(boxes)
	words, err := readBoxes(ocr, white, boxes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := upperCode(newCodeReadOf(words)); n != 18 || got != code {
		t.Errorf("%d boxes read %q, want 18 read %s", n, got, code)
	}
}

// TestBoxReading: which reading of a comb stands, and how surely.
func TestBoxReading(t *testing.T) {
	const valid, misread, broke, printedWrong = "91350600MA9D6HCD78", "91350600MANDEHCD78", "91350600MA9D6HCD7IB", "91350600MA9D6HCD7B"
	w := func(s string) []Word { return []Word{{Text: s, Conf: 0.8}} }
	for _, c := range []struct {
		name  string
		reads []string
		want  string
		sure  bool // at the confidence read (0.8), not held in doubt
		done  int  // readings made when the choice is known
	}{
		{"the code client's, valid", []string{valid}, valid, true, 1},
		{"the code client's invalid, the standard model's valid: in doubt", []string{misread, valid}, valid, false, 2},
		{"the code client broke the count, the fast model's valid", []string{broke, broke, valid}, valid, true, 3},
		{"a code printed wrong, read so by all", []string{printedWrong, printedWrong, printedWrong}, printedWrong, true, 3},
		{"the code client broke the count, the others read it wrong", []string{broke, "9135O6OOMA9D6HCD7B", printedWrong}, "9135O6OOMA9D6HCD7B", true, 3},
		{"none has a character a box", []string{broke, broke + "1", "1"}, broke, true, 3},
	} {
		var reads [][]Word
		var got []Word
		done := 0
		for _, r := range c.reads {
			reads = append(reads, w(r))
			if pick, ok := boxReading(reads, 18, len(c.reads)); ok {
				got, done = pick, len(reads)
				break
			}
		}
		if text := newCodeReadOf(got); text != c.want || (got[0].Conf >= sureConf) != c.sure || done != c.done {
			t.Errorf("%s: %q at %.2f after %d readings, want %q (sure %v) after %d", c.name, text, got[0].Conf, done, c.want, c.sure, c.done)
		}
	}
}

// TestOneCodeBox: a form has one box for the unit's code. The page's code
// read invalid gives way to the other kind read valid in the cells (and
// the page gave no code); one read valid stays, as does an invalid one the
// cells read too or give no valid other for (the page gave a code).
func TestOneCodeBox(t *testing.T) {
	const usccBad, org = "M1417181R1D1Y1M155", "MAT8PDYM5"
	const uscc, orgOfIt = "91350900606249361K", "606249361"
	for _, c := range []struct {
		name               string
		page               map[string]string
		pageConf, cellConf float64
		cell               map[string]string
		codeRead           bool
		want               map[string]string
	}{
		{"invalid page code, valid cell code", map[string]string{dossier.FieldUSCC: usccBad}, 0.5, 0.5, map[string]string{dossier.FieldOrgCode: org}, false, map[string]string{}},
		{"valid page code", map[string]string{dossier.FieldUSCC: "91350100M000100Y43"}, 0.5, 0.9, map[string]string{dossier.FieldOrgCode: org}, true, map[string]string{dossier.FieldUSCC: "91350100M000100Y43"}},
		{"valid page code guessed, cell's sure", map[string]string{dossier.FieldOrgCode: orgOfIt}, 0, 0.9, map[string]string{dossier.FieldUSCC: uscc}, false, map[string]string{}},
		{"valid page code guessed, cell's less sure", map[string]string{dossier.FieldOrgCode: org}, 0.3, 0.2, map[string]string{dossier.FieldUSCC: uscc}, true, map[string]string{dossier.FieldOrgCode: org}},
		{"page's code sure, the organization code inside the cell's", map[string]string{dossier.FieldOrgCode: orgOfIt}, 0.89, 0.55, map[string]string{dossier.FieldUSCC: uscc}, false, map[string]string{}},
		{"cells read it too", map[string]string{dossier.FieldUSCC: usccBad}, 0.5, 0.5, map[string]string{dossier.FieldUSCC: usccBad, dossier.FieldOrgCode: org}, true, map[string]string{dossier.FieldUSCC: usccBad}},
		{"no other kind", map[string]string{dossier.FieldUSCC: usccBad}, 0.5, 0.5, map[string]string{}, true, map[string]string{dossier.FieldUSCC: usccBad}},
		{"cells' other kind invalid", map[string]string{dossier.FieldUSCC: usccBad}, 0.5, 0.9, map[string]string{dossier.FieldOrgCode: "MAT8PDYM6"}, true, map[string]string{dossier.FieldUSCC: usccBad}},
	} {
		f, conf, cellConf := maps.Clone(c.page), map[string]float64{}, map[string]float64{}
		for k := range f {
			conf[k] = c.pageConf
		}
		for k := range c.cell {
			cellConf[k] = c.cellConf
		}
		if got := oneCodeBox(f, conf, c.cell, cellConf); got != c.codeRead || !maps.Equal(f, c.want) {
			t.Errorf("%s: code read %v, page %v; want %v, %v", c.name, got, f, c.codeRead, c.want)
		}
	}
	// A reading that fills its boxes with a valid code is sure, however
	// unsure the reader was; one a character short, or invalid, is not.
	for _, c := range []struct {
		text string
		n    int
		sure bool
	}{{org, 9, true}, {org, 10, true}, {"MAT8PDY5", 9, false}, {"MAT8PDYM6", 9, false}, {org, 18, false}} {
		w := boxedConf([]Word{{Text: c.text, Conf: 0.2}}, c.n)
		if got := w[0].Conf >= sureConf; got != c.sure {
			t.Errorf("%s in %d boxes at %.2f: sure %v, want %v", c.text, c.n, w[0].Conf, got, c.sure)
		}
	}
	// A box holds a letter or a digit: & is an 8 (a serif 8 read so).
	if w := boxSymbols([]Word{{Text: "MAT&PDYM5"}}); w[0].Text != org {
		t.Errorf("a box's & read %q", w[0].Text)
	}
}

// TestSkewOfALine: a line of characters cut out of a page scanned askew
// slopes as the page does. Rows sampled every other one made no slope the
// sharpest on such a line on grainy paper (all its points piled into half
// the rows), and a line two and a half degrees askew was read as 萌田加江
// for 莆田闽江. A portrait's grey blocks beside the lines have no say:
// only ink, darker than what lies round it, counts (they made a card
// about 1° askew slope -3°).
func TestSkewOfALine(t *testing.T) {
	for _, deg := range []float64{2.5, -1.5, 0.8} {
		g := image.NewGray(image.Rect(0, 0, 540, 100))
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range g.Pix {
			g.Pix[i] = 235
			if rng.IntN(20) == 0 { // a paper's grain
				g.Pix[i] = 150
			}
		}
		tan := math.Tan(deg * math.Pi / 180)
		for ch := 0; ch < 16; ch++ { // characters of 28 px, strokes across and down
			x0 := 10 + ch*32
			for x := x0; x < x0+28; x++ {
				for y := 0; y < 28; y++ {
					if y%7 == 0 || (x-x0)%9 == 0 {
						yy := 50 - int(math.Round(float64(x)*tan)) + y - 14 + int(math.Round(270*tan))
						g.Pix[yy*g.Stride+x] = 20
					}
				}
			}
		}
		if got := skew(g, 175) * 180 / math.Pi; math.Abs(got-deg) > 0.3 {
			t.Errorf("a line %.1f° askew: skew %.2f°", deg, got)
		}
	}
	// The card of tuning seed 5858 C0012, laid about 1° askew on its
	// page: the band across its portrait's grey blocks and its name.
	if testing.Short() {
		return
	}
	dir := t.TempDir()
	if err := samples.Generate(samples.Options{Out: dir, Cases: 1, First: 12, Seed: 5858}); err != nil {
		t.Fatal(err)
	}
	g := DropRed(corpusPage(t, dir, "C0012", dossier.PageRef{File: "身份证 复印件.PDF", Page: 1}))
	band := cutOut(g, image.Rect(0, 877-150, g.Bounds().Dx(), 877+150), 1)
	if got := skew(band, printLevel(band)) * 180 / math.Pi; got < 0.5 || got > 1.8 {
		t.Errorf("a card about 1° askew, its portrait beside its lines: skew %.2f°", got)
	}
}

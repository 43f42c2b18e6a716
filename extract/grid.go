package extract

import (
	"image"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/draw"

	"dossier"
)

// A form is a table. tesseract's layout analysis, made for running text,
// loses rows of a ruled table: a label read on one line and its value on
// another, a row dropped, a label broken over two lines of its cell. The
// grid reader finds the table's ruled cells itself and reads each cell
// alone, as one line, so that a label and the value in the cell beside it
// come out as two lines on one row, as labelled expects.

// gridCell is one ruled cell of a table, in the page's pixels, with the row
// it stands on.
type gridCell struct {
	Box image.Rectangle
	Row int
}

// hRule is a horizontal table rule: the rows it covers and its extent.
type hRule struct{ y0, y1, x0, x1 int }

// paperLevel is the grey of the page's paper: the level at the 80th
// percentile, since most of a page is paper.
func paperLevel(g *image.Gray) int {
	var hist [256]int
	b := g.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		row := g.Pix[(y-b.Min.Y)*g.Stride : (y-b.Min.Y)*g.Stride+b.Dx()]
		for x := 0; x < len(row); x += 2 {
			hist[row[x]]++
			n++
		}
	}
	seen := 0
	for v := range 256 {
		seen += hist[v]
		if seen*5 >= n*4 {
			return v
		}
	}
	return 255
}

// printLevel is the grey under which a pixel of g is print: 60 darker than
// its paper (paperLevel), past a scanner's shading and a seal's ring
// taken out with the red.
func printLevel(g *image.Gray) uint8 {
	return uint8(max(0, paperLevel(g)-60))
}

// blank is a sheet of paper of grey v, w by h.
func blank(w, h int, v uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = v
	}
	return g
}

// onMargin is g on white paper with a margin m round it: a reader takes
// a glyph touching its image's edge for noise.
func onMargin(g *image.Gray, m int) *image.Gray {
	out := blank(g.Bounds().Dx()+2*m, g.Bounds().Dy()+2*m, 255)
	draw.Draw(out, g.Bounds().Sub(g.Bounds().Min).Add(image.Pt(m, m)), g, g.Bounds().Min, draw.Src)
	return out
}

// gridCells finds the ruled cells of the tables on an upright page. A
// horizontal rule is a dark run a fifth of the page wide or more (gaps of
// a few pixels closed, a pixel of slant allowed); two rules in a row that
// span most of the widest rule's width bound a row of the table; the row's
// vertical rules are the columns dark over nine tenths of its height.
// Shorter rules (the boxes a code is printed in) do not cut rows: their
// sides are shorter than the row, so the boxes stay inside one cell.
func gridCells(g *image.Gray) []gridCell {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 200 || h < 200 {
		return nil
	}
	dark := printLevel(g)
	at := func(x, y int) bool { return g.Pix[y*g.Stride+x] < dark }
	// Horizontal rules, row by row: the longest run, each pixel dark in
	// its row or the one above or below (a slight slant, a broken line).
	minRun := w / 5
	var rules []hRule
	for y := 1; y < h-1; y++ {
		bestLen, bestX0, run, x0, gap := 0, 0, 0, 0, 0
		for x := 0; x < w; x++ {
			if at(x, y) || at(x, y-1) || at(x, y+1) {
				if run == 0 {
					x0 = x
				}
				run += 1 + gap
				gap = 0
				if run > bestLen {
					bestLen, bestX0 = run, x0
				}
				continue
			}
			if run > 0 && gap < 4 {
				gap++
				continue
			}
			run, gap = 0, 0
		}
		if bestLen < minRun {
			continue
		}
		x1 := bestX0 + bestLen
		if n := len(rules); n > 0 && rules[n-1].y1 >= y-1 && bestX0 < rules[n-1].x1 && x1 > rules[n-1].x0 {
			r := &rules[n-1]
			r.y1, r.x0, r.x1 = y, min(r.x0, bestX0), max(r.x1, x1)
			continue
		}
		rules = append(rules, hRule{y, y, bestX0, x1})
	}
	if len(rules) < 3 {
		return nil
	}
	widest := 0
	for _, r := range rules {
		widest = max(widest, r.x1-r.x0)
	}
	// Rules that cross the table (most of the widest rule's width) cut
	// rows; two such within a few pixels are one (a double line, or a
	// row's rule and the top of the boxes a code is printed in).
	var major []hRule
	for _, r := range rules {
		if (r.x1-r.x0)*100 < widest*85 {
			continue
		}
		if n := len(major); n > 0 && r.y0-major[n-1].y1 < 12 {
			major[n-1].y1 = r.y1
			continue
		}
		major = append(major, r)
	}
	var cells []gridCell
	row := 0
	for i := 0; i+1 < len(major); i++ {
		top, bot := major[i], major[i+1]
		x0, x1 := max(top.x0, bot.x0), min(top.x1, bot.x1)
		y0, y1 := top.y1+1, bot.y0 // the row's inside
		rh := y1 - y0
		if x1-x0 < widest/2 || rh < 12 || rh > h/6 {
			continue
		}
		// Vertical rules: columns dark (a pixel of slant allowed) over 9/10
		// of the row's inside, trimmed by two pixels each end.
		in0, in1 := y0+2, y1-2
		col := func(x int) bool {
			n := 0
			for y := in0; y < in1; y++ {
				if at(x, y) || x > 0 && at(x-1, y) || x+1 < w && at(x+1, y) {
					n++
				}
			}
			return n*10 >= (in1-in0)*9
		}
		var cuts []int // left edges of the cells
		prev := -10
		inRule := false
		cuts = append(cuts, x0)
		for x := max(0, x0-3); x < min(w, x1+3); x++ {
			if col(x) {
				if !inRule && x-prev > 1 {
					cuts = append(cuts, -x) // a rule starts: the cell before ends here
				}
				inRule, prev = true, x
				continue
			}
			if inRule {
				cuts = append(cuts, x) // a rule ends: a cell starts
			}
			inRule = false
		}
		cuts = append(cuts, -x1)
		// cuts alternate start, end; pair them into cells wide enough to hold a character
		start := -1
		for _, c := range cuts {
			if c >= 0 {
				start = c
				continue
			}
			if start >= 0 && -c-start >= rh/2 {
				cells = append(cells, gridCell{Box: image.Rect(start, y0, -c, y1).Add(b.Min), Row: row})
			}
			start = -1
		}
		row++
	}
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].Row != cells[j].Row {
			return cells[i].Row < cells[j].Row
		}
		return cells[i].Box.Min.X < cells[j].Box.Min.X
	})
	return cells
}

// inked reports whether a cell holds print: dark pixels on more than a
// two-hundredth of its inside.
func inked(g *image.Gray, r image.Rectangle, dark uint8) bool {
	r = r.Intersect(g.Bounds())
	if r.Empty() {
		return false
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.GrayAt(x, y).Y < dark {
				n++
			}
		}
	}
	return n*200 > r.Dx()*r.Dy()
}

// whiten turns everything lighter than dark to paper white: the tint a
// form fills its boxes with, whose edges OCR reads as marks.
func whiten(g *image.Gray, dark uint8) *image.Gray {
	out := image.NewGray(g.Bounds())
	for i, v := range g.Pix {
		if v >= dark {
			v = 255
		}
		out.Pix[i] = v
	}
	return out
}

// inkBox is the box round the print inside r (r itself when blank).
func inkBox(g *image.Gray, r image.Rectangle, dark uint8) image.Rectangle {
	r = r.Intersect(g.Bounds())
	box := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.GrayAt(x, y).Y < dark {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Empty() {
		return r
	}
	return box
}

// gridLines reads each inked cell of the page's tables alone, as one line
// (cut out a little inside its rules), and returns a Line a cell, its box
// and its words' boxes the cell's. Lines come row by row, left to right,
// as Lines orders them.
func gridLines(ocr *OCR, g *image.Gray, cells []gridCell) ([]Line, error) {
	var out []Line
	dark := printLevel(g)
	for _, c := range cells {
		in := c.Box.Inset(3)
		if in.Dx() < 8 || in.Dy() < 8 || !inked(g, in, dark) {
			continue
		}
		in = inkBox(g, in, dark).Inset(-4).Intersect(in)
		// The cell's lines (a label or an address broken over two) side
		// by side as one, its gaps closed: a label printed letter-spaced
		// across its cell (姓　　名) reads as one word. The standard model
		// reads a cell's name where the page's fast model does not (詹雅
		// read 和铸雅, 袁俊 责俊, 沈蓉美 沈蔡美).
		crop := cutOut(g, in, 1)
		bands := textBands(g, in, dark)
		words, err := ocr.NameWords(squeeze(sideBySide(g, bands)))
		if err != nil {
			return out, err
		}
		// A row of boxes, one character a box, is a code whatever the
		// reading made of it: the standard model reads a box round a
		// letter as a Chinese character (国, 回) or a brace.
		white := whiten(crop, dark)
		if boxes := boxesOf(white); len(bands) == 1 && len(boxes) > 0 {
			if words, err = readBoxes(ocr, white, boxes, boxSymbols(words)); err != nil {
				return out, err
			}
		} else if len(bands) == 1 && (len(words) == 0 || codeLike(words)) && !holdsValidCode(newCodeReadOf(words)) {
			// Nothing read, or a code not valid as read (its boxes' rules
			// read among its characters): read it in the code client with
			// the box tint and the boxes dropped.
			again, err := ocr.CodeWords(squeeze(dropRules(white)))
			if err != nil {
				return out, err
			}
			if code := newCodeReadOf(again); len(code) >= 8 && (len(words) == 0 || holdsValidCode(code)) {
				words = again
			}
		}
		if len(words) == 0 {
			continue
		}
		for i := range words {
			words[i].Box, words[i].Line = in, 0
		}
		l := Lines(words)[0]
		l.Box = c.Box
		out = append(out, l)
	}
	return out, nil
}

// sideBySide lays the parts bands of g side by side, left to right, as
// one line: a label broken over two lines of its cell (经办人姓 / 名) reads
// as one word, its characters in their context.
func sideBySide(g *image.Gray, bands []image.Rectangle) *image.Gray {
	if len(bands) == 1 {
		return cutOut(g, bands[0], 1)
	}
	w, h := 0, 0
	for _, b := range bands {
		w += b.Dx() + b.Dy()/2
		h = max(h, b.Dy())
	}
	out := blank(w, h, 255)
	x := 0
	for _, b := range bands {
		draw.Draw(out, image.Rect(x, (h-b.Dy())/2, x+b.Dx(), (h-b.Dy())/2+b.Dy()), g, b.Min, draw.Src)
		x += b.Dx() + b.Dy()/2
	}
	return out
}

// textBands splits r, the print in a cell, into its lines of text: runs
// of rows holding print, apart by blank rows, each at least a third as tall
// as the tallest (a speck or an underline is no line); r itself when it
// holds one line.
func textBands(g *image.Gray, r image.Rectangle, dark uint8) []image.Rectangle {
	var runs [][2]int
	start := -1
	for y := r.Min.Y; y <= r.Max.Y; y++ {
		ink := false
		for x := r.Min.X; y < r.Max.Y && x < r.Max.X && !ink; x++ {
			ink = g.GrayAt(x, y).Y < dark
		}
		switch {
		case ink && start < 0:
			start = y
		case !ink && start >= 0:
			runs = append(runs, [2]int{start, y})
			start = -1
		}
	}
	tallest := 0
	for _, run := range runs {
		tallest = max(tallest, run[1]-run[0])
	}
	var bands []image.Rectangle
	for _, run := range runs {
		if (run[1]-run[0])*3 >= tallest {
			bands = append(bands, image.Rect(r.Min.X, run[0]-3, r.Max.X, run[1]+3).Intersect(r))
		}
	}
	if len(bands) < 2 {
		return []image.Rectangle{r}
	}
	return bands
}

// hasTable reports whether cells make a table worth reading cell by cell:
// three rows or more, one of them with two cells or more.
func hasTable(cells []gridCell) bool {
	rows := map[int]int{}
	for _, c := range cells {
		rows[c.Row]++
	}
	return len(rows) >= 3 && slices.ContainsFunc(cells, func(c gridCell) bool { return rows[c.Row] >= 2 })
}

// codeLike reports whether words read as a code: letters, digits and
// the marks rules are read as, eight or more, and little else.
func codeLike(words []Word) bool {
	n, other := 0, 0
	for _, w := range words {
		for _, r := range w.Text {
			switch {
			case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || strings.ContainsRune("|[]", r):
				n++
			case r != '-':
				other++
			}
		}
	}
	return n >= 8 && other*5 <= n
}

// fillsBoxes reports whether code, read from a row of n boxes, has a
// character a box and holds its check character: eighteen for a credit
// code or an identity number, nine for an organization code (ten with its
// hyphen's box).
func fillsBoxes(code string, n int) bool {
	if !aBoxEach(code, n) {
		return false
	}
	valid := func(kind string) bool {
		v, how := RepairCode(kind, code) // O for 0 where a digit stands is safe
		return how != Guessed && validCode(kind, v)
	}
	switch len(code) {
	case 18:
		return valid("uscc") || valid("id_number")
	case 9, 10:
		return valid("org_code")
	}
	return false
}

// boxSymbols reads a symbol in a box as the character it stands for: a box
// holds a letter or a digit, and & is an 8 read in a serif typeface.
func boxSymbols(words []Word) []Word {
	for i := range words {
		words[i].Text = strings.ReplaceAll(words[i].Text, "&", "8")
	}
	return words
}

// boxedConf makes sure a reading of a row of n boxes that fills them: a
// character a box and the check character holding. A misreading rarely
// keeps both (one misread code in eleven keeps a valid check character,
// one in 31 for a credit code, and it must keep the count too), whatever
// the reader said of it.
func boxedConf(words []Word, n int) []Word {
	if fillsBoxes(newCodeReadOf(words), n) {
		for i := range words {
			words[i].Conf = max(words[i].Conf, sureConf)
		}
	}
	return words
}

// aBoxEach reports whether code has a character for each of n boxes (an
// organization code's hyphen may have a box of its own).
func aBoxEach(code string, n int) bool {
	return len(code) == n || n == 10 && len(code) == 9
}

// readBoxes reads a row of boxes in white (a cell's strip, its tint
// whitened; boxes as boxesOf gives them), the boxes dropped, in the code
// client; then, where that does not fill the boxes with a valid code, each
// box alone (a side left standing between two characters is read as 1:
// MAFGPQ1CA4); then, until boxReading has its answer, in the standard
// Chinese model (std, its reading of the cell with the boxes, where made)
// and in the page's fast one. The standard model's reading does not come
// first: it read AFGP1QCA4 for MAFGPQCA4 (its M lost, a side read as 1),
// valid by chance and filling the count, and a good case was rejected.
func readBoxes(ocr *OCR, white *image.Gray, boxes [][2]int, std []Word) ([]Word, error) {
	n := len(boxes)
	strip := squeeze(dropRules(white))
	var reads [][]Word
	for i, read := range []func(*image.Gray) ([]Word, error){ocr.CodeWords, ocr.NameWords, ocr.LineWords} {
		var words []Word
		var err error
		if i == 1 && std != nil {
			words = std
		} else if words, err = read(strip); err != nil {
			return nil, err
		}
		reads = append(reads, boxSymbols(words))
		if pick, done := boxReading(reads, n, 3); done {
			return pick, nil
		}
		if i == 0 {
			// each box read alone has one character to give, and a
			// count of boxes filled with a valid code stands as the code
			// client's would (boxedConf)
			each, err := readEachBox(ocr, white, boxes)
			if err != nil {
				return nil, err
			}
			if fillsBoxes(newCodeReadOf(each), n) {
				return boxedConf(each, n), nil
			}
		}
	}
	pick, _ := boxReading(reads, n, len(reads))
	return pick, nil
}

// readEachBox reads each of boxes in white alone, in the code client, its
// sides left out and its top and bottom rules dropped, on a margin of
// paper: one word of the characters read, at the least sure box's
// confidence; none where a box gave other than one letter, digit or
// hyphen. A side cannot be read as 1 between two characters so.
// A box the client reads as no character at its size is read again at two
// thirds of it: tesseract reads one glyph alone by its size, and a thin
// serif 5 a third of an inch tall, clear on its own, read as ")" at 0 (and
// so from the command line) and as 5 smaller.
func readEachBox(ocr *OCR, white *image.Gray, boxes [][2]int) ([]Word, error) {
	b := white.Bounds()
	var text strings.Builder
	conf := 1.0
	for _, bx := range boxes {
		in := image.Rect(bx[0]+3, b.Min.Y, bx[1]-2, b.Max.Y)
		if in.Dx() < 4 {
			return nil, nil
		}
		box := dropRules(cutOut(white, in, 1))
		var ch string
		var words []Word
		for _, g := range []*image.Gray{box, shrunk(box, 2, 3)} {
			var err error
			if words, err = ocr.CodeWords(onMargin(g, g.Bounds().Dy()/2)); err != nil {
				return nil, err
			}
			if ch = newCodeReadOf(boxSymbols(words)); len(ch) == 1 {
				break
			}
		}
		if len(ch) != 1 {
			return nil, nil
		}
		text.WriteString(ch)
		for _, w := range words {
			conf = min(conf, w.Conf)
		}
	}
	return []Word{{Text: text.String(), Box: b, Conf: conf}}, nil
}

// shrunk is g made num/den its size.
func shrunk(g *image.Gray, num, den int) *image.Gray {
	b := g.Bounds()
	out := image.NewGray(image.Rect(0, 0, max(1, b.Dx()*num/den), max(1, b.Dy()*num/den)))
	draw.CatmullRom.Scale(out, out.Bounds(), g, b, draw.Src, nil)
	return out
}

// boxReading chooses among the readings of a row of n boxes made so far,
// of the total to be made (the code client's first); done when no further
// reading can change the choice. The code client's reading that fills the
// boxes with a valid code stands, sure (boxedConf). Failing that, a later
// reading that does: as read where the code client broke the count (the
// Latin model reads some typefaces' 9 as OY or YX, F as 0F, a box's side
// as I; on combs drawn in two typefaces at six sizes the standard model
// read 9 of 12 right, the fast one 1), in doubt where the code client
// filled the boxes with another, invalid code (a warped comb's 9D6 read
// ND E): two readings of the spot disagree, and a reader's misreading of a
// code printed wrong may be valid by chance. With no valid reading, the
// code client's with a character a box stands (a unit may write a wrong
// code: read as printed), else the first later one with a character a
// box, else the code client's.
func boxReading(reads [][]Word, n, total int) ([]Word, bool) {
	first := newCodeReadOf(reads[0])
	if fillsBoxes(first, n) {
		return boxedConf(reads[0], n), true
	}
	for _, r := range reads[1:] {
		if !fillsBoxes(newCodeReadOf(r), n) {
			continue
		}
		if aBoxEach(first, n) {
			r = slices.Clone(r)
			for i := range r {
				r[i].Conf = min(r[i].Conf, guessedConf)
			}
		}
		return r, true
	}
	if len(reads) < total {
		return nil, false
	}
	if aBoxEach(first, n) {
		return reads[0], true
	}
	for _, r := range reads[1:] {
		if aBoxEach(newCodeReadOf(r), n) {
			return r, true
		}
	}
	return reads[0], true
}

// holdsValidCode reports whether text holds a code whose check character holds.
func holdsValidCode(text string) bool {
	for _, kind := range []string{"uscc", "org_code", "id_number"} {
		if raw, _ := validWindow(kind, text); raw != "" {
			return true
		}
	}
	return false
}

// newCodeReadOf is the letters, digits and hyphens words read as a code.
func newCodeReadOf(words []Word) string {
	if len(words) == 0 {
		return ""
	}
	return newCodeRead(words).text
}

// formFields are the fields a form must give; of the unit's two codes, either.
var formFields = []string{dossier.FieldUnitName, dossier.FieldOperatorName, dossier.FieldOperatorID}

// formIncomplete reports whether a form's reading lacks a field it must
// give, or holds one unsure or (a code) invalid.
func formIncomplete(f map[string]string, c map[string]float64) bool {
	for _, k := range formFields {
		if f[k] == "" || c[k] < sureConf || codeKind[k] != "" && !validCode(codeKind[k], f[k]) {
			return true
		}
	}
	for _, k := range []string{dossier.FieldUSCC, dossier.FieldOrgCode} {
		if f[k] != "" {
			return c[k] < sureConf || !validCode(codeKind[k], f[k])
		}
	}
	return true
}

// readForm reads a form again cell by cell (when its page holds a ruled
// table) and merges what that gives into the page's reading f, c: a field
// the page's reading lacks is filled (a name, or a code that fails its
// check, unsure), one it read the same is surer, and of two that differ
// the surer stays (a code only if valid), in doubt. guessed (the page's
// codes kept as guessed repairs, as read) follows what is kept, and
// second's disputed gains the other valid code of a spot read as two, and
// its otherwise every other reading of a name's spot, the page's and the
// cell's, that the name kept is not (see rereadName). It returns the
// cells' lines.
func readForm(ocr *OCR, g *image.Gray, f map[string]string, c map[string]float64, guessed map[string]string, second *secondReads) ([]Line, error) {
	if g.Bounds().Min != (image.Point{}) {
		return nil, nil
	}
	// A page scanned a little askew is set straight for its rules to run
	// along its rows: within the form only; its words' boxes are not
	// the page's.
	if a := skew(g, printLevel(g)); math.Abs(a) > 0.15*math.Pi/180 {
		g = rotate(g, a)
	}
	cells := gridCells(g)
	if !hasTable(cells) {
		return nil, nil
	}
	lines, err := gridLines(ocr, g, cells)
	if err != nil {
		return nil, err
	}
	t := dossier.ApplicationForm
	r := readFields(t, lines)
	std1, std2 := stdReads(ocr)
	names := []string{dossier.FieldUnitName, dossier.FieldOperatorName}
	// the cells' own second readings: their disputes are not kept (the
	// cell is read in the standard model, as the page's second readings
	// were), their other readings are
	cellSecond := newSecondReads(map[string]string{})
	for _, k := range names {
		if _, err := rereadName(g, t, lines, r.values, r.conf, cellSecond, k, std1, std2); err != nil {
			return lines, err
		}
	}
	if err := rereadCodes(ocr, g, t, lines, r); err != nil {
		return lines, err
	}
	was, wasConf, wasGuessed := maps.Clone(f), maps.Clone(c), maps.Clone(guessed)
	codeRead := oneCodeBox(f, c, r.values, r.conf)
	for _, k := range append(slices.Clone(formFields), dossier.FieldUSCC, dossier.FieldOrgCode) {
		mergeCell(f, c, k, r.values[k], r.conf[k], codeRead)
	}
	keepGuesses(f, guessed, was, r)
	keepDisputes(f, second.disputed, was, wasGuessed, r)
	for _, k := range names {
		// A page that read 莆田市… at 0.77 where its cell read 莲田市…
		// surer: the name kept is one reading of two, and a mending of it
		// (misreadPlace) or the characters' confidences
		// (readOtherwiseDown) must know the other.
		other := append(slices.Clone(second.otherwise[k]), cellSecond.otherwise[k]...)
		other = append(other, nameRead{was[k], wasConf[k]}, nameRead{r.values[k], r.conf[k]})
		if kept := readOtherwise(other, f[k]); kept != nil {
			second.otherwise[k] = kept
		}
		// every reading of the spot: the page's (its one reading where
		// it was not read again) and the cell's
		spot := second.spot[k]
		if len(spot) == 0 {
			spot = named([]modelRead{{nameRead{was[k], wasConf[k]}, false}})
		}
		cell := cellSecond.spot[k]
		if len(cell) > 0 {
			cell[0].std = true // the cell's own reading, in the standard model
		} else {
			cell = named([]modelRead{{nameRead{r.values[k], r.conf[k]}, true}})
		}
		second.spot[k] = append(slices.Clone(spot), cell...)
	}
	return lines, nil
}

// keepDisputes records in disputed, for each code, the other valid code
// its spot gave where the page's reading (was, its guesses wasGuessed) and
// the cells' (r) give two, neither a guess, or the cells' own dispute of
// the code kept.
func keepDisputes(f, disputed, was, wasGuessed map[string]string, r fieldReading) {
	for k, kind := range codeKind {
		v := f[k]
		if v == "" {
			continue
		}
		var others []string
		if _, g := wasGuessed[k]; !g {
			others = append(others, was[k])
		}
		if _, g := r.guessed[k]; !g {
			others = append(others, r.values[k])
		}
		if v == r.values[k] {
			others = append(others, r.disputed[k])
		}
		for _, o := range others {
			if o != "" && o != v && validCode(kind, o) {
				disputed[k] = o
			}
		}
	}
}

// keepGuesses brings guessed (codes the page kept as guessed repairs, as
// read) up to date with f, the page's fields once merged with the cells'
// reading r (the page's were was): a code either reading gave without a
// guess is read; one only a guess gave stays a guess, as read there.
func keepGuesses(f, guessed, was map[string]string, r fieldReading) {
	for k := range codeKind {
		v := f[k]
		_, pageGuess := guessed[k]
		cellGuess, cellGuessed := r.guessed[k]
		switch {
		case v == "" || v == was[k] && !pageGuess || v == r.values[k] && !cellGuessed:
			delete(guessed, k)
		case v == r.values[k]:
			guessed[k] = cellGuess
		}
	}
}

// oneCodeBox reports whether the page's reading f gave one of the unit's
// codes. A form has one box for it: where the cells (cell, read at
// cellConf) read only the other kind, valid, and the page's reading of its
// kind is invalid (its comb's sides among its characters,
// M1417181R1D1Y1M155), or valid but guessed and less sure than the cells'
// (a comb's credit code read as junk around a valid stretch, 606249361 at
// 0.00 of 91350900606249361K), or the organization code inside the cells'
// credit code (its 9th to 17th characters: the page read the comb in
// part), the page's is dropped from f and c for the cells' to stand.
func oneCodeBox(f map[string]string, c map[string]float64, cell map[string]string, cellConf map[string]float64) bool {
	for _, pair := range [][2]string{{dossier.FieldUSCC, dossier.FieldOrgCode}, {dossier.FieldOrgCode, dossier.FieldUSCC}} {
		page, other := pair[0], pair[1]
		if f[page] == "" || f[other] != "" || cell[page] != "" || cell[other] == "" || !validCode(codeKind[other], cell[other]) {
			continue
		}
		part := other == dossier.FieldUSCC && len(cell[other]) == 18 && cell[other][8:17] == f[page]
		if !validCode(codeKind[page], f[page]) || c[page] < guessedConf && cellConf[other] > c[page] || part {
			delete(f, page)
			delete(c, page)
		}
	}
	return f[dossier.FieldUSCC] != "" || f[dossier.FieldOrgCode] != ""
}

// mergeCell merges a form field's reading from its cell (v2 at c2) into
// the page's (f[k] at c[k]); codeRead says the page gave one of the
// unit's codes.
func mergeCell(f map[string]string, c map[string]float64, k, v2 string, c2 float64, codeRead bool) {
	kind := codeKind[k]
	if v2 == "" || kind != "" && !validCode(kind, v2) && f[k] != "" {
		return
	}
	v1, c1 := f[k], c[k]
	switch {
	case v1 == v2 && kind == "" && c1 == guessedConf:
		// A name the page's readings disputed (rereadName kept one at
		// guessedConf) stays in doubt, however surely its cell reads it:
		// the cell is read in the standard model, as the second readings
		// were, so agreeing is no reading of its own (艷, which neither
		// model knows, read 艳 at 0.60 and 0.56 on the line and 0.74 in
		// its cell, 虹 by the page; 徐涛 read 徐浑 at 0.81 and 0.91 on the
		// line and 0.92 in its cell, 徐涛 by the page). Other papers'
		// sure readings settle it.
	case v1 == v2:
		c[k] = max(c1, c2)
	case v1 == "":
		if (k == dossier.FieldUSCC || k == dossier.FieldOrgCode) && codeRead {
			return // the page gave the unit's other code
		}
		f[k], c[k] = v2, c2
		if kind == "" || !validCode(kind, v2) {
			// A name read once, from its cell, with nothing to back
			// it: the standard model misreads surely too (吴思还 for
			// 吴思远 at 0.91). It counts where other papers read the
			// same; where they differ, a clerk looks. So does a code
			// whose check character fails in the cell's reading alone.
			c[k] = min(c2, guessedConf)
		}
	case kind != "" && c2 >= sureConf && c1 < guessedConf:
		// A code read sure and valid in its cell over one the page
		// gave unsure: the check character backs the cell's.
		f[k], c[k] = v2, c2
	case c2 >= sureConf && kind == "" && strings.Contains(v1, v2) && utf8.RuneCountInString(v1)-utf8.RuneCountInString(v2) <= 2:
		// The page's reading ran on into marks beside the value (了丁昌
		// for 丁昌); the cell's rules bound it. (Not a cell that lost
		// most of the value: 海峡食品 of 海峡食品（南平）有限责任公司.)
		f[k], c[k] = v2, c2
	case k == dossier.FieldUnitName && wholeOrgName(v1) && !wholeOrgName(v2):
		// The cell's reading lost the name's end (its bracket read
		// as 《 and the line broken there): the page's stands.
	default:
		// The page's reading and the cell's differ: the surer (a
		// code only if valid), in doubt, as readings of one spot that
		// disagree are (see rereadName).
		if c2 > c1 && (kind == "" || validCode(kind, v2)) {
			f[k] = v2
		}
		c[k] = min(max(c1, c2), guessedConf)
	}
}

// skew estimates how far a page's lines slope, in radians, within three
// degrees either way: the slope along which the dark pixels pile into the
// sharpest rows (the sum of squared row counts is greatest).
func skew(g *image.Gray, dark uint8) float64 {
	b := g.Bounds()
	type pt struct{ x, y int }
	var pts []pt
	// Every row, every other column: rows sampled every other one would
	// pile into half the rows at no slope alone, and the sharpest rows
	// would be those of no slope on a line a few degrees askew. Ink only:
	// a point under dark and well under the lightest of the points a few
	// pixels round it (a card's portrait, grey blocks, made a card about
	// 1° askew slope -3°).
	const r = 6
	at := func(x, y int) int { return int(g.Pix[min(max(y, 0), b.Dy()-1)*g.Stride+min(max(x, 0), b.Dx()-1)]) }
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x += 2 {
			v := at(x, y)
			if v < int(dark) && v+40 < max(at(x-r, y), at(x+r, y), at(x, y-r), at(x, y+r)) {
				pts = append(pts, pt{x, y})
			}
		}
	}
	if len(pts) < 100 {
		return 0
	}
	rows := make([]int, b.Dy()+2*b.Dx())
	sharp := func(a float64) float64 {
		clear(rows)
		t := math.Tan(a)
		off := b.Dx()
		for _, p := range pts {
			if i := p.y + off + int(math.Round(float64(p.x)*t)); i >= 0 && i < len(rows) {
				rows[i]++
			}
		}
		s := 0.0
		for _, n := range rows {
			s += float64(n * n)
		}
		return s
	}
	best, bestS := 0.0, sharp(0)
	const step = 0.1 * math.Pi / 180
	for i := 1; i <= 30; i++ {
		for _, a := range []float64{float64(i) * step, -float64(i) * step} {
			if s := sharp(a); s > bestS {
				best, bestS = a, s
			}
		}
	}
	return best
}

// rotate turns g by a radians about its centre (bilinear; the corners
// brought in are paper white).
func rotate(g *image.Gray, a float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	sin, cos := math.Sincos(a)
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx, sy := cos*dx+sin*dy+cx, -sin*dx+cos*dy+cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < 0 || y0 < 0 || x0+1 >= w || y0+1 >= h {
				out.Pix[y*out.Stride+x] = 255
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			p := func(x, y int) float64 { return float64(g.Pix[y*g.Stride+x]) }
			v := (p(x0, y0)*(1-fx)+p(x0+1, y0)*fx)*(1-fy) + (p(x0, y0+1)*(1-fx)+p(x0+1, y0+1)*fx)*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}

// despeckled is g without its specks: marks no wider or taller than a
// sixth of h (a character's height in g) with no other print within a
// third of h of them, painted over with paper. A scan's dust below a line
// cut out enlarged turned both readers' 机构名称：光华科技（深圳）有限责任公司
// into 机构名称：人0 (the line alone read right): a reader takes the line's
// height from everything inked in the strip. A character's dot stands
// closer to its strokes, and a name's separator (·) to the characters it
// parts. g itself where there is none.
func despeckled(g *image.Gray, h int, paper uint8) *image.Gray {
	b := g.Bounds()
	w, ht := b.Dx(), b.Dy()
	small, near := max(1, h/6), max(2, h/3)
	cut := uint8(max(0, int(paper)-50))
	dark := func(x, y int) bool { return g.Pix[y*g.Stride+x] < cut }
	var out *image.Gray
	for _, m := range marksOf(w, ht, dark) {
		if m.maxX-m.minX+1 > small || m.maxY-m.minY+1 > small {
			continue
		}
		alone := true
		for y := max(0, m.minY-near); y <= min(ht-1, m.maxY+near) && alone; y++ {
			for x := max(0, m.minX-near); x <= min(w-1, m.maxX+near); x++ {
				if (x < m.minX-1 || x > m.maxX+1 || y < m.minY-1 || y > m.maxY+1) && dark(x, y) {
					alone = false
					break
				}
			}
		}
		if !alone {
			continue
		}
		if out == nil {
			out = image.NewGray(image.Rect(0, 0, w, ht))
			for y := 0; y < ht; y++ {
				copy(out.Pix[y*out.Stride:y*out.Stride+w], g.Pix[y*g.Stride:y*g.Stride+w])
			}
		}
		for y := max(0, m.minY-1); y <= min(ht-1, m.maxY+1); y++ {
			for x := max(0, m.minX-1); x <= min(w-1, m.maxX+1); x++ {
				out.Pix[y*out.Stride+x] = paper
			}
		}
	}
	if out == nil {
		return g
	}
	return out
}

// mark is a connected piece of print: its pixels (y*w+x) and its box.
type mark struct {
	px                     []int
	minX, minY, maxX, maxY int
}

// marksOf finds the 8-connected marks of the pixels dark says are print,
// in a w by h image, in the order their first pixels come row by row.
func marksOf(w, h int, dark func(x, y int) bool) []mark {
	var marks []mark
	seen := make([]bool, w*h)
	var stack []int
	for i := range seen {
		if seen[i] || !dark(i%w, i/w) {
			continue
		}
		m := mark{minX: w, minY: h, maxX: -1, maxY: -1}
		seen[i] = true
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			m.px = append(m.px, j)
			m.minX, m.minY, m.maxX, m.maxY = min(m.minX, x), min(m.minY, y), max(m.maxX, x), max(m.maxY, y)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx >= 0 && ny >= 0 && nx < w && ny < h && !seen[ny*w+nx] && dark(nx, ny) {
						seen[ny*w+nx] = true
						stack = append(stack, ny*w+nx)
					}
				}
			}
		}
		marks = append(marks, m)
	}
	return marks
}

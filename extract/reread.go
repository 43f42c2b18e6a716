package extract

import (
	"cmp"
	"image"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"dossier"
	"dossier/validate/ident"
)

// A field read unsurely off the whole page is read again from its own spot,
// cut out and enlarged, as one line: the page's layout analysis and the
// crowd of other text no longer stand in the way.

// cutOut copies the part r of g, enlarged scale times.
func cutOut(g *image.Gray, r image.Rectangle, scale int) *image.Gray {
	r = r.Intersect(g.Bounds())
	crop := image.NewGray(image.Rect(0, 0, scale*r.Dx(), scale*r.Dy()))
	draw.CatmullRom.Scale(crop, crop.Bounds(), g, r, draw.Src, nil)
	return crop
}

// minSkew is the slope below which a page or a spot is read as it lies:
// tesseract takes a small slope in its stride, and turning the raster
// costs small text (see readStraight).
const minSkew = 0.3 * math.Pi / 180

// cutStraight is cutOut set straight where the page slopes about the
// spot (a page scanned a little askew): the readers take a line's
// characters along its rows, and a slope of under three degrees turned
// 莆田闽江 into 萌田加江, 莉田阀江 and 菊田闽江 by scale and model, where the
// same line set straight read 莆田 in each. The slope is measured across the
// page's width on the spot's rows and twice as many above and below it: a
// short line alone shows it badly (a card's 姓名-于昌 gave a slope of its
// own, and read 于昌 for 丁昌 once turned).
// The slope a and the paper's grey about the spot are slopeAbout's,
// measured once for a spot read several ways.
func cutStraight(g *image.Gray, spot image.Rectangle, scale int, a float64, paper uint8) *image.Gray {
	if math.Abs(a) <= minSkew {
		return cutOut(g, spot, scale)
	}
	b := g.Bounds()
	// Turned and enlarged in one step, with cutOut's kernel: an enlarged
	// cut-out turned after is blurred twice (鼓山电子（漳州）有限责任公司,
	// 1.6° askew, read 戢山申 so).
	r := spot.Intersect(b)
	out := blank(scale*r.Dx(), scale*r.Dy(), paper)
	sin, cos := math.Sincos(a)
	k := float64(scale)
	cx, cy := float64(r.Min.X)+float64(r.Dx())/2, float64(r.Min.Y)+float64(r.Dy())/2
	ox, oy := float64(out.Bounds().Dx())/2, float64(out.Bounds().Dy())/2
	m := f64.Aff3{k * cos, -k * sin, ox - k*cos*cx + k*sin*cy, k * sin, k * cos, oy - k*sin*cx - k*cos*cy}
	draw.CatmullRom.Transform(out, m, g, b, draw.Src, nil)
	return out
}

// slopeAbout is the slope, in radians, of the page's lines about spot,
// and the grey of the paper there (see cutStraight).
func slopeAbout(g *image.Gray, spot image.Rectangle) (a float64, paper uint8) {
	b := g.Bounds()
	band := cutOut(g, image.Rect(b.Min.X, spot.Min.Y-2*spot.Dy(), b.Max.X, spot.Max.Y+2*spot.Dy()), 1)
	paper = uint8(paperLevel(band))
	return skew(band, uint8(max(0, int(paper)-60))), paper
}

// inkEnd is where the print on box's row ends to the right: the first
// reading may have lost a code's last characters (printed one a box, with
// gaps OCR took for the end of the line), so the spot runs on while print
// follows within three character widths, up to twenty more.
func inkEnd(g *image.Gray, box image.Rectangle, h int) int {
	return min(g.Bounds().Max.X, printRunEnd(g, box, h, 3, 20, false)+h/2)
}

// nameInkEnd is where the print on the row of box, a name's words, ends
// to the right: the page's reading can lose a name's last character (强
// of 张志强, its foot on a seal's ring), and a spot cut at the words read
// holds half of it, for every second reading to lose too. The spot runs
// on while print follows within a character's width, up to two more
// characters, and stops at a rule down the row (the cell's edge).
// box.Max.X where no print follows.
func nameInkEnd(g *image.Gray, box image.Rectangle, h int) int {
	end := printRunEnd(g, box, h, 1, 2, true)
	if end == box.Max.X {
		return end
	}
	return min(g.Bounds().Max.X, end+h/2)
}

// printRunEnd is where print on box's middle rows, right of box, ends:
// the run goes on while print follows within gap character widths (h
// wide) of the last print, up to reach widths past box, and stops at a
// rule down the row where rules is set. box.Max.X where none follows.
func printRunEnd(g *image.Gray, box image.Rectangle, h, gap, reach int, rules bool) int {
	b := g.Bounds()
	end := box.Max.X
	y0, y1 := max(b.Min.Y, box.Min.Y+box.Dy()/4), min(b.Max.Y, box.Max.Y-box.Dy()/4)
	for x := box.Max.X; x < min(b.Max.X, box.Max.X+reach*h) && x-end < gap*h; x++ {
		if rules && ruleDown(g, x, box, h) {
			break
		}
		if inkedColumn(g, x, y0, y1) {
			end = x + 1
		}
	}
	return end
}

// inkedColumn reports whether column x of g holds print between rows y0
// and y1.
func inkedColumn(g *image.Gray, x, y0, y1 int) bool {
	b := g.Bounds()
	for y := y0; y < y1; y++ {
		if g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)] < 128 {
			return true
		}
	}
	return false
}

// inkStart is where the print on box's row begins to the left, counting
// only print that no word of lines covers: the page's reading may have
// lost a line's start (名称：宁德市 of 名称：宁德市盛达建设工程有限责任公司,
// read as 盛达建设工程有限责任公司), so the spot runs left while such print
// follows within three character widths, up to twenty more, and stops at
// a word read (a label cell beside the value's) or a rule down the row
// (the cell's edge: what lies beyond it is another cell's).
func inkStart(g *image.Gray, box image.Rectangle, h int, lines []Line) int {
	b := g.Bounds()
	start := box.Min.X
	y0, y1 := max(b.Min.Y, box.Min.Y+box.Dy()/4), min(b.Max.Y, box.Max.Y-box.Dy()/4)
	var read []image.Rectangle // words level with the row, left of it
	for _, l := range lines {
		for _, w := range l.Words {
			if w.Box.Min.Y < y1 && w.Box.Max.Y > y0 && w.Box.Max.X <= box.Min.X {
				read = append(read, w.Box)
			}
		}
	}
	var inked []int // the columns of print met, right to left
	for x := box.Min.X - 1; x >= max(b.Min.X, box.Min.X-20*h) && start-x < 3*h; x-- {
		if slices.ContainsFunc(read, func(r image.Rectangle) bool { return x >= r.Min.X && x < r.Max.X }) {
			break
		}
		if ruleDown(g, x, box, h) {
			// the rule's flank (a rule askew darkens a few columns
			// beside it part of the way) is not print either
			start = box.Min.X
			for _, c := range inked {
				if c >= x+max(2, h/6) {
					start = c
				}
			}
			break
		}
		if inkedColumn(g, x, y0, y1) {
			start = x
			inked = append(inked, x)
		}
	}
	return max(b.Min.X, start-h/2)
}

// ruleDown reports whether a rule runs down column x (give or take a
// pixel) through box's row and past it, half a character above and below,
// dark four fifths of its way at least: print stays within its row. On a
// page askew the rule leans with it (1.7° moves it four pixels over a
// row's height and a character's), so it is followed at each lean up to
// two and a half degrees either way, through the row's middle.
func ruleDown(g *image.Gray, x int, box image.Rectangle, h int) bool {
	b := g.Bounds()
	dark := func(x, y int) bool {
		if y < b.Min.Y || y >= b.Max.Y {
			return false
		}
		for dx := -1; dx <= 1; dx++ {
			if xx := x + dx; xx >= b.Min.X && xx < b.Max.X && g.Pix[(y-b.Min.Y)*g.Stride+(xx-b.Min.X)] < 128 {
				return true
			}
		}
		return false
	}
	y0, y1 := box.Min.Y-h/2, box.Max.Y+h/2
	mid := (y0 + y1) / 2
	for _, lean := range []float64{0, -0.015, 0.015, -0.03, 0.03, -0.045, 0.045} {
		n, in := 0, 0
		for y := y0; y < y1; y++ {
			n++
			if dark(x+int(math.Round(lean*float64(y-mid))), y) {
				in++
			}
		}
		if n > 0 && in*5 >= n*4 { // a faint or broken rule is dark most of its way
			return true
		}
	}
	return false
}

// squeeze closes the wide gaps of a code printed letter-spaced or one
// character a box (its boxes dropped): the Latin model reads a line of
// characters far apart as many words, and badly. Blank runs of columns
// wider than a third of the strip's height are cut to a quarter of it.
func squeeze(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	blank := make([]bool, w)
	for x := 0; x < w; x++ {
		blank[x] = true
		for y := 0; y < h; y++ {
			if g.Pix[y*g.Stride+x] < 160 {
				blank[x] = false
				break
			}
		}
	}
	var keep []int
	for x := 0; x < w; {
		if !blank[x] {
			keep = append(keep, x)
			x++
			continue
		}
		end := x
		for end < w && blank[end] {
			end++
		}
		n := end - x
		if n > h/3 {
			n = h / 4
		}
		for i := 0; i < n; i++ {
			keep = append(keep, x+i)
		}
		x = end
	}
	if len(keep) == w {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, len(keep), h))
	for y := 0; y < h; y++ {
		for i, x := range keep {
			out.Pix[y*out.Stride+i] = g.Pix[y*g.Stride+x]
		}
	}
	return out
}

// ruleDark is the grey below which a rule's pixel counts: rules print
// lighter than characters, and their grey counts.
const ruleDark = 200

// ruleDarkOn is ruleDark for a strip of g, or less on paper darker than
// white: a card's grey ground (about 200) counted as a rule along every
// row, and the digits' feet went with it (2017.11.25 then read 2017.11.95).
func ruleDarkOn(g *image.Gray) uint8 {
	return uint8(max(0, min(ruleDark, paperLevel(g)-40)))
}

// rulePieces finds the horizontal rules in a strip cut out round a line:
// for each row, the stretches of it that lie on a rule. A scan a little
// askew or bent moves a rule by a few rows from one end of the strip to the
// other, so rules are sought piece by piece: in windows twice the strip's
// height wide (half a window apart), a row is a rule's there when it is
// dark over seven tenths of the window, a column counting when it is dark
// in the row or the one above or below. No character of a code runs that
// far level. With whole, the one window is the strip: a row is a rule's
// only when dark across it (where no comb was found, two E side by side
// fill a window's row). A pixel is dark below rd (ruleDarkOn's). It
// returns, per row, which columns are a rule's, and how many columns of the
// strip some rule crosses.
func rulePieces(g *image.Gray, whole bool, rd uint8) (mask [][]bool, cols int) {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	mask = make([][]bool, h)
	if w < 4 || h < 4 {
		return mask, 0
	}
	win := min(w, 2*h)
	if whole {
		win = w
	}
	dark := func(x, y int) bool {
		for yy := max(0, y-1); yy <= min(h-1, y+1); yy++ {
			if g.Pix[yy*g.Stride+x] < rd {
				return true
			}
		}
		return false
	}
	crossed := make([]bool, w)
	for y := 0; y < h; y++ {
		d := make([]int, w+1) // prefix sums of the row's dark columns
		for x := 0; x < w; x++ {
			d[x+1] = d[x]
			if dark(x, y) {
				d[x+1]++
			}
		}
		for x0 := 0; ; x0 += max(1, win/2) {
			x0 = min(x0, w-win)
			if (d[x0+win]-d[x0])*10 >= win*7 {
				if mask[y] == nil {
					mask[y] = make([]bool, w)
				}
				for x := x0; x < x0+win; x++ {
					mask[y][x] = true
					crossed[x] = true
				}
			}
			if x0+win >= w {
				break
			}
		}
	}
	for _, c := range crossed {
		if c {
			cols++
		}
	}
	return mask, cols
}

// boxedLine counts the boxes a form prints a code in, one character a box,
// in a strip: rules along most of its width, and eight or more thin sides,
// each running the height of the strip's ink, spaced evenly about a box's
// height apart. Text has no such comb: a character's stroke may run level
// or the line's height, not both, at even steps. It is 0 for a strip
// without.
func boxedLine(g *image.Gray) int { return len(boxesOf(g)) }

// boxesOf gives the boxes of boxedLine's comb, each as the x of its left
// and right sides, left to right; none for a strip without.
func boxesOf(g *image.Gray) [][2]int { return boxesAt(g, ruleDarkOn(g)) }

// boxesAt is boxesOf with a pixel dark below rd, for a caller that has
// measured the strip's paper already.
func boxesAt(g *image.Gray, rd uint8) [][2]int {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if _, cols := rulePieces(g, false, rd); cols*10 < w*7 {
		return nil
	}
	dark := func(x, y int) bool { return g.Pix[y*g.Stride+x] < rd }
	top, bottom := -1, -1
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if dark(x, y) {
				if top < 0 {
					top = y
				}
				bottom = y
				break
			}
		}
	}
	inkH := bottom - top + 1
	if top < 0 || inkH < 8 {
		return nil
	}
	// Thin groups of columns dark (or a neighbour dark) over much of the
	// ink's height; the sides are the tallest of them, as tall as the
	// eighth tallest or nearly (a frame round the comb runs taller, a
	// character's stem shorter).
	col := make([]int, w)
	for x := 0; x < w; x++ {
		for y := top; y <= bottom; y++ {
			if dark(x, y) || x > 0 && dark(x-1, y) || x+1 < w && dark(x+1, y) {
				col[x]++
			}
		}
	}
	type group struct{ centre, height int }
	var groups []group
	for x := 0; x < w; {
		if col[x]*5 < inkH*2 {
			x++
			continue
		}
		end, tall := x, 0
		for end < w && col[end]*5 >= inkH*2 {
			tall = max(tall, col[end])
			end++
		}
		if (end-x)*6 <= inkH {
			groups = append(groups, group{(x + end) / 2, tall})
		}
		x = end
	}
	if len(groups) < 8 {
		return nil
	}
	heights := make([]int, len(groups))
	for i, gr := range groups {
		heights[i] = gr.height
	}
	slices.Sort(heights)
	ref := heights[len(heights)-8]
	var centres []int
	for _, gr := range groups {
		if gr.height*10 >= ref*9 {
			centres = append(centres, gr.centre)
		}
	}
	if len(centres) < 8 {
		return nil
	}
	gaps := make([]int, len(centres)-1)
	for i := range gaps {
		gaps[i] = centres[i+1] - centres[i]
	}
	sorted := slices.Sorted(slices.Values(gaps))
	med := sorted[len(sorted)/2]
	if med*2 < inkH || med > 2*inkH {
		return nil
	}
	var boxes [][2]int // a box a gap of a box's width: a frame's side stands closer
	for i, d := range gaps {
		if d*4 >= med*3 && d*4 <= med*5 {
			boxes = append(boxes, [2]int{centres[i], centres[i+1]})
		}
	}
	if len(boxes)*4 < len(gaps)*3 {
		return nil
	}
	return boxes
}

// dropRules whitens the table rules in a strip cut out round a line of
// code: the boxes a form prints a code in, one character a box, whose sides
// OCR reads as 1 or I between the characters. The boxes' tops and bottoms
// run dark across most of the strip; with them gone, each side stands
// alone, thin and a quarter taller or more than the characters (the
// median height of the marks wider than a 1).
func dropRules(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 4 || h < 4 {
		return g
	}
	dark := ruleDarkOn(g)
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+w], g.Pix[(y)*g.Stride:(y)*g.Stride+w])
	}
	changed := false
	// A comb of boxes has its rules found piece by piece, which follows a
	// rule askew; elsewhere only a row dark across the whole strip is a
	// rule's, as two E side by side can fill a window's row.
	boxed := len(boxesAt(g, dark)) > 0
	mask, _ := rulePieces(g, !boxed, dark)
	for y, m := range mask {
		for x, on := range m {
			if on {
				out.Pix[y*out.Stride+x] = 255
				changed = true
			}
		}
	}
	// The marks left, 8-connected.
	marks := marksOf(w, h, func(x, y int) bool { return out.Pix[y*out.Stride+x] < dark })
	var heights []int
	for _, m := range marks {
		mw, mh := m.maxX-m.minX+1, m.maxY-m.minY+1
		if mh >= 5 && mw*3 >= mh {
			heights = append(heights, mh)
		}
	}
	if len(heights) > 0 {
		slices.Sort(heights)
		tall := heights[len(heights)/2]
		// A rule's crossing (a frame's side cut by the comb's rules)
		// leaves short stubs touching the rows taken out: small beside
		// a character, and no character touches a rule.
		onRule := func(m mark) bool {
			for _, y := range []int{m.minY - 1, m.minY - 2, m.maxY + 1, m.maxY + 2} {
				if y >= 0 && y < h && mask[y] != nil && mask[y][min(w-1, m.minX)] {
					return true
				}
			}
			return false
		}
		for _, m := range marks {
			mw, mh := m.maxX-m.minX+1, m.maxY-m.minY+1
			if mw*4 <= mh && mh*4 >= tall*5 || boxed && mh*2 <= tall && mw*3 <= tall && onRule(m) {
				for _, j := range m.px {
					out.Pix[(j/w)*out.Stride+j%w] = 255
				}
				changed = true
			}
		}
	}
	if !changed {
		return g
	}
	return out
}

// secondReads is what the second readings of a page's names said, by
// field key: the other reading where they split evenly on one character
// of the name kept (disputedBy), every other reading of the name's spot,
// each at its confidence (readOtherwise), and every reading of the spot,
// the page's and those like the name kept among them, each once for each
// time it was read, those not read at all too.
type secondReads struct {
	disputed  map[string]string
	otherwise map[string][]nameRead
	spot      map[string][]modelRead
}

// newSecondReads is a secondReads with nothing read yet.
func newSecondReads(disputed map[string]string) *secondReads {
	return &secondReads{disputed: disputed, otherwise: map[string][]nameRead{}, spot: map[string][]modelRead{}}
}

// lineRead is a way to read a line cut out: a client's reading at a
// scale; std where the client reads in the standard model (not the page's).
type lineRead struct {
	words func(*image.Gray) ([]Word, error)
	scale int
	std   bool
	white bool // what is paler than print whitened first (see whitened)
	tie   bool // read only where the other readings tie (see rereadName)
}

// stdReads are the standard model's readings of a name's line, at the
// scan's size and enlarged twice.
func stdReads(ocr *OCR) (lineRead, lineRead) {
	return lineRead{words: ocr.NameWords, scale: 1, std: true}, lineRead{words: ocr.NameWords, scale: 2, std: true}
}

// tieReads are the page's model's readings of a person's name's line, at
// the scan's size and enlarged twice, asked for only where the others tie
// (see rereadName).
func tieReads(ocr *OCR) (lineRead, lineRead) {
	return lineRead{words: ocr.LineWords, scale: 1, tie: true}, lineRead{words: ocr.LineWords, scale: 2, tie: true}
}

// cut reads spot of g, a line of print h high, cut out (see cutOut) and
// despeckled. The words' boxes are in the cut-out's pixels.
func (r lineRead) cut(g *image.Gray, spot image.Rectangle, slope float64, paper uint8, h int) ([]Word, error) {
	return r.words(despeckled(r.cutOut(g, spot, slope, paper), h*r.scale, paper))
}

// cutOut is spot of g cut out straight (slope, on paper of grey paper:
// see cutStraight) at r's scale, whitened where r says so.
func (r lineRead) cutOut(g *image.Gray, spot image.Rectangle, slope float64, paper uint8) *image.Gray {
	cut := cutStraight(g, spot, r.scale, slope, paper)
	if r.white {
		cut = whitened(cut)
	}
	return cut
}

// whitened is g with what is paler than print turned to paper: a red
// seal's ring over a name, taken out with the red, leaves a grey hatching
// that the reader takes for characters (李杰 read 李杰去 and 张河), far
// paler than the print under it.
func whitened(g *image.Gray) *image.Gray {
	return whiten(g, printLevel(g))
}

// modelRead is a reading of a name's spot and the model that read it
// (std: the standard model; else the page's). A model misreads a
// character alike at every size (莆 as 莲 by the standard model at the
// scan's size and enlarged): its readings are one witness, not two.
type modelRead struct {
	nameRead
	std bool
}

// rereadName reads the line of an unsure name again, cut out, as one line,
// in each of reads; a name read surely too where print goes on after its
// line, half a character or more (谢思 of 谢思远, read at 0.91: the page's
// reading lost its last character, its box over half of it). The
// readings, the page's with them, choose the name (pickName), at the
// confidence of its surest reading. A name other than the
// page's reading is kept at most guessedConf: readings of one spot
// disagree, so a case does not turn on it without a document that reads the
// same (the second model misreads too: 杨霜 for 杨霞 at 0.88). Where the
// name kept was read surest by a second reading, the lines of that reading
// are returned, so its characters' confidences can be known (none for a
// name put together from several, or read surest by the page). Where the
// readings split evenly on one character of the name kept (disputedBy),
// the other reading goes into second's disputed under key (where second
// is not nil), for the validator to send the case to a clerk rather than
// take either (the page's model reads a typo 信总 as the common word 信息
// at 0.87; the standard model reads 信总 at 0.83): no vote of models
// settles which one the paper prints. Every other reading of the name's spot, read at
// unreadConf or above, goes into second's otherwise under key: a
// character they read otherwise is not read surely, however sure the
// reading kept is of it.
func rereadName(g *image.Gray, t dossier.DocType, lines []Line, f map[string]string, c map[string]float64, second *secondReads, key string, reads ...lineRead) ([]Line, error) {
	name := f[key]
	if name == "" || g == nil {
		return nil, nil
	}
	head := string([]rune(name)[:min(4, len([]rune(name)))])
	for _, l := range lines {
		if !strings.Contains(Compact(l.Text), head) {
			continue
		}
		if v := offRules(g, l, name); v != name {
			if math.Abs(c[key]-l.ConfOf(name)) < 0.005 { // the words' own, not set apart
				c[key] = l.ConfOf(v)
			}
			name, f[key] = v, v
			head = string([]rune(name)[:min(4, len([]rune(name)))])
		}
		box := pastColumnRule(g, l, head)
		// Only the name and what its label leads: a spot that holds the
		// row's next cell too (联系电话 and its number) reads as junk.
		stop := 0
		if e, next := l.nameEnd(name); e > box.Min.X && e < box.Max.X {
			box.Max.X, stop = e, next
		}
		end := nameInkEnd(g, box, wordHeight(l))
		if stop > 0 {
			end = min(end, stop)
		}
		// (A unit's name that does not end as an organisation's does may
		// have been cut short where its reading turned to junk, however
		// sure what was kept: 宁德长 at 0.95 of 宁德长兴华兴物流有限责任公司, its
		// 兴华兴 read MX{人HA; it is read again.)
		if c[key] >= settledConf && end-box.Max.X < wordHeight(l) && (key != dossier.FieldUnitName || wholeOrgName(name)) {
			return nil, nil // read surely, and no print lost after it
		}
		readings := []nameRead{{name, c[key]}}
		chars := [][]float64{readChars(lines, name)}            // each reading's characters' confidences, where its words show them
		byModel := []modelRead{{nameRead{name, c[key]}, false}} // the page's reading in its own model
		from := map[string][]Line{}                             // the reading each name's surest came from
		pad := l.Box.Dy() / 3
		// A unit's name after its label: the line is read again whole (the
		// label read with it helps the reader), but what a reading puts
		// in the name from where the label stands is the label misread
		// past knowing (机构名称 as 枝秋在称), and is left out. A colon after
		// the label that is no colon (noColon) is no part of the label.
		labelEnd := -1
		if first, _ := l.wordsOf(head); key == dossier.FieldUnitName && first > 0 && nameLabel(l.Words[:first]) {
			if first > 1 && noColon(l.Words[first-1], wordHeight(l)) {
				first--
			}
			labelEnd = l.Words[first-1].Box.Max.X
		}
		spot := box.Inset(-pad)
		if key == dossier.FieldUnitName {
			// (a person's name is not: a card's pale labels, left unread,
			// read with it spoil it: 吴磊 as 吴乔)
			spot.Min.X = min(spot.Min.X, inkStart(g, box, wordHeight(l), lines))
		}
		spot.Max.X = max(spot.Max.X, end)
		spot = spot.Intersect(g.Bounds())
		// A card's label 姓名 under a seal's ring, misread (心吴明, 招吴明):
		// the name begins the column its values begin, the sex's and the
		// birth date's below it; what a reading puts left of it is no
		// part of the name. (The spot keeps the label: read with it, the
		// standard model read a card's 陈子涵 surer, and without it 陈子深.)
		values := -1
		if v := valuesColumn(lines) - wordHeight(l)/2; key == dossier.FieldHolderName && v > spot.Min.X && v < box.Max.X-wordHeight(l) {
			values = v
		}
		slope, paper := slopeAbout(g, spot)
		// the name as read reads the spot, its lines, and its confidence
		readAs := func(read lineRead) (string, []Line, float64, error) {
			words, err := read.cut(g, spot, slope, paper, wordHeight(l))
			if err != nil {
				return "", nil, 0, err
			}
			rl := Lines(words)
			f2, c2 := Fields(t, rl)
			n := f2[key]
			if n != "" && labelEnd >= 0 {
				n = pastLabel(rl, n, (labelEnd-spot.Min.X)*read.scale)
			}
			if n != "" && values >= 0 {
				n = pastLabel(rl, n, (values-spot.Min.X)*read.scale)
			}
			return n, rl, c2[key], nil
		}
		// The readings of reads marked tie (the page's model's) are asked
		// for only where the others leave the vote tied and the page's
		// own reading is no vote, read with a character not read at all
		// (a card's 杨伟娟, read 杨伟旭 at 0 by the page, 杨伟娴 at 0.70 and
		// 杨伟娟 at 0.62 by the standard model at the scan's size and
		// enlarged): one model split against itself settles nothing, and
		// the page's model has had no say; its readings of the spot cut
		// out (杨伟娟 at 0.83, 杨传娟 at 0.82) give it one. Where the page's
		// reading is a vote, they would only repeat it: a model misreads
		// alike at every size (郭子涵 read 郭子洱 at 0.57 by the page and at
		// 0.20 cut out, against 郭子涵 and 郭子待 by the standard model).
		for _, tie := range []bool{false, true} {
			if tie && (readings[0].conf >= unreadConf || !tiedVote(readings)) {
				break
			}
			for _, read := range reads {
				if read.tie != tie {
					continue
				}
				n, rl, conf, err := readAs(read)
				if err != nil {
					return nil, err
				}
				if n != "" {
					if i := slices.IndexFunc(readings, func(r nameRead) bool { return r.name == n && r.conf >= conf }); i < 0 {
						from[n] = rl
					}
					readings = append(readings, nameRead{n, conf})
					chars = append(chars, readChars(rl, n))
					byModel = append(byModel, modelRead{nameRead{n, conf}, read.std})
				}
			}
		}
		if key == dossier.FieldUnitName {
			// A unit's name the page read with characters not read at all
			// at its start or its end (王泉州…, 王 at 0 where a certificate's
			// background pattern runs between the label and the name, and
			// the standard model reads it 一泉州…): where the spot, read
			// with what is paler than print whitened, reads the name
			// without them, they are no print, and are no part of any
			// reading that holds the rest where the page's does.
			if core, at := unreadEnds(name, chars[0]); core != "" {
				n, _, conf, err := readAs(whiteStd(reads))
				if err != nil {
					return nil, err
				}
				if n == core && conf >= unreadConf {
					long := len(chars[0])
					name = core
					for i := range readings {
						readings[i].name, chars[i], readings[i].conf = withoutEnds(readings[i], chars[i], core, at, long)
						byModel[i].nameRead = readings[i]
					}
				}
			}
		}
		if len(readings) == 1 && readings[0].conf < unreadConf && key == dossier.FieldHolderName {
			// A card's name the page read not at all and no second
			// reading of its spot reads as a name is none (晶攻宝又鲜 at 0,
			// the sex's line under a name lost, that the standard model
			// reads as 男 民族 汉): it is left for the card's own search
			// (rereadHolderName).
			delete(f, key)
			delete(c, key)
			return nil, nil
		}
		f[key], c[key] = pickName(readings, key == dossier.FieldUnitName)
		if second != nil {
			if alt := disputedBy(readings, chars, f[key]); alt != "" {
				second.disputed[key] = alt
			}
			second.otherwise[key] = readOtherwise(readings, f[key])
			second.spot[key] = named(byModel)
		}
		if f[key] != name {
			// A person's name the page read with characters read not at
			// all around it (人徐勇, 人 at 0 where a seal's ring crosses the
			// card's label), and the second readings without them, is kept
			// as surely as it was read where the spot, read with what is
			// paler than print whitened, reads it so too: the page's model
			// read its characters, and what it read more is no print.
			printOnly := false
			if white := whiteStd(reads); white.std && key != dossier.FieldUnitName && unreadAround(name, chars[0], f[key]) {
				n, _, conf, err := readAs(white)
				if err != nil {
					return nil, err
				}
				printOnly = n == f[key] && conf >= unreadConf
			}
			if !printOnly {
				c[key] = min(c[key], guessedConf)
			}
		}
		return from[f[key]], nil
	}
	return nil, nil
}

// noColon reports whether w, read as a colon between a label and its
// value on a line of print h high, is a character of the value instead:
// read unsurely, its ink wider than a colon's dots stand, a third of the
// line's height (三 of 三明市…, read : at 0.59 and 16 pixels wide on a
// line 26 high, and every reading of its spot cut short by it, 明市…).
func noColon(w Word, h int) bool {
	return (w.Text == ":" || w.Text == "：") && w.Conf < sureConf && 3*w.Box.Dx() > h
}

// whiteStd is the first of reads in the standard model, reading with
// what is paler than print whitened (the zero lineRead where none is in
// the standard model: its std is false).
func whiteStd(reads []lineRead) lineRead {
	i := slices.IndexFunc(reads, func(r lineRead) bool { return r.std })
	if i < 0 {
		return lineRead{}
	}
	white := reads[i]
	white.white = true
	return white
}

// unreadEnds is name, its characters read at cc, without those at its
// start and its end read below unreadConf, and where in name that begins;
// "" where none is so, where its characters' confidences are not known,
// or where fewer than two characters would be left.
func unreadEnds(name string, cc []float64) (string, int) {
	r := []rune(name)
	if len(cc) != len(r) {
		return "", 0
	}
	from, to := 0, len(r)
	for from < to && cc[from] < unreadConf {
		from++
	}
	for to > from && cc[to-1] < unreadConf {
		to--
	}
	if to-from < 2 || to-from == len(r) {
		return "", 0
	}
	return string(r[from:to]), from
}

// withoutEnds is the reading r, its characters read at cc, as core where
// it is as long as the name core was cut from (unreadEnds), n characters,
// and holds core at at; with the confidences of core's characters, and
// the least of them as the reading's. r as it is where it is otherwise,
// or its characters' confidences are not known.
func withoutEnds(r nameRead, cc []float64, core string, at, n int) (string, []float64, float64) {
	rr, k := []rune(r.name), utf8.RuneCountInString(core)
	if len(rr) != n || len(cc) != n || string(rr[at:at+k]) != core {
		return r.name, cc, r.conf
	}
	cc = cc[at : at+k]
	return core, cc, slices.Min(cc)
}

// unreadAround reports whether name, a reading whose characters were
// read at cc, holds picked, two characters or more, with only characters
// read below unreadConf around it.
func unreadAround(name string, cc []float64, picked string) bool {
	r, p := []rune(name), []rune(picked)
	if len(cc) != len(r) || len(p) < 2 || len(p) >= len(r) {
		return false
	}
	at := strings.Index(name, picked)
	if at < 0 {
		return false
	}
	at = utf8.RuneCountInString(name[:at])
	for i, c := range cc {
		if (i < at || i >= at+len(p)) && c >= unreadConf {
			return false
		}
	}
	return true
}

// offRules is the name v, as l reads it, without a character read at its
// start or its end that stands on a rule running down the row: a form's
// value cell is read with the rule before it (经办人姓名|欧阳丽 read
// 经办人姓名上欧阳丽, 上 on the rule at 0.63), and a rule runs on past the
// character, half a character's height above and below, as print does
// not (ruleDown). A word of one character only, and two characters of the
// name left at least. v where neither end is on a rule.
func offRules(g *image.Gray, l Line, v string) string {
	start, wordAt := l.runesOf(v)
	rv := []rune(v)
	if start < 0 || len(rv) < 3 || start+len(rv) > len(wordAt) {
		return v
	}
	h := wordHeight(l)
	onRule := func(i int) bool {
		w := l.Words[wordAt[start+i]]
		if utf8.RuneCountInString(Compact(w.Text)) != 1 {
			return false
		}
		for x := w.Box.Min.X; x < w.Box.Max.X; x++ {
			if ruleDown(g, x, w.Box, h) {
				return true
			}
		}
		return false
	}
	if onRule(0) {
		rv = rv[1:]
		start++
	}
	if len(rv) > 2 && onRule(len(rv)-1) {
		rv = rv[:len(rv)-1]
	}
	return string(rv)
}

// pastColumnRule is the box of the words of l from the nearest rule down
// the row left of the name's head (head, as the line reads it) that has
// print read between it and the head, two characters of a label at least:
// the page's layout analysis can join to a line what it read in the column
// beside, across the rule between them (a certificate's sidebar, read 人,
// before 机构名称：光华科技（深圳）有限责任公司), and a second reading
// of a spot that holds another column's print and the rule reads the name
// worse, or not at all. A rule between a label and its name (a form's
// table) is passed over: the label read with the name helps the reader.
// l's box where no such rule stands.
func pastColumnRule(g *image.Gray, l Line, head string) image.Rectangle {
	first, _ := l.wordsOf(head)
	h := wordHeight(l)
	han := 0 // Han characters read between the gap after word i and the head
	for i := first - 1; i >= 0; i-- {
		if i+1 < first {
			han += hanCount(l.Words[i+1].Text)
		}
		if han < 2 {
			continue
		}
		for x := l.Words[i].Box.Max.X; x < l.Words[i+1].Box.Min.X; x++ {
			if ruleDown(g, x, l.Box, h) {
				box := l.Words[i+1].Box
				for _, w := range l.Words[i+1:] {
					box = box.Union(w.Box)
				}
				return box
			}
		}
	}
	return l.Box
}

// pastLabel is the name n, read from lines, without the characters it
// begins with that stand left of x, where the label ends (each character
// at the middle of its share of its word's box); n itself where the
// lines do not show it, or where less than two characters would be left.
func pastLabel(lines []Line, n string, x int) string {
	for _, l := range lines {
		xs := l.runeXs(n)
		if xs == nil {
			continue
		}
		cut := 0
		for cut < len(xs) && xs[cut] < x {
			cut++
		}
		if r := []rune(n); cut > 0 && len(r)-cut >= 2 {
			return string(r[cut:])
		}
		return n
	}
	return n
}

// unitNameLabels are the labels a unit's name is printed after.
var unitNameLabels = []string{"单位名称", "单位全称", "机构名称"}

// nameLabel reports whether words, those before a unit's name on its
// line, read as its label (机梅名称: one character misread), marks
// round it aside.
func nameLabel(words []Word) bool {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w.Text)
	}
	t := strings.TrimRightFunc(trimJunk(Compact(b.String())), func(r rune) bool {
		return !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, lab := range unitNameLabels {
		if n := fuzzyLead(t, lab); n == len(t) {
			return true
		}
	}
	return strings.HasSuffix(t, "名称") && len([]rune(t)) <= 4
}

// disputedBy is the surest of readings that is one character changed from
// the name picked, where the readings as long as the name split at that
// character: as many give the other reading's as the picked name's (信息
// by the page's model at the scan's size and enlarged, 信总 by the
// standard model at both). Two readings at least must give the other
// character: one alone is that reading's misread, whatever the others
// (泉州 at the scan's size and 易州 enlarged, both by the standard model,
// the page's readings of the line lost). The tie was broken by the surer reading, which
// says little: the standard model misreads surely too (餐传 for 餐饮 at
// 0.58, over the page model's 0.55). A reading not read at all is no
// dispute either, and a character a reading did not read at all no vote
// at its place: chars holds each reading's characters' confidences (nil,
// or a reading's nil, where its words do not show them). The page's model
// read 闽 of 福州闽江… as 闲 at 0 and at 0.11 (the characters' own), the
// standard model 闽 at 0.79 and 0.81: a model that cannot read the
// character is no witness to a difference on paper. "" where none is.
func disputedBy(readings []nameRead, chars [][]float64, picked string) string {
	unread := func(i, at int) bool {
		return i < len(chars) && len(chars[i]) == len([]rune(readings[i].name)) && chars[i][at] < unreadConf
	}
	alt, conf := "", 0.0
	for i, r := range readings {
		at := oneCharChanged(r.name, picked)
		if r.conf < unreadConf || r.conf <= conf || at < 0 || unread(i, at) {
			continue
		}
		votes := map[rune]int{}
		for j, o := range readings {
			if rs := []rune(o.name); len(rs) == len([]rune(picked)) && !unread(j, at) {
				votes[rs[at]]++
			}
		}
		if n := votes[[]rune(r.name)[at]]; n >= 2 && n >= votes[[]rune(picked)[at]] {
			alt, conf = r.name, r.conf
		}
	}
	return alt
}

// readChars is the confidence of each character of the name v as the
// first of lines that holds it read it; nil where none does.
func readChars(lines []Line, v string) []float64 {
	for _, l := range lines {
		if cc := l.CharConfs(Compact(v)); cc != nil {
			return cc
		}
	}
	return nil
}

// readOtherwise lists the readings, at unreadConf or above, that are not
// the name picked, each name once at its surest.
func readOtherwise(readings []nameRead, picked string) []nameRead {
	var out []nameRead
	for _, r := range readings {
		if r.conf < unreadConf || r.name == picked || r.name == "" {
			continue
		}
		if i := slices.IndexFunc(out, func(o nameRead) bool { return o.name == r.name }); i >= 0 {
			out[i].conf = max(out[i].conf, r.conf)
			continue
		}
		out = append(out, r)
	}
	return out
}

// named is readings without those that read no name.
func named(readings []modelRead) []modelRead {
	return slices.DeleteFunc(slices.Clone(readings), func(r modelRead) bool { return r.name == "" })
}

// splitAt marks each character of the name v (compacted) that a reading
// of its spot, spot, as long as v, reads otherwise: those readings split
// on. nil where fewer than two readings of the spot are as long as v (no
// telling where they split), or none reads a character otherwise.
func splitAt(v string, spot []modelRead) []bool {
	rv := []rune(Compact(v))
	var split []bool
	same := 0
	for _, s := range spot {
		rs := []rune(Compact(s.name))
		if len(rs) != len(rv) {
			continue
		}
		same++
		for i := range rs {
			if rs[i] != rv[i] {
				if split == nil {
					split = make([]bool, len(rv))
				}
				split[i] = true
			}
		}
	}
	if same < 2 {
		return nil
	}
	return split
}

// readOtherwiseDown brings down each character of the name v (its
// confidences cc, one a character of v compacted, the name's conf) that
// another reading of its spot, as long as v, reads otherwise. A name held
// in doubt as a whole has each such character brought down to its own
// confidence: charConfs brings such a name's characters down alike, so
// one read surely by the reading kept stays over the sure mark although
// the spot's readings split on it (周农秀英 kept at 0.50 over 周军秀英 and
// 周车秀夺, its 农 at 0.61, was taken for a difference on paper and
// rejected a good case). A name read surely has each character that
// another reading, surer than the name kept, reads otherwise brought down
// to guessedConf: the reading kept had more votes (pickName), and the
// character they split on is read surely by neither (三明市国江… kept at
// 0.78, read so twice, over 三明市闺江… at 0.88, of 闽江 on the paper: a
// good case rejected for a mismatch with the other copy's 闽). One less
// sure than the name kept says less (徐子涵 at 0.81 over 徐子涛 at 0.77).
// A name kept unsurely, under sureConf, outweighs no other reading: each
// character any of them reads otherwise is brought down to guessedConf
// (赵娼 at 0.56 over 赵娟 at 0.55, two readings of a permit's 赵娟, kept
// its 娼 at 0.62, and a good case was rejected for an operator's name the
// card did not print).
func readOtherwiseDown(cc []float64, v string, others []nameRead, conf float64) {
	rv := []rune(Compact(v))
	if len(rv) != len(cc) {
		return
	}
	for _, o := range others {
		ro := []rune(Compact(o.name))
		if len(ro) != len(rv) || conf >= sureConf && (o.conf < sureConf || o.conf < conf) {
			continue
		}
		for i := range rv {
			if ro[i] != rv[i] {
				cc[i] = min(cc[i], conf, guessedConf)
			}
		}
	}
}

// oneCharChanged is where two names, as long as each other, differ in
// one character; -1 where they do not.
func oneCharChanged(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return -1
	}
	at := -1
	for i := range ra {
		if ra[i] != rb[i] {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}

// nameRead is one reading of a name, at its confidence.
type nameRead struct {
	name string
	conf float64
}

// pickName chooses among readings of one name on one spot (the page's
// first): the name most readings give, the surest among as many. Where no
// name is read more often than every other, names as long as each other
// that tie are put together where they differ, by every reading as long
// (splitVote); where that leaves a place tied, readings of a length most of
// them share outvote one that lost or gained a character (市通达… against
// 凡州市通达…, 星州市通达…, 泉州市通达…), and, three or more of them, are
// put together character by character, each the one read most often at its
// place (新宇…漳州 of 新字…漳州, 新宇…漳州, 新宇…潼州, 新宇…演州). Its
// confidence is the surest reading's of those counted. A reading that stops
// short of another, which ends as an organisation's name does, was cut
// short and is not counted (瑞丰建设工程（泉州） beside
// 瑞丰建设工程（泉州）有限责任公司: the standard model enlarged lost its end).
// Of a unit's name (unit), a tie splitVote leaves goes first to the readings
// that begin with a place.
func pickName(rs []nameRead, unit bool) (string, float64) {
	v := voteOn(rs)
	rs, all, votes, best, pick := v.rs, v.all, v.votes, v.best, v.pick
	if v.tied == 1 {
		return pick, best[pick]
	}
	if n, conf, ok := splitVote(votes, votes[pick], all, nil); ok {
		return n, min(best[pick], conf)
	}
	// A tie of a unit's name (unit) where some readings begin with a place
	// and some do not: those that do decide. A unit's name most often
	// begins with its place (a person's can begin as one does: 常德胜), and a
	// place misread is no place (莆田 as 芭田, 甫田 or 莲田, 泉州 as 松州,
	// 龙岩 as 龙容): on 33 ties of four tuning seeds, the surest reading
	// was right on 14, the surest that begins with a place on 19, and it
	// turned none right wrong. The vote stays a tie's: a name picked other
	// than the page's reading is kept unsure (rereadName).
	if placed := slices.DeleteFunc(slices.Clone(rs), func(r nameRead) bool { return !placeAt([]rune(r.name)) }); unit && len(placed) > 0 && len(placed) < len(rs) {
		return pickName(placed, unit)
	}
	// no name read more often than the rest: by length, then by character
	lengths := map[int]int{}
	for _, r := range rs {
		lengths[utf8.RuneCountInString(r.name)]++
	}
	common, n := 0, 0
	for l, k := range lengths {
		if k > n || k == n && l > common {
			common, n = l, k
		}
	}
	for l, k := range lengths {
		if k == n && l != common {
			return pick, best[pick] // lengths tie: nothing to go on
		}
	}
	var same []nameRead
	for _, r := range rs {
		if utf8.RuneCountInString(r.name) == common {
			same = append(same, r)
		}
	}
	surest := slices.MaxFunc(same, func(a, b nameRead) int { return cmp.Compare(a.conf, b.conf) })
	if len(same) < 3 {
		// where the tied names' split left places undecided, the
		// surest's characters there, and the vote's where it decided
		// (盛达…（龙贿）… read surely by the page's model and 盛 by the
		// standard one too, 取达…（龙岩）… surer as a whole: 盛…岩)
		if n, conf, ok := splitVote(votes, votes[pick], all, []rune(surest.name)); ok {
			return n, min(surest.conf, conf)
		}
		return surest.name, surest.conf
	}
	composed := make([]rune, common)
	for i := range composed {
		count := map[rune]int{}
		for _, r := range same {
			count[[]rune(r.name)[i]]++
		}
		ch, ok := mostOften(count)
		if !ok {
			return surest.name, surest.conf // no character read more often here
		}
		composed[i] = ch
	}
	return string(composed), surest.conf
}

// nameVote is the vote of pickName's readings: all, those not cut short;
// rs, those of them that vote; votes and best, each name's votes and its
// surest reading's confidence; pick, the name with most votes (the surest
// of as many); tied, how many names have as many votes as pick.
type nameVote struct {
	rs, all []nameRead
	votes   map[string]int
	best    map[string]float64
	pick    string
	tied    int
}

// voteOn counts the votes of readings rs of one name (see pickName).
func voteOn(rs []nameRead) nameVote {
	rs = slices.DeleteFunc(slices.Clone(rs), func(r nameRead) bool { return cutShort(r.name, rs) })
	v := nameVote{all: rs, votes: map[string]int{}, best: map[string]float64{}}
	if slices.ContainsFunc(rs, func(r nameRead) bool { return r.conf >= unreadConf }) {
		// A reading with a character not read at all (tesseract put one
		// there) is no vote while some reading read each of its own: a
		// model that misreads a character that way does so at every size.
		rs = slices.DeleteFunc(slices.Clone(rs), func(r nameRead) bool { return r.conf < unreadConf })
	}
	v.rs = rs
	for _, r := range rs {
		v.votes[r.name]++
		v.best[r.name] = max(v.best[r.name], r.conf)
	}
	v.pick = rs[0].name
	for _, n := range slices.Sorted(maps.Keys(v.votes)) { // in order: a tie ends the same way every time
		if v.votes[n] > v.votes[v.pick] || v.votes[n] == v.votes[v.pick] && v.best[n] > v.best[v.pick] {
			v.pick = n
		}
	}
	for _, k := range v.votes {
		if k == v.votes[v.pick] {
			v.tied++
		}
	}
	return v
}

// tiedVote reports whether no name of readings rs has more votes than
// every other (see pickName).
func tiedVote(rs []nameRead) bool { return len(rs) > 0 && voteOn(rs).tied > 1 }

// splitVote settles a tie of readings as long as each other (the names
// of votes with top votes) where they split, character by character: at
// each place where the tied names differ, the character that more of all
// readings as long (those with a character not read at all among them)
// give, of the tied names' characters there. A reading with a character
// not read at all is no vote for a whole name (pickName), but reads the
// rest of it as well as any: of 莆田鑫源…技术 (0, the page), 莆田读源…技术
// (0), 莲田鑫源…技术 (0.84) and 莆田鑫源…技札 (0.85), the last two tie,
// and the first two settle 莆 and 术. The tied names put together so; ok
// is false where some place stays tied, or the tied names differ in
// length. Given fill (a reading as long), a place that stays tied takes
// fill's character there, where it is one of the tied names'. conf is
// how surely the characters put in were read: at each place the tied
// names split, the surest reading's that gives the character put there,
// and the least of those. A character given only by readings not read
// surely is not read surely, however sure the reading that lost there
// (杭州国江… read at 0.25 by the page and 入州国企… at 0 against the
// standard model's 杭州闽江… at 0.87 and 杭州四江… at 0.23: 国 stands,
// at 0.25, not at the 0.87 of the 闽 it outvoted).
func splitVote(votes map[string]int, top int, all []nameRead, fill []rune) (string, float64, bool) {
	var tied [][]rune
	for _, n := range slices.Sorted(maps.Keys(votes)) {
		if votes[n] == top {
			tied = append(tied, []rune(n))
		}
	}
	out := slices.Clone(tied[0])
	for _, t := range tied {
		if len(t) != len(out) {
			return "", 0, false
		}
	}
	if fill != nil && len(fill) != len(out) {
		return "", 0, false
	}
	conf := 1.0
	for i := range out {
		count := map[rune]int{}
		for _, t := range tied {
			count[t[i]] = 0
		}
		if len(count) == 1 {
			continue
		}
		for _, r := range all {
			if rr := []rune(r.name); len(rr) == len(out) {
				if _, ok := count[rr[i]]; ok {
					count[rr[i]]++
				}
			}
		}
		ch, ok := mostOften(count)
		switch {
		case ok:
		case fill != nil && count[fill[i]] > 0: // one of the tied names' characters
			ch = fill[i]
		default:
			return "", 0, false
		}
		out[i] = ch
		surest := 0.0
		for _, r := range all {
			if rr := []rune(r.name); len(rr) == len(out) && rr[i] == ch {
				surest = max(surest, r.conf)
			}
		}
		conf = min(conf, surest)
	}
	return string(out), conf, true
}

// mostOften is the character count gives the most; false where another
// is given as often.
func mostOften(count map[rune]int) (rune, bool) {
	var most rune
	top, second := 0, 0
	for ch, k := range count {
		switch {
		case k > top:
			most, top, second = ch, k, top
		case k > second:
			second = k
		}
	}
	return most, top > second
}

// cutShort reports whether name does not end as an organisation's name
// does while a longer one of readings does: the reading stopped short, at
// its start (瑞丰建设工程（泉州）) or at a character it misread as no name
// holds one (鑫源医约t厦| ])有限公司, read 鑫源医约, beside
// 鑫源医药（厦门）有限公司 from the same spot). Or whether name begins
// inside its brackets, a closing bracket before any opening one, and a
// longer reading ends as it does: it lost its head (福州）有限公司 beside
// 恒信文化传媒（福州）有限公司, the bracket read 〈 by the page), and the
// place it now begins with is no vote for it.
func cutShort(name string, readings []nameRead) bool {
	longer := func(ok func(o string) bool) bool {
		return slices.ContainsFunc(readings, func(o nameRead) bool { return len(o.name) > len(name) && wholeOrgName(o.name) && ok(o.name) })
	}
	return !wholeOrgName(name) && longer(func(string) bool { return true }) ||
		headInBrackets(name) && longer(func(o string) bool { return strings.HasSuffix(o, name) })
}

// headInBrackets reports whether name closes a bracket before it opens
// one.
func headInBrackets(name string) bool {
	for _, r := range name {
		switch foldBracket(r) {
		case '（':
			return false
		case '）':
			return true
		}
	}
	return false
}

// codeFields lists, per document type, the codes it carries; where a
// document carries either code, only a missing pair is searched for.
var codeFields = map[dossier.DocType][]string{
	dossier.ApplicationForm:    {dossier.FieldUSCC, dossier.FieldOrgCode, dossier.FieldOperatorID},
	dossier.BusinessLicense:    {dossier.FieldUSCC},
	dossier.OrgCodeCertificate: {dossier.FieldOrgCode},
	dossier.SocialSecurityCert: {dossier.FieldUSCC, dossier.FieldOrgCode},
	dossier.IDCard:             {dossier.FieldIDNumber},
	dossier.ResidencePermit:    {dossier.FieldIDNumber},
}

// codeKind is the kind RepairCode takes for a code field, and codeLabels
// the labels the code is printed beside.
var (
	codeKind = map[string]string{
		dossier.FieldUSCC: "uscc", dossier.FieldOrgCode: "org_code",
		dossier.FieldOperatorID: "id_number", dossier.FieldIDNumber: "id_number",
	}
	codeLabels = map[string][]string{
		dossier.FieldUSCC:       {"统一社会信用代码", "信用代码"},
		dossier.FieldOrgCode:    {"组织机构代码", "机构代码", "代码"},
		dossier.FieldOperatorID: {"经办人证件号码", "证件号码", "身份证号码"},
		dossier.FieldIDNumber:   {"公民身份号码", "身份号码"},
	}
)

// reCodeish is a run a code read badly may leave: letters, digits, and the
// marks a misread character becomes (7 as /, a hyphen, a rule's |).
var reCodeish = regexp.MustCompile(`[0-9A-Z][0-9A-Z/|\-]+`)

// unlabelledCode finds a certificate's code whose label was misread (代码
// as 代三): the first line that begins with a short label (three Chinese
// characters or fewer, whatever marks among them, no digit) followed by a run of code characters
// two thirds of the code's length n or more, a quarter of them digits or
// more (a code the office issued under a credit code, MA4HHMF08, is mostly
// letters; a word is all letters). A registration number (登记号:组代管…)
// has a longer label; a date holds 年.
func unlabelledCode(lines []Line, n int) (string, Line) {
	for _, l := range lines {
		t := strings.ToUpper(Compact(l.Text))
		loc := reCodeish.FindStringIndex(t)
		if loc == nil {
			continue
		}
		run, label := t[loc[0]:loc[1]], t[:loc[0]]
		digits := strings.IndexFunc(label, unicode.IsDigit) < 0
		// a spaced label's gap reads as marks too (代“三业): they do not count
		if hanCount(label) <= 3 && digits && len(run)*3 >= n*2 && len(run) <= n+3 &&
			strings.Count(strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) {
					return 'd'
				}
				return -1
			}, run), "d")*4 >= len(run) {
			return run, l
		}
	}
	return "", Line{}
}

// rereadCodes reads again each code of the page that was not read, whose
// check character fails, or that was read unsurely: the spot where it was
// read (or the rest of its label's line) is cut out, enlarged and read by
// the code client. The second reading counts only when its check character
// holds without a guessed repair: it fills a code that was missing or
// invalid, and one that agrees with the first reading makes it surer. Of two
// valid readings that differ, the surer stays, at a confidence that sends
// the case to a clerk.
func rereadCodes(ocr *OCR, g *image.Gray, t dossier.DocType, lines []Line, r fieldReading) error {
	if g == nil {
		return nil
	}
	for _, key := range codeFields[t] {
		kind, v := codeKind[key], r.values[key]
		if v != "" && r.conf[key] >= sureConf && validCode(kind, v) {
			continue
		}
		src, ok := r.codes[key]
		personal := false         // the spot may hold a person's number instead
		var below image.Rectangle // the spot under a label the line ends with
		if !ok {
			if key == dossier.FieldUSCC && r.values[dossier.FieldOrgCode] != "" || key == dossier.FieldOrgCode && r.values[dossier.FieldUSCC] != "" {
				continue // the other code of the unit was read
			}
			// the rest of the label's line, where it holds letters or digits
			hasCode := func(v string) bool {
				return strings.IndexFunc(v, func(c rune) bool { return c < 0x80 && unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0
			}
			rest, l := labelledWhere(lines, hasCode, codeLabels[key]...)
			if rest == "" && t == dossier.ApplicationForm {
				// A form that gives the code's kind by a check box (证件类型
				// ☑统一社会信用代码) labels the code 证件号码, as it labels
				// the operator's number further down: the first, above
				// the operator's rows.
				// Without the operator's heading read, only where a second
				// 证件号码 follows (the operator's).
				op := operatorRows(lines)
				numbers := 0
				for _, l := range lines {
					if strings.Contains(Compact(l.Text), "证件号码") {
						numbers++
					}
				}
				if op >= 0 || numbers >= 2 {
					if op < 0 {
						op = len(lines)
					}
					rest, l = labelledWhere(lines[:op], hasCode, "证件号码")
					personal = true
				}
			}
			if rest == "" && (t == dossier.OrgCodeCertificate || t == dossier.BusinessLicense) {
				rest, l = unlabelledCode(lines, codeLen[kind])
			}
			if rest == "" && t != dossier.ApplicationForm {
				// A certificate that prints its code under its label
				// (代码 / 91186973-5 in large type, which the layout
				// analysis can drop): a label ending its line has the
				// spot under it read. Only a valid code counts there.
				below = belowLabel(lines, codeLabels[key], codeLen[kind])
				personal = true
			}
			if rest == "" && below.Empty() {
				continue
			}
			src = codeSource{line: l, raw: rest}
		}
		box := below
		if below.Empty() {
			first, last := src.line.wordsOf(src.raw)
			if first < 0 {
				continue
			}
			box = codeSpot(g, src, first, last, kind)
		}
		sure := func(cr codeRead) bool {
			raw, _ := validWindow(kind, cr.text)
			return raw != "" && cr.line.ConfOf(raw) >= sureConf // a valid code read surely
		}
		reads, err := readSpot(ocr, g, box, sure)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(reads, sure) {
			// a valid code read unsurely, read again on its own
			for _, cr := range slices.Clone(reads) {
				raw, _ := validWindow(kind, cr.text)
				if raw == "" || shiftedOff(kind, v, r.conf[key], raw, cr.text) {
					continue
				}
				alone, ok, err := readAlone(ocr, cr, raw)
				if err != nil {
					return err
				}
				if ok {
					reads = append(reads, alone)
				}
				if sure(alone) {
					break
				}
			}
		}
		code, conf, doubt := "", 0.0, false
		var valid []string // the valid codes the second readings gave
		for _, cr := range reads {
			raw, c := validWindow(kind, cr.text)
			if raw == "" || kind == "uscc" && idLike(c) || personal && holdsIDNumber(cr.text) {
				continue // nothing valid, or a person's number
			}
			if !below.Empty() && cr.line.ConfOf(raw) < sureConf {
				continue // letters read off half a line can hold a check character by chance
			}
			if shiftedOff(kind, v, r.conf[key], raw, cr.text) {
				continue
			}
			doubt = doubt || code != "" && code != c
			valid = append(valid, c)
			if others := runSiblings(kind, cr.text, raw); len(others) > 0 {
				doubt, valid = true, append(valid, others...)
			}
			if cc := cr.line.ConfOf(raw); cc > conf || code == "" {
				code, conf = c, cc
			}
		}
		if doubt {
			conf = min(conf, guessedConf)
		}
		switch {
		case code == "" && personal && slices.ContainsFunc(reads, func(cr codeRead) bool { return holdsIDNumber(cr.text) }):
		case code == "" && !below.Empty():
		case code == "":
			keepAsRead(kind, key, src, reads, r)
		case v == code:
			r.conf[key] = max(r.conf[key], conf)
			delete(r.guessed, key) // a guess read so
		case src.guessed || replaces(kind, v, r.conf[key], conf) || readOverRun(kind, src, code):
			r.values[key], r.conf[key] = code, conf
			delete(r.guessed, key)
		default: // two valid readings that differ: the surer, in doubt
			if conf > r.conf[key] {
				r.values[key] = code
				delete(r.guessed, key)
			}
			r.conf[key] = min(max(conf, r.conf[key]), guessedConf)
			valid = append(valid, v)
		}
		if v := r.values[key]; v != "" {
			for _, c := range valid {
				if c != v {
					r.disputed[key] = c
				}
			}
		}
	}
	return nil
}

// codeSpot is the part of g to read a code again from: the words first to
// last of src's line, and round them where characters may have been lost.
func codeSpot(g *image.Gray, src codeSource, first, last int, kind string) image.Rectangle {
	box := wordsBox(src.line.Words[first : last+1])
	h := box.Dy()
	// Leftwards up to the word before (a character lost between the
	// label and the code), rightwards a character more (one lost at the end).
	// A code read short of its length may have lost its first
	// character into the word before (1871832-5 after 代“三业, the
	// 1 read as 业): two characters' widths left, that word or not.
	box.Min.X -= h / 2
	if first > 0 {
		box.Min.X = max(src.line.Words[first-1].Box.Max.X+1, box.Min.X-2*h)
		if alnum(src.raw) < codeLen[kind] {
			box.Min.X = min(box.Min.X, src.line.Words[first].Box.Min.X-2*h)
		}
	}
	box.Max.X += h
	box.Max.X = inkEnd(g, box, h)
	return box.Inset(-h / 4)
}

// belowLabel is the spot under the first of labels that ends its line
// (nothing read after it but marks), where a code of n characters printed
// under its label lies: from half a character left of the label, wide
// enough for n letters set half as large again (M and H in bold), to four
// lines below it. It is empty where no line ends with a label.
func belowLabel(lines []Line, labels []string, n int) image.Rectangle {
	for _, lab := range labels {
		for _, l := range lines {
			if !strings.HasSuffix(trimJunk(Compact(l.Text)), lab) {
				continue
			}
			lb := l.labelBox(lab)
			h := lb.Dy()
			return image.Rect(lb.Min.X-h/2, lb.Max.Y, lb.Min.X+(3*n/2+2)*h, lb.Max.Y+4*h)
		}
	}
	return image.Rectangle{}
}

// alnum counts the letters and digits of s.
func alnum(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
		}
	}
	return n
}

// codeRead is one reading of a code's spot: its words as one line and the
// letters, digits and hyphens of its text.
type codeRead struct {
	line  Line
	text  string
	img   *image.Gray       // what was read
	boxes []image.Rectangle // each character's of text on img, where the reader gave them
}

// readAlone reads the characters raw of cr again, cut out of what cr was
// read from without what lies beside them: a speck or a label's colon
// read glued to a code (»97277990-1, -97277990-1) brings its word's
// confidence to 0 however clearly the code itself is printed. ok is false
// where raw's characters have no boxes, or fill their words already.
func readAlone(ocr *OCR, cr codeRead, raw string) (alone codeRead, ok bool, err error) {
	if raw == "" || cr.img == nil {
		return codeRead{}, false, nil
	}
	first, last := cr.line.wordsOf(raw)
	if first < 0 {
		return codeRead{}, false, nil
	}
	held := 0
	for _, w := range cr.line.Words[first : last+1] {
		held += len([]rune(w.Text))
	}
	if held <= len(raw) {
		return codeRead{}, false, nil // nothing beside it
	}
	if len(cr.boxes) != len(cr.text) || slices.Contains(cr.boxes, image.Rectangle{}) {
		// the same again, with its characters' boxes
		words, err := ocr.CodeChars(cr.img)
		if err != nil || len(words) == 0 {
			return codeRead{}, false, err
		}
		img := cr.img
		cr = newCodeRead(words)
		cr.img = img
	}
	i := strings.Index(cr.text, raw)
	if i < 0 || len(cr.boxes) != len(cr.text) {
		return codeRead{}, false, nil
	}
	var box image.Rectangle
	for _, b := range cr.boxes[i : i+len(raw)] {
		if b.Empty() {
			return codeRead{}, false, nil
		}
		box = box.Union(b)
	}
	// what lies beside them turned to paper, the margins kept: tesseract
	// reads a spot cut close worse than the same with room round it
	h := box.Dy()
	keep := image.Rect(box.Min.X-h/8, box.Min.Y-h/3, box.Max.X+h/8, box.Max.Y+h/3)
	b := cr.img.Bounds()
	sub := image.NewGray(b)
	draw.Draw(sub, b, image.White, image.Point{}, draw.Src)
	draw.Draw(sub, keep.Intersect(b), cr.img, keep.Intersect(b).Min, draw.Src)
	words, err := ocr.CodeWords(sub)
	if err != nil || len(words) == 0 {
		return codeRead{}, false, err
	}
	alone = newCodeRead(words)
	alone.img = sub
	return alone, true, nil
}

// shiftedOff reports whether raw, a stretch of a second reading's text
// that makes a valid code, is shifted off v, the first reading, read at
// conf: v read surely, as long as a code, and held whole by text. The second
// reading read v again with a character more (41147015X as 41147015XX,
// its X doubled), and a stretch that leaves out one of v's characters for
// the one more holds its check character by chance (1147015XX, one
// organization code in eleven): v stays, its check character failing.
func shiftedOff(kind, v string, conf float64, raw, text string) bool {
	return conf >= sureConf && len(v) == codeLen[kind] && asRead(kind, raw) != v && strings.Contains(text, v)
}

// replaces reports whether a second reading of a code, valid and read at
// conf2, replaces the first reading v, read at conf1: where v is missing,
// or fails its check character and the second is read at guessedConf or
// above, or more surely than v. A check character holds by chance in one reading
// in 11 (31 for a USCC): a valid code read at no confidence out of the
// edges of the boxes a form prints a code in does not outvote a code read
// surely whose check character fails (547033191 at 0.96 had become
// E515LRE55 at 0.00).
func replaces(kind, v string, conf1, conf2 float64) bool {
	return v == "" || !validCode(kind, v) && (conf2 >= guessedConf || conf2 > conf1)
}

// runSiblings gives the other valid codes of the run of letters and
// digits that holds raw, a valid stretch of text, where the run is one
// character longer than the stretch: that character may stand anywhere in
// it (MAH181FL2 read MAHI181FL2, its H as HI: the window AHI181FL2 passes
// its check by chance), so each code the run gives with another character
// left out is as good a reading of the paper.
func runSiblings(kind, text, raw string) []string {
	i := strings.Index(text, raw)
	if i < 0 {
		return nil
	}
	start, end := i, i+len(raw)
	for start > 0 && isAlnum(text[start-1]) {
		start--
	}
	for end < len(text) && isAlnum(text[end]) {
		end++
	}
	if end-start != len(raw)+1 || strings.Contains(raw, "-") {
		return nil
	}
	codes, _ := leftOuts(kind, strings.ToUpper(text[start:end]), "")
	return slices.DeleteFunc(codes, func(c string) bool { return c == asRead(kind, raw) })
}

// readOverRun reports whether code, a second reading's valid credit code,
// is one of those the first reading's run of nineteen gives with a
// character left out (usccRunCodes; where it gives two, the first reading
// keeps neither): the two readings agree but for the stray character.
func readOverRun(kind string, src codeSource, code string) bool {
	if kind != "uscc" {
		return false
	}
	_, codes := usccRunCodes(upperCode(Compact(src.line.Text)), src.raw)
	return slices.Contains(codes, code)
}

// wordsBox is the box around words.
func wordsBox(words []Word) image.Rectangle {
	var box image.Rectangle
	for _, w := range words {
		box = box.Union(w.Box)
	}
	return box
}

func newCodeRead(words []Word) codeRead {
	l := Lines(words)[0]
	for _, m := range Lines(words)[1:] {
		l.Words = append(l.Words, m.Words...)
		l.Text += m.Text
	}
	var text []byte
	var boxes []image.Rectangle
	for _, w := range l.Words {
		rs := []rune(w.Text)
		for i, c := range rs {
			switch c = unicode.ToUpper(c); {
			case c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '-':
			case strings.ContainsRune("|[]!", c):
				c = '1' // a thin 1 (or a table rule, which a window leaves out)
			default:
				continue // spaces, specks
			}
			text = append(text, byte(c))
			var b image.Rectangle
			if len(w.Chars) == len(rs) {
				b = w.Chars[i].Box
			}
			boxes = append(boxes, b)
		}
	}
	return codeRead{line: l, text: string(text), boxes: boxes}
}

// keepAsRead decides a code whose second readings hold no valid code.
// Where one reads the same characters as a first reading whose check
// character failed and was guessed at, the code is printed so: it is kept
// as read, for the validator to say what is wrong with it, as sure as the
// surer of the two readings (the page's model reads a code's Latin letters
// at no confidence where the code's own reads them surely: MAHKB3JQX at 0
// and MAHKB3JQ-X at 0.92, the hyphen too). Where the first
// reading gave nothing valid, a guess from the second stands, unsure, as a
// first reading's guess would.
func keepAsRead(kind, key string, src codeSource, reads []codeRead, r fieldReading) {
	v := r.values[key]
	for _, cr := range reads {
		if src.guessed {
			first := asRead(kind, src.raw)
			agreed := false
			codeWindows(kind, cr.text, func(read, code string) {
				if code == first && !agreed {
					agreed = true
					r.values[key] = first
					r.conf[key] = max(src.line.ConfOf(src.raw), cr.line.ConfOf(read))
					delete(r.guessed, key)
				}
			})
			if agreed {
				return
			}
		}
		if raw, v2 := guessedWindow(kind, cr.text); raw != "" && (v == "" || !validCode(kind, v)) && !shiftedOff(kind, v, r.conf[key], raw, cr.text) {
			r.values[key], r.conf[key] = v2, min(cr.line.ConfOf(raw), guessedConf)
			if v2 != asRead(kind, raw) {
				r.guessed[key] = asRead(kind, raw)
			} else {
				delete(r.guessed, key)
			}
			return
		}
	}
}

// holdsIDNumber reports whether text read off a spot holds an identity
// number (its birth date where it should be): the spot is a person's.
func holdsIDNumber(text string) bool {
	t := upperCode(Compact(text))
	digits := strings.NewReplacer("O", "0", "I", "1", "Z", "2", "S", "5", "B", "8", "D", "0", "G", "6", "Q", "0")
	for i := 0; i+18 <= len(t); i++ {
		w := t[i : i+18]
		if !reID.MatchString(w) {
			continue
		}
		w = digits.Replace(w[:17]) + w[17:]
		if birth, ok := ident.BirthDate(w); ok && isDigits(w[:17]) && birth.Year() >= 1900 && birth.Year() <= 2030 {
			return true
		}
	}
	return false
}

// validWindow finds the one stretch of text that is a valid code of the
// kind once repaired without a guess, and returns it as read and repaired.
// A cut-out line can hold a table rule read as 1 or a character of the
// label before the code, so every stretch of the code's length is tried;
// none, or two different codes, give "".
func validWindow(kind, text string) (raw, code string) {
	return oneWindow(kind, text, func(c string) string { return c })
}

// guessedWindow is validWindow with a guessed repair of the check
// character allowed.
func guessedWindow(kind, text string) (raw, code string) {
	return oneWindow(kind, text, func(c string) string {
		v, _ := RepairCode(kind, c)
		return v
	})
}

// oneWindow finds the one stretch of text that repair makes a valid code.
func oneWindow(kind, text string, repair func(string) string) (raw, code string) {
	two := false
	codeWindows(kind, text, func(read, c string) {
		if kind == "uscc" && idLike(c) {
			return
		}
		c = repair(c)
		if !validCode(kind, c) || c == code {
			return
		}
		two = two || code != ""
		raw, code = read, c
	})
	if two {
		return "", ""
	}
	return raw, code
}

// codeWindows calls yield with every stretch of text as long as a code of
// the kind (an organization code with its hyphen or without), as read and
// with the safe repairs made.
func codeWindows(kind, text string, yield func(read, code string)) {
	n := codeLen[kind]
	for i := 0; i+n <= len(text); i++ {
		if kind == "org_code" && beforeHyphen(text[i+n:]) {
			continue // its check character is after the hyphen (orgCodeOverRun)
		}
		if kind == "org_code" && inCreditRun(text, i, i+n) {
			continue
		}
		if !cutCheck(kind, text, i+n) {
			yield(text[i:i+n], asRead(kind, text[i:i+n]))
		}
		if kind == "org_code" && i+n+1 <= len(text) && text[i+8] == '-' && !cutCheck(kind, text, i+n+1) {
			yield(text[i:i+n+1], asRead(kind, text[i:i+n+1]))
		}
	}
}

// inCreditRun reports whether the stretch of text from i to end lies in
// a run of seventeen letters and digits or more: a credit code's reading
// (a comb of eighteen boxes read with a character misread or lost), in
// which nine in a row make a valid organization code by chance one time
// in eleven (350600MA8 of 91350600MA8XC9060Y). A code read twice over
// (13867338X13867338X) is no such run.
func inCreditRun(text string, i, end int) bool {
	n := end - i
	for i > 0 && isAlnum(text[i-1]) {
		i--
	}
	for end < len(text) && isAlnum(text[end]) {
		end++
	}
	run := text[i:end]
	return len(run) >= 17 && !(len(run) == 2*n && run[:n] == run[n:])
}

// cutCheck reports whether the stretch of text ending at end would end in
// a letter that an organization code's check character (a digit or X) can
// only be as a misread digit, while the run of letters and digits goes on
// after it: the stretch is cut out of a longer reading (a character read
// twice, 1 as 1I), and the letter made a digit is a check character by
// chance one time in eleven (MA4WD1RQ1 read MA4WDI1RQ1 gave MA4WDI1R0).
func cutCheck(kind, text string, end int) bool {
	if kind != "org_code" || end >= len(text) || !isAlnum(text[end]) {
		return false
	}
	last := text[end-1] &^ 0x20 // upper case
	return last >= 'A' && last <= 'Z' && last != 'X'
}

// isAlnum reports whether b is an ASCII letter or digit.
func isAlnum(b byte) bool { return isCodeChar(b) || b >= 'a' && b <= 'z' }

// beforeHyphen reports whether rest, what follows a stretch of text,
// begins with an organization code's hyphen and its check character alone.
func beforeHyphen(rest string) bool {
	r, size := utf8.DecodeRuneInString(rest)
	if r != '-' && !strings.ContainsRune(hyphenLike, r) {
		return false
	}
	rest = rest[size:]
	return rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == 'X') &&
		(len(rest) == 1 || !isCodeChar(rest[1]))
}

// isCodeChar reports whether b is a letter or digit a code holds.
func isCodeChar(b byte) bool { return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' }

// asRead is a code as read with only the safe repairs made.
func asRead(kind, s string) string {
	if kind == "org_code" {
		s = ident.NormalizeOrgCode(s)
	}
	v, _ := normaliseCode(kind, s)
	return v
}

// rereadHolderName reads the name on the front of an identity card when the
// page's layout analysis lost its line: the name stands one line above the
// sex (性别), as far above it as the birth date (出生) stands below; where
// the labels were not read, above the sex's value (男, 女) as far as the
// birth date's value stands below it. It returns the lines of the
// reading that read the name kept surest, so its characters' confidences
// can be known.
func rereadHolderName(ocr *OCR, g *image.Gray, t dossier.DocType, lines []Line, f map[string]string, c map[string]float64) ([]Line, error) {
	const key = dossier.FieldHolderName
	if t != dossier.IDCard && t != dossier.ResidencePermit || f[key] != "" || g == nil {
		return nil, nil
	}
	// the labels' own words: a line's box can take in specks and rules
	var sex, birth image.Rectangle
	for _, l := range lines {
		for _, w := range l.Words {
			switch {
			case sex.Empty() && (w.Text == "性" || w.Text == "别" || w.Text == "性别"):
				sex = w.Box
			case !sex.Empty() && birth.Empty() && (w.Text == "出" || w.Text == "生" || w.Text == "出生"):
				birth = w.Box
			}
		}
	}
	left := 1 // the name begins a character's height left of the label's place
	if sex.Empty() || birth.Empty() {
		// Labels printed too pale to read (男BE族汉 / 1986年5月25日):
		// the values stand a line apart as the labels do, the name's
		// above the sex's, beginning where it begins (not a third of a
		// character further left: the label 姓名 would be read with it).
		left = 3
		sex, birth = image.Rectangle{}, image.Rectangle{}
		for _, l := range lines {
			t := Compact(l.Text)
			switch {
			case len(l.Words) == 0:
			case sex.Empty() && strings.IndexAny(trimJunk(strings.TrimLeft(trimJunk(t), "性别")), "男女") == 0:
				sex = l.Words[0].Box
			case !sex.Empty() && birth.Empty() && reBirth.MatchString(t):
				birth = l.Words[0].Box
			}
		}
	}
	if sex.Empty() || birth.Empty() {
		// The sex's line misread past knowing, labels and values
		// (全忆田汉辆), under the name's (see nameLineAbove): its first
		// word stands where its label does, and the birth date's values
		// begin the column of values.
		// Or the name's line lost with its label, the line above the
		// birth date's standing one line's pitch above it (the pitch the
		// address's first line stands below it): the card prints its
		// lines at one pitch, and the line above the birth date's is the
		// sex's (为AR次紧 for 性别 女 民族 汉, 徐静 lost above it).
		// Not a line another card beside it prints (a card's two sides
		// side by side, the back's 中华人民共和国 above a birth date's
		// line read on with the back's 居民身份证): a card's lines begin
		// in its labels' column.
		if b := slices.IndexFunc(lines, func(l Line) bool { return reBirthLine.MatchString(Compact(l.Text)) }); b >= 1 &&
			(b >= 2 && nameLineAbove(lines, b-1, b) || linePitchAbove(lines, b)) &&
			len(lines[b-1].Words) > 0 && len(lines[b].Words) > 0 && oneColumn(lines[b-1], lines[b]) {
			sex, birth, left = lines[b-1].Words[0].Box, lines[b].Words[0].Box, 1
		}
	}
	h := sex.Dy()
	// where the values begin: a card prints its values in a column right
	// of its labels', the name's with the sex's (男, 女)
	values := -1
	if left == 1 {
		values = valueX(lines, sex, "男女")
	}
	if values < 0 && left == 1 {
		values = valueX(lines, birth, "0123456789")
	}
	pitch := birth.Min.Y - sex.Min.Y
	if sex.Empty() || birth.Empty() || pitch < h || pitch > 5*h {
		return nil, nil
	}
	// from the label's place to a name of six characters, the name's
	// characters taller than the label's, half a line's pitch below its
	// middle at most (a card askew brings the next line's tops up into it)
	mid := (sex.Min.Y+sex.Max.Y)/2 - pitch
	box := image.Rect(sex.Min.X-h/left, min(sex.Min.Y-pitch-h, mid-pitch*3/5), sex.Min.X+12*h, mid+pitch/2)
	// In the page's model and in the standard one (the fast model read
	// nothing of a name in a thin face on a card askew; the page's model
	// split 陈 of 陈思远 into 三二陈), and in each again with what is
	// paler than print whitened (a seal's ring over the name).
	var readings []modelRead
	var from [][]Line // each reading's lines
	slope, paper := slopeAbout(g, box)
	for _, read := range []lineRead{{words: ocr.LineWords, scale: 2}, {words: ocr.NameWords, scale: 1, std: true}, {words: ocr.LineWords, scale: 2, white: true}, {words: ocr.NameWords, scale: 1, std: true, white: true}} {
		words, err := read.words(read.cutOut(g, box, slope, paper))
		if err != nil {
			return nil, err
		}
		rl := Lines(words)
		name, conf := holderName(rl)
		if values > box.Min.X {
			// The label 姓名 read with the name, misread past knowing
			// (好李艳如, 柳各“李艳娥): what stands left of the values'
			// column is no part of the name.
			cut := (values - box.Min.X - h/2) * read.scale
			if name == "" {
				words = slices.DeleteFunc(words, func(w Word) bool {
					return (w.Box.Min.X+w.Box.Max.X)/2 < cut || !strings.ContainsFunc(w.Text, isCJK)
				})
				rl = Lines(words)
				name, conf = holderName(rl)
			} else if n := pastLabel(rl, name, cut); n != name {
				name, conf = n, confOf(rl, n)
			}
		}
		// (a reading whitened that reads a character not at all is left
		// out: only print is left to read, and the name may stand
		// elsewhere, for the page's sparse reading to find)
		if name != "" && (!read.white || conf >= unreadConf) {
			readings = append(readings, modelRead{nameRead{name, conf}, read.std})
			from = append(from, rl)
		}
	}
	if len(readings) == 0 {
		return nil, nil
	}
	f[key], c[key] = pickName(namesOf(readings), false)
	if !bothModels(readings, f[key]) {
		c[key] = min(c[key], guessedConf) // the readings of one spot disagree (see rereadName)
	}
	for i, r := range readings {
		if r.name == f[key] && r.conf >= c[key] {
			return from[i], nil // the surest reading's, for its characters' confidences
		}
	}
	return nil, nil
}

// bothModels reports whether the readings rs of one spot agree on name:
// each model read it, and every reading that is a vote (read at
// unreadConf or above: see pickName) read it. A reading with a character
// not read at all says nothing against it (张河 at 0 of 李杰 under a
// seal's ring, both models reading 李杰 with the ring whitened).
func bothModels(rs []modelRead, name string) bool {
	var page, std bool
	for _, r := range rs {
		switch {
		case r.conf < unreadConf:
		case r.name != name:
			return false
		case r.std:
			std = true
		default:
			page = true
		}
	}
	return page && std
}

// namesOf is the names of rs, each at its confidence.
func namesOf(rs []modelRead) []nameRead {
	out := make([]nameRead, len(rs))
	for i, r := range rs {
		out[i] = r.nameRead
	}
	return out
}

// confOf is the confidence of v as the first of lines that holds it read it.
func confOf(lines []Line, v string) float64 {
	for _, l := range lines {
		if first, _ := l.wordsOf(v); first >= 0 {
			return l.ConfOf(v)
		}
	}
	return 0
}

// linePitchAbove reports whether line i-1 stands above line i at the
// pitch line i+1 stands below it (within half a pitch either way), each
// line where its first word is (a line's box takes in what a seal's ring
// read as a tall character at its end).
func linePitchAbove(lines []Line, i int) bool {
	if i < 1 || i+1 >= len(lines) || slices.ContainsFunc(lines[i-1:i+2], func(l Line) bool { return len(l.Words) == 0 }) {
		return false
	}
	mid := func(l Line) int { return (l.Words[0].Box.Min.Y + l.Words[0].Box.Max.Y) / 2 }
	pitch, up := mid(lines[i+1])-mid(lines[i]), mid(lines[i])-mid(lines[i-1])
	return pitch > 0 && 2*up >= pitch && 2*up <= 3*pitch
}

// oneColumn reports whether lines a and b of a card begin in one column:
// its labels' or its values' (a line read without its label begins
// where its values do), within six characters' height of each other.
func oneColumn(a, b Line) bool {
	return abs(a.Words[0].Box.Min.X-b.Words[0].Box.Min.X) <= 6*max(wordHeight(a), wordHeight(b))
}

// valuesColumn is where an identity card's values begin, as the lines
// under its name show it: the sex's (男 or 女) and the birth date's (its
// first digit), each where a reading put it in its word, where both were
// read and begin within a character's height of each other; -1 where not.
func valuesColumn(lines []Line) int {
	sex, birth, h := -1, -1, 0
	for _, l := range lines {
		t := Compact(l.Text)
		switch {
		case sex < 0 && (strings.Contains(t, "民族") || strings.Contains(t, "性别")):
			sex = firstMarkX(l, "男女")
		case birth < 0 && reBirthLine.MatchString(t):
			birth, h = firstMarkX(l, "0123456789"), wordHeight(l)
		}
	}
	if sex < 0 || birth < 0 || abs(sex-birth) > h {
		return -1
	}
	return min(sex, birth)
}

// firstMarkX is where the first of marks on l stands (markX), in the
// first word that holds one; -1 where none does.
func firstMarkX(l Line, marks string) int {
	for _, w := range l.Words {
		if x := markX(w, marks); x >= 0 {
			return x
		}
	}
	return -1
}

// markX is where the first of marks in w stands, its characters taken as
// alike wide; -1 where it holds none.
func markX(w Word, marks string) int {
	i := strings.IndexAny(w.Text, marks)
	if i < 0 {
		return -1
	}
	at := utf8.RuneCountInString(w.Text[:i])
	return w.Box.Min.X + at*w.Box.Dx()/utf8.RuneCountInString(w.Text)
}

// valueX is where the value begins on the line of the label's word label
// (its place, read or misread): the first of marks in that word and the
// words right of it (男 or 女, the sex's; a digit, the birth date's), the
// column of a card's values; -1 where none was read.
func valueX(lines []Line, label image.Rectangle, marks string) int {
	for _, l := range lines {
		if !slices.ContainsFunc(l.Words, func(w Word) bool { return w.Box == label }) {
			continue
		}
		for _, w := range l.Words {
			// the label's own word too: its label lost, the line's first
			// word is its value (1978 of 1978年11月3日)
			if x := markX(w, marks); w.Box.Min.X >= label.Min.X && x >= 0 {
				return x
			}
		}
	}
	return -1
}

// rereadValidity reads an identity document's period of validity again
// when the first reading gave none (a digit read as a letter, a digit lost)
// or gave it unsure (chi_sim reads digits at low confidence):
// the line holding its label, from the label on, in the code client, which
// reads digits surer than chi_sim.
func rereadValidity(ocr *OCR, g *image.Gray, t dossier.DocType, lines []Line, f map[string]string, c map[string]float64) error {
	if t != dossier.IDCard && t != dossier.ResidencePermit || g == nil ||
		f[dossier.FieldValidFrom] != "" && c[dossier.FieldValidFrom] >= sureConf && wholePeriod(f[dossier.FieldValidFrom], f[dossier.FieldValidUntil]) {
		return nil
	}
	rest, l := labelledWhere(lines, func(v string) bool { return strings.ContainsAny(v, "0123456789") }, "有效期限", "有效期")
	first, last := l.wordsOf(rest)
	if rest == "" || first < 0 {
		// its label misread (有有效册了): the line that holds two years
		// of this century or the last and no 年, from its first digit
		if l, first = periodLine(lines); first < 0 {
			return nil
		}
		last = len(l.Words) - 1
	}
	box := wordsBox(l.Words[first : last+1])
	box.Max.X += box.Dy()
	box = box.Inset(-box.Dy() / 4)
	// (the Latin model reads 长期 as nothing like it: a period to 长期 stays
	// with the first reading)
	// enough: a period that runs whole years to the day, as cards do (a
	// misread month, 2038.02.18 for 2038.03.18, reads on, enlarged), read
	// surely: the code client reads a card's small print unsurely at the
	// scan's size, every character right (2018.03.20-2028.03.20 at 0.04,
	// enlarged at 0.41; tuning seed 9797 C0012, a good case sent to a
	// clerk for an expiry read "not at all")
	reads, err := readSpot(ocr, g, box, func(cr codeRead) bool { return wholeRead(cr) && cr.line.Conf >= sureConf })
	if err != nil || len(reads) == 0 {
		return err
	}
	from, until, conf := surestPeriod(reads)
	if from == "" {
		return nil
	}
	mergePeriod(f, c, from, until, conf)
	return nil
}

// surestPeriod is the period of validity reads give: the surest of those
// that run whole years, where any does, else the last reading's. Two that
// run whole years and differ leave the one kept in doubt.
func surestPeriod(reads []codeRead) (from, until string, conf float64) {
	kept := slices.DeleteFunc(slices.Clone(reads), func(cr codeRead) bool { return !wholeRead(cr) })
	if len(kept) == 0 {
		cr := reads[len(reads)-1]
		from, until = validity(cr.line.Text)
		return from, until, cr.line.Conf
	}
	best := slices.MaxFunc(kept, func(a, b codeRead) int { return cmp.Compare(a.line.Conf, b.line.Conf) })
	from, until = validity(best.line.Text)
	conf = best.line.Conf
	for _, cr := range kept {
		if f, u := validity(cr.line.Text); f != from || u != until {
			conf = min(conf, guessedConf)
		}
	}
	return from, until, conf
}

// wholeRead reports whether a reading holds a period of validity that
// runs whole years (wholePeriod).
func wholeRead(cr codeRead) bool {
	from, until := validity(cr.line.Text)
	return from != "" && wholePeriod(from, until)
}

// wholePeriod reports whether a period of validity runs whole years to
// the day, or to 长期, as every card's and permit's does, and as many as
// one may: 5, 10 or 20 (a resident card's by the holder's age, a
// permit's 5). A digit of the expiry year misread keeps the day and not
// the length (2024.01.17-2084.01.17, 14444 C0027, read at 0.67 as the
// line's mean, its word at 0.22).
func wholePeriod(from, until string) bool {
	years, whole := ident.ValidityYears(from, until)
	return until == "长期" || whole && (years == 5 || years == 10 || years == 20)
}

// mergePeriod merges a second reading of a period of validity (from,
// until at conf) into the page's: read the same twice, it is as sure as
// the surer; read otherwise, the one that runs whole years stays (a card's
// does: 2025.08.21-2045.08.2了 lost a digit, however surely read), or of
// two alike the surer, in doubt.
func mergePeriod(f map[string]string, c map[string]float64, from, until string, conf float64) {
	switch was, wasUntil := f[dossier.FieldValidFrom], f[dossier.FieldValidUntil]; {
	case was == from && wasUntil == until:
		conf = max(conf, c[dossier.FieldValidFrom])
	case was != "":
		if whole, wasWhole := wholePeriod(from, until), wholePeriod(was, wasUntil); wasWhole && !whole || whole == wasWhole && conf < c[dossier.FieldValidFrom] {
			from, until, conf = was, wasUntil, c[dossier.FieldValidFrom]
		}
		conf = min(conf, guessedConf)
	}
	f[dossier.FieldValidFrom], f[dossier.FieldValidUntil] = from, until
	c[dossier.FieldValidFrom], c[dossier.FieldValidUntil] = conf, conf
}

var reYear = regexp.MustCompile(`(?:19|20)\d\d`)

// periodLine finds the line of a card's period of validity whose label
// was misread: two years on it, no 年 (a birth date's line), and the index
// of its first word holding a digit; -1 when no line is such.
func periodLine(lines []Line) (Line, int) {
	for _, l := range lines {
		t := Compact(l.Text)
		if strings.Contains(t, "年") || len(reYear.FindAllString(t, -1)) < 2 {
			continue
		}
		for i, w := range l.Words {
			if strings.ContainsAny(w.Text, "0123456789") {
				return l, i
			}
		}
	}
	return Line{}, -1
}

// readSpot reads the part box of g in the code client, at the scan's size
// and, unless enough takes that reading, enlarged twice: each reads some
// codes and dates surer than the other. It returns the readings made, the
// one enough took last.
func readSpot(ocr *OCR, g *image.Gray, box image.Rectangle, enough func(codeRead) bool) ([]codeRead, error) {
	// A code printed one character a box: each box read alone, where that
	// fills the boxes with a valid code, is the reading. Read whole, a
	// side left standing is read as 1 or I among the characters
	// (MAFGPIQCA4 of MAFGPQCA4), and a stretch of it can pass its check
	// by chance (AFGP1QCA4 did, and rejected a good case).
	// (the boxes' tops and bottoms stand above and below the characters)
	tall := image.Rect(box.Min.X, box.Min.Y-box.Dy()/3, box.Max.X, box.Max.Y+box.Dy()/3)
	crop := cutOut(g, tall, 1)
	white := whitened(crop)
	if boxes := boxesOf(white); len(boxes) >= 8 {
		each, err := readEachBox(ocr, white, boxes)
		if err != nil {
			return nil, err
		}
		if fillsBoxes(newCodeReadOf(each), len(boxes)) {
			cr := newCodeRead(boxedConf(each, len(boxes)))
			cr.img = crop
			return []codeRead{cr}, nil
		}
	}
	var reads []codeRead
	read := func(r image.Rectangle, scale int) (bool, error) {
		crop := squeeze(dropRules(cutOut(g, r, scale)))
		words, err := ocr.CodeWords(crop)
		if err != nil || len(words) == 0 {
			return false, err
		}
		cr := newCodeRead(words)
		cr.img = crop
		reads = append(reads, cr)
		return enough(cr), nil
	}
	for _, scale := range []int{1, 2} {
		if done, err := read(box, scale); done || err != nil {
			return reads, err
		}
	}
	// Where neither gave enough, the band of the spot's print alone: read
	// as one line, a seal's ring above a card's number, left pale with
	// specks of its own digits once its red is dropped, threw the line
	// off (440106199609137389 read SANEEETICSYINSES, 14040 C0010).
	if band := printBand(g, box); band != box && !band.Empty() {
		if _, err := read(band, 2); err != nil {
			return reads, err
		}
	}
	return reads, nil
}

// printBand is box cut down to the band of rows its print lies in, a
// quarter of its height round it: the rows about the one with the most
// ink (darker than halfway from the spot's paper to black) that hold an
// eighth of as much or more. box where no row holds ink.
func printBand(g *image.Gray, box image.Rectangle) image.Rectangle {
	box = box.Intersect(g.Bounds())
	if box.Empty() {
		return box
	}
	spot := g.SubImage(box).(*image.Gray)
	dark := uint8(paperLevel(spot) / 2)
	counts := make([]int, box.Dy())
	most := 0
	for y := range counts {
		for _, v := range spot.Pix[y*spot.Stride : y*spot.Stride+box.Dx()] {
			if v < dark {
				counts[y]++
			}
		}
		if counts[y] > counts[most] {
			most = y
		}
	}
	if counts[most] == 0 {
		return box
	}
	top, bottom := most, most
	for top > 0 && counts[top-1]*8 >= counts[most] {
		top--
	}
	for bottom < len(counts)-1 && counts[bottom+1]*8 >= counts[most] {
		bottom++
	}
	h := bottom - top + 1
	return image.Rect(box.Min.X, box.Min.Y+top-h/4, box.Max.X, box.Min.Y+bottom+1+h/4).Intersect(box)
}

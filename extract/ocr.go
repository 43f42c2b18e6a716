package extract

import (
	"bytes"
	"fmt"
	"image"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/otiai10/gosseract/v2"

	"dossier/extract/seal"
)

// Word is one recognised word with its box (pixels of the page image as
// turned upright) and tesseract's confidence, 0..1 from the moment it is
// read (tesseract gives 0-100), as every confidence in dossier is.
type Word struct {
	Text string          `json:"text"`
	Box  image.Rectangle `json:"box"`
	Conf float64         `json:"conf"`
	Line int             `json:"line"`
	// Chars are the word's characters, each with its box, where the
	// reader gave them (the code client).
	Chars []Word `json:"-"`
}

// Line is a run of words tesseract put on one text line.
type Line struct {
	Text string          // the words joined, spaces between CJK characters removed
	Box  image.Rectangle // union of the words' boxes
	Conf float64         // mean word confidence
	// MinConf is the least sure word's confidence. Chinese comes out a
	// character a word, so one doubtful character shows here where the mean
	// hides it: on 210 sample cases, 59% of names read wrong had a character
	// below 0.1, against 2% of names read right.
	MinConf float64
	Words   []Word // the words, left to right
}

// OCR recognises pages with one tesseract client. It belongs to one goroutine:
// make one per worker and reuse it.
type OCR struct {
	client *gosseract.Client // whole pages
	osd    *orienter
	line   *gosseract.Client // single lines (seal arcs), made on first use
	code   *gosseract.Client // a code alone on a line, made on first use
	name   *gosseract.Client // a name's line in the standard model, made on first use
}

// NewOCR starts a tesseract client for Simplified Chinese (with the Latin
// letters and digits of codes) and one for page orientation.
func NewOCR() (*OCR, error) {
	c, err := newClient("3")
	if err != nil {
		return nil, err
	}
	o, err := newOrienter()
	if err != nil {
		c.Close()
		return nil, err
	}
	return &OCR{client: c, osd: o}, nil
}

// newClient makes a tesseract client for Simplified Chinese with the page
// segmentation mode psm. chi_sim alone: its character set holds the Latin
// letters and digits of codes, and adding eng made names and identity
// numbers worse (on 40 sample cases, holder names 0.61 exact against 0.35)
// and pages slower.
func newClient(psm string) (*gosseract.Client, error) {
	return newClientFor("", "chi_sim", psm, nil)
}

// ModelDir is the folder that holds tesseract's standard Chinese model,
// which make deps puts here (deploy/install-model); cmd/dossier sets it
// from DOSSIER_TESSDATA. Pages are read in Debian's chi_sim, the "fast"
// model; an unsure name is read again in this one, by its LSTM network
// alone (lstmOnly).
//
// The fast model cannot read 鑫 or 闽, common in unit names, even drawn
// clean at 48 px (it gives 舍 or 骞, 冰 or 阔). The standard model reads
// them, but it reads whole pages no better: on 210 sample cases it lost
// whole lines the fast model read (fields exact 0.941 against 0.942). So
// each reads what it reads best: see rereadName.
var ModelDir = "/usr/local/share/dossier/tessdata"

// CheckModel says whether ModelDir holds the standard Chinese model: a
// worker without it would fail every page with an unsure name.
func CheckModel() error {
	if _, err := os.Stat(filepath.Join(ModelDir, "chi_sim.traineddata")); err != nil {
		return fmt.Errorf("the standard Chinese model is missing: %w (make deps installs it; DOSSIER_TESSDATA names another folder)", err)
	}
	return nil
}

// newCodeClient makes a client that reads one line of a code alone in the
// Latin model, which reads digits and capitals surer than chi_sim. (Held
// to the codes' characters with tessedit_char_whitelist, tesseract 5 gives
// every word a confidence of 0, so the letters a code cannot hold are left
// to RepairCode.)
func newCodeClient() (*gosseract.Client, error) {
	return newClientFor("", "eng", "7", nil)
}

// sharedLayout are tesseract's process-wide layout parameters that the
// standard model's config sets when it loads (its "CJK mode"). Left alone,
// every page read after the first standard client started would be cut
// into lines differently from those read before, so the same page would
// read differently in a fresh worker and in one that had read a name
// again. Every client sets them, to the values the accuracy figures were
// measured with.
var sharedLayout = map[gosseract.SettableVariable]string{
	"edges_use_new_outline_complexity": "1",
	"edges_children_fix":               "1",
	"edges_max_children_per_outline":   "10",
	"edges_max_children_layers":        "5",
	"edges_children_count_limit":       "1000",
	"textord_force_make_prop_words":    "1",
}

// initOnly are the variables tesseract takes only when its engine starts;
// set later, they are ignored without a word. They go to the engine in a
// config file (engineConfig).
var initOnly = []gosseract.SettableVariable{"tessedit_ocr_engine_mode"}

// lstmOnly has a client read with the LSTM network alone. A model that
// carries the legacy engine's data beside its network (the standard
// chi_sim) is otherwise read by both engines, and on scans the legacy
// one's guesses win: 南平市新宇餐饮管理有限责任公司, cut out clean, came
// out 南卫再『1『熹〕、菩雳亓宇夕熹′蓼….
var lstmOnly = map[gosseract.SettableVariable]string{"tessedit_ocr_engine_mode": "1"}

// newClientFor makes a tesseract client for the model lang in the folder dir
// (tesseract's own when empty) with the page segmentation mode psm and
// further variables. Variables go through SetVariable:
// SetPageSegMode before the first recognition is lost when gosseract
// initialises the engine. Those of initOnly go in a config file the engine
// reads when it starts, here, in startEngine; nothing this package does
// starts it again.
func newClientFor(dir, lang, psm string, more map[gosseract.SettableVariable]string) (*gosseract.Client, error) {
	c := gosseract.NewClient()
	c.TessdataPrefix = dir
	if err := c.SetLanguage(lang); err != nil {
		c.Close()
		return nil, err
	}
	cfg, err := engineConfig(more)
	if err != nil {
		c.Close()
		return nil, err
	}
	if cfg != "" {
		defer os.Remove(cfg)
		if err := c.SetConfigFile(cfg); err != nil {
			c.Close()
			return nil, err
		}
	}
	vars := map[gosseract.SettableVariable]string{
		"tessedit_pageseg_mode":     psm,
		"preserve_interword_spaces": "1",
		"user_defined_dpi":          "200",
		"debug_file":                "/dev/null", // "Detected N diacritics" and the like
	}
	maps.Copy(vars, sharedLayout)
	maps.Copy(vars, more)
	for _, k := range initOnly {
		delete(vars, k)
	}
	for k, v := range vars {
		if err := c.SetVariable(k, v); err != nil {
			c.Close()
			return nil, err
		}
	}
	if err := startEngine(c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// engineConfig writes the variables of vars that are initOnly to a
// config file for tesseract, and gives its name ("" when there are none).
func engineConfig(vars map[gosseract.SettableVariable]string) (string, error) {
	var b strings.Builder
	for _, k := range initOnly {
		if v, ok := vars[k]; ok {
			fmt.Fprintf(&b, "%s %s\n", k, v)
		}
	}
	if b.Len() == 0 {
		return "", nil
	}
	f, err := os.CreateTemp("", "dossier-tesseract-*.config")
	if err != nil {
		return "", fmt.Errorf("tesseract's config: %w", err)
	}
	_, err = f.WriteString(b.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("tesseract's config: %w", err)
	}
	return f.Name(), nil
}

// engineStart serialises the start of tesseract engines. gosseract's Init
// points the process's stderr at /dev/null while the model loads and then
// points it back: two clients starting at once (two workers) each save the
// other's /dev/null as "the original", and stderr stays lost for the rest
// of the process, with every log line and even the last words of a fatal
// error. One start at a time, here, and never later: gosseract starts the
// engine on the first recognition otherwise.
var engineStart sync.Mutex

// blankPage is a small white page: recognised once, it makes gosseract
// start its engine.
var blankPage = func() []byte {
	return pgm(blank(32, 32, 255))
}()

// startEngine starts c's engine now, under engineStart.
func startEngine(c *gosseract.Client) error {
	engineStart.Lock()
	defer engineStart.Unlock()
	if err := c.SetImageFromBytes(blankPage); err != nil {
		return err
	}
	_, err := c.Text()
	return err
}

// Close frees the tesseract clients.
func (o *OCR) Close() error {
	o.osd.close()
	if o.line != nil {
		o.line.Close()
	}
	if o.code != nil {
		o.code.Close()
	}
	if o.name != nil {
		o.name.Close()
	}
	return o.client.Close()
}

// Words recognises a grey page once and returns its words with boxes.
//
// Where the page's layout analysis finds no block of text at all, the page
// is read again as one column of text (tesseract's single-column mode,
// which finds no blocks): the analysis can take a whole page for a picture
// (tesseract says "Empty page!!") that the same page turned another way,
// or read without its resolution given, reads in full (tuning seed 7878:
// a grey photocopy of a certificate upside down, 3° askew, inside a
// heavy double frame). A page with nothing on it reads empty both ways.
func (o *OCR) Words(g *image.Gray) ([]Word, error) {
	words, err := recognise(o.client, g)
	if err != nil || len(words) > 0 {
		return words, err
	}
	o.client.SetPageSegMode(gosseract.PSM_SINGLE_COLUMN)
	defer o.client.SetPageSegMode(gosseract.PSM_AUTO)
	return recognise(o.client, g)
}

// SparseWords recognises a grey page as scattered text (tesseract's
// sparse mode), each piece a block of its own: text the page's layout
// analysis took for a picture (a card's side under a seal, beside its
// photo) is found there. The page's client is set to sparse mode for the
// call and back, with no second model loaded.
func (o *OCR) SparseWords(g *image.Gray) ([]Word, error) {
	o.client.SetPageSegMode(gosseract.PSM_SPARSE_TEXT)
	defer o.client.SetPageSegMode(gosseract.PSM_AUTO)
	return recognise(o.client, g)
}

// sparseRead reads a grey page as scattered text and gives its words and
// the lines they stand in.
func (o *OCR) sparseRead(g *image.Gray) ([]Word, []Line, error) {
	words, err := o.SparseWords(g)
	if err != nil {
		return nil, nil, err
	}
	return words, sparseLines(words), nil
}

// sparseLines groups the words of a sparse reading into lines by where
// they stand: a word joins the line it sits level with (their middles
// within half the lower's height) that ends less than three heights
// before it begins; a label and its value, read apart,
// become one line again, and two cards side by side stay two.
func sparseLines(words []Word) []Line {
	ws := slices.Clone(words)
	slices.SortStableFunc(ws, func(a, b Word) int { return a.Box.Min.X - b.Box.Min.X })
	var rows []image.Rectangle
	for i := range ws {
		w := &ws[i]
		h, cy := w.Box.Dy(), (w.Box.Min.Y+w.Box.Max.Y)/2
		at := -1
		for j, r := range rows {
			rh := r.Dy()
			// (A piece that begins inside the line joins it too: the
			// reader boxes a piece too wide at times, 数字 over all of
			// 数字证书业务材料清单.)
			if abs((r.Min.Y+r.Max.Y)/2-cy) <= min(h, rh)/2 && w.Box.Min.X-r.Max.X <= 3*max(h, rh) {
				at = j
				break
			}
		}
		if at < 0 {
			rows = append(rows, w.Box)
			at = len(rows) - 1
		} else {
			rows[at] = rows[at].Union(w.Box)
		}
		w.Line = at
	}
	return Lines(ws)
}

// recognise runs one recognition on client and returns the words with
// their boxes, confidences and lines; a panic in tesseract is an error.
func recognise(client *gosseract.Client, g *image.Gray) (words []Word, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tesseract failed: %v", r)
		}
	}()
	if b := g.Bounds(); b.Dx() < 4 || b.Dy() < 4 {
		return nil, nil // a spot cut out at the page's edge: nothing to read
	}
	if err := client.SetImageFromBytes(pgm(g)); err != nil {
		return nil, err
	}
	boxes, err := client.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, err
	}
	for _, b := range boxes {
		t := strings.TrimSpace(b.Word)
		if t == "" {
			continue
		}
		words = append(words, Word{Text: t, Box: b.Box, Conf: b.Confidence / 100, Line: b.BlockNum*10000 + b.ParNum*100 + b.LineNum})
	}
	return words, nil
}

// pgm encodes a grey image as binary PGM, which leptonica reads without a codec.
func pgm(g *image.Gray) []byte {
	b := g.Bounds()
	var buf bytes.Buffer
	buf.WriteString("P5\n" + strconv.Itoa(b.Dx()) + " " + strconv.Itoa(b.Dy()) + "\n255\n")
	for y := 0; y < b.Dy(); y++ {
		buf.Write(g.Pix[y*g.Stride : y*g.Stride+b.Dx()])
	}
	return buf.Bytes()
}

// Lines groups words into text lines in reading order.
func Lines(words []Word) []Line {
	idx := map[int]int{}
	var lines []Line
	var confs []float64
	var counts []int
	var parts [][]Word
	for _, w := range words {
		i, ok := idx[w.Line]
		if !ok {
			i = len(lines)
			idx[w.Line] = i
			lines = append(lines, Line{Box: w.Box})
			confs = append(confs, 0)
			counts = append(counts, 0)
			parts = append(parts, nil)
		}
		lines[i].Box = lines[i].Box.Union(w.Box)
		if counts[i] == 0 || w.Conf < lines[i].MinConf {
			lines[i].MinConf = w.Conf
		}
		confs[i] += w.Conf
		counts[i]++
		parts[i] = append(parts[i], w)
	}
	for i := range lines {
		var sb strings.Builder
		for j, w := range parts[i] {
			if j > 0 && !(isCJK(lastRune(parts[i][j-1].Text)) || isCJK(firstRune(w.Text))) {
				sb.WriteByte(' ')
			}
			sb.WriteString(w.Text)
		}
		lines[i].Text = sb.String()
		lines[i].Conf = confs[i] / float64(counts[i])
		lines[i].Words = parts[i]
	}
	sort.SliceStable(lines, func(a, b int) bool {
		ya, yb := lines[a].Box.Min.Y+lines[a].Box.Dy()/2, lines[b].Box.Min.Y+lines[b].Box.Dy()/2
		if abs(ya-yb) < min(lines[a].Box.Dy(), lines[b].Box.Dy())/2 {
			return lines[a].Box.Min.X < lines[b].Box.Min.X
		}
		return ya < yb
	})
	return lines
}

// joinRowPieces joins the pieces of one row of print that tesseract's
// layout analysis read as lines of their own (a unit's name cut at its
// bracket, 闽江贸易 | (龙岩)有限责任公司, or a label apart from its value):
// a piece that stands level with a line (their middles within half the
// lower's height, heights within half again of each other) and begins at
// most a character and a fifth after that line ends. Columns set further
// apart, and lines above or below, stay lines of their own.
func joinRowPieces(lines []Line) []Line {
	var out []Line
	for _, l := range lines {
		at := -1
		for i, o := range out {
			if samePrintRow(o, l) {
				at = i
				break
			}
		}
		if at < 0 {
			out = append(out, l)
			continue
		}
		words := append(slices.Clone(out[at].Words), l.Words...)
		slices.SortStableFunc(words, func(a, b Word) int { return a.Box.Min.X - b.Box.Min.X })
		for i := range words {
			words[i].Line = 0
		}
		out[at] = Lines(words)[0]
	}
	return out
}

// samePrintRow reports whether b continues a's row of print: level with
// it, of its size, and beginning right after it ends.
func samePrintRow(a, b Line) bool {
	ha, hb := wordHeight(a), wordHeight(b)
	h := min(ha, hb)
	if h == 0 || max(ha, hb)*2 > h*3 {
		return false
	}
	ca, cb := (a.Box.Min.Y+a.Box.Max.Y)/2, (b.Box.Min.Y+b.Box.Max.Y)/2
	gap := b.Box.Min.X - a.Box.Max.X
	return abs(ca-cb) < h/2 && gap >= -h/2 && gap*5 <= h*6
}

// wordHeight is the median height of a line's words (a bracket or a
// speck boxed taller or shorter does not count); of two, the lower: a
// character boxed with a mark beside it is boxed taller (市 of 厦门市 at
// half again 厦门's height), one boxed shorter is rarer.
func wordHeight(l Line) int {
	if len(l.Words) == 0 {
		return 0
	}
	hs := make([]int, len(l.Words))
	for i, w := range l.Words {
		hs[i] = w.Box.Dy()
	}
	slices.Sort(hs)
	return hs[(len(hs)-1)/2]
}

// ConfOf is the confidence (0..1) of the least sure word that holds part
// of v, a value read from the line (after Compact and upper-casing): the
// label and the junk beside a value do not make it doubtful. A value not
// found in the line gets the line's least sure word.
func (l Line) ConfOf(v string) float64 {
	first, last := l.wordsOf(v)
	if first < 0 {
		return l.MinConf
	}
	conf := 1.0
	for _, w := range l.Words[first : last+1] {
		conf = min(conf, w.Conf)
	}
	return conf
}

// CharConfs gives the confidence (0..1) of each character of v as the
// line read it: that of the word it came from (the Chinese model makes
// most characters words of their own), or nil when v is not in the line.
func (l Line) CharConfs(v string) []float64 {
	at, wordAt := l.runesOf(v)
	if at < 0 {
		return nil
	}
	out := make([]float64, len([]rune(v)))
	for i := range out {
		out[i] = l.Words[wordAt[min(at+i, len(wordAt)-1)]].Conf
	}
	return out
}

// charConfs gives the confidence of each character of the field value v
// from the first of lines that holds it, brought to the field's own
// confidence conf where that was set apart from the words' (a guess, a
// second reading): nil when no line holds v as it stands. A line that
// read a character of v at no confidence cannot be brought to conf and
// is passed over (莆 of 名称莆田… glued to its label and read at 0, where
// a second reading of the line read the name surely).
// A name whose readings split on some characters, split (true at each
// rune index of v compacted that some reading of its spot read otherwise;
// nil where no telling), and set below every character for that has
// those characters brought down alone: the rest was read alike by every
// reading (瑞 of 南京市瑞丰医药有限公司 also read 珊; its 有限公司 is as
// sure as read, and 杭州市鑫源科技有限责任公司, kept at guessedConf
// because the page's model read 鑫源 as 春源, still reads 责任 surely
// where a form's 有限公司 lacks them).
func charConfs(lines []Line, v string, conf float64, split []bool) []float64 {
	for _, l := range lines {
		cc := l.CharConfs(Compact(v))
		if cc == nil {
			continue
		}
		low := slices.Min(cc)
		if len(split) == len(cc) && slices.Contains(split, true) && conf < low {
			for i, s := range split {
				if s {
					cc[i] = conf
				}
			}
			return cc
		}
		if math.Abs(low-conf) > 0.005 {
			// set apart: brought to it by scaling, which a character
			// read at no confidence leaves no way to do
			if low < 0.01 {
				continue // another line may hold it read otherwise
			}
			for i := range cc {
				cc[i] = math.Round(math.Min(1, cc[i]*conf/low)*100) / 100
			}
		}
		return cc
	}
	return nil
}

// labelBox is the box of the words that make up the label lab on the
// line, where the line shows them as words; else the line's box.
func (l Line) labelBox(lab string) image.Rectangle {
	start, wordAt := l.runesOf(lab)
	if start < 0 {
		return l.Box
	}
	var r image.Rectangle
	for i := start; i < min(start+len([]rune(lab)), len(wordAt)); i++ {
		r = r.Union(l.Words[wordAt[i]].Box)
	}
	if r.Empty() {
		return l.Box
	}
	return r
}

// wordsOf gives the first and last of the line's words that hold part of
// v (as ConfOf takes it), or -1, -1 when v is not in the line.
func (l Line) wordsOf(v string) (first, last int) {
	start, wordAt := l.runesOf(v)
	if start < 0 {
		return -1, -1
	}
	end := min(start+len([]rune(v)), len(wordAt)) - 1
	return wordAt[start], wordAt[end]
}

// together is the head of the person's name v, as the line reads it, whose
// characters stand together: a name is printed in one run, so a character
// read more than three of its characters' heights to the right of the one
// before (a mark, the print of the next column: 郭强 … 加|中华人民共和国)
// is none of it. v itself where the line does not show it, or where its
// head would be a character alone.
func (l Line) together(v string) string {
	start, wordAt := l.runesOf(v)
	r := []rune(v)
	if start < 0 {
		return v
	}
	for i := 2; i < len(r) && start+i < len(wordAt); i++ {
		a, b := l.Words[wordAt[start+i-1]].Box, l.Words[wordAt[start+i]].Box
		if b.Min.X-a.Max.X > 3*min(a.Dy(), b.Dy()) {
			return string(r[:i])
		}
	}
	return v
}

// setOff reports whether the line's label (its text's head, spaces
// dropped) stands apart from what follows it by more than a character's
// height: a table's label cell and the value in the next cell, read as one
// line with nothing between them (经办人孙杰伟).
func (l Line) setOff(label string) bool {
	start, wordAt := l.runesOf(label)
	end := start + len([]rune(label))
	if start < 0 || end >= len(wordAt) || wordAt[end-1] == wordAt[end] {
		return false
	}
	a, b := l.Words[wordAt[end-1]].Box, l.Words[wordAt[end]].Box
	return b.Min.X-a.Max.X > min(a.Dy(), b.Dy())
}

// runesOf finds v in the line's text (spaces dropped, letters upper case,
// quote marks passed over: a speck read beside a bracket that the value
// drops): where it starts, in runes, and the word each rune came from; -1
// when v is not there.
func (l Line) runesOf(v string) (int, []int) {
	var text []rune
	var wordAt []int // the word each rune of text came from
	for i, w := range l.Words {
		for _, r := range []rune(strings.ToUpper(Compact(w.Text))) {
			if isQuoteMark(r) {
				continue
			}
			r = foldBracket(r)
			if n := len(text); n > 0 && text[n-1] == r && (r == '（' || r == '）') {
				continue // one bracket read as two (〔(), as bracketsOfName takes it
			}
			text = append(text, r)
			wordAt = append(wordAt, i)
		}
	}
	at := strings.Index(string(text), oneBracket(strings.Map(func(r rune) rune {
		if isQuoteMark(r) {
			return -1
		}
		return foldBracket(r)
	}, strings.ToUpper(v))))
	if at < 0 || v == "" {
		return -1, nil
	}
	return len([]rune(string(text)[:at])), wordAt
}

// nameEnd is where the name v ends on the line, where the line reads on
// past it after a gap of a character's height at least (a form's row:
// 经办人姓名|张丽 and the next cell's 联系电话 and number), and where the
// print read after it begins: the right of v's last word and the left of
// the next word's. 0, 0 where the line ends with v, reads on past it
// without such a gap (what follows may be the name's, the reading cut
// short), or does not show it.
func (l Line) nameEnd(v string) (end, next int) {
	start, wordAt := l.runesOf(v)
	if start < 0 {
		return 0, 0
	}
	last := min(start+len([]rune(v)), len(wordAt)) - 1
	if last+1 >= len(wordAt) || wordAt[last+1] == wordAt[last] {
		return 0, 0
	}
	a, b := l.Words[wordAt[last]].Box, l.Words[wordAt[last+1]].Box
	if b.Min.X-a.Max.X < min(a.Dy(), b.Dy()) {
		return 0, 0
	}
	return a.Max.X, b.Min.X
}

// runeXs gives, for each rune of v as the line reads it (as runesOf
// finds it), the middle of its share of its word's box; nil when v is not
// in the line.
func (l Line) runeXs(v string) []int {
	start, wordAt := l.runesOf(v)
	if start < 0 {
		return nil
	}
	xs := make([]int, len([]rune(v)))
	for i := range xs {
		at := min(start+i, len(wordAt)-1)
		w := wordAt[at]
		first := at // the word's first rune
		for first > 0 && wordAt[first-1] == w {
			first--
		}
		n := len([]rune(strings.ToUpper(Compact(l.Words[w].Text))))
		b := l.Words[w].Box
		xs[i] = b.Min.X + b.Dx()*(2*(at-first)+1)/(2*max(n, 1))
	}
	return xs
}

// foldBracket reads every kind of bracket as the full-width one: a name kept
// with full-width brackets (合力医疗器械（福州）) is found in the line that
// read them as 〈 or (.
func foldBracket(r rune) rune {
	if !strings.ContainsRune("()（）〈〉《》【】〔〕[]", r) {
		return r
	}
	return []rune(wideBrackets(bracketsOfName(string(r))))[0] // each to （ or ）, as names keep them
}

func isCJK(r rune) bool { return unicode.Is(unicode.Han, r) || r == '（' || r == '）' || r == '：' }

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// DropRed makes the grey page OCR reads: red ink (seals, red stamps and
// handwriting) turns to paper, so a seal over text does not break the text.
func DropRed(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	if src, ok := img.(*image.Gray); ok {
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Pix[y*src.Stride:y*src.Stride+b.Dx()])
		}
		return g
	}
	// How much red light the page's ink lets through: its red channel
	// against the paper's brightness, each their median.
	var red, paper [256]int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, gg, bb := seal.RGB(img, x, y)
			switch ink := seal.Ink(r, gg, bb); {
			case ink >= seal.Strong:
				red[r]++
			case ink <= seal.Pale:
				paper[luminance(r, gg, bb)]++
			}
		}
	}
	pass := 1.0
	if inkR, paperL := median(red[:]), median(paper[:]); inkR > 0 && paperL > 0 {
		pass = min(1, max(0.5, float64(inkR)/float64(paperL)))
	}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, gg, bb := seal.RGB(img, x+b.Min.X, y+b.Min.Y)
			g.Pix[y*g.Stride+x] = inkless(r, gg, bb, pass)
		}
	}
	return g
}

func luminance(r, g, b uint8) uint8 { return uint8((299*int(r) + 587*int(g) + 114*int(b)) / 1000) }

// median is the middle value of a histogram's counts, 0 when it is empty.
func median(hist []int) int {
	n := 0
	for _, c := range hist {
		n += c
	}
	half := 0
	for v, c := range hist {
		if half += c; n > 0 && 2*half >= n {
			return v
		}
	}
	return 0
}

// inkless gives the grey level of a pixel with red ink taken out. Under
// red ink the red channel stands for the paper and print beneath, brought
// up by pass, the share of red light the ink lets through (a seal's ink
// darkens its red channel a little too: 180 on paper of 235). Pale ink (a
// seal's worn rim and its grain, a stroke's edge blurred into the paper)
// fades from grey to gone, so it leaves no grey texture over the print
// it crosses. (Fading faster, from half of pale, took out more of the thin
// ring a seal's edges leave, stored at half the colour resolution, but
// also the edges of digits under a seal: a permit's number was lost.)
func inkless(r, g, b uint8, pass float64) uint8 {
	const from, to = seal.Pale, seal.Strong // the fade: from what the ink model calls no ink to strong ink
	ink := seal.Ink(r, g, b)
	lum := float64(luminance(r, g, b))
	if ink <= from {
		return uint8(lum)
	}
	under := min(255, float64(r)/pass)
	if ink >= to {
		return uint8(under)
	}
	t := (ink - from) / (to - from)
	return uint8(lum*(1-t) + under*t)
}

// LineWords recognises a strip holding one line of text (a seal's
// unwrapped arc, a field's line cut out) with a second client set for
// single lines, made on first use.
func (o *OCR) LineWords(g *image.Gray) ([]Word, error) {
	if o.line == nil {
		var err error
		if o.line, err = newClient("7"); err != nil {
			return nil, err
		}
	}
	return recognise(o.line, g)
}

// CodeWords recognises a strip holding one code (a USCC, an organization
// code, an identity number) in the code client, made on first use.
func (o *OCR) CodeWords(g *image.Gray) ([]Word, error) {
	if o.code == nil {
		var err error
		if o.code, err = newCodeClient(); err != nil {
			return nil, err
		}
	}
	return recognise(o.code, g)
}

// CodeChars is CodeWords with each word's characters. Tesseract recognises
// the strip a second time for them: only where they are needed.
func (o *OCR) CodeChars(g *image.Gray) ([]Word, error) {
	words, err := o.CodeWords(g)
	if err != nil || len(words) == 0 {
		return words, err
	}
	syms, err := symbols(o.code)
	if err != nil {
		return nil, err
	}
	withChars(words, syms)
	return words, nil
}

// symbols gives the characters of the client's last recognised image,
// each with its box. (Their confidences say little: tesseract gives a
// character of a word it read at 0 as much as 0.99.)
func symbols(client *gosseract.Client) (out []Word, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tesseract failed: %v", r)
		}
	}()
	boxes, err := client.GetBoundingBoxes(gosseract.RIL_SYMBOL)
	if err != nil {
		return nil, err
	}
	for _, b := range boxes {
		if t := strings.TrimSpace(b.Word); t != "" {
			out = append(out, Word{Text: t, Box: b.Box, Conf: b.Confidence / 100})
		}
	}
	return out, nil
}

// withChars gives each of words its characters from syms, the characters
// of the same reading in order; none where the two do not spell the same
// text.
func withChars(words, syms []Word) {
	i := 0
	for wi := range words {
		var chars []Word
		for rest := words[wi].Text; rest != ""; i++ {
			if i >= len(syms) || !strings.HasPrefix(rest, syms[i].Text) {
				for j := range words {
					words[j].Chars = nil // split otherwise: none
				}
				return
			}
			rest = rest[len(syms[i].Text):]
			chars = append(chars, syms[i])
		}
		words[wi].Chars = chars
	}
}

// NameWords recognises a strip holding the line of a name in the standard
// Chinese model (ModelDir), made on first use.
func (o *OCR) NameWords(g *image.Gray) ([]Word, error) {
	if o.name == nil {
		if err := CheckModel(); err != nil {
			return nil, err
		}
		var err error
		if o.name, err = newClientFor(ModelDir, "chi_sim", "7", lstmOnly); err != nil {
			return nil, err
		}
	}
	return recognise(o.name, g)
}

// Line reads a strip of one text line: its text and its words' mean
// confidence.
func (o *OCR) Line(g *image.Gray) (text string, conf float64, err error) {
	words, err := o.LineWords(g)
	if err != nil || len(words) == 0 {
		return "", 0, err
	}
	var sb strings.Builder
	sum := 0.0
	for _, w := range words {
		sb.WriteString(w.Text)
		sum += w.Conf
	}
	return sb.String(), sum / float64(len(words)), nil
}

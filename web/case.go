package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier"
	"dossier/extract"
	"dossier/pipeline"
)

// caseData is everything the case view shows, read once per request.
type caseData struct {
	Case     dossier.Case
	Version  string
	Assignee string
	Result   *dossier.Result
	Files    []dossier.File
	Pages    map[dossier.PageRef]*extract.PageResult
	Groups   []group
	Refused  []dossier.File // files the pipeline could not take, with why
}

// group is a document's pages, or the pages no document holds.
type group struct {
	Label  string
	Doc    *dossier.Document
	Pages  []dossier.PageRef
	Turn   map[dossier.PageRef]int // degrees each thumbnail is turned to stand upright
	Sealed bool
}

func (s *Server) loadCase(ctx context.Context, id string) (*caseData, error) {
	c, res, err := s.store.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &caseData{Case: c, Pages: map[dossier.PageRef]*extract.PageResult{}}
	if d.Version, d.Assignee, err = s.store.Version(ctx, id); err != nil {
		return nil, err
	}
	if res != nil {
		d.Result = &dossier.Result{}
		if err := json.Unmarshal(res, d.Result); err != nil {
			return nil, fmt.Errorf("case %s: its stored result does not parse: %w", id, err)
		}
	}
	if d.Files, err = s.store.Files(ctx, id); err != nil {
		return nil, err
	}
	pages, err := s.store.Pages(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		pr := &extract.PageResult{}
		if err := json.Unmarshal(p.Result, pr); err != nil {
			s.log.Warn("a page's reading does not parse", "case", id, "file", p.File, "page", p.Page, "err", err)
			continue
		}
		d.Pages[dossier.PageRef{File: p.File, Page: p.Page}] = pr
	}
	// Pages grouped by the documents the verdict found, then the rest.
	seen := map[dossier.PageRef]bool{}
	if d.Result != nil {
		for i := range d.Result.Documents {
			doc := &d.Result.Documents[i]
			g := group{Label: docLabel(doc.Type), Doc: doc, Sealed: doc.Sealed}
			for _, p := range doc.Pages {
				if d.Pages[p] != nil && !seen[p] {
					g.Pages = append(g.Pages, p)
					seen[p] = true
				}
			}
			d.Groups = append(d.Groups, g)
		}
	}
	var rest []dossier.PageRef
	for _, f := range d.Files {
		for n := 1; n <= f.Pages; n++ {
			p := dossier.PageRef{File: f.Name, Page: n}
			if d.Pages[p] != nil && !seen[p] {
				rest = append(rest, p)
			}
		}
	}
	if len(rest) > 0 {
		d.Groups = append(d.Groups, group{Label: "Pages of no document", Pages: rest})
	}
	for i := range d.Groups {
		d.Groups[i].Turn = map[dossier.PageRef]int{}
		for _, p := range d.Groups[i].Pages {
			d.Groups[i].Turn[p] = d.Pages[p].Rotation
		}
	}
	for _, f := range d.Files {
		if f.Problem != nil {
			d.Refused = append(d.Refused, f)
		}
	}
	return d, nil
}

func docLabel(t dossier.DocType) string {
	if l, ok := docLabels[t]; ok {
		return l
	}
	return string(t)
}

// loadOr404 loads a checked case or answers the request itself.
func (s *Server) loadOr404(w http.ResponseWriter, r *http.Request) (*caseData, bool) {
	id, ok := s.caseName(w, r)
	if !ok {
		return nil, false
	}
	d, err := s.loadCase(r.Context(), id)
	if err != nil {
		s.caseErr(w, r, id, err)
		return nil, false
	}
	return d, true
}

func (s *Server) caseView(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadOr404(w, r)
	if !ok {
		return
	}
	u := user(r)
	data := map[string]any{"C": d, "Table": compare(d), "Flash": r.URL.Query().Get("flash"), "AllReasons": dossier.ReasonCodes}
	if d.Result != nil {
		st := d.Result.Status
		data["CanDecide"] = st == dossier.Review || st == dossier.Rejected
		data["CanApprove"] = st == dossier.Review
		data["CanOverturn"] = st == dossier.Rejected && u.Role.Can(dossier.Supervisor)
		data["Required"] = requiredDocs(d.Result.Type)
		data["Message"] = unitMessage(d.Result.Reasons)
		on := map[dossier.ReasonCode]bool{}
		for _, rs := range d.Result.Reasons {
			on[rs.Code] = true
		}
		data["ReasonOn"] = on
		data["Reasons"] = reasonLinks(d)
	}
	// The first page to show: ?file=&page=, else the first page of a reason, else the first page.
	if ref, ok := firstPage(d, r.URL.Query()); ok {
		pv, err := s.pageData(d, ref, r.URL.Query().Get("field"))
		if err == nil {
			data["Page"] = pv
		}
	}
	s.render(w, r, http.StatusOK, "case", data)
}

func firstPage(d *caseData, q url.Values) (dossier.PageRef, bool) {
	if n, err := strconv.Atoi(q.Get("page")); err == nil {
		ref := dossier.PageRef{File: q.Get("file"), Page: n}
		if d.Pages[ref] != nil {
			return ref, true
		}
	}
	if d.Result != nil {
		for _, rs := range d.Result.Reasons {
			for _, p := range rs.Pages {
				if d.Pages[p] != nil {
					return p, true
				}
			}
		}
	}
	for _, g := range d.Groups {
		if len(g.Pages) > 0 {
			return g.Pages[0], true
		}
	}
	return dossier.PageRef{}, false
}

// reasonLink is a reason with the page and field it is about.
type reasonLink struct {
	dossier.Reason
	Href string
}

// reasonField is the field a reason is about, to highlight on its page.
var reasonField = map[dossier.ReasonCode]string{
	dossier.UnitNameMismatch: dossier.FieldUnitName, dossier.CodeMismatch: dossier.FieldUSCC,
	dossier.InvalidOrgCode: dossier.FieldOrgCode, dossier.InvalidUSCC: dossier.FieldUSCC,
	dossier.InvalidIDNumber: dossier.FieldIDNumber, dossier.IDExpired: dossier.FieldValidUntil,
	dossier.OperatorMismatch: dossier.FieldOperatorName,
}

func reasonLinks(d *caseData) []reasonLink {
	var out []reasonLink
	for _, rs := range d.Result.Reasons {
		l := reasonLink{Reason: rs}
		for _, p := range rs.Pages {
			if d.Pages[p] != nil {
				q := url.Values{"file": {p.File}, "page": {strconv.Itoa(p.Page)}}
				if f := reasonField[rs.Code]; f != "" {
					q.Set("field", f)
				}
				l.Href = "/cases/" + url.PathEscape(d.Case.ID) + "?" + q.Encode() + "#viewer"
				break
			}
		}
		out = append(out, l)
	}
	return out
}

func unitMessage(reasons []dossier.Reason) string {
	var b strings.Builder
	for _, rs := range reasons {
		if rs.Code.Definite() {
			fmt.Fprintln(&b, rs.Message)
		}
	}
	return strings.TrimSpace(b.String())
}

// requiredDocs lists the documents a case type asks for, to name in a re-upload request.
func requiredDocs(t dossier.CaseType) []dossier.DocType {
	if t == dossier.CAAssociation {
		return []dossier.DocType{dossier.SocialSecurityCert, dossier.OrgCodeCertificate, dossier.BusinessLicense, dossier.CACertificate}
	}
	return []dossier.DocType{dossier.ApplicationForm, dossier.OrgCodeCertificate, dossier.BusinessLicense, dossier.IDCard, dossier.ResidencePermit}
}

// pageView is the page viewer alone (htmx swaps it in).
func (s *Server) pageView(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadOr404(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("page"))
	ref := dossier.PageRef{File: r.PathValue("file"), Page: n}
	if err != nil || d.Pages[ref] == nil {
		s.fail(w, r, http.StatusNotFound, "The case has no such page.")
		return
	}
	pv, err := s.pageData(d, ref, r.URL.Query().Get("field"))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case", map[string]any{"C": d, "Page": pv, "Table": compare(d)})
}

// pageView's data: the upright page with its words and seals over it.
type pageData struct {
	Ref       dossier.PageRef
	Image     string // the image's URL
	W, H      int    // the upright page
	ImgW      int    // the image as stored
	ImgH      int
	Transform string // turns the stored image upright
	Type      dossier.DocType
	TypeConf  float64
	Rotation  int
	Problem   string
	Words     []wordBox
	Seals     []sealBox
	Fields    []fieldRead
	Field     string
}

type wordBox struct {
	X, Y, W, H int
	Text       string
	Conf       float64
	Low, Mark  bool
}

type sealBox struct {
	X, Y, W, H int
	Kind       string // unit, issuer, name
	Title      string
}

type fieldRead struct {
	Name, Value string
	Conf        float64
	ID          bool
	// Also says how else the reader read the spot: the code as read
	// before a guessed repair, or the other valid code it gave.
	Also string
}

// idLike is an identity number in a word: shown masked like every other.
var idLike = regexp.MustCompile(`[0-9]{14,17}[0-9Xx]`)

func (s *Server) pageData(d *caseData, ref dossier.PageRef, field string) (*pageData, error) {
	pr := d.Pages[ref]
	pv := &pageData{Ref: ref, Type: pr.Type, TypeConf: pr.TypeConf, Rotation: pr.Rotation, Problem: pr.Problem, Field: field,
		Image: fmt.Sprintf("/cases/%s/images/%s/%d", url.PathEscape(d.Case.ID), url.PathEscape(ref.File), ref.Page),
		W:     pr.Width, H: pr.Height, ImgW: pr.Width, ImgH: pr.Height}
	if pr.Rotation == 90 || pr.Rotation == 270 {
		pv.ImgW, pv.ImgH = pr.Height, pr.Width
	}
	switch pr.Rotation {
	case 90:
		pv.Transform = fmt.Sprintf("translate(%d 0) rotate(90)", pv.W)
	case 180:
		pv.Transform = fmt.Sprintf("translate(%d %d) rotate(180)", pv.W, pv.H)
	case 270:
		pv.Transform = fmt.Sprintf("translate(0 %d) rotate(270)", pv.H)
	}
	mark := markWords(pr.Words, pr.Fields[field])
	for i, w := range pr.Words {
		b := w.Box
		pv.Words = append(pv.Words, wordBox{X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy(), Text: idLike.ReplaceAllStringFunc(w.Text, dossier.MaskID),
			Conf: w.Conf, Low: w.Conf < dossier.Sure, Mark: mark[i]})
	}
	for _, sl := range pr.Seals {
		kind, title := "issuer", "the issuer's seal"
		switch {
		case sl.Square:
			kind, title = "name", "a person's name seal"
		case sl.Unit:
			kind, title = "unit", "the unit's seal"
		}
		if sl.Text != "" {
			title += ": " + sl.Text
		}
		b := sl.Box
		pv.Seals = append(pv.Seals, sealBox{X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy(), Kind: kind, Title: fmt.Sprintf("%s (score %.2f)", title, sl.Score)})
	}
	names := make([]string, 0, len(pr.Fields))
	for k := range pr.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := pr.Fields[k]
		isID := k == dossier.FieldIDNumber || k == dossier.FieldOperatorID
		mask := func(s string) string { return s }
		if isID {
			mask = dossier.MaskID
		}
		pv.Fields = append(pv.Fields, fieldRead{Name: k, Value: mask(v), Conf: pr.FieldConf[k], ID: isID, Also: alsoRead(pr.ReadAs, pr.Disputed, k, mask)})
	}
	return pv, nil
}

// alsoRead says how else the reader read field k (as the page view and the
// comparison table show it): the code as read before a guessed repair of
// its check character, or the spot's other reading; "" where none. mask
// hides an identity number's middle.
func alsoRead(readAs, disputed map[string]string, k string, mask func(string) string) string {
	if raw, ok := readAs[k]; ok {
		return "guessed: read as " + mask(raw)
	}
	if alt := disputed[k]; alt != "" {
		return "also read as " + mask(alt)
	}
	return ""
}

// markWords marks the run of words, in reading order, that spells the
// longest piece of value (at least two characters, or all of a shorter one).
func markWords(words []extract.Word, value string) []bool {
	mark := make([]bool, len(words))
	value = strings.ReplaceAll(value, " ", "")
	if value == "" {
		return mark
	}
	need := min(2, len([]rune(value)))
	bestI, bestJ, bestN := -1, -1, 0
	for i := range words {
		var acc string
		for j := i; j < len(words) && words[j].Line == words[i].Line; j++ {
			acc += strings.ReplaceAll(words[j].Text, " ", "")
			if !strings.Contains(value, acc) {
				break
			}
			if n := len([]rune(acc)); n >= need && n > bestN {
				bestI, bestJ, bestN = i, j, n
			}
		}
	}
	for k := bestI; bestI >= 0 && k <= bestJ; k++ {
		mark[k] = true
	}
	return mark
}

// pageImage serves a page's image, after the access check, as the browser
// can show it: PNG, JPEG and GIF as stored, others turned into PNG;
// ?thumb=1 a small JPEG.
func (s *Server) pageImage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.caseID(w, r)
	if !ok {
		return
	}
	files, err := s.store.Files(r.Context(), id)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	name := r.PathValue("file")
	n, err := strconv.Atoi(r.PathValue("page"))
	i := slices.IndexFunc(files, func(f dossier.File) bool { return f.Name == name })
	if err != nil || i < 0 || n < 1 || n > files[i].Pages {
		s.fail(w, r, http.StatusNotFound, "The case has no such page.")
		return
	}
	data, err := s.blobs.Get(r.Context(), pipeline.PageKey(id, files[i].SHA256, n))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	body, ctype, err := browserImage(name, data, r.URL.Query().Get("thumb") != "", s.limits)
	if err != nil {
		s.log.Info("a page image cannot be shown", "case", id, "file", name, "page", n, "err", err)
		s.fail(w, r, http.StatusUnprocessableEntity, "This page's image cannot be shown.")
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(body)
}

// reveal shows one identity number in full, and records who saw it.
func (s *Server) reveal(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadOr404(w, r)
	if !ok {
		return
	}
	row, col := r.PostFormValue("row"), r.PostFormValue("col")
	t := compare(d)
	var c *cell
	where := ""
	for i := range t.Rows {
		if t.Rows[i].Field == row && t.Rows[i].ID {
			for j := range t.Rows[i].Cells {
				if t.Rows[i].Cells[j].Col == col {
					c = &t.Rows[i].Cells[j]
					where = t.Rows[i].Label + " of " + t.Cols[j]
				}
			}
		}
	}
	if c == nil || c.Value == "" {
		s.fail(w, r, http.StatusNotFound, "There is no such identity number on this case.")
		return
	}
	u := user(r)
	if err := s.store.Record(r.Context(), dossier.Event{Actor: u.Name, Action: "show_id", Case: d.Case.ID,
		Detail: where, Addr: clientAddr(r)}); err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info("identity number shown", "case", d.Case.ID, "user", u.Name, "field", row, "of", col)
	s.fragment(w, r, "case", "id-value", map[string]any{"Cell": c})
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadOr404(w, r)
	if !ok {
		return
	}
	ev, err := s.store.Events(r.Context(), dossier.AuditFilter{Case: d.Case.ID})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "history", map[string]any{"C": d, "Events": ev})
}

// decide applies a clerk's decision, when the case is still as the clerk saw it.
func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadOr404(w, r)
	if !ok {
		return
	}
	u := user(r)
	back := func(msg string) {
		http.Redirect(w, r, "/cases/"+url.PathEscape(d.Case.ID)+"?flash="+url.QueryEscape(msg), http.StatusSeeOther)
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "The form did not arrive whole; send it again.")
		return
	}
	act := dossier.Action(r.PostForm.Get("action"))
	note := strings.TrimSpace(r.PostForm.Get("note"))
	msg := strings.TrimSpace(r.PostForm.Get("message"))
	if act == dossier.Overturn && !u.Role.Can(dossier.Supervisor) {
		s.fail(w, r, http.StatusForbidden, "Only a supervisor may overturn the pipeline's rejection.")
		return
	}
	if !slices.Contains([]dossier.Action{dossier.Approve, dossier.Reject, dossier.RequestReupload, dossier.Overturn}, act) {
		s.fail(w, r, http.StatusBadRequest, "Choose a decision.")
		return
	}
	if note == "" {
		back("Write a note that says why: every decision needs one.")
		return
	}
	if len([]rune(note)) > 2000 || len([]rune(msg)) > 2000 {
		back("The note and the message are at most 2000 characters each.")
		return
	}
	dec := dossier.Decision{Action: act, By: u.Name, At: time.Now().UTC(), Note: note}
	var awaiting []dossier.DocType
	var old []dossier.Reason
	if d.Result != nil {
		old = d.Result.Reasons
	}
	switch act {
	case dossier.Reject:
		codes := r.PostForm["reason"]
		if len(codes) == 0 {
			back("Tick at least one reason for the rejection.")
			return
		}
		for _, c := range codes {
			code := dossier.ReasonCode(c)
			if !slices.Contains(dossier.ReasonCodes, code) {
				back("Unknown reason code " + c + ".")
				return
			}
			kept := false
			for _, rs := range old {
				if rs.Code == code {
					dec.Reasons = append(dec.Reasons, rs)
					kept = true
				}
			}
			if !kept {
				if msg == "" {
					back("Write the message to the unit for the reasons you added.")
					return
				}
				dec.Reasons = append(dec.Reasons, dossier.Reason{Code: code, Message: msg})
			}
		}
	case dossier.RequestReupload:
		for _, doc := range r.PostForm["document"] {
			t := dossier.DocType(doc)
			if !slices.Contains(dossier.DocTypes, t) {
				back("Unknown document " + doc + ".")
				return
			}
			awaiting = append(awaiting, t)
		}
		if len(awaiting) == 0 || msg == "" {
			back("Name the documents to bring again and write the message to the unit.")
			return
		}
		for _, t := range awaiting {
			rs := dossier.Reason{Code: dossier.MissingDocument, Document: t, Message: msg}
			for _, o := range old {
				if o.Document == t && o.Code.Definite() {
					rs.Code, rs.Pages = o.Code, o.Pages
					break
				}
			}
			dec.Reasons = append(dec.Reasons, rs)
		}
	}
	b, err := s.store.Decide(r.Context(), d.Case.ID, r.PostForm.Get("version"), dec, awaiting, clientAddr(r))
	switch {
	case errors.Is(err, dossier.ErrStale):
		back("Not applied: the case changed since you opened it (a new verdict, or another clerk's decision). Look at it again and decide.")
		return
	case errors.Is(err, dossier.ErrNotAllowed):
		back("Not applied: " + label(act) + " does not apply to a " + string(d.Case.Status) + " case.")
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	if err := s.blobs.Put(r.Context(), pipeline.ResultKey(d.Case.ID), b); err != nil {
		// The case store holds the decision; the result file catches up
		// on the next one. An operator must know.
		s.log.Error("decision recorded, but its result file could not be written", "case", d.Case.ID, "err", err)
	}
	s.log.Info("decision", "case", d.Case.ID, "user", u.Name, "action", act)
	back("Recorded: " + label(act) + ".")
}

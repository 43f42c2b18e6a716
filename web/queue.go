package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dossier"
)

const pageSize = 50

// queueFilter reads the queue's filter from a request's query.
func queueFilter(q url.Values) dossier.QueueFilter {
	f := dossier.QueueFilter{View: q.Get("view"), Reason: dossier.ReasonCode(q.Get("reason")), Type: dossier.CaseType(q.Get("type")),
		Assignee: q.Get("assignee"), Age: q.Get("age"), Search: strings.TrimSpace(q.Get("q")), Limit: pageSize}
	if !slices.Contains([]string{"", "open", "review", "rejected", "awaiting", "decided", "all"}, f.View) {
		f.View = ""
	}
	if !slices.Contains(dossier.ReasonCodes, f.Reason) {
		f.Reason = ""
	}
	if !slices.Contains(dossier.CaseTypes, f.Type) {
		f.Type = ""
	}
	if !slices.Contains([]string{"", "1", "1-3", "3"}, f.Age) {
		f.Age = ""
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		f.Offset = (p - 1) * pageSize
	}
	return f
}

func (s *Server) queue(w http.ResponseWriter, r *http.Request) {
	f := queueFilter(r.URL.Query())
	u := user(r)
	if f.Assignee == "me" {
		f.Assignee = u.Name
	}
	page, err := s.store.Queue(r.Context(), f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	n := f.Offset/pageSize + 1
	link := func(p int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		return "/?" + q.Encode()
	}
	data := map[string]any{"Filter": f, "Page": page, "Users": users, "Reasons": dossier.ReasonCodes, "Types": dossier.CaseTypes,
		"OpenReview": page.Open[dossier.Review], "OpenRejected": page.Open[dossier.Rejected], "PageNo": n, "Pages": max(1, (page.Total+pageSize-1)/pageSize), "Flash": r.URL.Query().Get("flash")}
	if f.Offset > 0 {
		data["Prev"] = link(n - 1)
	}
	if f.Offset+len(page.Items) < page.Total {
		data["Next"] = link(n + 1)
	}
	s.render(w, r, http.StatusOK, "queue", data)
}

// takeNext gives the clerk the oldest case nobody has among those the
// queue's filter shows (its form carries the filter), and opens it.
func (s *Server) takeNext(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := queueFilter(r.PostForm)
	f.Assignee, f.Offset = "", 0
	id, err := s.store.TakeNext(r.Context(), user(r).Name, f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if id == "" {
		http.Redirect(w, r, "/?flash="+url.QueryEscape("No case of this view is left that nobody has."), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(id), http.StatusSeeOther)
}

// assign gives a case to the clerk (to=me), back to nobody (to=), or, for
// a supervisor, to anyone.
func (s *Server) assign(w http.ResponseWriter, r *http.Request) {
	id, ok := s.caseID(w, r)
	if !ok {
		return
	}
	u := user(r)
	to := r.PostFormValue("to")
	if to == "me" {
		to = u.Name
	}
	if to != "" && to != u.Name && !u.Role.Can(dossier.Supervisor) {
		s.fail(w, r, http.StatusForbidden, "Only a supervisor gives a case to someone else.")
		return
	}
	if err := s.store.Assign(r.Context(), id, to, u.Name); err != nil {
		s.internal(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(id), http.StatusSeeOther)
}

// caseID checks a request's case id: a case of the store, or 404.
func (s *Server) caseID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id, ok := s.caseName(w, r)
	if !ok {
		return "", false
	}
	if _, _, err := s.store.Version(r.Context(), id); err != nil {
		s.caseErr(w, r, id, err)
		return "", false
	}
	return id, true
}

// caseName is a request's case id, when it can be one (no slash, no NUL,
// not too long); else it answers 404.
func (s *Server) caseName(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if dossier.CheckCaseID(id) != nil {
		s.caseErr(w, r, id, dossier.ErrNoCase)
		return "", false
	}
	return id, true
}

// caseErr answers a case the store could not give: 404 when it has none.
func (s *Server) caseErr(w http.ResponseWriter, r *http.Request, id string, err error) {
	if errors.Is(err, dossier.ErrNoCase) {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("There is no case %q.", dossier.Printable(id)))
		return
	}
	s.internal(w, r, err)
}

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"dossier"
)

// parseTemplates parses each page once, with the shared layout.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if path.Base(n) == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"ago": func(t time.Time) string {
		d := time.Since(t)
		switch {
		case d < time.Minute:
			return "just now"
		case d < time.Hour:
			return fmt.Sprintf("%d min", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%d h", int(d.Hours()))
		}
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	},
	"when":  func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"label": label,
	"docLabel": func(d dossier.DocType) string {
		if l, ok := docLabels[d]; ok {
			return l
		}
		return string(d)
	},
	"mask":    dossier.MaskID,
	"detail":  eventDetail,
	"pathEsc": url.PathEscape,
	"can":     func(u dossier.User, r string) bool { return u.Role.Can(dossier.Role(r)) },
	"add":     func(a, b int) int { return a + b },
	"confClass": func(c float64) string {
		switch {
		case c >= 0.9:
			return "sure"
		case c >= dossier.Sure:
			return "fair"
		}
		return "unsure"
	},
}

// label names reason codes and statuses for a clerk.
func label(s any) string {
	if l, ok := labels[fmt.Sprint(s)]; ok {
		return l
	}
	return strings.ReplaceAll(fmt.Sprint(s), "_", " ")
}

var labels = map[string]string{
	"missing_document": "document missing", "insufficient_copies": "too few copies", "seal_missing": "seal missing",
	"unit_name_mismatch": "unit name differs", "code_mismatch": "code differs", "invalid_org_code": "org code invalid",
	"invalid_uscc": "USCC invalid", "invalid_id_number": "ID number invalid", "id_expired": "ID expired",
	"operator_mismatch": "operator differs", "certificate_invalid": "certificate invalid",
	"certificate_mismatch": "certificate differs", "unreadable_file": "file unreadable", "unsupported_file": "file not supported",
	"low_confidence": "read unsurely", "ca-replacement": "CA replacement", "ca-association": "CA association",
	"request_reupload": "asked to re-upload", "approve": "approved", "reject": "rejected", "overturn": "overturned",
	"show_id": "showed an ID number", "verdict": "pipeline verdict", "assign": "assigned", "requeue_task": "queued a dead task again",
	"orphan_object": "file no case records", "missing_object": "file gone from the store", "changed_object": "file changed",
	"page_without_image": "page image gone", "orphan_page_image": "page image nobody uses", "stuck_case": "case stuck",
	"dead_task": "dead task", "orphan_task": "task no worker holds", "result_missing": "result file gone",
	"result_differs": "result file differs", "verdict_without_result": "verdict without result",
}

var docLabels = map[dossier.DocType]string{
	dossier.ApplicationForm: "Application form", dossier.OrgCodeCertificate: "Org code certificate",
	dossier.BusinessLicense: "Business licence", dossier.IDCard: "ID card", dossier.ResidencePermit: "Residence permit",
	dossier.SocialSecurityCert: "Social insurance cert.", dossier.CACertificate: "CA certificate", dossier.Other: "Other",
}

// render writes a whole page, or for an htmx request that names a
// fragment (HX-Target), just that fragment when the page defines it.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data map[string]any) {
	t, ok := s.pages[page]
	if !ok {
		s.internal(w, r, fmt.Errorf("no template %q", page))
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	data["User"] = user(r)
	name := "layout"
	if target := r.Header.Get("HX-Target"); r.Header.Get("HX-Request") != "" && target != "" && t.Lookup(target) != nil {
		name = target
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// fail shows a clerk what went wrong, in words.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		w.WriteHeader(status)
		fmt.Fprint(w, msg)
		return
	}
	s.render(w, r, status, "error", map[string]any{"Status": status, "Message": msg})
}

// internal logs an operator's error and shows the clerk a plain message.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("workbench request failed", "method", r.Method, "path", r.URL.Path, "user", user(r).Name, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "Something went wrong on the server; it is in the log. Try again, or tell the administrator.")
}

// fragment writes one named fragment of a page.
func (s *Server) fragment(w http.ResponseWriter, r *http.Request, page, name string, data map[string]any) {
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, name, data); err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

// eventDetail writes a decision's recorded detail (JSON) in words.
func eventDetail(d string) string {
	if !strings.HasPrefix(d, "{") {
		return d
	}
	var v struct {
		Note     string            `json:"note"`
		Reasons  []dossier.Reason  `json:"reasons"`
		Awaiting []dossier.DocType `json:"awaiting"`
	}
	if json.Unmarshal([]byte(d), &v) != nil {
		return d
	}
	var parts []string
	if v.Note != "" {
		parts = append(parts, "note: "+v.Note)
	}
	for _, r := range v.Reasons {
		parts = append(parts, label(r.Code)+": "+r.Message)
	}
	if len(v.Awaiting) > 0 {
		var docs []string
		for _, a := range v.Awaiting {
			docs = append(docs, docLabel(a))
		}
		parts = append(parts, "to bring again: "+strings.Join(docs, ", "))
	}
	return strings.Join(parts, " · ")
}

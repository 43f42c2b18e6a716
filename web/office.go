package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"dossier"
)

// Lister is what the reports page needs of the object store: its keys.
type Lister interface {
	List(ctx context.Context, prefix string) ([]string, error)
}

// reportFiles are a day's report's files and how they are served.
var reportFiles = map[string]string{
	"report.html": "text/html; charset=utf-8",
	"cases.csv":   "text/csv; charset=utf-8",
	"report.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

var dayRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// reports lists the daily reports in the object store, newest first.
func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	var days []string
	if ls, ok := s.blobs.(Lister); ok {
		keys, err := ls.List(r.Context(), "reports/")
		if err != nil {
			s.internal(w, r, err)
			return
		}
		for _, k := range keys {
			parts := strings.Split(strings.TrimPrefix(k, "reports/"), "/")
			if len(parts) == 2 && dayRE.MatchString(parts[0]) && parts[1] == "report.html" {
				days = append(days, parts[0])
			}
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(days)))
	s.render(w, r, http.StatusOK, "reports", map[string]any{"Days": days})
}

// reportFile serves one file of a day's report, after the access check.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) {
	day, name := r.PathValue("day"), r.PathValue("file")
	ctype, ok := reportFiles[name]
	if !dayRE.MatchString(day) || !ok {
		s.fail(w, r, http.StatusNotFound, "There is no such report.")
		return
	}
	b, err := s.blobs.Get(r.Context(), "reports/"+day+"/"+name)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "There is no report of "+day+".")
		return
	}
	w.Header().Set("Content-Type", ctype)
	if name != "report.html" {
		w.Header().Set("Content-Disposition", `attachment; filename="dossier-`+day+`-`+name+`"`)
	}
	w.Write(b)
}

// findings shows what the last reconciliation found, and the dead tasks kept.
func (s *Server) findings(w http.ResponseWriter, r *http.Request) {
	run, ok, err := s.store.LastRun(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	dead, err := s.store.DeadTasks(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	data := map[string]any{"Dead": dead, "CanRequeue": s.requeue != nil, "Flash": r.URL.Query().Get("flash")}
	if ok {
		data["Run"] = run
	}
	s.render(w, r, http.StatusOK, "findings", data)
}

// requeueTask runs a dead task again (a supervisor's call), and records it.
func (s *Server) requeueTask(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	back := func(msg string) { http.Redirect(w, r, "/findings?flash="+url.QueryEscape(msg), http.StatusSeeOther) }
	dead, err := s.store.DeadTasks(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	i := slices.IndexFunc(dead, func(d dossier.DeadTask) bool { return d.ID == id })
	if i < 0 {
		s.fail(w, r, http.StatusNotFound, "There is no such task.")
		return
	}
	if s.requeue == nil {
		back("This server has no queue to send the task to (DOSSIER_REDIS is not set).")
		return
	}
	if err := s.requeue(r.Context(), id); err != nil {
		back("Not queued again: " + err.Error())
		return
	}
	s.store.SetDeadTaskState(r.Context(), id, "requeued")
	s.store.Record(r.Context(), dossier.Event{Actor: user(r).Name, Action: "requeue_task", Case: dead[i].Case, Detail: id, Addr: clientAddr(r)})
	back("Queued again: " + id + ".")
}

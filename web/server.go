// Package web is the clerks' workbench that `dossier serve` runs: the
// queue of cases the pipeline could not settle, each case's pages with
// what was read on them, the comparison of every field across documents,
// the clerks' decisions and the audit trail. It renders pages on the
// server (html/template, htmx for the parts that change in place) from
// the configured case store and object store, and owns no data of its
// own: several servers behind a load balancer share sessions through the
// case store.
package web

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"dossier"
	"dossier/extract"
)

// Store is what the workbench needs of the case store.
type Store interface {
	Case(ctx context.Context, id string) (dossier.Case, []byte, error)
	Files(ctx context.Context, caseID string) ([]dossier.File, error)
	Pages(ctx context.Context, caseID string) ([]dossier.Page, error)
	Queue(ctx context.Context, f dossier.QueueFilter) (dossier.QueuePage, error)
	TakeNext(ctx context.Context, user string, f dossier.QueueFilter) (string, error)
	Assign(ctx context.Context, id, user, by string) error
	Version(ctx context.Context, id string) (version, assignee string, err error)
	Decide(ctx context.Context, id, version string, d dossier.Decision, awaiting []dossier.DocType, addr string) ([]byte, error)
	Record(ctx context.Context, e dossier.Event) error
	Events(ctx context.Context, f dossier.AuditFilter) ([]dossier.Event, error)
	FailedLogins(ctx context.Context, name, addr string, since time.Time) (byName, byAddr int, err error)
	AddUser(ctx context.Context, u dossier.User, hash string) error
	User(ctx context.Context, name string) (dossier.User, string, error)
	Users(ctx context.Context) ([]dossier.User, error)
	DisableUser(ctx context.Context, name string) error
	LastRun(ctx context.Context) (dossier.ReconcileRun, bool, error)
	DeadTasks(ctx context.Context) ([]dossier.DeadTask, error)
	SetDeadTaskState(ctx context.Context, id, state string) error
	NewSession(ctx context.Context, tokenHash, user string, expires time.Time) error
	Session(ctx context.Context, tokenHash string) (dossier.User, error)
	EndSession(ctx context.Context, tokenHash string) error
}

// Blobs is what the workbench needs of the object store: page images to
// show, and the result to write again after a decision.
type Blobs interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// Config is what a Server is built from.
type Config struct {
	Store Store
	Blobs Blobs
	Log   *slog.Logger // nil: discard
	// SessionTTL is how long a login lasts (0: 12 hours).
	SessionTTL time.Duration
	// Requeue runs an archived task again (asynq's RunTask); nil where
	// the workbench has no queue (DOSSIER_REDIS not set).
	Requeue func(ctx context.Context, taskID string) error
	// Limits bound the page images decoded for the browser (the
	// pipeline's own; zero: extract's defaults).
	Limits extract.Limits
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the workbench: its handlers are its methods, and routes()
// lists them all.
type Server struct {
	store   Store
	blobs   Blobs
	log     *slog.Logger
	ttl     time.Duration
	pages   map[string]*template.Template
	limits  extract.Limits
	requeue func(ctx context.Context, taskID string) error

	mu    sync.Mutex
	setup string // the first administrator's one-time token's hash; "" once used
}

// New builds a Server from cfg.
func New(cfg Config) (*Server, error) {
	s := &Server{store: cfg.Store, blobs: cfg.Blobs, log: cfg.Log, ttl: cfg.SessionTTL, limits: cfg.Limits, requeue: cfg.Requeue}
	if s.store == nil || s.blobs == nil {
		return nil, errors.New("web: a case store and an object store are needed")
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ttl == 0 {
		s.ttl = 12 * time.Hour
	}
	var err error
	if s.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

// SetupToken returns a one-time token that creates the first
// administrator at /setup?token=..., when the store has no user yet ("" otherwise).
func (s *Server) SetupToken(ctx context.Context) (string, error) {
	users, err := s.store.Users(ctx)
	if err != nil || len(users) > 0 {
		return "", err
	}
	tok := newToken()
	s.mu.Lock()
	s.setup = hashToken(tok)
	s.mu.Unlock()
	return tok, nil
}

// Handler is the whole site, its cross-cutting checks composed here.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		http.Error(w, "This request came from another site and was refused.", http.StatusForbidden)
	}))
	return securityHeaders(cop.Handler(s.withUser(mux)))
}

// routes registers every route, and what each requires, in one place.
func (s *Server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /setup", s.setupPage)
	mux.HandleFunc("POST /setup", s.setupAdmin)

	mux.Handle("POST /logout", s.need(dossier.Clerk, s.logout))
	mux.Handle("GET /{$}", s.need(dossier.Clerk, s.queue))
	mux.Handle("POST /take-next", s.need(dossier.Clerk, s.takeNext))
	mux.Handle("GET /cases/{id}", s.need(dossier.Clerk, s.caseView))
	mux.Handle("GET /cases/{id}/history", s.need(dossier.Clerk, s.history))
	mux.Handle("GET /cases/{id}/pages/{file}/{page}", s.need(dossier.Clerk, s.pageView))
	mux.Handle("GET /cases/{id}/images/{file}/{page}", s.need(dossier.Clerk, s.pageImage))
	mux.Handle("POST /cases/{id}/reveal", s.need(dossier.Clerk, s.reveal))
	mux.Handle("POST /cases/{id}/assign", s.need(dossier.Clerk, s.assign))
	mux.Handle("POST /cases/{id}/decisions", s.need(dossier.Clerk, s.decide))
	mux.Handle("GET /findings", s.need(dossier.Supervisor, s.findings))
	mux.Handle("POST /tasks/{id}/requeue", s.need(dossier.Supervisor, s.requeueTask))
	mux.Handle("GET /reports", s.need(dossier.Supervisor, s.reports))
	mux.Handle("GET /reports/{day}/{file}", s.need(dossier.Supervisor, s.reportFile))
	mux.Handle("GET /users", s.need(dossier.Admin, s.usersPage))
	mux.Handle("POST /users", s.need(dossier.Admin, s.addUser))
	mux.Handle("POST /users/{name}/disable", s.need(dossier.Admin, s.disableUser))
}

type ctxKey struct{}

// user is the signed-in user of a request (zero when none).
func user(r *http.Request) dossier.User {
	u, _ := r.Context().Value(ctxKey{}).(dossier.User)
	return u
}

const cookieName = "dossier_session"

// withUser puts the session's user, if any, in the request's context.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(cookieName); err == nil && c.Value != "" {
			if u, err := s.store.Session(r.Context(), hashToken(c.Value)); err == nil {
				r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// need lets through a signed-in user holding at least role min: others
// go to the login page (a page) or get 401 (htmx), the wrong role 403.
func (s *Server) need(min dossier.Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := user(r)
		switch {
		case u.Name == "" && r.Header.Get("HX-Request") != "":
			w.Header().Set("HX-Redirect", "/login")
			w.WriteHeader(http.StatusUnauthorized)
		case u.Name == "" && r.Method == http.MethodGet:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case u.Name == "":
			http.Redirect(w, r, "/login", http.StatusSeeOther)
		case !u.Role.Can(min):
			s.fail(w, r, http.StatusForbidden, fmt.Sprintf("This needs the %s role; you are signed in as a %s.", min, u.Role))
		default:
			h(w, r)
		}
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

func cacheFor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

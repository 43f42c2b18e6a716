package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"dossier"
)

// Password hashing: argon2id with the parameters RFC 9106 recommends for
// memory-constrained use (64 MiB, 3 passes), encoded as the reference
// implementation does, so the parameters travel with each hash.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// MinPassword is the shortest password taken.
const MinPassword = 10

// HashPassword returns the encoded argon2id hash of a password.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < MinPassword {
		return "", fmt.Errorf("the password is too short: at least %d characters", MinPassword)
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64(salt), b64(key)), nil
}

// checkPassword reports whether pw matches an encoded hash.
func checkPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked for unknown accounts, so that a login takes as long
// whether or not the name exists.
var dummyHash = sync.OnceValue(func() string { h, _ := HashPassword("not a password of anyone"); return h })

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// clientAddr is the request's remote address without its port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Failed logins slow the next ones, per account and per address, over a
// window; past a ceiling, logins are refused until the window has passed.
const (
	failWindow  = 15 * time.Minute
	failCeiling = 10 // per account; an address gets four times as many
)

// failDelay is how long a login waits after n recent failures.
func failDelay(n int) time.Duration {
	if n < 3 {
		return 0
	}
	return min(time.Duration(n-2)*500*time.Millisecond, 4*time.Second)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// safeNext keeps a redirect after login on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name, pw := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	addr := clientAddr(r)
	again := func(msg string) {
		s.render(w, r, http.StatusUnauthorized, "login", map[string]any{"Next": next, "Name": name, "Error": msg})
	}
	byName, byAddr, err := s.store.FailedLogins(ctx, name, addr, time.Now().Add(-failWindow))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	n := max(byName, byAddr/4)
	if n >= failCeiling {
		s.store.Record(ctx, dossier.Event{Actor: name, Action: "login_refused", Addr: addr})
		again(fmt.Sprintf("Too many failed logins. Wait %d minutes and try again, or ask an administrator.", int(failWindow.Minutes())))
		return
	}
	time.Sleep(failDelay(n))
	u, hash, err := s.store.User(ctx, name)
	if err != nil && !errors.Is(err, dossier.ErrNoUser) {
		s.internal(w, r, err)
		return
	}
	if err != nil {
		hash = dummyHash()
	}
	if !checkPassword(hash, pw) || err != nil || u.Disabled {
		s.store.Record(ctx, dossier.Event{Actor: name, Action: "login_failed", Addr: addr})
		s.log.Info("failed login", "user", name, "addr", addr)
		again("The name or the password is wrong.")
		return
	}
	tok := newToken()
	if err := s.store.NewSession(ctx, hashToken(tok), u.Name, time.Now().Add(s.ttl)); err != nil {
		s.internal(w, r, err)
		return
	}
	s.store.Record(ctx, dossier.Event{Actor: u.Name, Action: "login", Addr: addr})
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: overTLS(r), MaxAge: int(s.ttl.Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// overTLS reports whether the browser reached us over TLS, directly or
// through a proxy that says so.
func overTLS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil {
		s.store.EndSession(r.Context(), hashToken(c.Value))
	}
	s.store.Record(r.Context(), dossier.Event{Actor: user(r).Name, Action: "logout", Addr: clientAddr(r)})
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setupOK reports whether tok is the one-time setup token.
func (s *Server) setupOK(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setup != "" && tok != "" && subtle.ConstantTimeCompare([]byte(hashToken(tok)), []byte(s.setup)) == 1
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if !s.setupOK(tok) {
		s.fail(w, r, http.StatusNotFound, "This set-up link is not valid: it was used already, or the server was restarted. Ask an administrator, or run `dossier user add NAME --role admin`.")
		return
	}
	s.render(w, r, http.StatusOK, "setup", map[string]any{"Token": tok})
}

func (s *Server) setupAdmin(w http.ResponseWriter, r *http.Request) {
	tok := r.PostFormValue("token")
	if !s.setupOK(tok) {
		s.fail(w, r, http.StatusNotFound, "This set-up link is not valid any more.")
		return
	}
	name, pw := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	hash, err := HashPassword(pw)
	if err == nil {
		err = CheckUserName(name)
	}
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "setup", map[string]any{"Token": tok, "Name": name, "Error": err.Error()})
		return
	}
	if err := s.store.AddUser(r.Context(), dossier.User{Name: name, Role: dossier.Admin}, hash); err != nil {
		s.internal(w, r, err)
		return
	}
	s.mu.Lock()
	s.setup = ""
	s.mu.Unlock()
	s.store.Record(r.Context(), dossier.Event{Actor: name, Action: "user_add", After: string(dossier.Admin), Detail: "first administrator, by the set-up link", Addr: clientAddr(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// CheckUserName says why a name cannot be a user's, or nil.
func CheckUserName(name string) error {
	switch {
	case name == "" || len(name) > 64:
		return errors.New("a user's name is 1 to 64 bytes")
	case name == "pipeline":
		return errors.New(`"pipeline" names the pipeline in the audit trail`)
	case strings.ContainsAny(name, "/ \t\r\n\x00"):
		return errors.New("a user's name has no spaces or slashes")
	}
	return nil
}

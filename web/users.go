package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"dossier"
)

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", map[string]any{"Users": users, "Roles": dossier.Roles, "Flash": r.URL.Query().Get("flash")})
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	back := func(msg string) { http.Redirect(w, r, "/users?flash="+url.QueryEscape(msg), http.StatusSeeOther) }
	name, role := strings.TrimSpace(r.PostFormValue("name")), dossier.Role(r.PostFormValue("role"))
	if err := CheckUserName(name); err != nil {
		back(err.Error())
		return
	}
	if !slices.Contains(dossier.Roles, role) {
		back("Choose a role.")
		return
	}
	hash, err := HashPassword(r.PostFormValue("password"))
	if err != nil {
		back(err.Error())
		return
	}
	err = s.store.AddUser(r.Context(), dossier.User{Name: name, Role: role}, hash)
	if errors.Is(err, dossier.ErrExists) {
		back("There is a user " + name + " already.")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.store.Record(r.Context(), dossier.Event{Actor: user(r).Name, Action: "user_add", After: name + " " + string(role), Addr: clientAddr(r)})
	back("Added " + name + " (" + string(role) + ").")
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name == user(r).Name {
		http.Redirect(w, r, "/users?flash="+url.QueryEscape("You cannot disable yourself."), http.StatusSeeOther)
		return
	}
	err := s.store.DisableUser(r.Context(), name)
	if errors.Is(err, dossier.ErrNoUser) {
		s.fail(w, r, http.StatusNotFound, "There is no such user.")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.store.Record(r.Context(), dossier.Event{Actor: user(r).Name, Action: "user_disable", After: name, Addr: clientAddr(r)})
	http.Redirect(w, r, "/users?flash="+url.QueryEscape("Disabled "+name+"."), http.StatusSeeOther)
}

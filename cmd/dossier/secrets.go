package main

import (
	"errors"
	"net/url"
	"strings"
)

// secrets are the passwords inside the service URLs (DOSSIER_STORE,
// DOSSIER_DB, DOSSIER_REDIS), found even in a URL that does not parse: an
// unescaped / in a secret breaks url.Parse, and the libraries that parse
// them put the whole URL in their errors.
func (s serviceFlags) secrets() []string {
	var out []string
	for _, raw := range []string{*s.store, *s.db, *s.redis} {
		out = append(out, secretsOf(raw)...)
	}
	return out
}

func secretsOf(raw string) []string {
	var out []string
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			user := rest[:at]
			if c := strings.Index(user, ":"); c >= 0 {
				out = append(out, user[c+1:])
				if u, err := url.PathUnescape(user[c+1:]); err == nil {
					out = append(out, u)
				}
			} else {
				out = append(out, user) // a token alone
			}
		}
	}
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == '?' || r == '&' || r == ' ' }) {
		if k, v, ok := strings.Cut(part, "="); ok && strings.Contains(strings.ToLower(k), "password") {
			out = append(out, v)
		}
	}
	var keep []string
	for _, s := range out {
		if len(s) >= 3 { // "" or "x" would blank out ordinary words
			keep = append(keep, s)
		}
	}
	return keep
}

// scrub takes every secret out of err's message (the chain's wrapping is
// lost only when there was something to take out).
func (s serviceFlags) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, sec := range s.secrets() {
		clean = strings.ReplaceAll(clean, sec, "xxxxx")
	}
	if clean == msg {
		return err
	}
	return errors.New(clean)
}

// redactURL shows a service URL without its password, or only its scheme
// when it does not parse.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		scheme, _, _ := strings.Cut(raw, "://")
		if strings.ContainsAny(scheme, "@:/") {
			scheme = "?"
		}
		return scheme + "://<unparseable>"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

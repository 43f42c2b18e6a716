package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"golang.org/x/term"

	"dossier"
	"dossier/extract"
	"dossier/web"
)

// cmdServe runs the clerks' workbench on the configured stores.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	listen := fs.String("listen", envOr("DOSSIER_LISTEN", "127.0.0.1:8080"), "address to serve on (env DOSSIER_LISTEN)")
	public := fs.String("url", os.Getenv("DOSSIER_URL"), "the address browsers use, for the set-up link (env DOSSIER_URL; default http://LISTEN)")
	jsonLog := fs.Bool("json-log", false, "log JSON lines (production) instead of text")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var log *slog.Logger
	if *jsonLog {
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	} else {
		log = slog.New(slog.NewTextHandler(stderr, nil))
	}
	blobs, cases, err := svc.open(ctx)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer cases.Close()
	cfg := web.Config{Store: cases, Blobs: blobs, Log: log, Limits: extract.Limits{}.WithDefaults()}
	ropt, err := svc.redisOpt()
	if err != nil {
		return err
	}
	if ropt != nil {
		// Supervisors may queue a dead task again.
		insp := asynq.NewInspector(ropt)
		defer insp.Close()
		cfg.Requeue = func(_ context.Context, id string) error { return insp.RunTask("default", id) }
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	base := strings.TrimRight(*public, "/")
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	if tok, err := srv.SetupToken(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	} else if tok != "" {
		fmt.Fprintf(stdout, "No user yet. Open this link once to create the first administrator:\n  %s/setup?token=%s\n", base, tok)
	}
	fmt.Fprintf(stdout, "the workbench is at %s/\n", base)
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(sctx)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// cmdUser manages the workbench's accounts.
func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const use = "user: usage: dossier user add NAME --role clerk|supervisor|admin [--password-file F] | user list | user disable NAME"
	if len(args) == 0 {
		return errors.New(use)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	role := fs.String("role", "", "clerk, supervisor or admin")
	pwFile := fs.String("password-file", "", "read the password from this file's first line (default: ask)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	cases, err := svc.openCases(ctx)
	if err != nil {
		return svc.scrub(err)
	}
	defer cases.Close()
	switch args[0] {
	case "add":
		if len(pos) != 1 {
			return errors.New(use)
		}
		name, r := pos[0], dossier.Role(*role)
		if err := web.CheckUserName(name); err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		if !r.Can(dossier.Clerk) {
			return fmt.Errorf("user add: --role must be clerk, supervisor or admin")
		}
		pw, err := readPassword(*pwFile, stdin, stderr)
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		hash, err := web.HashPassword(pw)
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		if err := cases.AddUser(ctx, dossier.User{Name: name, Role: r}, hash); err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		cases.Record(ctx, dossier.Event{Actor: osUser(), Action: "user_add", After: name + " " + string(r), Detail: "dossier user add"})
		fmt.Fprintf(stdout, "added %s (%s)\n", name, r)
		return nil
	case "list":
		users, err := cases.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tSTATE\tSINCE")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, state, u.CreatedAt.Local().Format("2006-01-02"))
		}
		return tw.Flush()
	case "disable":
		if len(pos) != 1 {
			return errors.New(use)
		}
		if err := cases.DisableUser(ctx, pos[0]); err != nil {
			return fmt.Errorf("user disable: %w", err)
		}
		cases.Record(ctx, dossier.Event{Actor: osUser(), Action: "user_disable", After: pos[0], Detail: "dossier user disable"})
		fmt.Fprintf(stdout, "disabled %s; their sessions are ended\n", pos[0])
		return nil
	}
	return fmt.Errorf("user: unknown %q: add, list or disable", args[0])
}

// osUser names who ran a command, for the audit trail.
func osUser() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// readPassword reads a password from a file's first line, or asks for it
// twice at the terminal (once from a pipe).
func readPassword(file string, stdin io.Reader, stderr io.Writer) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r"), nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given: type it at the prompt, pipe it in, or use --password-file")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// cmdAudit prints the audit trail, newest first.
func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	since := fs.String("since", "", "only events from this day on, YYYY-MM-DD (local time)")
	caseID := fs.String("case", "", "only this case's events")
	asJSON := fs.Bool("json", false, "one JSON object a line")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f := dossier.AuditFilter{Case: *caseID}
	if *since != "" {
		t, err := time.ParseInLocation("2006-01-02", *since, time.Local)
		if err != nil {
			return fmt.Errorf("audit: --since %q: want YYYY-MM-DD", *since)
		}
		f.Since = t
	}
	cases, err := svc.openCases(ctx)
	if err != nil {
		return svc.scrub(err)
	}
	defer cases.Close()
	events, err := cases.Events(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, e := range events {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tWHO\tWHAT\tCASE\tBEFORE\tAFTER\tDETAIL")
	for _, e := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.At.Local().Format("2006-01-02 15:04:05"), dossier.Printable(e.Actor), e.Action,
			dossier.Printable(e.Case), e.Before, e.After, dossier.Printable(e.Detail))
	}
	return tw.Flush()
}

// Command dossier reads the paper trail of social-security CA certificate cases
// and decides, case by case, whether each is ready. See README.md and the batch
// contract for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the nightly job's time zone on a machine without tzdata

	"dossier/extract"
)

const usage = `usage: dossier <command> [arguments]

commands:
  run BATCH --out OUT [--as-of DATE] [--ca-roots FILE] [--rules FILE]
      [--lang zh|en] [--workers N]
                 take a batch folder to one verdict per case (embedded default)
  samples --out DIR [--cases N] [--seed S]
                 write a generated corpus of cases with their truth
  score --truth DIR --out OUT
                 compare a run's output with the truth
  code CODE...   check identifiers: one JSON line each
  upload BATCH [--point NAME]
                 send a batch to the configured store and queue its work
  worker [--concurrency N] [--listen ADDR]
                 take work from the configured Redis (/metrics, /healthz)
  case list [--status S] [--json] | case show ID [--json]
                 the cases in the configured case store
  serve [--listen ADDR]
                 the clerks' workbench in the browser (default 127.0.0.1:8080)
  user add NAME --role clerk|supervisor|admin [--password-file F] | user list | user disable NAME
                 the workbench's accounts
  audit [--since DATE] [--case ID] [--json]
                 the audit trail: verdicts, decisions, logins, identity numbers shown
  reconcile [--date D] [--repair] [--full] [--json]
                 compare the object store, the case store and the queues; --repair fixes what is safe
  report [--date D] --out DIR [--tz ZONE]
                 the daily report: report.html, cases.csv, report.xlsx
  migrate        bring the configured case store's tables up to date
  rules [--check FILE]
                 print the built-in requirement catalogue, or check a rules file
`

func main() {
	// tesseract's OpenMP threads fight each other when several pages are read
	// at once; the limit must be in the environment before the library loads.
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		os.Setenv("OMP_THREAD_LIMIT", "1")
		if exe, err := os.Executable(); err == nil {
			err = syscall.Exec(exe, os.Args, os.Environ())
			fmt.Fprintln(os.Stderr, "dossier: re-exec with OMP_THREAD_LIMIT=1:", err)
		}
	}
	// The hidden subcommand that opens one untrusted PDF under limits, in a
	// process of its own (extract.SplitIsolated starts it).
	if len(os.Args) == 3 && os.Args[1] == extract.ChildCommand {
		if err := extract.ChildMain(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "dossier:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if dir := os.Getenv("DOSSIER_TESSDATA"); dir != "" {
		extract.ModelDir = dir
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stderr := ownStderr()
	err := run(ctx, os.Args[1:], os.Stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dossier:", err)
		os.Exit(1)
	}
}

// ownStderr is a descriptor of its own onto the process's stderr. While
// tesseract loads a model, gosseract points descriptor 2 at /dev/null for
// the whole process (extract serialises those moments, so it always comes
// back): a log line written through descriptor 2 just then would be lost.
// Through this copy, none is.
func ownStderr() *os.File {
	fd, err := syscall.Dup(int(os.Stderr.Fd()))
	if err != nil {
		return os.Stderr
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "/dev/stderr")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(ctx, rest, stdout, stderr)
	case "samples":
		return cmdSamples(rest, stdout, stderr)
	case "score":
		return cmdScore(rest, stdout, stderr)
	case "code":
		return cmdCode(rest, stdout)
	case "rules":
		return cmdRules(rest, stdout, stderr)
	case "upload":
		return cmdUpload(ctx, rest, stdout, stderr)
	case "worker":
		return cmdWorker(ctx, rest, stdout, stderr)
	case "case":
		return cmdCase(ctx, rest, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "user":
		return cmdUser(ctx, rest, os.Stdin, stdout, stderr)
	case "audit":
		return cmdAudit(ctx, rest, stdout, stderr)
	case "reconcile":
		return cmdReconcile(ctx, rest, stdout, stderr)
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", cmd, usage)
	return flag.ErrHelp
}

// parse parses flags that may stand before, between or after the positional
// arguments (dossier run BATCH --out OUT) and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ChildCommand is the hidden subcommand of dossier that opens one PDF in a
// process of its own: `dossier split-child DIR`. A test binary that stands
// in for dossier runs ChildMain when it is started with it.
const ChildCommand = "split-child"

// The child's folder: the parent writes in and job.json, the child writes
// N.img and N.form.json for every page and, last, result.json.
const (
	childIn     = "in"
	childJob    = "job.json"
	childResult = "result.json"
)

type childJobSpec struct {
	Name   string `json:"name"`
	Limits Limits `json:"limits"`
}

type childResultSpec struct {
	Pages  int    `json:"pages"`
	Bad    string `json:"bad,omitempty"`    // the file cannot be read: a result about the input
	Detail string `json:"detail,omitempty"` // the library's words behind Bad, for the log
	Error  string `json:"error,omitempty"`  // the child could not do its work: for an operator
}

// SplitIsolated is SplitPDF in a child process, command (the same binary
// with ChildCommand, as cmd/dossier builds it) with the folder appended,
// under lim's SplitMemory (its data memory), SplitCPU and SplitTimeout. A PDF
// built to exhaust a reader (a stream that inflates to gigabytes, an image
// of 10^10 pixels, a page tree that takes minutes) costs the child, never
// the worker: a child that runs out or dies comes back as a BadFileError in
// plain words. ctx ending kills the child at once.
func SplitIsolated(ctx context.Context, command []string, name string, data []byte, lim Limits) ([]PageImage, error) {
	lim = lim.WithDefaults()
	if len(command) == 0 {
		return nil, errors.New("split: no child command to open files with")
	}
	if int64(len(data)) > lim.FileBytes {
		return nil, bad("%s is %d bytes, over the limit of %d", name, len(data), lim.FileBytes)
	}
	dir, err := os.MkdirTemp("", "dossier-split-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	job, _ := json.Marshal(childJobSpec{Name: name, Limits: lim})
	if err := os.WriteFile(filepath.Join(dir, childJob), job, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, childIn), data, 0o600); err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, lim.SplitTimeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, command[0], append(append([]string{}, command[1:]...), ChildCommand, dir)...)
	// Its own process group, so that a renderer it started dies with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	stderr := &headBuffer{max: 8192}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	start := time.Now()
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var res childResultSpec
	if b, err := os.ReadFile(filepath.Join(dir, childResult)); err == nil && runErr == nil {
		if err := json.Unmarshal(b, &res); err != nil {
			return nil, fmt.Errorf("split %s: the child's result: %w", name, err)
		}
		switch {
		case res.Error != "":
			return nil, fmt.Errorf("split %s: %s", name, res.Error)
		case res.Bad != "":
			return nil, &BadFileError{Msg: res.Bad, Detail: res.Detail}
		}
		return readChildPages(dir, res.Pages)
	}
	return nil, childFailure(name, cmd, runErr, stderr.String(), time.Since(start), cctx.Err() != nil, lim)
}

// childFailure says in plain words why a child that opened name ended
// without a result.
func childFailure(name string, cmd *exec.Cmd, runErr error, stderr string, took time.Duration, timedOut bool, lim Limits) error {
	var usedCPU time.Duration
	var peak int64 // bytes resident at the most
	signaled := false
	if st := cmd.ProcessState; st != nil {
		usedCPU = st.UserTime() + st.SystemTime()
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			signaled = true
		}
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			peak = ru.Maxrss << 10
		}
	}
	low := strings.ToLower(stderr)
	switch {
	case cmd.ProcessState == nil:
		return fmt.Errorf("split %s: cannot start the child %s: %v", name, cmd.Path, runErr)
	case !timedOut && cmd.ProcessState.ExitCode() == 1:
		// ChildMain's own error (its folder, its limits): the system's,
		// not the file's. A Go panic or fatal error exits 2.
		return fmt.Errorf("split %s: the child failed: %s", name, firstLine(stderr, fmt.Sprint(runErr)))
	case timedOut:
		return bad("%s took longer than %s to open and was stopped: it is far more complex than a scan (a file built to stall a reader, or badly damaged)", name, lim.SplitTimeout)
	// Out of memory says so, or (a thread whose allocation failed) dies
	// of a fault with the memory nearly all taken.
	case strings.Contains(low, "out of memory") || strings.Contains(low, "cannot allocate memory") ||
		strings.Contains(low, "failed to allocate") || peak >= dataLimit(lim)*3/4:
		return bad("%s needs more than %d MB of memory to open and was stopped: it holds a stream or an image far larger than any scanned page (a file built to exhaust a reader, or badly damaged)", name, lim.SplitMemory>>20)
	case signaled && usedCPU >= lim.SplitCPU-time.Second:
		return bad("%s needs more than %s of processing to open and was stopped: it is far more complex than a scan (a file built to stall a reader, or badly damaged)", name, lim.SplitCPU)
	}
	return badDetail(fmt.Sprintf("after %s: %s", took.Round(time.Millisecond), firstLine(stderr, fmt.Sprint(runErr))),
		"%s is damaged: the PDF reader stopped on it", name)
}

func readChildPages(dir string, n int) ([]PageImage, error) {
	pages := make([]PageImage, n)
	for i := range pages {
		data, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i+1)+".img"))
		if err != nil {
			return nil, fmt.Errorf("split: page %d from the child: %w", i+1, err)
		}
		pages[i].Data = data
		if b, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i+1)+".form.json")); err == nil {
			json.Unmarshal(b, &pages[i].Form)
		}
	}
	return pages, nil
}

// ChildMain is the child's side of SplitIsolated: it limits its own
// memory and CPU time (a renderer it starts inherits both), splits
// DIR/in and writes the pages and result.json into DIR. The error is for
// the child's stderr; a file that cannot be read is a result, not an error.
func ChildMain(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, childJob))
	if err != nil {
		return err
	}
	var job childJobSpec
	if err := json.Unmarshal(b, &job); err != nil {
		return err
	}
	lim := job.Limits.WithDefaults()
	// RLIMIT_DATA, not RLIMIT_AS: a Go process reserves over a gigabyte of
	// address space it never touches before main, and RLIMIT_AS counts it.
	// The data limit counts what is really written to (the heap, a
	// renderer's malloc) on Linux since 4.7.
	if err := lower(syscall.RLIMIT_DATA, uint64(dataLimit(lim))); err != nil {
		return fmt.Errorf("limit memory: %w", err)
	}
	if err := lower(syscall.RLIMIT_CPU, uint64(max(1, lim.SplitCPU/time.Second))); err != nil {
		return fmt.Errorf("limit CPU time: %w", err)
	}
	// The collector works harder as the limit nears, before the wall.
	debug.SetMemoryLimit(lim.SplitMemory / 2)
	data, err := os.ReadFile(filepath.Join(dir, childIn))
	if err != nil {
		return err
	}
	var res childResultSpec
	pages, err := SplitPDF(context.Background(), job.Name, data, lim)
	data = nil
	switch {
	case IsBadFile(err):
		res.Bad, res.Detail = err.Error(), Detail(err)
	case err != nil:
		res.Error = err.Error()
	}
	for i, p := range pages {
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i+1)+".img"), p.Data, 0o600); err != nil {
			return err
		}
		if p.Form != nil {
			f, _ := json.Marshal(p.Form)
			if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i+1)+".form.json"), f, 0o600); err != nil {
				return err
			}
		}
	}
	res.Pages = len(pages)
	out, _ := json.Marshal(res)
	return os.WriteFile(filepath.Join(dir, childResult), out, 0o600)
}

// dataLimit is the data memory a child may write to: lim's SplitMemory,
// eight times that in a test binary built with the race detector, whose
// shadow memory for the heap counts in the child's data and resident size.
func dataLimit(lim Limits) int64 {
	if raceEnabled {
		return lim.SplitMemory * 8
	}
	return lim.SplitMemory
}

// lower sets a resource limit to v, soft and hard, unless the process is
// held lower already (a worker run under a limit of its own).
func lower(resource int, v uint64) error {
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(resource, &cur); err != nil {
		return err
	}
	v = min(v, cur.Max)
	return syscall.Setrlimit(resource, &syscall.Rlimit{Cur: v, Max: v})
}

// headBuffer keeps the first max bytes written to it: where a dying Go
// process says why, before its stacks.
type headBuffer struct {
	buf bytes.Buffer
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - h.buf.Len(); room > 0 {
		h.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (h *headBuffer) String() string { return h.buf.String() }

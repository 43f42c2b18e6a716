package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"dossier/extract"
	"dossier/pipeline"
)

// limitFlags bound what one untrusted file may cost, on every command that
// opens files (run, worker): flags, or the environment variables named in
// their help. Zero keeps extract's default.
type limitFlags struct {
	fileMB, memMB, pages *int
	cpu, wall            *time.Duration
}

func envInt(name string) int {
	n, _ := strconv.Atoi(os.Getenv(name))
	return n
}

func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

func addLimitFlags(fs *flag.FlagSet) limitFlags {
	return limitFlags{
		fileMB: fs.Int("max-file-mb", envInt("DOSSIER_MAX_FILE_MB"), "largest file taken, in MB (env DOSSIER_MAX_FILE_MB; default 200)"),
		pages:  fs.Int("max-pages", envInt("DOSSIER_MAX_PAGES"), "most pages in one file (env DOSSIER_MAX_PAGES; default 200)"),
		memMB:  fs.Int("split-memory-mb", envInt("DOSSIER_SPLIT_MEMORY_MB"), "memory the child process that opens one PDF may use, in MB (env DOSSIER_SPLIT_MEMORY_MB; default 2048)"),
		cpu:    fs.Duration("split-cpu", envDuration("DOSSIER_SPLIT_CPU"), "CPU time that child may use (env DOSSIER_SPLIT_CPU; default 2m)"),
		wall:   fs.Duration("split-timeout", envDuration("DOSSIER_SPLIT_TIMEOUT"), "wall-clock time that child may take (env DOSSIER_SPLIT_TIMEOUT; default 5m)"),
	}
}

// apply puts the limits into cfg, and has PDFs opened by this same binary
// in a child process (extract.ChildCommand).
func (l limitFlags) apply(cfg *pipeline.Config) error {
	for _, name := range []string{"DOSSIER_MAX_FILE_MB", "DOSSIER_MAX_PAGES", "DOSSIER_SPLIT_MEMORY_MB"} {
		if v := os.Getenv(name); v != "" {
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Errorf("%s=%q: want a whole number", name, v)
			}
		}
	}
	for _, name := range []string{"DOSSIER_SPLIT_CPU", "DOSSIER_SPLIT_TIMEOUT"} {
		if v := os.Getenv(name); v != "" {
			if _, err := time.ParseDuration(v); err != nil {
				return fmt.Errorf("%s=%q: want a duration such as 90s or 5m", name, v)
			}
		}
	}
	if *l.fileMB < 0 || *l.pages < 0 || *l.memMB < 0 || *l.cpu < 0 || *l.wall < 0 {
		return fmt.Errorf("a limit cannot be negative")
	}
	cfg.Limits = extract.Limits{
		FileBytes:    int64(*l.fileMB) << 20,
		PagesPerFile: *l.pages,
		SplitMemory:  int64(*l.memMB) << 20,
		SplitCPU:     *l.cpu,
		SplitTimeout: *l.wall,
	}.WithDefaults()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program, to open files in a child process: %w", err)
	}
	cfg.Isolate = []string{exe}
	return nil
}

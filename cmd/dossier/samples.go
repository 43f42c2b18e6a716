package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dossier/samples"
	"dossier/validate/ident"
)

func cmdSamples(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("samples", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write DIR/batch, DIR/truth, DIR/roots.pem into")
	cases := fs.Int("cases", 20, "how many cases")
	first := fs.Int("first", 1, "the number of the first case (--first 19 --cases 1 draws C0019 of the seed alone)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same bytes")
	asOf := fs.String("as-of", samples.DefaultAsOf.Format("2006-01-02"), "processing date the truth assumes")
	hostile := fs.Bool("hostile", false, "add a case for every way careless or hostile input has broken a run (bombs, links, a pipe, odd names; see samples.Hostile)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("samples: --out is required")
	}
	date, err := time.Parse("2006-01-02", *asOf)
	if err != nil {
		return fmt.Errorf("samples: --as-of %q: want YYYY-MM-DD", *asOf)
	}
	start := time.Now()
	if err := samples.Generate(samples.Options{Out: *out, Cases: *cases, First: *first, Seed: *seed, AsOf: date}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d cases to %s/batch (truth in %s/truth, roots in %s/roots.pem, as of %s) in %.1fs\n",
		*cases, *out, *out, *out, *asOf, time.Since(start).Seconds())
	if *hostile {
		// The sheet handed in twice: the smallest scan of the generated cases.
		var sheet []byte
		var ext string
		names, _ := filepath.Glob(filepath.Join(*out, "batch", "*", "*"))
		for _, n := range names {
			switch e := strings.ToLower(filepath.Ext(n)); e {
			case ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff":
				if b, err := os.ReadFile(n); err == nil && (sheet == nil || len(b) < len(sheet)) {
					sheet, ext = b, e
				}
			}
		}
		if sheet == nil {
			return fmt.Errorf("samples: --hostile needs a generated case with a scan: give more --cases")
		}
		if err := samples.Hostile(*out, sheet, ext, 4<<30); err != nil {
			return fmt.Errorf("samples: --hostile: %w", err)
		}
		fmt.Fprintf(stdout, "added the hostile probes to %s/batch\n", *out)
	}
	return nil
}

func cmdScore(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	truth := fs.String("truth", "", "folder of truth files (DIR/truth); several, comma-separated, to score corpora together")
	out := fs.String("out", "", "folder of a run's results; as many as --truth, in the same order")
	misses := fs.Bool("misses", false, "list every page type, seal and field read wrong")
	calibration := fs.Bool("calibration", false, "print, per tenth of confidence, how many fields read with it were right")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *truth == "" || *out == "" {
		return fmt.Errorf("score: --truth and --out are required")
	}
	truths, outs := strings.Split(*truth, ","), strings.Split(*out, ",")
	if len(truths) != len(outs) {
		return fmt.Errorf("score: %d truth folders but %d result folders", len(truths), len(outs))
	}
	var s samples.Score
	for i := range truths {
		one, err := samples.ScoreDirs(truths[i], outs[i])
		if err != nil {
			return err
		}
		if len(truths) > 1 { // case ids repeat across corpora: say which
			for j, m := range one.Misses {
				one.Misses[j] = truths[i] + " " + m
			}
		}
		s.Add(one)
	}
	if *misses {
		for _, m := range s.Misses {
			fmt.Fprintln(stdout, m)
		}
	}
	s.Print(stdout)
	if *calibration {
		s.PrintCalibration(stdout)
	}
	return nil
}

func cmdCode(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("code: give one or more codes")
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, a := range args {
		if err := enc.Encode(ident.Classify(a)); err != nil {
			return err
		}
	}
	return nil
}

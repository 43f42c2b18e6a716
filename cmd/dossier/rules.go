package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"dossier"
	"dossier/validate"
)

// verdictFlags are the flags that shape verdicts, on every command that
// decides cases: the rules and the language of the reasons.
type verdictFlags struct {
	rules, lang *string
}

func addVerdictFlags(fs *flag.FlagSet) verdictFlags {
	return verdictFlags{
		rules: fs.String("rules", os.Getenv("DOSSIER_RULES"), "requirement catalogue (YAML) in place of the built-in one (env DOSSIER_RULES; `dossier rules` prints the built-in one)"),
		lang:  fs.String("lang", os.Getenv("DOSSIER_LANG"), "language of the reasons' messages: zh (default) or en (env DOSSIER_LANG)"),
	}
}

// load reads the rules file, if any, and the language.
func (v verdictFlags) load() (*validate.Rules, validate.Lang, error) {
	lang, err := validate.ParseLang(*v.lang)
	if err != nil {
		return nil, "", fmt.Errorf("--lang: %w", err)
	}
	if *v.rules == "" {
		return nil, lang, nil
	}
	r, err := loadRules(*v.rules)
	return r, lang, err
}

func loadRules(path string) (*validate.Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	// One byte over the limit is enough for LoadRules to refuse it.
	data, err := io.ReadAll(io.LimitReader(f, validate.MaxRulesBytes+1))
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if len(data) > validate.MaxRulesBytes {
		return nil, fmt.Errorf("rules: %s is over the limit of %d bytes for a rules file (the built-in catalogue is about 1 KB)", path, validate.MaxRulesBytes)
	}
	return validate.LoadRules(path, data)
}

// cmdRules prints the built-in catalogue, or checks a rules file.
func cmdRules(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.String("check", "", "check a rules file and say what is wrong with it, line by line")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *check == "" {
		_, err := stdout.Write(validate.DefaultRules())
		return err
	}
	r, err := loadRules(*check)
	if err != nil {
		return err
	}
	for _, ct := range sortedCaseTypes(r) {
		fmt.Fprintf(stdout, "%s: %d requirements\n", ct, len(r.CaseTypes[ct]))
	}
	fmt.Fprintf(stdout, "%s is a valid rules file\n", *check)
	return nil
}

func sortedCaseTypes(r *validate.Rules) []dossier.CaseType {
	var out []dossier.CaseType
	for _, ct := range dossier.CaseTypes {
		if _, ok := r.CaseTypes[ct]; ok {
			out = append(out, ct)
		}
	}
	return out
}

package validate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dossier"
)

func TestDefaultRules(t *testing.T) {
	r := Default()
	forms := r.CaseTypes[dossier.CAReplacement][0]
	if !slices.Equal(forms.AnyOf, []dossier.DocType{dossier.ApplicationForm}) || forms.Copies != 2 || !forms.Sealed {
		t.Errorf("built-in ca-replacement starts %+v, want the form in duplicate, sealed", forms)
	}
	if len(r.CaseTypes[dossier.CAAssociation]) != 3 {
		t.Errorf("built-in ca-association has %d requirements, want 3", len(r.CaseTypes[dossier.CAAssociation]))
	}
}

func TestLoadRulesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"unknown_document_type", "case_types:\n  ca-replacement:\n    - documents: [id_crad]\n", []string{"x.yaml line 3: unknown document type \"id_crad\""}},
		{"unknown_case_type", "case_types:\n  ca-renewal:\n    - documents: [id_card]\n", []string{"line 2: unknown case type \"ca-renewal\""}},
		{"misspelt_key", "case_types:\n  ca-replacement:\n    - documents: [id_card]\n      seald: true\n", []string{"line 4: unknown key \"seald\""}},
		{"copies_out_of_range", "case_types:\n  ca-replacement:\n    - documents: [id_card]\n      copies: 0\n", []string{"line 4: copies must be"}},
		{"a_type_twice", "case_types:\n  ca-replacement:\n    - documents: [id_card]\n    - documents: [id_card, residence_permit]\n", []string{"line 4: document type id_card is already required on line 3"}},
		{"a_sealed_file", "case_types:\n  ca-association:\n    - documents: [ca_certificate]\n      sealed: true\n", []string{"line 3: a ca_certificate is a file"}},
		{"unknown_attribute", "case_types:\n  ca-replacement:\n    - documents: [id_card]\ncertificate:\n  code_in: [UID]\n", []string{"line 5: unknown subject attribute \"UID\""}},
		{"every_mistake_at_once", "case_types:\n  ca-replacement:\n    - documents: [id_crad]\n      copies: two\n", []string{"line 3:", "line 4:"}},
		{"not_yaml", "case_types: [\n", []string{"x.yaml: yaml:"}},
		{"empty", "", []string{"x.yaml: the file is empty"}},
		{"no_case_types", "certificate:\n  name_in: [O]\n", []string{"no case_types"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadRules("x.yaml", []byte(tc.text))
			if err == nil {
				t.Fatal("loaded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// An office's own rules decide, not the built-in ones.
func TestRulesDecide(t *testing.T) {
	in := goodCase()
	in.Documents = in.Documents[1:] // one copy of the form
	if r := Case(in); r.Status != dossier.Rejected {
		t.Fatalf("one form under the built-in rules: %s, want rejected", r.Status)
	}
	one := strings.Replace(string(DefaultRules()), "copies: 2", "copies: 1", 1)
	rules, err := LoadRules("one-copy.yaml", []byte(one))
	if err != nil {
		t.Fatal(err)
	}
	in.Rules = rules
	if r := Case(in); r.Status != dossier.Ready {
		t.Fatalf("one form where the office asks for one: %s %+v, want ready", r.Status, r.Reasons)
	}
	in.Rules = &Rules{CaseTypes: map[dossier.CaseType][]Requirement{
		dossier.CAReplacement: {{AnyOf: []dossier.DocType{dossier.SocialSecurityCert}, Copies: 1, Sealed: true}}}}
	r := Case(in)
	if r.Status != dossier.Rejected || r.Reasons[0].Code != dossier.MissingDocument || r.Reasons[0].Document != dossier.SocialSecurityCert {
		t.Fatalf("a requirement of the office's own: %s %+v, want the certificate missing", r.Status, r.Reasons)
	}
}

// anyArg prints under every verb, so a message's own verbs are what is counted.
type anyArg struct{}

func (anyArg) Format(f fmt.State, verb rune) { fmt.Fprint(f, "x") }

// Every message exists in both languages and takes the same arguments.
func TestMessages(t *testing.T) {
	for key, m := range messages {
		n := -1
		for k := 0; k <= 6; k++ {
			args := make([]any, k)
			for i := range args {
				args[i] = anyArg{}
			}
			if !strings.Contains(fmt.Sprintf(m.zh, args...), "%!") {
				n = k
				break
			}
		}
		if n < 0 {
			t.Errorf("%s: the Chinese text takes no count of arguments from 0 to 6", key)
			continue
		}
		args := make([]any, n)
		for i := range args {
			args[i] = anyArg{}
		}
		if s := fmt.Sprintf(m.en, args...); strings.Contains(s, "%!") || m.en == "" {
			t.Errorf("%s: the English text does not take the Chinese text's %d arguments: %s", key, n, s)
		}
	}
}

func TestEnglish(t *testing.T) {
	in := goodCase()
	in.Lang = English
	in.Documents[3].Sealed = false
	in.Documents[0].Fields[dossier.FieldOperatorName] = "李娜"
	r := Case(in)
	var msgs []string
	for _, rs := range r.Reasons {
		msgs = append(msgs, rs.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"the operator's resident identity card does not bear the unit's official seal: stamp it with the unit's red seal and hand it in again",
		"the operator “李娜” on the application form is not the holder of the identity document (“张伟”)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("messages\n%s\ndo not say %q", all, want)
		}
	}
}

func FuzzLoadRules(f *testing.F) {
	f.Add(string(DefaultRules()))
	f.Add("case_types:\n  ca-replacement:\n    - documents: [id_crad]\n      copies: 0\n")
	f.Add("case_types: {ca-association: [{documents: [ca_certificate], sealed: false}]}")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := LoadRules("f.yaml", []byte(text))
		if err != nil {
			if !strings.Contains(err.Error(), "f.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for ct, reqs := range r.CaseTypes {
			for _, rq := range reqs {
				if len(rq.AnyOf) == 0 || rq.Copies < 1 {
					t.Fatalf("%s: loaded a requirement that asks for nothing: %+v", ct, rq)
				}
			}
		}
	})
}

// A rules file full of mistakes reports the first fifty and counts the
// rest; one over the size limit is refused before it is parsed.
func TestRulesErrorsBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "key%d%s: 1\n", i, strings.Repeat("x", 500))
	}
	_, err := LoadRules("many.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if n := strings.Count(msg, "unknown key"); n != 50 || !strings.Contains(msg, "and 150 more mistakes") || len(msg) > 20000 || strings.Contains(msg, "\x1b") {
		t.Errorf("%d mistakes reported in %d bytes:\n%.500s", n, len(msg), msg)
	}
	if _, err := LoadRules("big.yaml", make([]byte, MaxRulesBytes+1)); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("a file over the limit: %v", err)
	}
}

package validate

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"dossier"
)

// Rules is the requirement catalogue: what each case type must hold, and
// where a certificate's subject names the unit. It is the only place
// requirements live; an office replaces it without a build.
type Rules struct {
	CaseTypes   map[dossier.CaseType][]Requirement
	Certificate CertRules
}

// Requirement is met by documents of any of its types, in so many copies,
// each sealed by the unit when Sealed.
type Requirement struct {
	AnyOf  []dossier.DocType
	Copies int
	Sealed bool
}

// CertRules names the subject attributes (CN, O, OU, serialNumber) where a
// certificate may name the unit and carry its code.
type CertRules struct {
	NameIn []string
	CodeIn []string
}

//go:embed rules.yaml
var defaultRules []byte

// DefaultRules is the text of the built-in catalogue.
func DefaultRules() []byte { return slices.Clone(defaultRules) }

var builtIn = func() *Rules {
	r, err := LoadRules("rules.yaml (built in)", defaultRules)
	if err != nil {
		panic(err)
	}
	return r
}()

// Default is the built-in catalogue.
func Default() *Rules { return builtIn }

var (
	nameAttrs = []string{"CN", "O", "OU"}
	codeAttrs = []string{"serialNumber", "OU", "CN", "O"}
)

// LoadRules parses a catalogue. Every mistake is reported, each with the
// file's name and line: unknown keys, case types and document types, copies
// out of range, a document type required twice.
func LoadRules(name string, data []byte) (*Rules, error) {
	if len(data) > MaxRulesBytes {
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d for a rules file (the built-in catalogue is about 1 KB)", name, len(data), MaxRulesBytes)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	p := &rulesParser{name: name}
	r := &Rules{CaseTypes: map[dossier.CaseType][]Requirement{},
		Certificate: CertRules{NameIn: []string{"O", "CN"}, CodeIn: []string{"serialNumber", "OU", "CN"}}}
	p.mapping(root.Content[0], func(k, v *yaml.Node) {
		switch k.Value {
		case "case_types":
			p.mapping(v, func(k, v *yaml.Node) {
				ct := dossier.CaseType(k.Value)
				if !slices.Contains(dossier.CaseTypes, ct) {
					p.errf(k, "unknown case type %q (known: %s)", k.Value, joinAny(dossier.CaseTypes))
					return
				}
				r.CaseTypes[ct] = p.requirements(v)
			})
		case "certificate":
			p.mapping(v, func(k, v *yaml.Node) {
				switch k.Value {
				case "name_in":
					r.Certificate.NameIn = p.attrs(v, nameAttrs)
				case "code_in":
					r.Certificate.CodeIn = p.attrs(v, codeAttrs)
				default:
					p.errf(k, "unknown key %q under certificate (known: name_in, code_in)", k.Value)
				}
			})
		default:
			p.errf(k, "unknown key %q (known: case_types, certificate)", k.Value)
		}
	})
	if len(r.CaseTypes) == 0 && len(p.errs) == 0 {
		p.errs = append(p.errs, fmt.Errorf("%s: no case_types: every case would go to review", name))
	}
	if p.more > 0 {
		p.errs = append(p.errs, fmt.Errorf("%s: and %d more mistakes", name, p.more))
	}
	if err := errors.Join(p.errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// MaxRulesBytes bounds a rules file; maxRulesErrors the mistakes reported
// one by one (the rest are counted).
const (
	MaxRulesBytes  = 1 << 20
	maxRulesErrors = 50
)

type rulesParser struct {
	name string
	errs []error
	more int // mistakes past the first maxRulesErrors
}

func (p *rulesParser) errf(n *yaml.Node, format string, a ...any) {
	if len(p.errs) >= maxRulesErrors {
		p.more++
		return
	}
	msg := fmt.Sprintf(format, a...)
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	p.errs = append(p.errs, fmt.Errorf("%s line %d: %s", p.name, n.Line, dossier.Printable(msg)))
}

func (p *rulesParser) mapping(n *yaml.Node, each func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errf(n, "expected keys and values here")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		each(n.Content[i], n.Content[i+1])
	}
}

func (p *rulesParser) strings(n *yaml.Node) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errf(n, "expected a list, such as [a, b]")
		return nil
	}
	var out []*yaml.Node
	for _, e := range n.Content {
		if e.Kind != yaml.ScalarNode {
			p.errf(e, "expected a name")
			continue
		}
		out = append(out, e)
	}
	return out
}

func (p *rulesParser) attrs(n *yaml.Node, known []string) []string {
	var out []string
	for _, e := range p.strings(n) {
		if !slices.Contains(known, e.Value) {
			p.errf(e, "unknown subject attribute %q (known here: %s)", e.Value, strings.Join(known, ", "))
			continue
		}
		out = append(out, e.Value)
	}
	return out
}

func (p *rulesParser) requirements(n *yaml.Node) []Requirement {
	if n.Kind != yaml.SequenceNode {
		p.errf(n, "expected a list of requirements (- documents: [...])")
		return nil
	}
	var reqs []Requirement
	seen := map[dossier.DocType]int{}
	for _, item := range n.Content {
		rq := Requirement{Copies: 1}
		p.mapping(item, func(k, v *yaml.Node) {
			switch k.Value {
			case "documents":
				for _, e := range p.strings(v) {
					t := dossier.DocType(e.Value)
					switch {
					case !slices.Contains(dossier.DocTypes, t) || t == dossier.Other:
						p.errf(e, "unknown document type %q (known: %s)", e.Value, joinAny(slices.DeleteFunc(slices.Clone(dossier.DocTypes), func(t dossier.DocType) bool { return t == dossier.Other })))
					case seen[t] != 0:
						p.errf(e, "document type %s is already required on line %d", t, seen[t])
					default:
						seen[t] = e.Line
						rq.AnyOf = append(rq.AnyOf, t)
					}
				}
			case "copies":
				if err := v.Decode(&rq.Copies); err != nil || rq.Copies < 1 || rq.Copies > 10 {
					p.errf(v, "copies must be a whole number from 1 to 10, not %q", v.Value)
				}
			case "sealed":
				if err := v.Decode(&rq.Sealed); err != nil {
					p.errf(v, "sealed must be true or false, not %q", v.Value)
				}
			default:
				p.errf(k, "unknown key %q in a requirement (known: documents, copies, sealed)", k.Value)
			}
		})
		if len(rq.AnyOf) == 0 {
			p.errf(item, "a requirement needs documents: [type, ...]")
			continue
		}
		if rq.Sealed && slices.Contains(rq.AnyOf, dossier.CACertificate) {
			p.errf(item, "a ca_certificate is a file: it cannot bear a seal (sealed: false)")
		}
		reqs = append(reqs, rq)
	}
	return reqs
}

func joinAny[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

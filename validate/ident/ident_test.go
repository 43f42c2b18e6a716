package ident

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVectors checks every vector other implementations' suites agree on.
func TestVectors(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "testdata", "codes", "vectors.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("identifier vectors not found (%v): ../shared beside the repository holds them", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 || cols[0] == "input" {
			continue
		}
		n++
		input, kind, want := cols[0], Kind(cols[1]), cols[2]
		t.Run(input, func(t *testing.T) {
			var c Check
			switch kind {
			case KindOrgCode:
				c = OrgCode(input)
			case KindUSCC:
				c = USCC(input)
			default:
				c = IDNumber(input)
			}
			got, _ := json.Marshal(c.Valid)
			if strings.Trim(string(got), `"`) != want {
				t.Errorf("%s %s: valid=%s, want %s (%s)", kind, input, got, want, c.Reason)
			}
			if want == "true" {
				if k := Classify(input).Kind; k != kind {
					t.Errorf("Classify(%s) kind %s, want %s", input, k, kind)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no vectors read")
	}
}

func TestInnerOrgCodeUsesGB11714Values(t *testing.T) {
	// 92341321MA2REGCG29: positions 9-17 are MA2REGCG2, valid under GB 11714 letter values.
	if c := OrgCode(OrgCodeOfUSCC("92341321MA2REGCG29")); c.Valid != Valid {
		t.Fatalf("inner code: %s", c.Reason)
	}
}

func TestIDNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind Kind
		ok   bool
	}{
		{"11010519491231002X", KindIDNumber, true},
		{"110105194902310020", KindIDNumber, false}, // 31 Feb
		{"110105491231002", KindIDNumber, true},     // 15-digit form
		{"810000199408230021", KindResidencePermit, true},
		{"990000199408230021", KindIDNumber, false},
	} {
		body := tc.in
		if len(body) == 18 && tc.ok {
			ch, _ := IDCheckChar(body[:17])
			body = body[:17] + string(ch)
		}
		c := IDNumber(body)
		if (c.Valid == Valid) != tc.ok || c.Kind != tc.kind {
			t.Errorf("%s: %+v", body, c)
		}
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "M000100Y4", "11010519491231002X", "12345678-9", "", "810000199408230021"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Classify(s)
		if c.Valid == Invalid && c.Reason == "" {
			t.Fatalf("%q invalid without a reason", s)
		}
	})
}

// A valid USCC's check character is the one GB 32100 computes, and the
// organization code inside it passes GB 11714 (pilot codes aside).
func FuzzUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350211M0000XUF46", "9135010OM000100Y43", "", "Y1350100M000100Y4Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := USCC(s)
		switch c.Valid {
		case Valid:
			want, err := USCCCheckChar(s[:17])
			if err != nil || want != s[17] {
				t.Fatalf("%q valid but GB 32100 gives %q (%v)", s, want, err)
			}
			if OrgCode(OrgCodeOfUSCC(s)).Valid != Valid {
				t.Fatalf("%q valid but its organization code %q is not", s, OrgCodeOfUSCC(s))
			}
		case Invalid:
			if c.Reason == "" {
				t.Fatalf("%q invalid without a reason", s)
			}
		}
	})
}

func FuzzOrgCode(f *testing.F) {
	for _, s := range []string{"M000100Y4", "12345678-9", "D2143569X", "", "ABCDEFGH-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := OrgCode(s)
		n := NormalizeOrgCode(s)
		if c.Valid == Valid {
			want, err := OrgCheckChar(n[:8])
			if err != nil || want != n[8] {
				t.Fatalf("%q valid but GB 11714 gives %q (%v)", s, want, err)
			}
		} else if c.Reason == "" {
			t.Fatalf("%q invalid without a reason", s)
		}
	})
}

// A valid identity number has a birth date that exists and is not in the
// future, and its check character is the one GB 11643 computes.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "810000199408230021", "11010519490231002X", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := IDNumber(s)
		if c.Valid != Valid {
			if c.Reason == "" {
				t.Fatalf("%q not valid without a reason", s)
			}
			return
		}
		if _, ok := BirthDate(s); !ok {
			t.Fatalf("%q valid without a birth date", s)
		}
		if len(s) == 18 {
			want, err := IDCheckChar(s[:17])
			if err != nil || want != s[17] {
				t.Fatalf("%q valid but GB 11643 gives %q (%v)", s, want, err)
			}
		}
	})
}

// TestValidityYears: a period runs whole years to the day; one from 29
// February ends on 28 February or 1 March of a year without it.
func TestValidityYears(t *testing.T) {
	for _, c := range []struct {
		from, until string
		years       int
		whole       bool
	}{
		{"2020-01-01", "2040-01-01", 20, true},
		{"2020-01-01", "2040-02-01", 20, false},
		{"2024-02-29", "2029-03-01", 5, true},
		{"2024-02-29", "2029-02-28", 5, true},
		{"2024-02-29", "2044-02-29", 20, true},
		{"2024-02-29", "2044-03-01", 20, false}, // 2044 has its 29 February
		{"2024-02-28", "2029-03-01", 5, false},
		{"2024-02-28", "长期", 0, false},
		{"2030-05-24", "2025-05-24", -5, false}, // ending before it begins
		{"2025-05-24", "2025-05-24", 0, false},
	} {
		years, whole := ValidityYears(c.from, c.until)
		if whole != c.whole || whole && years != c.years {
			t.Errorf("ValidityYears(%s, %s) = %d, %v; want %d, %v", c.from, c.until, years, whole, c.years, c.whole)
		}
	}
}

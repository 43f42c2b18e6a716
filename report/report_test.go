package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dossier"
	"dossier/storage/sqlite"
)

// month seeds a store with 30 days of cases: each day d has d%5+1 cases
// in, at two service points, decided the same day; some rejected, some
// in review, some decided by a clerk. It returns the store and the day
// after the last (the report's day).
func month(t *testing.T) (*sqlite.Store, time.Time) {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dossier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	db := store.DB()
	stamp := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
	last := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	n := 0
	for d := 0; d < Days; d++ {
		day := last.AddDate(0, 0, -(Days - 1 - d))
		for k := 0; k < d%5+1; k++ {
			n++
			id := fmt.Sprintf("M%04d", n)
			in := day.Add(time.Duration(9+k) * time.Hour)
			verdict := in.Add(time.Duration(10+k) * time.Minute)
			st := []dossier.Status{dossier.Ready, dossier.Rejected, dossier.Review}[n%3]
			point := []string{"南门柜台", "北门柜台"}[n%2]
			res := dossier.Result{CaseID: id, Type: dossier.CAReplacement, Status: st, Unit: dossier.Unit{Name: "福州市闽江科技有限公司"},
				Operator: dossier.Operator{Name: "林晓", IDNumber: "11010519491231002X"}, Reasons: []dossier.Reason{}}
			if st == dossier.Rejected {
				res.Reasons = []dossier.Reason{{Code: dossier.SealMissing, Document: dossier.BusinessLicense, Message: "x"}}
			}
			b, _ := json.Marshal(res)
			info, _ := json.Marshal(dossier.Info{ServicePoint: point})
			decided := 0
			if st == dossier.Review && n%2 == 0 {
				decided = 1
			}
			if _, err := db.Exec(`INSERT INTO cases (id, info, status, result, updated_at, created_at, case_type, reasons, decided) VALUES (?, ?, ?, ?, ?, ?, 'ca-replacement', ?, ?)`,
				id, string(info), string(st), string(b), stamp(verdict), stamp(in), map[bool]string{true: " seal_missing ", false: ""}[st == dossier.Rejected], decided); err != nil {
				t.Fatal(err)
			}
			db.Exec(`INSERT INTO audit (id, at, actor, action, case_id, before_state, after_state) VALUES (?, ?, 'pipeline', 'verdict', ?, 'processing', ?)`, id+"v", stamp(verdict), id, string(st))
			if decided == 1 {
				db.Exec(`INSERT INTO audit (id, at, actor, action, case_id, before_state, after_state) VALUES (?, ?, 'ann', 'approve', ?, 'review', 'ready')`, id+"d", stamp(verdict.Add(2*time.Hour)), id)
			}
			db.Exec(`INSERT INTO pages (case_id, file, page, result, read_at) VALUES (?, 'scan.pdf', 1, '{}', ?)`, id, stamp(in.Add(time.Minute)))
		}
	}
	return store, last
}

func TestReportOfAMonth(t *testing.T) {
	store, day := month(t)
	ctx := context.Background()
	r, err := Build(ctx, store, day, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	// The day's figures, against the store.
	var in int
	store.DB().QueryRow(`SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?`,
		day.UTC().Format("2006-01-02T15:04:05"), day.AddDate(0, 0, 1).UTC().Format("2006-01-02T15:04:05")).Scan(&in)
	if r.In != in || r.In != (Days-1)%5+1 || r.Decided != r.In {
		t.Errorf("in %d decided %d, the store says %d in", r.In, r.Decided, in)
	}
	if len(r.Trend) != Days || r.Trend[Days-1].Day != "2026-11-30" || r.Trend[0].In != 1 {
		t.Errorf("trend: %+v", r.Trend)
	}
	total := 0
	for _, d := range r.Trend {
		total += d.In
	}
	var all int
	store.DB().QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&all)
	if total != all {
		t.Errorf("the trend counts %d cases in, the store holds %d", total, all)
	}
	if r.ToVerdict.N != all || r.ToVerdict.Median < 10*time.Minute || r.ToVerdict.P95 > 15*time.Minute {
		t.Errorf("to verdict: %+v", r.ToVerdict)
	}
	if r.ToDecision.N == 0 || r.ToDecision.Median < 2*time.Hour {
		t.Errorf("to decision: %+v", r.ToDecision)
	}
	hours := 0
	for _, n := range r.PagesByHour {
		hours += n
	}
	if hours != r.In {
		t.Errorf("pages read that day %d, cases in %d", hours, r.In)
	}
	if len(r.Points) != 2 || r.Points[0].In+r.Points[1].In != r.In {
		t.Errorf("points: %+v", r.Points)
	}
	files, err := r.Files("http://workbench.example")
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if bytes.Contains(b, []byte("11010519491231002X")) {
			t.Errorf("%s holds an identity number", name)
		}
	}
	if dir := os.Getenv("DOSSIER_REPORT_OUT"); dir != "" { // to look at
		os.MkdirAll(dir, 0o755)
		for name, b := range files {
			os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files["cases.csv"])).ReadAll()
	if err != nil || len(rows) != len(r.Cases)+1 || rows[0][0] != "case_id" {
		t.Fatalf("cases.csv: %d rows, %v", len(rows), err)
	}
	html := string(files["report.html"])
	for _, want := range []string{"<svg", "2026-11-30", "南门柜台", "The reconciliation has never run", "seal_missing"} {
		if r.Reasons == nil && want == "seal_missing" {
			continue
		}
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, `src="http`) || strings.Contains(html, `href="http://fonts`) {
		t.Error("report.html is not self-contained")
	}
	// The workbook, opened again.
	x, err := excelize.OpenReader(bytes.NewReader(files["report.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, s := range []string{"Summary", "Trend", "By status", "Reasons", "Service points", "Clerks", "Cases", "Reconciliation"} {
		p, err := x.GetPanes(s)
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("sheet %s: header not frozen: %+v %v", s, p, err)
		}
	}
	trend, _ := x.GetRows("Trend")
	if len(trend) != Days+1 || trend[Days][0] != "2026-11-30" {
		t.Errorf("Trend sheet: %d rows", len(trend))
	}
	cases, _ := x.GetRows("Cases")
	if len(cases) != len(r.Cases)+1 {
		t.Errorf("Cases sheet: %d rows, want %d", len(cases), len(r.Cases)+1)
	}
	if !bytes.Contains(files["report.xlsx"], []byte("xl/charts/chart1.xml")) {
		t.Error("report.xlsx has no chart")
	}
}

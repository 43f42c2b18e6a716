package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"dossier"
)

// Files returns the report's three files by name; base is the
// workbench's address for the links to cases ("" for links relative to
// the workbench itself).
func (r *Report) Files(base string) (map[string][]byte, error) {
	var html, csv, xlsx bytes.Buffer
	if err := r.HTML(&html, base); err != nil {
		return nil, err
	}
	if err := r.CSV(&csv); err != nil {
		return nil, err
	}
	if err := r.XLSX(&xlsx); err != nil {
		return nil, err
	}
	return map[string][]byte{"report.html": html.Bytes(), "cases.csv": csv.Bytes(), "report.xlsx": xlsx.Bytes()}, nil
}

func (r *Report) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(r.Loc).Format("2006-01-02 15:04")
}

func codes(rs []dossier.ReasonCode) string {
	s := make([]string, len(rs))
	for i, c := range rs {
		s[i] = string(c)
	}
	return strings.Join(s, " ")
}

var caseHeader = []string{"case_id", "type", "status", "service_point", "unit_name", "came_in", "verdict_at", "decided_at", "decided_by", "reasons", "awaiting_unit"}

func (r *Report) caseRecord(c CaseRow) []string {
	return []string{c.ID, c.Type, c.Status, c.Point, c.Unit, r.when(c.In), r.when(c.Verdict), r.when(c.Decision), c.DecidedBy, codes(c.Reasons), fmt.Sprint(c.Awaiting)}
}

// CSV writes cases.csv: one row a case of the day.
func (r *Report) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(caseHeader)
	for _, c := range r.Cases {
		cw.Write(r.caseRecord(c))
	}
	cw.Flush()
	return cw.Error()
}

// XLSX writes report.xlsx: a sheet a table, each with its header frozen
// and filters on, and a native chart of the daily trend.
func (r *Report) XLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := func(name string, header []string, rows [][]any) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		hdr := make([]any, len(header))
		for i, h := range header {
			hdr[i] = h
		}
		if err := f.SetSheetRow(name, "A1", &hdr); err != nil {
			return err
		}
		for i, row := range rows {
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", i+2), &row); err != nil {
				return err
			}
		}
		last, _ := excelize.ColumnNumberToName(len(header))
		f.SetColWidth(name, "A", last, 16)
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		return f.AutoFilter(name, fmt.Sprintf("A1:%s%d", last, max(2, len(rows)+1)), nil)
	}
	var trend, status, reasons, points, clerks, cases, findings [][]any
	for _, d := range r.Trend {
		trend = append(trend, []any{d.Day, d.In, d.Decided})
	}
	for _, s := range r.ByStatus {
		status = append(status, []any{s.Name, s.N})
	}
	for _, rc := range r.Reasons {
		var docs []string
		for _, d := range rc.Docs {
			docs = append(docs, fmt.Sprintf("%s %d", d.Name, d.N))
		}
		reasons = append(reasons, []any{string(rc.Code), rc.N, strings.Join(docs, ", ")})
	}
	for _, p := range r.Points {
		points = append(points, []any{p.Name, p.In, p.Ready, p.Rejected, p.Review, p.ReadyShare})
	}
	for _, c := range r.Clerks {
		clerks = append(clerks, []any{c.Name, c.Approve, c.Reject, c.Reupload, c.Overturn, c.IDs})
	}
	for _, c := range r.Cases {
		rec := r.caseRecord(c)
		row := make([]any, len(rec))
		for i, v := range rec {
			row[i] = v
		}
		cases = append(cases, row)
	}
	if r.Run != nil {
		for _, fd := range r.Run.Findings {
			findings = append(findings, []any{fd.Kind, fd.Case, fd.Key + fd.Task, fd.Detail, fd.Repaired, fd.Person})
		}
	}
	summary := [][]any{{"day", r.Day}, {"cases in", r.In}, {"cases decided", r.Decided},
		{"open, under 1 day", r.QueueAge[0]}, {"open, 1 to 3 days", r.QueueAge[1]}, {"open, over 3 days", r.QueueAge[2]},
		{"to verdict, median (minutes)", r.ToVerdict.Median.Minutes()}, {"to verdict, 95th percentile (minutes)", r.ToVerdict.P95.Minutes()},
		{"to a clerk's decision, median (hours)", r.ToDecision.Median.Hours()}, {"to a clerk's decision, 95th percentile (hours)", r.ToDecision.P95.Hours()}}
	for h, n := range r.PagesByHour {
		summary = append(summary, []any{fmt.Sprintf("pages read %02d:00-%02d:59", h, h), n})
	}
	for _, s := range []struct {
		name   string
		header []string
		rows   [][]any
	}{
		{"Summary", []string{"figure", "value"}, summary},
		{"Trend", []string{"day", "cases in", "cases decided"}, trend},
		{"By status", []string{"status", "cases"}, status},
		{"Reasons", []string{"reason", "cases", "documents"}, reasons},
		{"Service points", []string{"service point", "in", "ready", "rejected", "review", "ready share"}, points},
		{"Clerks", []string{"clerk", "approved", "rejected", "asked to re-upload", "overturned", "identity numbers shown"}, clerks},
		{"Cases", caseHeader, cases},
		{"Reconciliation", []string{"kind", "case", "object or task", "detail", "repaired", "needs a person"}, findings},
	} {
		if err := sheet(s.name, s.header, s.rows); err != nil {
			return fmt.Errorf("report.xlsx %s: %w", s.name, err)
		}
	}
	f.DeleteSheet("Sheet1")
	n := len(r.Trend) + 1
	if err := f.AddChart("Trend", "E2", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: "Trend!$B$1", Categories: fmt.Sprintf("Trend!$A$2:$A$%d", n), Values: fmt.Sprintf("Trend!$B$2:$B$%d", n)},
			{Name: "Trend!$C$1", Categories: fmt.Sprintf("Trend!$A$2:$A$%d", n), Values: fmt.Sprintf("Trend!$C$2:$C$%d", n)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Cases in and decided, last 30 days"}}},
		Dimension: excelize.ChartDimension{Width: 720, Height: 320},
	}); err != nil {
		return fmt.Errorf("report.xlsx chart: %w", err)
	}
	if idx, err := f.GetSheetIndex("Summary"); err == nil {
		f.SetActiveSheet(idx)
	}
	_, err := f.WriteTo(w)
	return err
}

//go:embed report.html
var htmlFS embed.FS

var page = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"dur": func(d time.Duration) string {
		switch {
		case d == 0:
			return "—"
		case d < time.Hour:
			return fmt.Sprintf("%.0f min", d.Minutes())
		case d < 48*time.Hour:
			return fmt.Sprintf("%.1f h", d.Hours())
		}
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	},
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"add": func(a, b float64) float64 { return a + b },
}).ParseFS(htmlFS, "report.html"))

// HTML writes report.html.
func (r *Report) HTML(w io.Writer, base string) error {
	return page.Execute(w, map[string]any{"R": r, "Base": strings.TrimRight(base, "/"), "Trend": r.trendChart(), "Hours": r.hourChart(),
		"When": r.when})
}

// bar is one bar of an inline SVG chart.
type bar struct {
	X, Y, W, H float64
	Label, Tip string
	Class      string
}

type chart struct {
	W, H  float64
	Bars  []bar
	Ticks []bar // labels along the bottom
	Max   int
}

// trendChart draws cases in and decided, day by day, side by side.
func (r *Report) trendChart() chart {
	c := chart{W: 720, H: 200}
	for _, d := range r.Trend {
		c.Max = max(c.Max, d.In, d.Decided)
	}
	scale := (c.H - 30) / float64(max(1, c.Max))
	step := c.W / float64(max(1, len(r.Trend)))
	for i, d := range r.Trend {
		x := float64(i) * step
		for k, v := range []int{d.In, d.Decided} {
			h := float64(v) * scale
			cls, what := "in", "in"
			if k == 1 {
				cls, what = "decided", "decided"
			}
			c.Bars = append(c.Bars, bar{X: x + 2 + float64(k)*(step-4)/2, Y: c.H - 20 - h, W: (step - 4) / 2, H: h, Class: cls, Tip: fmt.Sprintf("%s: %d %s", d.Day, v, what)})
		}
		if i%5 == 0 || i == len(r.Trend)-1 {
			c.Ticks = append(c.Ticks, bar{X: x + step/2, Y: c.H - 5, Label: d.Day[5:]})
		}
	}
	return c
}

// hourChart draws the pages read in each hour of the day.
func (r *Report) hourChart() chart {
	c := chart{W: 720, H: 140}
	for _, n := range r.PagesByHour {
		c.Max = max(c.Max, n)
	}
	scale := (c.H - 30) / float64(max(1, c.Max))
	step := c.W / 24
	for h, n := range r.PagesByHour {
		bh := float64(n) * scale
		c.Bars = append(c.Bars, bar{X: float64(h)*step + 2, Y: c.H - 20 - bh, W: step - 4, H: bh, Class: "pages", Tip: fmt.Sprintf("%02d:00: %d pages", h, n)})
		if h%3 == 0 {
			c.Ticks = append(c.Ticks, bar{X: float64(h)*step + step/2, Y: c.H - 5, Label: fmt.Sprintf("%02d", h)})
		}
	}
	return c
}

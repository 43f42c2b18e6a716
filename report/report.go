// Package report makes the daily report of the work: what came in and was
// decided, the trend over 30 days, where cases wait, how long they take,
// the reasons for rejection, per service point and per clerk, and what
// the nightly reconciliation found. It reads the case store (cases, the
// audit trail, the pages read, the last reconciliation) and writes three
// files: report.html (one self-contained page with inline SVG charts,
// readable offline and printable), cases.csv and report.xlsx. No identity
// number ever appears in them.
package report

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"dossier"
)

// Source is what a report reads from the case store.
type Source interface {
	CaseRecords(ctx context.Context, since time.Time) ([]dossier.CaseRecord, error)
	Events(ctx context.Context, f dossier.AuditFilter) ([]dossier.Event, error)
	AllPages(ctx context.Context, since time.Time) ([]dossier.PageRecord, error)
	LastRun(ctx context.Context) (dossier.ReconcileRun, bool, error)
	Case(ctx context.Context, id string) (dossier.Case, []byte, error)
}

// Days is how far back the trend reaches.
const Days = 30

// Report is one day's report.
type Report struct {
	Day       string // YYYY-MM-DD, in Loc
	Loc       *time.Location
	Generated time.Time

	In, Decided int        // cases that came in, and came to a verdict, that day
	Trend       []DayCount // the last Days days, oldest first, the report's day last
	ByStatus    []Count    // every case, by status now
	Reasons     []ReasonCount
	QueueAge    [3]int // open cases (review; rejections undecided) by time waiting: under 1 day, 1-3 days, over 3
	ToVerdict   Spread // from upload to the pipeline's verdict, cases in over the trend's days
	ToDecision  Spread // from upload to a clerk's decision
	PagesByHour [24]int
	Points      []PointRow
	Clerks      []ClerkRow
	Run         *dossier.ReconcileRun // the last reconciliation, if any ran
	Cases       []CaseRow             // cases that came in, or changed, that day
}

// DayCount is one day of the trend.
type DayCount struct {
	Day         string
	In, Decided int
}

// Count is a count under a name.
type Count struct {
	Name string
	N    int
}

// ReasonCount is a rejection reason and the documents it was about.
type ReasonCount struct {
	Code dossier.ReasonCode
	N    int
	Docs []Count
}

// Spread is how long something took: how many, the median, the 95th percentile.
type Spread struct {
	N           int
	Median, P95 time.Duration
}

// PointRow is one service point's day.
type PointRow struct {
	Name                        string
	In, Ready, Rejected, Review int
	ReadyShare                  float64
}

// ClerkRow is one clerk's day.
type ClerkRow struct {
	Name                                     string
	Approve, Reject, Reupload, Overturn, IDs int
}

// CaseRow is one case of the day, as cases.csv and the sheet list it.
type CaseRow struct {
	ID, Type, Status, Point, Unit string
	In, Verdict, Decision         time.Time
	DecidedBy                     string
	Reasons                       []dossier.ReasonCode
	Awaiting                      bool
}

// Build reads the report of day (its date in loc) from the store.
func Build(ctx context.Context, src Source, day time.Time, loc *time.Location) (*Report, error) {
	if loc == nil {
		loc = time.Local
	}
	start := time.Date(day.In(loc).Year(), day.In(loc).Month(), day.In(loc).Day(), 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, 1)
	from := start.AddDate(0, 0, -(Days - 1))
	r := &Report{Day: start.Format("2006-01-02"), Loc: loc, Generated: time.Now()}
	all, err := src.CaseRecords(ctx, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	events, err := src.Events(ctx, dossier.AuditFilter{Since: from})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	pages, err := src.AllPages(ctx, start)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if run, ok, err := src.LastRun(ctx); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	} else if ok {
		r.Run = &run
	}
	within := func(t time.Time, a, b time.Time) bool { return !t.Before(a) && t.Before(b) }
	dayOf := func(t time.Time) string { return t.In(loc).Format("2006-01-02") }

	// First verdict and first decision of each case, from the trail (oldest first).
	slices.Reverse(events)
	verdict, decision, decidedBy := map[string]time.Time{}, map[string]time.Time{}, map[string]string{}
	verdictDays := map[string]map[string]bool{} // day -> cases decided that day
	clerks := map[string]*ClerkRow{}
	clerk := func(n string) *ClerkRow {
		if clerks[n] == nil {
			clerks[n] = &ClerkRow{Name: n}
		}
		return clerks[n]
	}
	for _, e := range events {
		switch e.Action {
		case "verdict":
			if _, ok := verdict[e.Case]; !ok {
				verdict[e.Case] = e.At
			}
			d := dayOf(e.At)
			if verdictDays[d] == nil {
				verdictDays[d] = map[string]bool{}
			}
			verdictDays[d][e.Case] = true
		case string(dossier.Approve), string(dossier.Reject), string(dossier.RequestReupload), string(dossier.Overturn):
			if _, ok := decision[e.Case]; !ok {
				decision[e.Case], decidedBy[e.Case] = e.At, e.Actor
			}
			if within(e.At, start, end) {
				c := clerk(e.Actor)
				switch dossier.Action(e.Action) {
				case dossier.Approve:
					c.Approve++
				case dossier.Reject:
					c.Reject++
				case dossier.RequestReupload:
					c.Reupload++
				case dossier.Overturn:
					c.Overturn++
				}
			}
		case "show_id":
			if within(e.At, start, end) {
				clerk(e.Actor).IDs++
			}
		}
	}
	inDays := map[string]int{}
	status := map[dossier.Status]int{}
	points := map[string]*PointRow{}
	var toVerdict, toDecision []time.Duration
	now := time.Now()
	for _, c := range all {
		status[c.Status]++
		inDays[dayOf(c.Created)]++
		if c.Status == dossier.Review || c.Status == dossier.Rejected && !c.Decided {
			switch w := now.Sub(c.Updated); {
			case w < 24*time.Hour:
				r.QueueAge[0]++
			case w < 72*time.Hour:
				r.QueueAge[1]++
			default:
				r.QueueAge[2]++
			}
		}
		if within(c.Created, from, end) {
			if v, ok := verdict[c.ID]; ok && v.After(c.Created) {
				toVerdict = append(toVerdict, v.Sub(c.Created))
			}
			if d, ok := decision[c.ID]; ok && d.After(c.Created) {
				toDecision = append(toDecision, d.Sub(c.Created))
			}
		}
		inToday := within(c.Created, start, end)
		if inToday || within(c.Updated, start, end) || verdictDays[r.Day][c.ID] {
			row := CaseRow{ID: c.ID, Type: string(c.Type), Status: string(c.Status), Point: c.ServicePoint, In: c.Created,
				Verdict: verdict[c.ID], Decision: decision[c.ID], DecidedBy: decidedBy[c.ID], Reasons: c.Reasons}
			r.Cases = append(r.Cases, row)
		}
		if inToday {
			name := c.ServicePoint
			if name == "" {
				name = "(not given)"
			}
			if points[name] == nil {
				points[name] = &PointRow{Name: name}
			}
			pr := points[name]
			pr.In++
			switch c.Status {
			case dossier.Ready:
				pr.Ready++
			case dossier.Rejected:
				pr.Rejected++
			case dossier.Review:
				pr.Review++
			}
		}
	}
	r.In, r.Decided = inDays[r.Day], len(verdictDays[r.Day])
	for d := from; d.Before(end); d = d.AddDate(0, 0, 1) {
		k := d.Format("2006-01-02")
		r.Trend = append(r.Trend, DayCount{Day: k, In: inDays[k], Decided: len(verdictDays[k])})
	}
	for _, s := range []dossier.Status{dossier.Pending, dossier.Processing, dossier.Ready, dossier.Rejected, dossier.Review} {
		r.ByStatus = append(r.ByStatus, Count{string(s), status[s]})
	}
	r.ToVerdict, r.ToDecision = spread(toVerdict), spread(toDecision)
	for _, p := range pages {
		if within(p.Read, start, end) {
			r.PagesByHour[p.Read.In(loc).Hour()]++
		}
	}
	for _, p := range points {
		if p.In > 0 {
			p.ReadyShare = float64(p.Ready) / float64(p.In)
		}
		r.Points = append(r.Points, *p)
	}
	sort.Slice(r.Points, func(i, j int) bool {
		return r.Points[i].In > r.Points[j].In || r.Points[i].In == r.Points[j].In && r.Points[i].Name < r.Points[j].Name
	})
	for _, c := range clerks {
		r.Clerks = append(r.Clerks, *c)
	}
	sort.Slice(r.Clerks, func(i, j int) bool { return r.Clerks[i].Name < r.Clerks[j].Name })
	// The reasons of the day's rejections, with the documents they name.
	reasons := map[dossier.ReasonCode]*ReasonCount{}
	for i, row := range r.Cases {
		if row.Status != string(dossier.Rejected) {
			continue
		}
		_, b, err := src.Case(ctx, row.ID)
		if err != nil || b == nil {
			continue
		}
		var res dossier.Result
		if json.Unmarshal(b, &res) != nil {
			continue
		}
		r.Cases[i].Unit, r.Cases[i].Awaiting = res.Unit.Name, len(res.Awaiting) > 0
		for _, rs := range res.Reasons {
			rc := reasons[rs.Code]
			if rc == nil {
				rc = &ReasonCount{Code: rs.Code}
				reasons[rs.Code] = rc
			}
			rc.N++
			doc := string(rs.Document)
			if doc == "" {
				doc = "(the case)"
			}
			k := slices.IndexFunc(rc.Docs, func(c Count) bool { return c.Name == doc })
			if k < 0 {
				rc.Docs = append(rc.Docs, Count{doc, 0})
				k = len(rc.Docs) - 1
			}
			rc.Docs[k].N++
		}
	}
	for _, rc := range reasons {
		sort.Slice(rc.Docs, func(i, j int) bool { return rc.Docs[i].N > rc.Docs[j].N })
		r.Reasons = append(r.Reasons, *rc)
	}
	sort.Slice(r.Reasons, func(i, j int) bool {
		return r.Reasons[i].N > r.Reasons[j].N || r.Reasons[i].N == r.Reasons[j].N && r.Reasons[i].Code < r.Reasons[j].Code
	})
	return r, nil
}

func spread(ds []time.Duration) Spread {
	if len(ds) == 0 {
		return Spread{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Spread{N: len(ds), Median: at(0.5), P95: at(0.95)}
}

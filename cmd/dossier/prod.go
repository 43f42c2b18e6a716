package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"dossier"
	"dossier/extract"
	"dossier/pipeline"
	"dossier/storage/localfs"
	"dossier/storage/postgres"
	"dossier/storage/s3"
	"dossier/storage/sqlite"
	"dossier/web"
)

// serviceFlags say where the stores and the queue are: DOSSIER_STORE, DOSSIER_DB
// and DOSSIER_REDIS, or the flags of the same names (--store, --db,
// --redis); with none set, the embedded default under DOSSIER_HOME.
type serviceFlags struct{ store, db, redis *string }

func addServiceFlags(fs *flag.FlagSet) serviceFlags {
	return serviceFlags{
		store: fs.String("store", os.Getenv("DOSSIER_STORE"), "object store: s3://ACCESS:SECRET@host:port/bucket?secure=false, or a folder (env DOSSIER_STORE; default DOSSIER_HOME/objects)"),
		db:    fs.String("db", os.Getenv("DOSSIER_DB"), "case store: postgres://..., or a SQLite file (env DOSSIER_DB; default DOSSIER_HOME/dossier.db)"),
		redis: fs.String("redis", os.Getenv("DOSSIER_REDIS"), "task queue: redis://host:port/db, rediss://, redis-sentinel://, redis-cluster://h1:p1,h2:p2 (env DOSSIER_REDIS; default: in-process, for run only)"),
	}
}

// caseStore is a case store as the commands use it.
type caseStore interface {
	pipeline.Cases
	pipeline.Ledger
	web.Store
	List(ctx context.Context, status dossier.Status) ([]dossier.Case, error)
	Close() error
}

func (s serviceFlags) openBlobs(ctx context.Context) (pipeline.Blobs, error) {
	switch v := *s.store; {
	case strings.HasPrefix(v, "s3://"):
		return s3.Open(ctx, v)
	case v == "":
		return localfs.New(filepath.Join(home(), "objects"))
	default:
		return localfs.New(v)
	}
}

func (s serviceFlags) openCases(ctx context.Context) (caseStore, error) {
	switch v := *s.db; {
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		return postgres.Open(ctx, v)
	case v == "":
		if err := os.MkdirAll(home(), 0o755); err != nil {
			return nil, err
		}
		return sqlite.Open(filepath.Join(home(), "dossier.db"))
	default:
		return sqlite.Open(v)
	}
}

// open opens the object store and the case store. No error it returns
// holds a password.
func (s serviceFlags) open(ctx context.Context) (pipeline.Blobs, caseStore, error) {
	blobs, err := s.openBlobs(ctx)
	if err != nil {
		return nil, nil, s.scrub(err)
	}
	cases, err := s.openCases(ctx)
	return blobs, cases, s.scrub(err)
}

// redisOpt reads DOSSIER_REDIS; nil when it is not set.
func (s serviceFlags) redisOpt() (asynq.RedisConnOpt, error) {
	v := *s.redis
	switch {
	case v == "":
		return nil, nil
	case strings.HasPrefix(v, "redis-cluster://"):
		return asynq.RedisClusterClientOpt{Addrs: strings.Split(strings.TrimPrefix(v, "redis-cluster://"), ",")}, nil
	}
	opt, err := asynq.ParseRedisURI(v)
	if err != nil {
		// The parser's own words quote the URL, password and all.
		return nil, fmt.Errorf("DOSSIER_REDIS %s does not parse: want redis://[:PASSWORD@]host:port/db (escape / and @ in a password as %%2F and %%40)", redactURL(v))
	}
	return opt, nil
}

// verdictConfig reads the flags that shape verdicts into a pipeline config.
func verdictConfig(asOf, roots string, vf verdictFlags) (pipeline.Config, error) {
	cfg := pipeline.Config{}
	var err error
	if cfg.Rules, cfg.Lang, err = vf.load(); err != nil {
		return cfg, err
	}
	if asOf != "" {
		if cfg.AsOf, err = time.Parse("2006-01-02", asOf); err != nil {
			return cfg, fmt.Errorf("--as-of %q: want YYYY-MM-DD", asOf)
		}
	}
	if roots != "" {
		pem, err := os.ReadFile(roots)
		if err != nil {
			return cfg, fmt.Errorf("--ca-roots: %w", err)
		}
		cfg.Roots = x509.NewCertPool()
		if !cfg.Roots.AppendCertsFromPEM(pem) {
			return cfg, fmt.Errorf("--ca-roots %s holds no PEM certificate", roots)
		}
	}
	return cfg, nil
}

// cmdUpload is the service point's bulk upload: every file of the batch to
// the store (what is there already is skipped), the cases recorded, their
// work queued for the workers.
func cmdUpload(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("upload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	point := fs.String("point", "", "the service point (counter) the batch comes from, recorded on every case over case.json's")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("upload: usage: dossier upload BATCH [--point NAME] (with DOSSIER_STORE, DOSSIER_DB and DOSSIER_REDIS set)")
	}
	ropt, err := svc.redisOpt()
	if err != nil {
		return err
	}
	if ropt == nil {
		return errors.New("upload: DOSSIER_REDIS is not set: the workers take their work from there (dossier run does everything in one process)")
	}
	blobs, cases, err := svc.open(ctx)
	if err != nil {
		return err
	}
	defer cases.Close()
	client := asynq.NewClient(ropt)
	defer client.Close()
	bar := &uploadBar{w: stderr, start: time.Now()}
	cfg := pipeline.Config{Stored: bar.stored, ServicePoint: strings.TrimSpace(*point)}
	if n := len([]rune(cfg.ServicePoint)); n > dossier.MaxDeclaredChars {
		return fmt.Errorf("upload: --point is %d characters long, over %d", n, dossier.MaxDeclaredChars)
	}
	p := pipeline.New(blobs, cases, client, cfg, 0)
	ids, refused, err := p.Ingest(ctx, pos[0])
	bar.finish()
	if err != nil {
		return fmt.Errorf("upload: %w (run it again: what is stored is not sent twice)", err)
	}
	for _, id := range ids {
		fmt.Fprintln(stdout, id)
	}
	for _, r := range refused {
		fmt.Fprintf(stderr, "not taken: %s: %s\n", dossier.Printable(r.Name), dossier.Printable(r.Reason))
	}
	return nil
}

// uploadBar counts files and bytes sent and skipped.
type uploadBar struct {
	w                     io.Writer
	start, last           time.Time
	files, skipped, bytes int64
}

func (b *uploadBar) stored(caseID, name string, size int64, skipped bool) {
	b.files++
	if skipped {
		b.skipped++
	} else {
		b.bytes += size
	}
	if time.Since(b.last) > time.Second {
		b.last = time.Now()
		b.print()
	}
}

func (b *uploadBar) print() {
	el := time.Since(b.start).Seconds()
	fmt.Fprintf(b.w, "uploaded %d files (%d already there), %.1f MB, %.1f MB/s\n", b.files, b.skipped, float64(b.bytes)/1e6, float64(b.bytes)/1e6/max(el, 0.001))
}

func (b *uploadBar) finish() { b.print() }

// cmdWorker serves the queue: an asynq server on Redis reading pages with
// one tesseract client per goroutine, /metrics and /healthz on --listen.
// SIGTERM stops taking tasks, lets those in hand finish for up to
// --shutdown-timeout and hands back the rest.
func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	vf := addVerdictFlags(fs)
	lf := addLimitFlags(fs)
	concurrency := fs.Int("concurrency", runtime.NumCPU(), "tasks at once (pages read at once)")
	listen := fs.String("listen", "127.0.0.1:9464", "address of /metrics and /healthz (empty: none)")
	asOf := fs.String("as-of", "", "processing date YYYY-MM-DD for expiry checks (default: today)")
	roots := fs.String("ca-roots", os.Getenv("DOSSIER_CA_ROOTS"), "PEM bundle of CA roots (env DOSSIER_CA_ROOTS)")
	shutdown := fs.Duration("shutdown-timeout", 30*time.Second, "how long a stopping worker waits for the tasks in hand")
	nightly := fs.String("nightly", envOr("DOSSIER_NIGHTLY", "0 2 * * *"), "cron spec of the nightly reconciliation and report, in --tz (env DOSSIER_NIGHTLY; empty: none)")
	tz := fs.String("tz", envOr("DOSSIER_TZ", "Asia/Shanghai"), "time zone of the nightly job and its report's days (env DOSSIER_TZ)")
	nightlyRepair := fs.Bool("nightly-repair", true, "the nightly reconciliation repairs what is safe to repair")
	workbench := fs.String("url", os.Getenv("DOSSIER_URL"), "the workbench's address, for the links in the daily report (env DOSSIER_URL)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := verdictConfig(*asOf, *roots, vf)
	if err == nil {
		err = lf.apply(&cfg)
	}
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if err := extract.CheckModel(); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	cfg.Log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ropt, err := svc.redisOpt()
	if err != nil {
		return err
	}
	if ropt == nil {
		return errors.New("worker: DOSSIER_REDIS is not set: workers take their work from Redis")
	}
	// A worker is a service: the store or the database away when it
	// starts is waited for, as it is when it goes away later.
	var blobs pipeline.Blobs
	var cases caseStore
	if err := retry(ctx, cfg.Log, "stores", func() (err error) { blobs, cases, err = svc.open(ctx); return }); err != nil {
		return err
	}
	defer cases.Close()
	client := asynq.NewClient(ropt)
	defer client.Close()
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("worker: --tz %q: %w", *tz, err)
	}
	insp := asynq.NewInspector(ropt)
	defer insp.Close()
	cfg.Nightly = &pipeline.Nightly{Inspector: insp, Loc: loc, Repair: *nightlyRepair, Base: *workbench}
	p := pipeline.New(blobs, cases, client, cfg, max(1, *concurrency))
	defer p.Close()
	m := newMetrics(ropt, cases)
	srv := asynq.NewServer(ropt, asynq.Config{
		Concurrency:     max(1, *concurrency),
		Logger:          quietLogger{cfg.Log},
		LogLevel:        asynq.InfoLevel,
		ShutdownTimeout: *shutdown,
		// Exponential backoff from 2 s to about 10 min: a store or database
		// away for a while is waited for, not given up on.
		RetryDelayFunc: func(n int, _ error, _ *asynq.Task) time.Duration {
			return min(10*time.Minute, time.Duration(1<<min(n, 9))*2*time.Second)
		},
	})
	if *listen != "" {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return fmt.Errorf("worker: --listen %s: %w", *listen, err)
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
		mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
			if err := srv.Ping(); err != nil {
				http.Error(w, "redis: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
			if _, err := cases.List(r.Context(), "none"); err != nil {
				http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
			fmt.Fprintln(w, "ok")
		})
		hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go hs.Serve(ln)
		defer hs.Close()
		cfg.Log.Info("metrics and health", "addr", ln.Addr().String())
	}
	if err := srv.Start(m.middleware(p.Handler())); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	// Every minute, one sweep of incoming/ across all workers (unique for
	// 50 s): files other tools put straight into the bucket are taken up.
	sched := asynq.NewScheduler(ropt, &asynq.SchedulerOpts{Logger: quietLogger{cfg.Log}, LogLevel: asynq.WarnLevel, Location: loc})
	if _, err := sched.Register("@every 1m", asynq.NewTask(pipeline.TypeSweep, nil), asynq.Unique(50*time.Second), asynq.MaxRetry(0)); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if *nightly != "" {
		// Every worker's scheduler queues it; the day's run happens once
		// (pipeline.TypeNightly says how).
		if _, err := sched.Register(*nightly, asynq.NewTask(pipeline.TypeNightly, nil), asynq.Unique(time.Hour), asynq.MaxRetry(3)); err != nil {
			return fmt.Errorf("worker: --nightly %q: %w", *nightly, err)
		}
	}
	if err := sched.Start(); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer sched.Shutdown()
	cfg.Log.Info("worker started", "concurrency", *concurrency)
	<-ctx.Done()
	cfg.Log.Info("worker stopping: finishing the tasks in hand", "timeout", shutdown.String())
	srv.Shutdown()
	return nil
}

// retry calls open until it succeeds or ctx ends, logging each failure and
// waiting longer each time (1 s doubling to 30 s).
func retry(ctx context.Context, log *slog.Logger, what string, open func() error) error {
	wait := time.Second
	for {
		err := open()
		if err == nil {
			return nil
		}
		log.Warn("cannot open, trying again", "what", what, "err", err, "in", wait.String())
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (stopped while waiting for it)", what, err)
		case <-time.After(wait):
		}
		wait = min(30*time.Second, 2*wait)
	}
}

// metrics are what Prometheus scrapes from a worker.
type metrics struct {
	reg    *prometheus.Registry
	tasks  *prometheus.CounterVec
	stages *prometheus.HistogramVec
}

func newMetrics(ropt asynq.RedisConnOpt, cases caseStore) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(),
		tasks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dossier_tasks_total",
			Help: "Tasks handled by this worker, by stage (split, page, decide) and outcome (ok, error)."}, []string{"stage", "outcome"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "dossier_stage_duration_seconds",
			Help: "How long each stage's task took.", Buckets: prometheus.ExponentialBuckets(0.05, 2, 12)}, []string{"stage"}),
	}
	m.reg.MustRegister(m.tasks, m.stages, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	m.reg.MustRegister(&stateCollector{insp: asynq.NewInspector(ropt), cases: cases,
		queue:    prometheus.NewDesc("dossier_queue_tasks", "Tasks in asynq's default queue, by state.", []string{"state"}, nil),
		status:   prometheus.NewDesc("dossier_cases", "Cases in the case store, by status.", []string{"status"}, nil),
		findings: prometheus.NewDesc("dossier_reconcile_findings", "What the last reconciliation found, by kind (and repaired, needs_person).", []string{"kind"}, nil),
		lastRun:  prometheus.NewDesc("dossier_reconcile_last_run_timestamp_seconds", "When the last reconciliation finished: alert when it is over a day old.", nil, nil)})
	return m
}

func (m *metrics) middleware(h asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := h.ProcessTask(ctx, t)
		stage := strings.TrimPrefix(t.Type(), "dossier:")
		m.stages.WithLabelValues(stage).Observe(time.Since(start).Seconds())
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		m.tasks.WithLabelValues(stage, outcome).Inc()
		return err
	})
}

// stateCollector reads the queue's sizes from asynq's inspector and the
// cases' statuses from the store at each scrape.
type stateCollector struct {
	insp                             *asynq.Inspector
	cases                            caseStore
	queue, status, findings, lastRun *prometheus.Desc
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.queue
	ch <- c.status
	ch <- c.findings
	ch <- c.lastRun
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	if q, err := c.insp.GetQueueInfo("default"); err == nil {
		for state, n := range map[string]int{"pending": q.Pending, "active": q.Active, "scheduled": q.Scheduled, "retry": q.Retry, "archived": q.Archived} {
			ch <- prometheus.MustNewConstMetric(c.queue, prometheus.GaugeValue, float64(n), state)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if all, err := c.cases.List(ctx, ""); err == nil {
		n := map[dossier.Status]int{}
		for _, cs := range all {
			n[cs.Status]++
		}
		for _, st := range []dossier.Status{dossier.Pending, dossier.Processing, dossier.Ready, dossier.Rejected, dossier.Review} {
			ch <- prometheus.MustNewConstMetric(c.status, prometheus.GaugeValue, float64(n[st]), string(st))
		}
	}
	if run, ok, err := c.cases.LastRun(ctx); err == nil && ok {
		ch <- prometheus.MustNewConstMetric(c.lastRun, prometheus.GaugeValue, float64(run.Finished.Unix()))
		for kind, n := range run.Counts {
			if !strings.HasPrefix(kind, "checked_") && kind != "rehashed" {
				ch <- prometheus.MustNewConstMetric(c.findings, prometheus.GaugeValue, float64(n), kind)
			}
		}
	}
}

// cmdCase lists cases or shows one.
func cmdCase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("case: usage: dossier case list [--status S] [--json] | dossier case show ID [--json]")
	}
	fs := flag.NewFlagSet("case "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	asJSON := fs.Bool("json", false, "JSON: one line per case (list), the result as the contract writes it (show)")
	status := fs.String("status", "", "list only cases of this status: pending, processing, ready, rejected, review")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	cases, err := svc.openCases(ctx)
	if err != nil {
		return svc.scrub(err)
	}
	defer cases.Close()
	switch args[0] {
	case "list":
		all, err := cases.List(ctx, dossier.Status(*status))
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetEscapeHTML(false)
			for _, c := range all {
				typ := c.Info.Type
				if typ == "" {
					typ = dossier.CAReplacement
				}
				enc.Encode(map[string]any{"case_id": c.ID, "type": typ, "status": c.Status, "updated_at": c.UpdatedAt.UTC().Format(time.RFC3339)})
			}
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CASE\tSTATUS\tUPDATED")
		for _, c := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", dossier.Printable(c.ID), c.Status, c.UpdatedAt.Local().Format("2006-01-02 15:04:05"))
		}
		return tw.Flush()
	case "show":
		if len(pos) != 1 {
			return errors.New("case show: usage: dossier case show ID [--json]")
		}
		c, res, err := cases.Case(ctx, pos[0])
		if err != nil {
			return err
		}
		if res == nil {
			if *asJSON {
				return json.NewEncoder(stdout).Encode(map[string]any{"case_id": c.ID, "status": c.Status})
			}
			fmt.Fprintf(stdout, "%s: %s (no verdict yet)\n", dossier.Printable(c.ID), c.Status)
			return nil
		}
		if *asJSON {
			_, err := stdout.Write(append(res, '\n'))
			return err
		}
		var r dossier.Result
		if err := json.Unmarshal(res, &r); err != nil {
			return err
		}
		// Every value came from the unit's files: escaped, so that none
		// drives the terminal.
		fmt.Fprintf(stdout, "%s: %s  %s %s\n", dossier.Printable(r.CaseID), r.Status, dossier.Printable(r.Unit.Name), dossier.Printable(r.Unit.USCC))
		for _, rs := range r.Reasons {
			var pages []string
			for _, p := range rs.Pages {
				pages = append(pages, fmt.Sprintf("%s p%d", p.File, p.Page))
			}
			fmt.Fprintf(stdout, "  %-20s %s [%s]\n", rs.Code, dossier.Printable(rs.Message), dossier.Printable(strings.Join(pages, ", ")))
		}
		return nil
	}
	return fmt.Errorf("case: unknown %q: list or show", args[0])
}

// cmdMigrate brings the case store's tables up to date (the stores also do
// so when they open).
func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	svc := addServiceFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cases, err := svc.openCases(ctx)
	if err != nil {
		return svc.scrub(err)
	}
	defer cases.Close()
	fmt.Fprintln(stdout, "the case store is up to date")
	return nil
}

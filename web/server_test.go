package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/deploy/services"
	"dossier/extract"
	"dossier/pipeline"
	"dossier/storage/localfs"
	"dossier/storage/postgres"
	"dossier/storage/sqlite"
)

// bundle is a workbench on a real SQLite store and a real folder, with
// three users and two cases in the queue.
type bundle struct {
	srv   *Server
	ts    *httptest.Server
	store testStore
	blobs *localfs.Store
}

// testStore is a case store as the tests fill it: the pipeline's writes too.
type testStore interface {
	Store
	PutCase(ctx context.Context, c dossier.Case) error
	PutFile(ctx context.Context, f dossier.File) (bool, error)
	SetSplit(ctx context.Context, f dossier.File) error
	PutPage(ctx context.Context, p dossier.Page) error
	SetResult(ctx context.Context, caseID string, status dossier.Status, result []byte) error
}

const password = "correct horse battery"

func setup(t *testing.T) *bundle {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dossier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return setupOn(t, store)
}

// setupOn is setup on a given, empty case store.
func setupOn(t *testing.T, store testStore) *bundle {
	t.Helper()
	dir := t.TempDir()
	blobs, err := localfs.New(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: store, Blobs: blobs})
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{srv: srv, store: store, blobs: blobs}
	b.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(b.ts.Close)
	ctx := context.Background()
	hash, err := HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []dossier.User{{Name: "clerk1", Role: dossier.Clerk}, {Name: "boss", Role: dossier.Supervisor}, {Name: "root", Role: dossier.Admin}} {
		if err := store.AddUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	b.addCase(t, "R1", dossier.Review, dossier.LowConfidence)
	b.addCase(t, "R2", dossier.Rejected, dossier.SealMissing)
	return b
}

// addCase records a case with one form page (an image with a red ring),
// its reading and a verdict.
func (b *bundle) addCase(t *testing.T, id string, st dossier.Status, code dossier.ReasonCode) {
	t.Helper()
	ctx := context.Background()
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			img.Set(x, y, color.White)
			if d := (x-300)*(x-300) + (y-200)*(y-200); d > 40*40 && d < 46*46 {
				img.Set(x, y, color.RGBA{200, 30, 30, 255})
			}
		}
	}
	var png1 bytes.Buffer
	png.Encode(&png1, img)
	f := dossier.File{Case: id, Name: "申请表 第1份.png", SHA256: strings.Repeat("ab", 32), Size: int64(png1.Len()), Kind: "image", Pages: 1, Split: true}
	b.store.PutCase(ctx, dossier.Case{ID: id, Info: dossier.Info{Type: dossier.CAReplacement, UnitName: "福州市闽江科技有限公司"}})
	b.store.PutFile(ctx, f)
	b.store.SetSplit(ctx, f)
	b.blobs.Put(ctx, pipeline.PageKey(id, f.SHA256, 1), png1.Bytes())
	pr := extract.PageResult{Ref: dossier.PageRef{File: f.Name, Page: 1}, Type: dossier.ApplicationForm, TypeConf: 0.9, Width: 400, Height: 300,
		Fields:    map[string]string{dossier.FieldUnitName: "福州市闽江科技有限公司", dossier.FieldOperatorID: "11010519491231002X", dossier.FieldUSCC: "91350100MA2XN5QJ2K"},
		FieldConf: map[string]float64{dossier.FieldUnitName: 0.55, dossier.FieldUSCC: 0.5},
		ReadAs:    map[string]string{dossier.FieldUSCC: "91350100MA2XN5QJZK"},
		Words: []extract.Word{{Text: "福州市闽江", Box: image.Rect(20, 20, 120, 40), Conf: 0.9, Line: 1}, {Text: "科技有限公司", Box: image.Rect(120, 20, 240, 40), Conf: 0.4, Line: 1},
			{Text: "11010519491231002X", Box: image.Rect(20, 60, 200, 80), Conf: 0.95, Line: 2}},
		Seals: []extract.Seal{{Box: image.Rect(254, 154, 346, 246), Unit: true, Score: 0.9, Text: "福州市闽江科技有限公司"}}}
	prb, _ := json.Marshal(pr)
	b.store.PutPage(ctx, dossier.Page{Case: id, File: f.Name, Page: 1, Result: prb})
	res := dossier.Result{CaseID: id, Type: dossier.CAReplacement, Status: st,
		Reasons:  []dossier.Reason{{Code: code, Document: dossier.ApplicationForm, Pages: []dossier.PageRef{pr.Ref}, Message: "第1份申请表未加盖单位公章"}},
		Unit:     dossier.Unit{Name: "福州市闽江科技有限公司", USCC: "91350100MA2XN5QJ2K"},
		Operator: dossier.Operator{Name: "林晓", IDNumber: "11010519491231002X"},
		Documents: []dossier.Document{{Type: dossier.ApplicationForm, Pages: []dossier.PageRef{pr.Ref}, Sealed: true, Confidence: 0.9,
			Fields:          map[string]string{dossier.FieldUnitName: "福州市闽江科枝有限公司", dossier.FieldOperatorID: "11010519491231002X"},
			FieldConfidence: map[string]float64{dossier.FieldUnitName: 0.55}, Disputed: map[string]string{dossier.FieldUnitName: "福州市闽江科技有限公司"}}}}
	rb, _ := json.Marshal(res)
	if err := b.store.SetResult(ctx, id, st, rb); err != nil {
		t.Fatal(err)
	}
}

// client is a browser of the workbench: cookies kept, redirects not followed.
func (b *bundle) client(t *testing.T, name string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if name == "" {
		return c
	}
	resp, err := c.PostForm(b.ts.URL+"/login", url.Values{"name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %s", name, resp.Status)
	}
	return c
}

func (b *bundle) get(t *testing.T, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(b.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *bundle) post(t *testing.T, c *http.Client, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", b.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// Every route: without a session to the login page; with too low a role
// 403; a cross-site POST refused; a case id that leaves its case 404.
func TestRoutes(t *testing.T) {
	b := setup(t)
	anon, clerk, boss := b.client(t, ""), b.client(t, "clerk1"), b.client(t, "boss")
	img := "/cases/R1/images/" + url.PathEscape("申请表 第1份.png") + "/1"
	pg := "/cases/R1/pages/" + url.PathEscape("申请表 第1份.png") + "/1"
	for _, r := range []struct {
		method, path string
		public       bool
		role         dossier.Role
	}{
		{"GET", "/", false, dossier.Clerk},
		{"POST", "/take-next", false, dossier.Clerk},
		{"GET", "/cases/R1", false, dossier.Clerk},
		{"GET", "/cases/R1/history", false, dossier.Clerk},
		{"GET", pg, false, dossier.Clerk},
		{"GET", img, false, dossier.Clerk},
		{"POST", "/cases/R1/reveal", false, dossier.Clerk},
		{"POST", "/cases/R1/assign", false, dossier.Clerk},
		{"POST", "/cases/R1/decisions", false, dossier.Clerk},
		{"GET", "/findings", false, dossier.Supervisor},
		{"POST", "/tasks/t1/requeue", false, dossier.Supervisor},
		{"GET", "/reports", false, dossier.Supervisor},
		{"GET", "/reports/2026-11-30/report.html", false, dossier.Supervisor},
		{"GET", "/users", false, dossier.Admin},
		{"POST", "/users", false, dossier.Admin},
		{"POST", "/users/clerk1/disable", false, dossier.Admin},
		{"POST", "/logout", false, dossier.Clerk},
		{"GET", "/login", true, ""},
		{"GET", "/healthz", true, ""},
		{"GET", "/static/htmx.min.js", true, ""},
	} {
		t.Run(r.method+r.path, func(t *testing.T) {
			var resp *http.Response
			if r.method == "GET" {
				resp, _ = b.get(t, anon, r.path)
			} else {
				resp, _ = b.post(t, anon, r.path, url.Values{})
			}
			if r.public {
				if resp.StatusCode != 200 {
					t.Fatalf("public route: %s", resp.Status)
				}
				return
			}
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
				t.Fatalf("no session: %s to %q, want the login page", resp.Status, resp.Header.Get("Location"))
			}
			if r.role != dossier.Clerk {
				lower := []*http.Client{clerk}
				if r.role == dossier.Admin {
					lower = append(lower, boss)
				}
				for _, c := range lower {
					var resp *http.Response
					if r.method == "GET" {
						resp, _ = b.get(t, c, r.path)
					} else {
						resp, _ = b.post(t, c, r.path, url.Values{})
					}
					if resp.StatusCode != http.StatusForbidden {
						t.Fatalf("a lower role: %s, want 403", resp.Status)
					}
				}
			}
			if r.method == "POST" {
				req, _ := http.NewRequest("POST", b.ts.URL+r.path, strings.NewReader(""))
				req.Header.Set("Sec-Fetch-Site", "cross-site")
				req.Header.Set("Origin", "https://evil.example")
				resp, err := boss.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden {
					t.Fatalf("cross-site POST: %s, want 403", resp.Status)
				}
			}
		})
	}
	for _, p := range []string{"/cases/..%2F..%2Fetc", "/cases/R1%2F..%2FR2", "/cases/nope", "/cases/..%2FR1/history",
		"/cases/R1/images/..%2F..%2Fdossier.db/1", "/cases/R1/images/" + url.PathEscape("申请表 第1份.png") + "/2",
		"/cases/R1/pages/x.png/1"} {
		if resp, _ := b.get(t, clerk, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s, want 404", p, resp.Status)
		}
	}
	// A supervisor's role is checked on the action itself: a clerk cannot overturn.
	v, _, _ := b.store.Version(context.Background(), "R2")
	if resp, _ := b.post(t, clerk, "/cases/R2/decisions", url.Values{"action": {"overturn"}, "note": {"seal is there"}, "version": {v}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a clerk's overturn: %s", resp.Status)
	}
}

func TestQueueAndCaseView(t *testing.T) {
	b := setup(t)
	clerk := b.client(t, "clerk1")
	_, body := b.get(t, clerk, "/")
	for _, want := range []string{"R1", "R2", "1 in review", "read unsurely", "seal missing", "福州市闽江科技有限公司"} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
	_, body = b.get(t, clerk, "/?reason=seal_missing")
	if strings.Contains(body, `href="/cases/R1"`) || !strings.Contains(body, `href="/cases/R2"`) {
		t.Error("the reason filter shows the wrong cases")
	}
	// An htmx request for the table gets the table alone.
	req, _ := http.NewRequest("GET", b.ts.URL+"/?q=R2", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "queue-table")
	resp, err := clerk.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	frag, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(frag), "<html") || !strings.Contains(string(frag), "R2") || strings.Contains(string(frag), `href="/cases/R1"`) {
		t.Errorf("fragment: %s", frag)
	}
	// Take next takes from the view the clerk is on.
	resp, _ = b.post(t, clerk, "/take-next", url.Values{"view": {"rejected"}})
	if loc := resp.Header.Get("Location"); loc != "/cases/R2" {
		t.Fatalf("take next of the rejected: %s", loc)
	}
	resp, _ = b.post(t, clerk, "/take-next", url.Values{"view": {"rejected"}})
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/?flash=") {
		t.Fatalf("take next with none left: %s", loc)
	}
	_, body = b.get(t, clerk, "/cases/R1")
	for _, want := range []string{
		`class="seal unit"`,     // the unit's seal drawn over the page
		`class="word low"`,      // a word read unsurely, tinted
		"110105********002X",    // identity numbers masked
		"<mark>枝</mark>",        // the character that differs from the verdict's reading
		"Approve: ready",        // a review case can be approved
		"show on its page",      // a reason jumps to its page
		`name="version" value=`, // the decision carries what the clerk saw
		"also read as 福州市闽江科技有限公司", // the comparison table says how else a name was read
	} {
		if !strings.Contains(body, want) {
			t.Errorf("case view lacks %q", want)
		}
	}
	// A reason's link shows its page with its field marked.
	_, body2 := b.get(t, clerk, "/cases/R1?file="+url.QueryEscape("申请表 第1份.png")+"&page=1&field=unit_name")
	if strings.Count(body2, `class="word mark"`)+strings.Count(body2, `class="word low mark"`) != 2 {
		t.Errorf("the unit name's words are not both marked")
	}
	if !strings.Contains(body2, "guessed: read as 91350100MA2XN5QJZK") {
		t.Error("a guessed code's reading is not shown beside it")
	}
	if strings.Contains(body, "11010519491231002X") {
		t.Error("an identity number is shown unmasked before a click")
	}
	if strings.Contains(body, "Overturn") {
		t.Error("a review case offers an overturn")
	}
	resp, _ = b.get(t, clerk, "/cases/R1/images/"+url.PathEscape("申请表 第1份.png")+"/1?thumb=1")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("thumbnail: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	// Showing an identity number is recorded.
	_, body = b.post(t, clerk, "/cases/R1/reveal", url.Values{"row": {dossier.FieldOperatorID}, "col": {"d0"}})
	if !strings.Contains(body, "11010519491231002X") {
		t.Fatalf("reveal: %s", body)
	}
	ev, _ := b.store.Events(context.Background(), dossier.AuditFilter{Case: "R1", Action: "show_id"})
	if len(ev) != 1 || ev[0].Actor != "clerk1" {
		t.Fatalf("show_id events: %+v", ev)
	}
}

// The decisions, on SQLite and on PostgreSQL (the production test set-up).
func TestDecisions(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testDecisions(t, setup(t)) })
	t.Run("postgres", func(t *testing.T) {
		if testing.Short() {
			t.Skip("PostgreSQL")
		}
		pg := services.StartPostgres(t)
		store, err := postgres.Open(context.Background(), pg.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		testDecisions(t, setupOn(t, store))
	})
}

func testDecisions(t *testing.T, b *bundle) {
	ctx := context.Background()
	clerk, boss := b.client(t, "clerk1"), b.client(t, "boss")
	v1, _, _ := b.store.Version(ctx, "R1")
	flash := func(resp *http.Response) string {
		u, _ := url.Parse(resp.Header.Get("Location"))
		return u.Query().Get("flash")
	}
	// No note: not applied.
	resp, _ := b.post(t, clerk, "/cases/R1/decisions", url.Values{"action": {"approve"}, "version": {v1}})
	if f := flash(resp); !strings.Contains(f, "note") {
		t.Fatalf("approve without a note: %q", f)
	}
	// The case changes under the clerk (a new verdict): the decision is refused.
	b.addCase(t, "R1", dossier.Review, dossier.LowConfidence)
	resp, _ = b.post(t, clerk, "/cases/R1/decisions", url.Values{"action": {"approve"}, "version": {v1}, "note": {"faint seal, but there"}})
	if f := flash(resp); !strings.Contains(f, "changed since you opened it") {
		t.Fatalf("stale approve: %q", f)
	}
	if c, _, _ := b.store.Case(ctx, "R1"); c.Status != dossier.Review {
		t.Fatalf("a stale decision was applied: %s", c.Status)
	}
	v2, _, _ := b.store.Version(ctx, "R1")
	resp, _ = b.post(t, clerk, "/cases/R1/decisions", url.Values{"action": {"approve"}, "version": {v2}, "note": {"faint seal, but there"}})
	if f := flash(resp); !strings.Contains(f, "Recorded") {
		t.Fatalf("approve: %q", f)
	}
	c, res, _ := b.store.Case(ctx, "R1")
	var r dossier.Result
	json.Unmarshal(res, &r)
	if c.Status != dossier.Ready || len(r.Decisions) != 1 || r.Decisions[0].By != "clerk1" || r.Decisions[0].Note != "faint seal, but there" {
		t.Fatalf("after approve: %s %s", c.Status, res)
	}
	// The result file in the object store says the same.
	file, err := b.blobs.Get(ctx, pipeline.ResultKey("R1"))
	if err != nil || !bytes.Equal(file, res) {
		t.Fatalf("results/R1.json: %v\n%s", err, file)
	}
	// A supervisor overturns a pipeline rejection.
	v, _, _ := b.store.Version(ctx, "R2")
	resp, _ = b.post(t, boss, "/cases/R2/decisions", url.Values{"action": {"overturn"}, "version": {v}, "note": {"the seal is on the back of the page"}})
	if f := flash(resp); !strings.Contains(f, "Recorded") {
		t.Fatalf("overturn: %q", f)
	}
	// Ask to re-upload: rejected, awaiting the document.
	b.addCase(t, "R3", dossier.Review, dossier.LowConfidence)
	v, _, _ = b.store.Version(ctx, "R3")
	resp, _ = b.post(t, clerk, "/cases/R3/decisions", url.Values{"action": {"request_reupload"}, "version": {v}, "note": {"licence cut off"},
		"document": {"business_license"}, "message": {"请重新提交完整的营业执照复印件并加盖公章"}})
	if f := flash(resp); !strings.Contains(f, "Recorded") {
		t.Fatalf("re-upload: %q", f)
	}
	_, res, _ = b.store.Case(ctx, "R3")
	r = dossier.Result{}
	json.Unmarshal(res, &r)
	if r.Status != dossier.Rejected || len(r.Awaiting) != 1 || r.Awaiting[0] != dossier.BusinessLicense || r.Reasons[0].Message != "请重新提交完整的营业执照复印件并加盖公章" {
		t.Fatalf("re-upload result: %s", res)
	}
	// Reject with a reason added: its message is the clerk's.
	b.addCase(t, "R4", dossier.Review, dossier.LowConfidence)
	v, _, _ = b.store.Version(ctx, "R4")
	resp, _ = b.post(t, clerk, "/cases/R4/decisions", url.Values{"action": {"reject"}, "version": {v}, "note": {"expired card"},
		"reason": {"id_expired"}, "message": {"经办人身份证已过期"}})
	if f := flash(resp); !strings.Contains(f, "Recorded") {
		t.Fatalf("reject: %q", f)
	}
	_, res, _ = b.store.Case(ctx, "R4")
	r = dossier.Result{}
	json.Unmarshal(res, &r)
	if r.Status != dossier.Rejected || len(r.Reasons) != 1 || r.Reasons[0].Code != dossier.IDExpired || r.Reasons[0].Message != "经办人身份证已过期" {
		t.Fatalf("reject result: %s", res)
	}
	// The history shows it all, newest first.
	_, body := b.get(t, clerk, "/cases/R1/history")
	if i, j := strings.Index(body, "approved"), strings.Index(body, "pipeline verdict"); i < 0 || j < 0 || i > j {
		t.Fatalf("history order: approve at %d, verdict at %d", i, j)
	}
}

func TestLogin(t *testing.T) {
	b := setup(t)
	c := b.client(t, "")
	resp, _ := b.post(t, c, "/login", url.Values{"name": {"clerk1"}, "password": {"wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %s", resp.Status)
	}
	ck := b.client(t, "clerk1").Jar.Cookies(mustURL(b.ts.URL))
	if len(ck) != 1 || ck[0].Name != cookieName {
		t.Fatalf("cookies: %+v", ck)
	}
	// The cookie's attributes, as the server set them.
	resp, _ = b.post(t, c, "/login", url.Values{"name": {"clerk1"}, "password": {password}})
	sc := resp.Header.Get("Set-Cookie")
	if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
		t.Fatalf("cookie: %s", sc)
	}
	// Failed logins are counted per account, and past the ceiling refused
	// even with the right password.
	for i := range failCeiling {
		b.store.Record(context.Background(), dossier.Event{Actor: "boss", Action: "login_failed", Addr: "192.0.2.1", At: time.Now().Add(-time.Duration(i) * time.Second)})
	}
	resp, body := b.post(t, c, "/login", url.Values{"name": {"boss"}, "password": {password}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Too many failed logins") {
		t.Fatalf("after %d failures: %s", failCeiling, resp.Status)
	}
	// A disabled user's session ends.
	clerk := b.client(t, "clerk1")
	b.store.DisableUser(context.Background(), "clerk1")
	if resp, _ := b.get(t, clerk, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a disabled user's session: %s", resp.Status)
	}
	if failDelay(0) != 0 || failDelay(5) <= failDelay(3) || failDelay(100) > 4*time.Second {
		t.Fatal("failDelay does not grow, bounded")
	}
	if safeNext("//evil.example/") != "/" || safeNext("/cases/R1") != "/cases/R1" || safeNext("https://evil.example") != "/" {
		t.Fatal("safeNext lets a redirect leave the site")
	}
}

func TestSetupLink(t *testing.T) {
	dir := t.TempDir()
	store, err := sqlite.Open(filepath.Join(dir, "dossier.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	blobs, _ := localfs.New(dir)
	srv, _ := New(Config{Store: store, Blobs: blobs})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	tok, err := srv.SetupToken(context.Background())
	if err != nil || tok == "" {
		t.Fatalf("no setup token with no user: %q %v", tok, err)
	}
	form := url.Values{"token": {tok}, "name": {"admin"}, "password": {password}}
	post := func() *http.Response {
		req, _ := http.NewRequest("POST", ts.URL+"/setup", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("setup: %s", resp.Status)
	}
	if u, _, err := store.User(context.Background(), "admin"); err != nil || u.Role != dossier.Admin {
		t.Fatalf("first admin: %+v %v", u, err)
	}
	if resp := post(); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the link used twice: %s", resp.Status)
	}
	if tok, _ := srv.SetupToken(context.Background()); tok != "" {
		t.Fatal("a setup token with a user in the store")
	}
}

func TestDiff(t *testing.T) {
	for _, c := range []struct{ v, ref, want string }{
		{"福州市闽江科技有限公司", "福州市闽江科技有限公司", "福州市闽江科技有限公司"},
		{"福州市阔江科技有限公司", "福州市闽江科技有限公司", "福州市[阔]江科技有限公司"},
		{"福州市闽江科技有限公", "福州市闽江科技有限公司", "福州市闽江科技有限公(司)"},
		{"X福州", "福州", "[X]福州"},
		{"南京中联瑞丰机械制造有限公司", "南京中联瑞丰机械制造股份有限公司", "南京中联瑞丰机械制造(股份)有限公司"},
		{"", "福州", "(福州)"},
	} {
		parts, _ := diff(c.v, c.ref)
		var got string
		for _, p := range parts {
			if p.Diff {
				got += "[" + p.Text + "]"
			} else if p.Gone {
				got += "(" + p.Text + ")"
			} else {
				got += p.Text
			}
		}
		if got != c.want {
			t.Errorf("diff(%s, %s) = %s, want %s", c.v, c.ref, got, c.want)
		}
	}
	if _, d := diff("福州市闽江科技有限公", "福州市闽江科技有限公司"); !d {
		t.Error("a value missing a character is not marked as differing")
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

// The queue's page, rendered, with 10,000 cases in the store.
func BenchmarkQueuePage(b *testing.B) {
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "dossier.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	for i := range 10000 {
		id := fmt.Sprintf("Q%05d", i)
		st := []dossier.Status{dossier.Review, dossier.Rejected, dossier.Ready}[i%3]
		r, _ := json.Marshal(dossier.Result{CaseID: id, Type: dossier.CAReplacement, Status: st, Unit: dossier.Unit{Name: fmt.Sprintf("福州市第%d科技有限公司", i)},
			Reasons: []dossier.Reason{{Code: dossier.SealMissing, Message: "x"}}})
		store.PutCase(ctx, dossier.Case{ID: id})
		store.SetResult(ctx, id, st, r)
	}
	blobs, _ := localfs.New(b.TempDir())
	srv, _ := New(Config{Store: store, Blobs: blobs})
	hash, _ := HashPassword(password)
	store.AddUser(ctx, dossier.User{Name: "clerk1", Role: dossier.Clerk}, hash)
	store.NewSession(ctx, hashToken("tok"), "clerk1", time.Now().Add(time.Hour))
	h := srv.Handler()
	for _, path := range []string{"/", "/?reason=seal_missing&q=%E7%AC%AC42", "/?view=all&page=100"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: cookieName, Value: "tok"})
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 || !strings.Contains(w.Body.String(), "Q0") {
					b.Fatalf("%s: %d", path, w.Code)
				}
			}
		})
	}
}

// A supervisor sees the reconciliation's findings and the dead tasks kept,
// and opens the daily reports the nightly job stored.
func TestFindingsAndReports(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	boss := b.client(t, "boss")
	if _, body := b.get(t, boss, "/findings"); !strings.Contains(body, "never run") {
		t.Error("no run yet is not said")
	}
	store := b.store.(*sqlite.Store)
	store.SaveRun(ctx, dossier.ReconcileRun{ID: "r1", Day: "2026-11-30", Started: time.Now(), Finished: time.Now(), Counts: map[string]int{"checked_objects": 9},
		Findings: []dossier.Finding{{Kind: dossier.FindMissingObject, Case: "R1", Key: "incoming/R1/scan.pdf", Person: true, Detail: "gone"}}})
	store.KeepDeadTask(ctx, dossier.DeadTask{ID: "page:abc", Case: "R1", Type: "dossier:page", State: "archived", LastError: "boom", FailedAt: time.Now()})
	_, body := b.get(t, boss, "/findings")
	for _, want := range []string{"file gone from the store", "incoming/R1/scan.pdf", "needs a person", "page:abc", "boom"} {
		if !strings.Contains(body, want) {
			t.Errorf("findings lack %q", want)
		}
	}
	if strings.Contains(body, "Queue again") {
		t.Error("a re-queue button with no queue to send to")
	}
	resp, _ := b.post(t, boss, "/tasks/page:abc/requeue", url.Values{})
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "no+queue") {
		t.Errorf("re-queue with no queue: %s", loc)
	}
	// With a queue: the task is sent, the state and the trail say so.
	var sent string
	b.srv.requeue = func(_ context.Context, id string) error { sent = id; return nil }
	if _, body := b.get(t, boss, "/findings"); !strings.Contains(body, "Queue again") {
		t.Error("no re-queue button")
	}
	b.post(t, boss, "/tasks/page:abc/requeue", url.Values{})
	if dead, _ := store.DeadTasks(ctx); sent != "page:abc" || dead[0].State != "requeued" {
		t.Errorf("re-queued %q, state %s", sent, dead[0].State)
	}
	if ev, _ := store.Events(ctx, dossier.AuditFilter{Action: "requeue_task"}); len(ev) != 1 || ev[0].Actor != "boss" {
		t.Errorf("re-queue not in the trail: %+v", ev)
	}
	// Reports.
	b.blobs.Put(ctx, "reports/2026-11-30/report.html", []byte("<html>the report</html>"))
	b.blobs.Put(ctx, "reports/2026-11-30/report.xlsx", []byte("PK"))
	if _, body := b.get(t, boss, "/reports"); !strings.Contains(body, "/reports/2026-11-30/report.html") {
		t.Errorf("reports: %s", body)
	}
	if resp, body := b.get(t, boss, "/reports/2026-11-30/report.html"); resp.StatusCode != 200 || body != "<html>the report</html>" {
		t.Errorf("report.html: %s %q", resp.Status, body)
	}
	if resp, _ := b.get(t, boss, "/reports/2026-11-30/report.xlsx"); !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Error("report.xlsx is not a download")
	}
	for _, p := range []string{"/reports/2026-11-31x/report.html", "/reports/2026-11-30/..%2F..%2Fdossier.db", "/reports/2026-11-29/report.html"} {
		if resp, _ := b.get(t, boss, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s", p, resp.Status)
		}
	}
}

package collect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/internal/filetest"
	"github.com/journey-ssg/journey/internal/pgtest"
)

// postgres is the PostgreSQL server that the tests of this package share,
// each with a database of its own.
var postgres pgtest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	postgres.Close()
	os.Exit(code)
}

// testDB is one store under test.
type testDB struct {
	// open opens the database; the test closes it when it ends.
	open func() collect.Store
	// file is the SQLite database's path, empty for PostgreSQL.
	file string
}

// opener returns a function that opens the store at dsn until t ends.
func opener(t *testing.T, dsn string) func() collect.Store {
	return func() collect.Store {
		s, err := collect.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

// stores runs fn, in parallel, against each kind of store: SQLite in a
// temporary folder and a database of its own on a real PostgreSQL.
func stores(t *testing.T, fn func(t *testing.T, db *testDB)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "collect.db")
		fn(t, &testDB{open: opener(t, path), file: path})
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, &testDB{open: opener(t, postgres.Database(t))})
	})
}

func TestStore(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		s := db.open()
		when := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		for i, f := range []map[string]string{
			{"email": "ana@example.com", "name": "Ana"},
			{"email": "Bob@Example.com", "rating": "5", "review": "Great"},
			{"email": "ana@example.com", "message": "again"},
		} {
			form := "lead"
			if f["rating"] != "" {
				form = "review"
			}
			id, err := s.Save(ctx, &collect.Submission{Time: when.Add(time.Duration(i) * time.Minute), Form: form, Page: "/p/", Status: collect.StatusNew, Fields: f})
			if err != nil || id == 0 {
				t.Fatalf("save: %d %v", id, err)
			}
		}
		// Migrations run once: opening again keeps the data.
		s = db.open()
		all, err := s.List(ctx, collect.Filter{})
		if err != nil || len(all) != 3 || all[0].Fields["name"] != "Ana" || !all[0].Time.Equal(when) {
			t.Fatalf("list: %v %+v", err, all)
		}
		reviews, _ := s.List(ctx, collect.Filter{Form: "review"})
		if len(reviews) != 1 {
			t.Fatalf("reviews %v", reviews)
		}
		if err := s.SetStatus(ctx, reviews[0].ID, collect.StatusApproved); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStatus(ctx, 999, collect.StatusApproved); err != collect.ErrNotFound {
			t.Errorf("status of a missing id: %v", err)
		}
		approved, _ := s.List(ctx, collect.Filter{Form: "review", Status: collect.StatusApproved})
		if len(approved) != 1 {
			t.Errorf("approved %v", approved)
		}
		n, err := s.Erase(ctx, "ANA@example.com")
		if err != nil || n != 2 {
			t.Errorf("erase: %d %v, want 2", n, err)
		}
		rest, _ := s.List(ctx, collect.Filter{})
		if len(rest) != 1 || rest[0].Fields["email"] != "Bob@Example.com" {
			t.Errorf("after erase: %+v", rest)
		}
	})
}

// site is the form definition the server tests use.
func forms() []collect.Form {
	return []collect.Form{{
		Name: "lead", Page: "/book/", Thanks: "https://velora.example/thanks/lead/",
		Fields: []collect.Field{{Name: "name", Type: "text"}, {Name: "email", Type: "email", Required: true}, {Name: "phone", Type: "tel", Pattern: `[0-9 +()./\-]{6,}`}, {Name: "message", Type: "textarea"}},
		Hidden: []string{"page", "stage", "product", "utm_source", "_gotcha", "_t"},
		Fixed:  map[string]string{"page": "/book/", "stage": "decision", "product": "velora-city"},
	}, {
		Name: "review", Page: "/share/", Thanks: "https://velora.example/thanks/review/",
		Fields: []collect.Field{{Name: "rating", Type: "rating", Required: true}, {Name: "title", Type: "text", Required: true}, {Name: "review", Type: "textarea", Required: true}, {Name: "name", Type: "text"}},
		Hidden: []string{"page", "product", "_gotcha", "_t"},
		Fixed:  map[string]string{"page": "/share/", "product": "velora-city"},
	}}
}

type fixture struct {
	srv   *httptest.Server
	store collect.Store
	now   atomic.Int64 // unix ms of the server's clock
}

func newServer(t *testing.T, store collect.Store, o collect.Options) *fixture {
	t.Helper()
	f := &fixture{store: store}
	f.now.Store(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC).UnixMilli())
	o.Forms, o.Store, o.Origin = forms(), store, "https://velora.example"
	if o.AdminToken == "" {
		o.AdminToken = "s3cret-token"
	}
	o.Now = func() time.Time { return time.UnixMilli(f.now.Load()) }
	f.srv = httptest.NewServer(collect.NewServer(o).Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func lead() url.Values {
	return url.Values{"page": {"/book/"}, "stage": {"decision"}, "product": {"velora-city"}, "email": {"ana@example.com"}, "name": {"Ana"}, "utm_source": {"ads"}, "_gotcha": {""}}
}

// post posts v to path as the site's form does, with header set over
// the form's own headers; an empty value removes a header.
func (f *fixture) post(t *testing.T, path string, v url.Values, header map[string]string) *http.Response {
	t.Helper()
	h := http.Header{}
	for k, val := range header {
		h[http.CanonicalHeaderKey(k)] = []string{val}
	}
	return f.postLines(t, path, v, h)
}

// postLines is post with headers of several lines.
func (f *fixture) postLines(t *testing.T, path string, v url.Values, header http.Header) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://velora.example")
	for k, lines := range header {
		if len(lines) == 1 && lines[0] == "" {
			req.Header.Del(k)
			continue
		}
		req.Header[k] = lines
	}
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{})
		res := f.post(t, "/forms/lead", lead(), nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "https://velora.example/thanks/lead/" {
			t.Errorf("form post: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		res = f.post(t, "/forms/lead", lead(), map[string]string{"Accept": "application/json"})
		if res.StatusCode != http.StatusCreated || res.Header.Get("Access-Control-Allow-Origin") != "https://velora.example" {
			t.Errorf("script post: %d, Access-Control-Allow-Origin %q; want 201 readable by the site", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		subs, _ := f.store.List(context.Background(), collect.Filter{})
		if len(subs) != 2 || subs[0].Fields["utm_source"] != "ads" || subs[0].Spam || subs[0].Fields["stage"] != "decision" {
			t.Fatalf("stored %+v", subs)
		}
		if _, ok := subs[0].Fields["_gotcha"]; ok {
			t.Error("the form's honeypot, part of its machinery, is stored as a field")
		}
		// The page's own values win over what the client says.
		v := url.Values{"page": {"/share/"}, "product": {"velora-cargo"}, "rating": {"5"}, "title": {"Great"}, "review": {"Fine bike"}}
		f.post(t, "/forms/review", v, nil)
		if got, _ := f.store.List(context.Background(), collect.Filter{Form: "review"}); len(got) != 1 || got[0].Fields["product"] != "velora-city" {
			t.Errorf("a review sent with another product's name was stored as %+v", got)
		}
	})
}

// TestSubmitOnce sends one submission twice with the same key, as the
// page's script does when an answer is lost: it is stored once, and both
// answers name the same submission.
func TestSubmitOnce(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, store collect.Store) {
		f := newServer(t, store, collect.Options{})
		send := func(key string) int64 {
			v := lead()
			v.Set("_k", key)
			req, _ := http.NewRequest("POST", f.srv.URL+"/forms/lead", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://velora.example")
			req.Header.Set("Accept", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var answer struct{ ID int64 }
			if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusCreated {
				t.Fatalf("post: %d %v", res.StatusCode, err)
			}
			return answer.ID
		}
		first, again, other := send("k1"), send("k1"), send("k2")
		if first != again || other == first {
			t.Errorf("ids %d, %d (same key), %d (another key)", first, again, other)
		}
		if subs, _ := store.List(context.Background(), collect.Filter{}); len(subs) != 2 {
			t.Errorf("stored %d submissions, want 2", len(subs))
		}
	}
	stores(t, func(t *testing.T, db *testDB) { check(t, db.open()) })
	t.Run("jsonl", func(t *testing.T) { check(t, collect.OpenJSONL(filepath.Join(t.TempDir(), "forms.jsonl"))) })
}

// TestRefusals covers every way a submission is refused or set aside.
func TestRefusals(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{PerMinute: 60, Burst: 3})
		cases := []struct {
			name   string
			values url.Values
			header map[string]string
			path   string
			status int
		}{
			{"WrongOrigin", lead(), map[string]string{"Origin": "https://evil.example"}, "/forms/lead", http.StatusForbidden},
			{"NoOriginWrongReferer", lead(), map[string]string{"Origin": "", "Referer": "https://evil.example/x"}, "/forms/lead", http.StatusForbidden},
			{"Oversize", func() url.Values { v := lead(); v.Set("message", strings.Repeat("x", 70<<10)); return v }(), nil, "/forms/lead", http.StatusRequestEntityTooLarge},
			{"MissingRequired", func() url.Values { v := lead(); v.Del("email"); return v }(), nil, "/forms/lead", http.StatusBadRequest},
			{"BadEmail", func() url.Values { v := lead(); v.Set("email", "not-an-email"); return v }(), nil, "/forms/lead", http.StatusBadRequest},
			{"BadPattern", func() url.Values { v := lead(); v.Set("phone", "abc"); return v }(), nil, "/forms/lead", http.StatusBadRequest},
			{"TooLong", func() url.Values { v := lead(); v.Set("name", strings.Repeat("n", 301)); return v }(), nil, "/forms/lead", http.StatusBadRequest},
			{"UnknownPage", func() url.Values { v := lead(); v.Set("page", "/nope/"); return v }(), nil, "/forms/lead", http.StatusBadRequest},
			{"WrongForm", lead(), nil, "/forms/review", http.StatusBadRequest},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f.now.Add(10_000) // keep the rate limit out of it
				if res := f.post(t, tc.path, tc.values, tc.header); res.StatusCode != tc.status {
					t.Errorf("status %d, want %d", res.StatusCode, tc.status)
				}
			})
		}
		if subs, _ := f.store.List(context.Background(), collect.Filter{}); len(subs) != 0 {
			t.Errorf("refused submissions were stored: %+v", subs)
		}

		// A filled honeypot and a form sent too fast are kept as spam, and
		// the sender is not told.
		f.now.Add(60_000)
		v := lead()
		v.Set("_gotcha", "http://spam.example")
		if res := f.post(t, "/forms/lead", v, nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("honeypot: %d", res.StatusCode)
		}
		v = lead()
		v.Set("_t", "500")
		if res := f.post(t, "/forms/lead", v, nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("too fast: %d", res.StatusCode)
		}
		v.Set("_t", "5000")
		f.post(t, "/forms/lead", v, nil)
		spam := true
		got, _ := f.store.List(context.Background(), collect.Filter{Spam: &spam})
		if len(got) != 2 || got[0].Reasons[0] != "honeypot filled" || !strings.HasPrefix(got[1].Reasons[0], "sent 500ms after") {
			t.Errorf("spam %+v", got)
		}
		notSpam := false
		if leads, _ := f.store.List(context.Background(), collect.Filter{Spam: &notSpam}); len(leads) != 1 {
			t.Errorf("a form filled in five seconds is not a lead: %+v", leads)
		}

		// The rate limit: a burst of 3, then 429 until a token comes back.
		f.now.Add(60_000)
		codes := []int{}
		for i := 0; i < 5; i++ {
			codes = append(codes, f.post(t, "/forms/lead", lead(), nil).StatusCode)
		}
		if fmt.Sprint(codes) != "[303 303 303 429 429]" {
			t.Errorf("rate limit: %v", codes)
		}
		f.now.Add(1_000)
		if c := f.post(t, "/forms/lead", lead(), nil).StatusCode; c != http.StatusSeeOther {
			t.Errorf("after a second: %d", c)
		}
	})
}

// TestClientAddress checks what the rate limit counts by: behind a proxy,
// the address the proxy saw, not what the client claims before it, even
// on a header line of its own; an IPv6 client's /64 network as one
// client; and, when the proxy's entry is no plain address, the proxy.
func TestClientAddress(t *testing.T) {
	t.Parallel()
	f := newServer(t, collect.OpenJSONL(filepath.Join(t.TempDir(), "forms.jsonl")), collect.Options{PerMinute: 60, Burst: 2, TrustProxy: true})
	cases := []struct {
		name string
		xff  [][]string // each request's header lines
		want string
	}{
		{"SpoofedFirstEntries", [][]string{{"10.0.0.1, 203.0.113.9"}, {"10.0.0.2, 203.0.113.9"}, {"10.0.0.3, 203.0.113.9"}}, "[303 303 429]"},
		// HAProxy's option forwardfor adds a line rather than extend the
		// client's.
		{"ProxyAddsALine", [][]string{{"10.0.0.1", "203.0.113.7"}, {"10.0.0.2", "203.0.113.7"}, {"10.0.0.3, 10.0.0.4", "203.0.113.7"}}, "[303 303 429]"},
		{"OneIPv6Network", [][]string{{"2001:db8::1"}, {"2001:db8::2"}, {"2001:db8::ffff:1"}}, "[303 303 429]"},
		{"DistinctClients", [][]string{{"198.51.100.1"}, {"198.51.100.2"}, {"198.51.100.3"}}, "[303 303 303]"},
		// A port changes with every connection: each would count anew.
		{"NoPlainAddress", [][]string{{"203.0.113.5:40001"}, {"203.0.113.5:40002"}, {"[2001:db8::5]:40003"}, {"unknown"}}, "[303 303 429 429]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var codes []int
			for _, xff := range tc.xff {
				codes = append(codes, f.postLines(t, "/forms/lead", lead(), http.Header{"X-Forwarded-For": xff}).StatusCode)
			}
			if fmt.Sprint(codes) != tc.want {
				t.Errorf("answers %v, want %s", codes, tc.want)
			}
		})
	}
}

// TestNotText sends values that are no text: a NUL or bytes that are not
// UTF-8, which PostgreSQL refuses in a text column, and sending keys
// unlike those the page's script makes. Each is a bad request (400), not
// an outage (503) that the page's script would send again, and nothing is
// stored.
func TestNotText(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{PerMinute: 600, Burst: 100})
		with := func(k, v string) url.Values {
			vs := lead()
			vs.Set(k, v)
			return vs
		}
		for _, tc := range []struct {
			name   string
			values url.Values
		}{
			{"KeyNUL", with("_k", "lw3k9\x00a")},
			{"KeyNotUTF8", with("_k", "lw3k9\xff")},
			{"KeyTooLong", with("_k", strings.Repeat("k", 65))},
			{"KeyPunctuation", with("_k", "lw3k9;drop")},
			{"NameNUL", with("name", "Ana\x00")},
			{"MessageNotUTF8", with("message", "caf\xe9")},
			{"HiddenNUL", with("utm_source", "ads\x00")},
			{"UnknownFieldNUL", with("x\x00", "y")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if res := f.post(t, "/forms/lead", tc.values, map[string]string{"Accept": "application/json"}); res.StatusCode != http.StatusBadRequest {
					t.Errorf("status %d, want 400", res.StatusCode)
				}
			})
		}
		for _, path := range []string{"/admin/submissions?form=lead%00", "/admin/submissions.csv?status=%FF", "/admin/people?email=ana%00@example.com"} {
			method := "GET"
			if strings.HasPrefix(path, "/admin/people") {
				method = "DELETE"
			}
			if code, body := f.admin(t, method, path, "s3cret-token"); code != http.StatusBadRequest {
				t.Errorf("%s %s: %d %s, want 400", method, path, code, body)
			}
		}
		if subs, _ := f.store.List(context.Background(), collect.Filter{}); len(subs) != 0 {
			t.Errorf("stored %+v", subs)
		}
		if res := f.post(t, "/forms/lead", with("_k", "lw3k9x2a-b_C"), nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a key of letters, digits, - and _: %d, want 303", res.StatusCode)
		}
	})
}

func (f *fixture) admin(t *testing.T, method, path, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode, string(b)
}

// pages lists submissions from path on, following each page's next, and
// returns them with the size of each page.
func (f *fixture) pages(t *testing.T, path string) ([]collect.Submission, []int) {
	t.Helper()
	var all []collect.Submission
	var sizes []int
	for path != "" {
		code, body := f.admin(t, "GET", path, "s3cret-token")
		var p collect.Page
		if err := json.Unmarshal([]byte(body), &p); code != 200 || err != nil {
			t.Fatalf("GET %s: %d %v\n%.300s", path, code, err, body)
		}
		if len(sizes) > 1000 {
			t.Fatalf("GET %s: still more after 1000 pages", path)
		}
		all, sizes, path = append(all, p.Submissions...), append(sizes, len(p.Submissions)), p.Next
	}
	return all, sizes
}

func TestAdmin(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{})
		f.post(t, "/forms/lead", lead(), nil)
		review := url.Values{"page": {"/share/"}, "product": {"velora-city"}, "rating": {"5"}, "title": {"=SUM(A1)"}, "review": {"Lovely; =HYPERLINK(1)"}, "name": {"Zoë"}}
		f.post(t, "/forms/review", review, nil)
		for _, tc := range []struct{ method, path, token string }{
			{"GET", "/admin/submissions", ""},
			{"GET", "/admin/submissions", "wrong"},
			{"GET", "/admin/submissions.csv", "s3cret-tokeN"},
			{"POST", "/admin/submissions/2/approve", ""},
			{"DELETE", "/admin/people?email=ana@example.com", "s3cret"},
			{"DELETE", "/admin/submissions/1", ""},
			{"GET", "/admin/anything", ""},
		} {
			if code, _ := f.admin(t, tc.method, tc.path, tc.token); code != http.StatusUnauthorized {
				t.Errorf("%s %s with token %q: %d, want 401", tc.method, tc.path, tc.token, code)
			}
		}
		subs, _ := f.pages(t, "/admin/submissions?form=review")
		if len(subs) != 1 {
			t.Fatalf("reviews: %+v", subs)
		}
		if code, _ := f.admin(t, "POST", fmt.Sprintf("/admin/submissions/%d/approve", subs[0].ID), "s3cret-token"); code != 200 {
			t.Errorf("approve: %d", code)
		}
		if approved, _ := f.pages(t, "/admin/submissions?form=review&status=approved"); len(approved) != 1 || approved[0].Status != collect.StatusApproved {
			t.Errorf("approved reviews: %+v", approved)
		}
		_, csv := f.admin(t, "GET", "/admin/submissions.csv", "s3cret-token")
		if !strings.HasPrefix(csv, "id,time,form,page,status,spam,") || !strings.Contains(csv, "'=SUM(A1)") || !strings.Contains(csv, "Lovely; '=HYPERLINK(1)") {
			t.Errorf("csv:\n%s", csv)
		}
		if code, body := f.admin(t, "DELETE", "/admin/people?email=ana@example.com", "s3cret-token"); code != 200 || !strings.Contains(body, `"erased":1`) {
			t.Errorf("erase: %d %s", code, body)
		}
		// A review carries no email: it is deleted by its id.
		if code, body := f.admin(t, "DELETE", fmt.Sprintf("/admin/submissions/%d", subs[0].ID), "s3cret-token"); code != 200 {
			t.Errorf("delete: %d %s", code, body)
		}
		if code, _ := f.admin(t, "DELETE", fmt.Sprintf("/admin/submissions/%d", subs[0].ID), "s3cret-token"); code != http.StatusNotFound {
			t.Errorf("delete again: %d, want 404", code)
		}
		if _, body := f.admin(t, "GET", "/admin/submissions?form=review", "s3cret-token"); strings.TrimSpace(body) != `{"data":[]}` {
			t.Errorf("after delete: %s", body)
		}
		if code, _ := f.admin(t, "GET", "/healthz", ""); code != 200 {
			t.Errorf("healthz: %d", code)
		}
	})
}

// TestAdminPages pages through the admin list: 100 submissions a page
// unless ?limit= says otherwise (up to 1000), each page naming the next
// while there is one, with the filters kept.
func TestAdminPages(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{})
		for i := range 105 {
			form, page := "lead", "/book/"
			if i%3 == 0 {
				form, page = "review", "/share/"
			}
			if _, err := f.store.Save(context.Background(), &collect.Submission{Form: form, Page: page, Status: collect.StatusNew, Fields: map[string]string{"n": fmt.Sprint(i)}}); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(subs []collect.Submission) []int64 {
			var out []int64
			for _, s := range subs {
				out = append(out, s.ID)
			}
			return out
		}
		all, sizes := f.pages(t, "/admin/submissions")
		if fmt.Sprint(sizes) != "[100 5]" || !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].ID < all[j].ID }) || all[0].Fields["n"] != "0" {
			t.Errorf("default pages: sizes %v, ids %v", sizes, ids(all))
		}
		reviews, sizes := f.pages(t, "/admin/submissions?form=review&limit=10")
		if fmt.Sprint(sizes) != "[10 10 10 5]" || reviews[34].Form != "review" {
			t.Errorf("reviews by 10: sizes %v", sizes)
		}
		code, body := f.admin(t, "GET", fmt.Sprintf("/admin/submissions?form=review&limit=10&after=%d", reviews[9].ID), "s3cret-token")
		var p collect.Page
		if json.Unmarshal([]byte(body), &p) != nil || code != 200 || p.Submissions[0].ID != reviews[10].ID ||
			p.Next != fmt.Sprintf("/admin/submissions?after=%d&form=review&limit=10", reviews[19].ID) {
			t.Errorf("the second page of reviews: %d %.200s, next %q", code, body, p.Next)
		}
		for _, q := range []string{"limit=0", "limit=1001", "limit=ten", "after=-1", "after=x"} {
			if code, body := f.admin(t, "GET", "/admin/submissions?"+q, "s3cret-token"); code != http.StatusBadRequest {
				t.Errorf("?%s: %d %.100s, want 400", q, code, body)
			}
		}
	})
}

// TestAdminCSV exports submissions: one column per field the visitor or
// the page sent, after the columns every submission has; the page's own
// page field is the page column, and the fields of the form's machinery
// (_next, _t, _k, the honeypot) are left out, also from submissions
// stored with them.
func TestAdminCSV(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{})
		old := map[string]string{"page": "/book/", "email": "old@example.com", "_next": "https://velora.example/thanks/lead/", "_t": "5400", "_gotcha": ""}
		if _, err := f.store.Save(context.Background(), &collect.Submission{Form: "lead", Page: "/book/", Status: collect.StatusNew, Fields: old}); err != nil {
			t.Fatal(err)
		}
		v := lead()
		v.Set("_t", "5000")
		v.Set("_next", "https://velora.example/thanks/lead/")
		v.Set("_k", "lw3k9x2a")
		f.post(t, "/forms/lead", v, nil)
		code, csv := f.admin(t, "GET", "/admin/submissions.csv?after=0", "s3cret-token")
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if want := "id,time,form,page,status,spam,email,name,product,stage,utm_source"; code != 200 || len(lines) != 3 || lines[0] != want {
			t.Errorf("csv: %d\n%s\nwant the header %s and 2 rows", code, csv, want)
		}
	})
}

// TestEraseLeavesNoTrace erases two people, one whose submission SQLite
// has copied into the database and one whose submission is still in the
// write-ahead log, then reads both files byte by byte: what they wrote
// must be gone from each, as with grep -a.
func TestEraseLeavesNoTrace(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "collect.db")
	open := func() collect.Store {
		s, err := collect.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	person := func(name, email, phone string) url.Values {
		v := lead()
		v.Set("name", name)
		v.Set("email", email)
		v.Set("phone", phone)
		return v
	}
	checkpointed := person("Wisława Quorn", "wislawa.quorn@example.com", "+48 601 777 313")
	logged := person("Teodor Brzask", "teodor.brzask@example.com", "+48 602 888 424")
	kept := person("Ottilie Farnsworth", "ottilie.farnsworth@example.com", "+44 20 7946 0018")

	store := open()
	f := newServer(t, store, collect.Options{})
	f.post(t, "/forms/lead", checkpointed, nil)
	store.Close() // the last connection checkpoints the log into the database
	f = newServer(t, open(), collect.Options{})
	f.post(t, "/forms/lead", kept, nil)
	f.post(t, "/forms/lead", logged, nil)
	for _, v := range []url.Values{checkpointed, logged} {
		if code, body := f.admin(t, "DELETE", "/admin/people?email="+url.QueryEscape(v.Get("email")), "s3cret-token"); code != 200 || !strings.Contains(body, `"erased":1`) {
			t.Fatalf("erase %s: %d %s", v.Get("email"), code, body)
		}
	}
	var files []byte
	for _, name := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		files = append(files, b...)
	}
	for _, v := range []url.Values{checkpointed, logged} {
		for _, k := range []string{"name", "email", "phone"} {
			if bytes.Contains(files, []byte(v.Get(k))) {
				t.Errorf("the erased %s %q is still on disk", k, v.Get(k))
			}
		}
	}
	if !bytes.Contains(files, []byte(kept.Get("email"))) {
		t.Error("the files do not hold the submission that was kept either: the test reads the wrong files")
	}
}

// TestUnavailable stops the database under a running collector: the
// visitor is asked to try again, nothing is acknowledged that was not
// stored, and the collector recovers when the database is back.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		store := opener(t, filepath.Join(t.TempDir(), "collect.db"))()
		// The file cannot be reached, and does not come back.
		unavailable(t, store, func() { store.Close() }, nil)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		// A server of its own, which the test stops.
		pg := pgtest.Start(t)
		unavailable(t, opener(t, pg.DSN)(), pg.Stop, func() {
			if err := pg.Start(); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// unavailable runs a collector on store, takes the database away with
// down, and checks the collector's answers; then, when up is not nil,
// brings it back with up and checks that the collector recovers.
func unavailable(t *testing.T, store collect.Store, down, up func()) {
	t.Helper()
	f := newServer(t, store, collect.Options{})
	down()
	res := f.post(t, "/forms/lead", lead(), nil)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("with the database down: %d, want 503 with Retry-After", res.StatusCode)
	}
	if res := f.post(t, "/forms/lead", lead(), map[string]string{"Accept": "application/json"}); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("script post with the database down: %d", res.StatusCode)
	}
	if code, _ := f.admin(t, "GET", "/healthz", ""); code != http.StatusServiceUnavailable {
		t.Errorf("healthz: %d, want 503", code)
	}
	if up == nil {
		return
	}
	up()
	var code int
	for i := 0; i < 50 && code != http.StatusSeeOther; i++ {
		f.now.Add(10_000)
		code = f.post(t, "/forms/lead", lead(), nil).StatusCode
		time.Sleep(100 * time.Millisecond)
	}
	if code != http.StatusSeeOther {
		t.Errorf("after the database came back: %d", code)
	}
}

var loadFor = flagDuration("load", 3*time.Second, "how long TestLoad sends submissions")

// maxWAL bounds SQLite's write-ahead log under load: the store's
// journal_size_limit. SQLite's own checkpoints keep it near 4 MB; without
// them it grows by about 20 KB a submission.
const maxWAL = 16 << 20

// TestLoad sends submissions from many concurrent clients for a while and
// checks that the store holds exactly as many as were acknowledged, and
// that SQLite's write-ahead log stays bounded. Run with -load 30s for the
// full test; it logs requests/s, p50 and p99 latency and the log's size.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a load test that sends submissions for -load (3 s) per store")
	}
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		f := newServer(t, db.open(), collect.Options{PerMinute: 1 << 30, Burst: 1 << 30})
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		var ok, failed atomic.Int64
		var mu sync.Mutex
		var lat []time.Duration
		deadline := time.Now().Add(*loadFor)
		var wg sync.WaitGroup
		for w := 0; w < 32; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var mine []time.Duration
				for i := 0; time.Now().Before(deadline); i++ {
					v := lead()
					v.Set("name", fmt.Sprintf("w%d-%d", w, i))
					req, _ := http.NewRequest("POST", f.srv.URL+"/forms/lead", strings.NewReader(v.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", "https://velora.example")
					start := time.Now()
					res, err := client.Do(req)
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					mine = append(mine, time.Since(start))
					if res.StatusCode < 400 {
						ok.Add(1)
					} else {
						failed.Add(1)
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}(w)
		}
		wg.Wait()
		if db.file != "" {
			wal, err := os.Stat(db.file + "-wal")
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("write-ahead log: %.1f MB", float64(wal.Size())/(1<<20))
			if wal.Size() > maxWAL {
				t.Errorf("the write-ahead log grew to %d bytes, want at most %d", wal.Size(), maxWAL)
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		subs, err := f.store.List(context.Background(), collect.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d acknowledged, %d failed in %s: %.0f requests/s, p50 %s, p99 %s; %d rows",
			ok.Load(), failed.Load(), *loadFor, float64(ok.Load())/loadFor.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100], len(subs))
		if int64(len(subs)) != ok.Load() {
			t.Errorf("%d rows for %d acknowledged submissions", len(subs), ok.Load())
		}
		// The admin API answers in pages and streams its CSV: all of them,
		// whatever their number.
		if listed, _ := f.pages(t, "/admin/submissions?limit=1000"); len(listed) != len(subs) {
			t.Errorf("the admin list holds %d of %d submissions", len(listed), len(subs))
		}
		_, csv := f.admin(t, "GET", "/admin/submissions.csv", "s3cret-token")
		if rows := strings.Count(csv, "\n") - 1; rows != len(subs) {
			t.Errorf("the CSV export holds %d of %d submissions", rows, len(subs))
		}
	})
}

// TestJSONLTornLine starts from a preview's file whose last save was cut
// short: the fragment is dropped, and saving goes on.
func TestJSONLTornLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "forms.jsonl")
	filetest.Write(t, path, `{"id":1,"form":"lead","status":"new","fields":{"email":"a@example.com"}}`+"\n"+`{"id":2,"form":"le`)
	s := collect.OpenJSONL(path)
	id, err := s.Save(context.Background(), &collect.Submission{Form: "lead", Status: collect.StatusNew, Fields: map[string]string{"email": "b@example.com"}})
	if err != nil || id != 2 {
		t.Fatalf("save after a torn line: %d %v", id, err)
	}
	all, err := s.List(context.Background(), collect.Filter{})
	if err != nil || len(all) != 2 || all[1].Fields["email"] != "b@example.com" {
		t.Errorf("list: %v %+v", err, all)
	}
}

package collect_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
)

const desktopUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// viewServer is a collector counting the views of /book/ (with a variant
// b) and /share/.
func viewServer(t *testing.T, store collect.Store) (*fixture, *collect.Server) {
	t.Helper()
	f := &fixture{store: store}
	f.now.Store(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC).UnixMilli())
	srv := collect.NewServer(collect.Options{
		Forms: forms(), Store: store, Origin: "https://velora.example", AdminToken: "s3cret-token",
		Views: store.(collect.ViewStore), Pages: []collect.ViewPage{{URL: "/book/", Variants: []string{"b"}}, {URL: "/share/"}}, TrustProxy: true,
		Now: func() time.Time { return time.UnixMilli(f.now.Load()) },
	})
	f.srv = newHTTPServer(t, srv.Handler())
	return f, srv
}

// beacon sends a view beacon as a browser at addr with user agent ua.
func (f *fixture) beacon(t *testing.T, v url.Values, addr, ua string) *http.Response {
	t.Helper()
	return f.post(t, "/views", v, map[string]string{"User-Agent": ua, "X-Forwarded-For": addr, "Content-Type": "text/plain;charset=UTF-8"})
}

func views(t *testing.T, s collect.Store) []collect.ViewCount {
	t.Helper()
	got, err := s.(collect.ViewStore).Views(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestViews(t *testing.T) {
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		store := db.open()
		f, srv := viewServer(t, store)
		ad := url.Values{"p": {"/book/"}, "s": {"Google"}, "c": {"autumn"}, "r": {"www.google.com"}}
		for _, b := range []struct {
			v        url.Values
			addr, ua string
		}{
			{ad, "203.0.113.7", desktopUA},
			{ad, "203.0.113.7", desktopUA}, // the same visitor again: a view, not a visitor
			{ad, "203.0.113.8", desktopUA},
			{url.Values{"p": {"/book/"}, "v": {"b"}, "r": {"duckduckgo.com"}}, "203.0.113.7", desktopUA},
			{url.Values{"p": {"/share/"}}, "203.0.113.7", desktopUA},
			// Not counted: bots, headless browsers, no user agent,
			// pages and variants the site does not have.
			{ad, "198.51.100.1", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
			{ad, "198.51.100.1", strings.Replace(desktopUA, "Chrome/", "HeadlessChrome/", 1)},
			{ad, "198.51.100.1", ""},
			{url.Values{"p": {"/admin/"}}, "198.51.100.1", desktopUA},
			{url.Values{"p": {"/book/"}, "v": {"c"}}, "198.51.100.1", desktopUA},
		} {
			res := f.beacon(t, b.v, b.addr, b.ua)
			if res.StatusCode != http.StatusNoContent || len(res.Cookies()) > 0 || res.Header.Get("Set-Cookie") != "" {
				t.Fatalf("beacon %v: %s, cookies %v", b.v, res.Status, res.Cookies())
			}
		}
		// Counted in memory, written in a batch.
		if got := views(t, store); len(got) != 0 {
			t.Fatalf("written before a flush: %+v", got)
		}
		if err := srv.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := []collect.ViewCount{
			{Day: "2026-11-23", Page: "/book/", Campaign: "autumn", Source: "google", Views: 3, Visitors: 2},
			{Day: "2026-11-23", Page: "/book/", Variant: "b", Source: "duckduckgo.com", Views: 1, Visitors: 1},
			{Day: "2026-11-23", Page: "/share/", Views: 1, Visitors: 1},
		}
		got := views(t, store)
		if len(got) != len(want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		// A second batch adds to the rows; the next day, the same
		// visitor is a visitor again.
		f.beacon(t, ad, "203.0.113.7", desktopUA)
		f.now.Add((24 * time.Hour).Milliseconds())
		f.beacon(t, ad, "203.0.113.7", desktopUA)
		srv.Flush(context.Background())
		got = views(t, store)
		if got[0].Views != 4 || got[0].Visitors != 2 || got[3].Day != "2026-11-24" || got[3].Visitors != 1 {
			t.Errorf("after a second batch: %+v", got)
		}
		// The admin API lists them from a day on.
		code, body := f.admin(t, "GET", "/admin/views?since=2026-11-24", "s3cret-token")
		if code != 200 || strings.Count(body, `"day"`) != 1 {
			t.Errorf("admin views: %d %s", code, body)
		}
		if code, _ := f.admin(t, "GET", "/admin/views", ""); code != http.StatusUnauthorized {
			t.Errorf("admin views without a token: %d", code)
		}
	})
}

// TestViewsKeepNothingIdentifying looks through the stored bytes for the
// visitors' addresses and user agents: neither is kept, in any form the
// eye can find.
func TestViewsKeepNothingIdentifying(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/collect.db"
	store := opener(t, path)()
	f, srv := viewServer(t, store)
	ua := strings.Replace(desktopUA, "131.0.0.0", "131.0.6778.85", 1)
	for range 5 {
		f.beacon(t, url.Values{"p": {"/book/"}, "r": {"news.example"}}, "192.0.2.77", ua)
	}
	if err := srv.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	store.Close()
	for _, name := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, secret := range []string{"192.0.2.77", "131.0.6778.85", "Mozilla"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
}

// TestViewValuesAreCut sends hostile values: long, control characters,
// markup as a referrer host. They are cut or dropped, never kept whole.
func TestViewValuesAreCut(t *testing.T) {
	t.Parallel()
	store := opener(t, t.TempDir()+"/collect.db")()
	f, srv := viewServer(t, store)
	f.beacon(t, url.Values{"p": {"/book/"}, "c": {strings.Repeat("é", 100)}, "r": {"<script>alert(1)</script>"}}, "192.0.2.1", desktopUA)
	f.beacon(t, url.Values{"p": {"/share/"}, "c": {"a\x00b"}, "s": {"x\ny"}}, "192.0.2.1", desktopUA)
	big := url.Values{"p": {"/book/"}, "c": {strings.Repeat("x", 4<<10)}}
	if res := f.beacon(t, big, "192.0.2.1", desktopUA); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an oversized beacon: %s", res.Status)
	}
	srv.Flush(context.Background())
	got := views(t, store)
	if len(got) != 2 || got[0].Campaign != strings.Repeat("é", 32) || got[0].Source != "" || got[1].Campaign != "" || got[1].Source != "" {
		t.Errorf("hostile values kept: %+v", got)
	}
	// Another site's pages cannot count views here.
	res := f.post(t, "/views", url.Values{"p": {"/book/"}}, map[string]string{"Origin": "https://evil.example", "User-Agent": desktopUA})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("a beacon from another origin: %s", res.Status)
	}
}

// flaky is a view store whose writes fail while down is set.
type flaky struct {
	collect.ViewStore
	down bool
}

func (f *flaky) AddViews(ctx context.Context, c []collect.ViewCount) error {
	if f.down {
		return collect.ErrUnavailable
	}
	return f.ViewStore.AddViews(ctx, c)
}

// TestViewsKeptWhenStoreIsDown: counts a write could not store are tried
// again with the next batch, not lost.
func TestViewsKeptWhenStoreIsDown(t *testing.T) {
	t.Parallel()
	store := opener(t, t.TempDir()+"/collect.db")()
	fl := &flaky{ViewStore: store.(collect.ViewStore), down: true}
	srv := collect.NewServer(collect.Options{Store: store, Views: fl, Pages: []collect.ViewPage{{URL: "/book/"}}, Origin: "https://velora.example", TrustProxy: true})
	f := &fixture{srv: newHTTPServer(t, srv.Handler()), store: store}
	f.beacon(t, url.Values{"p": {"/book/"}}, "192.0.2.1", desktopUA)
	if err := srv.Flush(context.Background()); err == nil {
		t.Fatal("a store that is down took the views")
	}
	f.beacon(t, url.Values{"p": {"/book/"}}, "192.0.2.2", desktopUA)
	fl.down = false
	if err := srv.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := views(t, store); len(got) != 1 || got[0].Views != 2 || got[0].Visitors != 2 {
		t.Errorf("views %+v", got)
	}
}

// TestRunFlushes: Run writes the counts every FlushEvery, and what
// remains when it is stopped.
func TestRunFlushes(t *testing.T) {
	t.Parallel()
	store := opener(t, t.TempDir()+"/collect.db")()
	srv := collect.NewServer(collect.Options{Store: store, Views: store.(collect.ViewStore), Pages: []collect.ViewPage{{URL: "/book/"}}, Origin: "https://velora.example", TrustProxy: true, FlushEvery: 50 * time.Millisecond})
	f := &fixture{srv: newHTTPServer(t, srv.Handler()), store: store}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Run(ctx); close(done) }()
	f.beacon(t, url.Values{"p": {"/book/"}}, "192.0.2.1", desktopUA)
	deadline := time.Now().Add(5 * time.Second)
	for len(views(t, store)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	f.beacon(t, url.Values{"p": {"/book/"}}, "192.0.2.2", desktopUA)
	cancel()
	<-done
	if got := views(t, store); len(got) != 1 || got[0].Views != 2 {
		t.Errorf("views after Run ended: %+v", got)
	}
}

func newHTTPServer(t *testing.T, h http.Handler) *httptest.Server {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// TestViewLoad sends view beacons from 32 clients at once for -load (3 s)
// per store, on loopback, with the server writing its batches every
// 100 ms meanwhile, and then finds in the store exactly as many views as
// beacons were acknowledged. Run with -load 30s for a longer run.
func TestViewLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a load test that sends beacons for -load (3 s) per store")
	}
	t.Parallel()
	stores(t, func(t *testing.T, db *testDB) {
		store := db.open()
		srv := collect.NewServer(collect.Options{Store: store, Views: store.(collect.ViewStore), Pages: []collect.ViewPage{{URL: "/book/", Variants: []string{"b"}}}, Origin: "https://velora.example", TrustProxy: true, FlushEvery: 100 * time.Millisecond})
		hs := newHTTPServer(t, srv.Handler())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { srv.Run(ctx); close(done) }()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		var acked, failed atomic.Int64
		var mu sync.Mutex
		var lat []time.Duration
		deadline := time.Now().Add(*loadFor)
		var wg sync.WaitGroup
		for w := range 32 {
			wg.Go(func() {
				var mine []time.Duration
				for i := 0; time.Now().Before(deadline); i++ {
					v := url.Values{"p": {"/book/"}, "s": {fmt.Sprintf("s%d", i%7)}}
					if i%2 == 1 {
						v.Set("v", "b")
					}
					req, _ := http.NewRequest("POST", hs.URL+"/views", strings.NewReader(v.Encode()))
					req.Header.Set("Origin", "https://velora.example")
					req.Header.Set("User-Agent", desktopUA)
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.0.%d.%d", w, i%250))
					start := time.Now()
					res, err := client.Do(req)
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					mine = append(mine, time.Since(start))
					if res.StatusCode == http.StatusNoContent {
						acked.Add(1)
					} else {
						failed.Add(1)
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
		}
		wg.Wait()
		cancel()
		<-done
		var stored int64
		for _, c := range views(t, store) {
			stored += c.Views
		}
		slices.Sort(lat)
		if len(lat) == 0 {
			t.Fatal("no beacon answered")
		}
		t.Logf("%d beacons acknowledged, %d failed in %s: %.0f/s, p50 %s, p99 %s; %d views stored",
			acked.Load(), failed.Load(), *loadFor, float64(acked.Load())/loadFor.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100], stored)
		if stored != acked.Load() || failed.Load() > 0 {
			t.Errorf("%d acknowledged, %d stored, %d failed", acked.Load(), stored, failed.Load())
		}
	})
}

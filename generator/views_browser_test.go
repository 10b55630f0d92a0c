package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

// desktopUA is an ordinary desktop Chrome's user agent: headless
// Chromium's own says HeadlessChrome, which the collector does not count.
const desktopUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36"

// TestViewBeacons opens a landing page of the example, built with its
// forms and views going to a running journey collect, three times (twice
// on variant b) and sends its form once from b. Each load sends exactly
// one beacon, after the page has loaded; with JavaScript off, none. After
// journey metrics pull and a build, metrics.json shows the views, the
// lead and the conversion per variant; the collector's database holds no
// address and no user agent, and the browser holds no cookie.
func TestViewBeacons(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	src := copyExample(t)
	dest, team := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "team")
	base := browser.Serve(t, dest)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	collector := "http://" + addr
	filetest.Replace(t, filepath.Join(src, "journey.toml"), `provider = "netlify"`, fmt.Sprintf("provider = \"collect\"\nendpoint = %q", collector))
	opts := generator.Options{Source: src, Dest: dest, TeamDest: team, Minify: true, BaseURL: base + "/", Theme: journey.DefaultTheme()}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "collect.db")
	collectCtx, stop := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- generator.Collect(collectCtx, generator.CollectOptions{
			Options: opts, DB: db, Listen: addr, Log: slog.New(slog.DiscardHandler), Ready: ready,
		})
	}()
	stopped := false
	stopCollect := func() {
		if stopped {
			return
		}
		stopped = true
		stop()
		if err := <-done; err != nil {
			t.Errorf("collect: %v", err)
		}
	}
	t.Cleanup(stopCollect)
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("collect: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the collector did not start")
	}

	var mu sync.Mutex
	var beacons []string // mu guards beacons: the pages that sent one, in order
	var loaded []time.Time
	chromedp.ListenTarget(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok && ev.Request.URL == collector+"/views" {
			mu.Lock()
			beacons = append(beacons, ev.DocumentURL)
			loaded = append(loaded, time.Now())
			mu.Unlock()
		}
	})
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(beacons)
	}
	if err := chromedp.Run(ctx, network.Enable(), emulation.SetUserAgentOverride(desktopUA)); err != nil {
		t.Fatal(err)
	}
	visit := func(path string, extra ...chromedp.Action) {
		t.Helper()
		before := count()
		// The tabs of the shared browser are background tabs, hidden:
		// the beacon waits until its page is shown.
		steps := append([]chromedp.Action{chromedp.Navigate(base + path), page.BringToFront()}, extra...)
		if err := chromedp.Run(ctx, steps...); err != nil {
			t.Fatalf("visit %s: %v", path, err)
		}
		for end := time.Now().Add(10 * time.Second); count() == before && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		}
		// Time for a second beacon, which must not come.
		time.Sleep(300 * time.Millisecond)
		if n := count() - before; n != 1 {
			t.Errorf("%s sent %d beacons, want 1", path, n)
		}
	}
	visit("/ride-past-the-traffic/?utm_source=ads&utm_campaign=autumn")
	visit("/ride-past-the-traffic/b/?utm_source=ads&utm_campaign=autumn")
	visit("/ride-past-the-traffic/b/",
		chromedp.SendKeys(`#f-email`, "ana@example.com", chromedp.ByQuery),
		chromedp.SendKeys(`#f-city`, "Lisbon", chromedp.ByQuery),
		chromedp.Sleep(2100*time.Millisecond),
		chromedp.Click(`#form .form-submit button`, chromedp.ByQuery),
		chromedp.WaitVisible(`body.kind-thanks`, chromedp.ByQuery),
	)
	// The thank-you page is no landing page: it sent none. With
	// JavaScript off, a landing page sends none and still shows its form.
	if err := chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(true)); err != nil {
		t.Fatal(err)
	}
	before := count()
	var forms int
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/ride-past-the-traffic/"), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(false), chromedp.Evaluate(`document.forms.length`, &forms)); err != nil {
		t.Fatal(err)
	}
	if count() != before || forms == 0 {
		t.Errorf("with JavaScript off: %d beacons, %d forms; want none and the form", count()-before, forms)
	}
	var cookies []*network.Cookie
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cookies, err = network.GetCookies().WithURLs([]string{collector, base}).Do(ctx)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if len(cookies) > 0 {
		t.Errorf("cookies set: %+v", cookies)
	}

	// Stopped, the collector writes what it counted.
	stopCollect()
	for _, f := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, secret := range []string{"127.0.0.1", "6778.85", "Mozilla"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", f, secret)
			}
		}
	}
	if _, _, err := generator.PullMetrics(context.Background(), generator.MetricsPullOptions{PullOptions: generator.PullOptions{Source: src, DB: db}, Theme: journey.DefaultTheme()}); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Pages []struct {
			Page, Variant          string
			Views, Visitors, Leads int64
			Conversion             *float64
		}
	}
	if err := json.Unmarshal(filetest.Read(t, filepath.Join(team, "metrics.json")), &m); err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, p := range m.Pages {
		c := "null"
		if p.Conversion != nil {
			c = fmt.Sprint(*p.Conversion)
		}
		summary = append(summary, fmt.Sprintf("%s/%s views=%d visitors=%d leads=%d conversion=%s", p.Page, p.Variant, p.Views, p.Visitors, p.Leads, c))
	}
	// The two visits of b came from an ad and then directly: a visitor
	// is unique per campaign and source, so they count as two.
	want := "ride-past-the-traffic/ views=1 visitors=1 leads=0 conversion=0\nride-past-the-traffic/b views=2 visitors=2 leads=1 conversion=0.5"
	if got := strings.Join(summary, "\n"); got != want {
		t.Errorf("metrics.json:\n%s\nwant\n%s", got, want)
	}
	dash := string(filetest.Read(t, filepath.Join(team, "index.html")))
	if !strings.Contains(dash, "Not enough data yet") || !strings.Contains(dash, "50%") {
		t.Errorf("the dashboard does not show the measured numbers")
	}
}

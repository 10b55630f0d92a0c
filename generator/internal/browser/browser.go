// Package browser drives Debian's headless Chromium for tests, through
// chromedp, and serves built sites to it on loopback.
//
// The tests of a package share one Chromium (see Shared) and each opens
// tabs of its own in it. On a machine without Chromium a browser test is
// skipped, unless JOURNEY_BROWSER=require (as in CI), which makes a
// missing browser a failure.
package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary: $CHROME_PATH, else chromium on PATH.
func Path() (string, bool) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// tabTimeout bounds what one test does in its tab, so that a page that
// never loads fails the test instead of hanging the run.
const tabTimeout = 60 * time.Second

// Shared is one headless Chromium for the tests of a package. The first
// test that asks for a tab starts it, and Close, which the package's
// TestMain calls once the tests are done, stops it.
//
// Each test gets tabs of its own; tests may run in parallel. The tabs are
// background tabs of one window, in one profile: a browser context and a
// window of its own for each test doubled the CPU time the browser tests
// take. They share no state a site keeps: a tab's
// pages, history and session storage are its own; a tab loads nothing from
// the cache; and when it closes, everything stored for the origins it
// visited is cleared. Each test serves its sites on ports of its own, so
// on origins of its own. Cookies belong to a host, not to a port: a test
// must not count on a cookie of 127.0.0.1 outliving another test.
//
// The zero Shared is ready to use.
type Shared struct {
	once sync.Once
	// Set by once, read only afterwards:
	first   context.Context // the tab that owns the browser
	stop    func()          // closes the browser and its allocator
	profile string          // the browser's user data folder
	err     error           // why the browser did not start
}

// Tab returns a chromedp context on a new tab, which closes when tb ends.
// It starts the browser if no test has.
func (s *Shared) Tab(tb testing.TB) context.Context {
	tb.Helper()
	path, ok := Path()
	if !ok {
		if os.Getenv("JOURNEY_BROWSER") == "require" {
			tb.Fatal("no Chromium found (install Debian's chromium or set CHROME_PATH)")
		}
		tb.Skip("no Chromium: browser tests skipped (set JOURNEY_BROWSER=require to fail instead)")
	}
	s.once.Do(func() { s.start(path) })
	if s.err != nil {
		tb.Fatalf("start chromium: %v", s.err)
	}
	tab, closeTab := chromedp.NewContext(s.first)
	var mu sync.Mutex
	origins := map[string]bool{} // mu guards origins
	chromedp.ListenTarget(tab, func(ev any) {
		if ev, ok := ev.(*page.EventFrameNavigated); ok && strings.HasPrefix(ev.Frame.SecurityOrigin, "http") {
			mu.Lock()
			origins[ev.Frame.SecurityOrigin] = true
			mu.Unlock()
		}
	})
	tb.Cleanup(func() {
		defer closeTab()
		mu.Lock()
		defer mu.Unlock()
		clearing, stop := context.WithTimeout(tab, 10*time.Second)
		defer stop()
		for origin := range origins {
			if err := chromedp.Run(clearing, storage.ClearDataForOrigin(origin, "all")); err != nil {
				tb.Errorf("clear what %s stored: %v", origin, err)
			}
		}
	})
	// The tab lives as long as the test; the test's actions, at most
	// tabTimeout.
	if err := chromedp.Run(tab, network.SetCacheDisabled(true)); err != nil {
		tb.Fatalf("open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, tabTimeout)
	tb.Cleanup(cancel)
	return ctx
}

// start starts Chromium at path with an empty profile.
func (s *Shared) start(path string) {
	s.profile, s.err = os.MkdirTemp("", "journey-chromium-")
	if s.err != nil {
		return
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(s.profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		// Tests run side by side in background tabs: none of them is
		// throttled.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
	)
	first, cancel := chromedp.NewContext(actx)
	s.first = first
	s.stop = func() {
		cancel()
		cancelAlloc()
	}
	s.err = chromedp.Run(first)
}

// Close stops the browser, if a test started it, and removes its profile.
func (s *Shared) Close() {
	s.once.Do(func() {}) // no test started it: none may now
	if s.stop != nil {
		s.stop()
	}
	if s.profile != "" {
		// Chromium has exited: the allocator waits for it.
		_ = os.RemoveAll(s.profile)
	}
}

// Serve serves the folder dir on 127.0.0.1 until the test ends and
// returns its URL.
func Serve(tb testing.TB, dir string) string {
	tb.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	tb.Cleanup(srv.Close)
	return srv.URL
}

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
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
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
// TestMain calls once the tests are done, stops it. Each tab is in a
// browser context of its own, like a private window: tests share no
// page, cookie, storage or cache, and may run in parallel.
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

// Tab returns a chromedp context on a new tab, in a browser context of its
// own, which closes when tb ends. It starts the browser if no test has.
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
	// chromedp's WithNewBrowserContext opens its tab without a window of
	// its own, which headless Chromium refuses in a new browser context:
	// make both here and let chromedp attach to the tab.
	browser := cdp.WithExecutor(s.first, chromedp.FromContext(s.first).Browser)
	bctx, err := target.CreateBrowserContext().Do(browser)
	if err != nil {
		tb.Fatalf("new browser context: %v", err)
	}
	tb.Cleanup(func() {
		if err := target.DisposeBrowserContext(bctx).Do(browser); err != nil {
			tb.Errorf("dispose of the browser context: %v", err)
		}
	})
	id, err := target.CreateTarget("about:blank").WithBrowserContextID(bctx).WithNewWindow(true).Do(browser)
	if err != nil {
		tb.Fatalf("new tab: %v", err)
	}
	ctx, cancel := chromedp.NewContext(s.first, chromedp.WithTargetID(id))
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	tb.Cleanup(func() {
		cancelTimeout()
		cancel() // closes the tab
	})
	if err := chromedp.Run(ctx); err != nil {
		tb.Fatalf("attach to the tab: %v", err)
	}
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
		// Tests run side by side in windows of their own: none of them
		// is in the background.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
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

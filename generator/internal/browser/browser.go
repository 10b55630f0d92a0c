// Package browser starts Debian's headless Chromium for tests, through
// chromedp, and serves built sites to it on loopback.
//
// A test that needs a browser calls New; on a machine without Chromium the
// test is skipped, unless JOURNEY_BROWSER=require (as in CI), which makes
// a missing browser a failure.
package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

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

// Options change the browser.
type Options struct {
	// NoJS turns JavaScript off.
	NoJS bool
}

// New starts a headless Chromium for tb and returns a chromedp context
// on a fresh tab, cancelled when the test ends.
func New(tb testing.TB, opts Options) context.Context {
	tb.Helper()
	path, ok := Path()
	if !ok {
		if os.Getenv("JOURNEY_BROWSER") == "require" {
			tb.Fatal("no Chromium found (install Debian's chromium or set CHROME_PATH)")
		}
		tb.Skip("no Chromium: browser tests skipped (set JOURNEY_BROWSER=require to fail instead)")
	}
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	profile, err := os.MkdirTemp("", "journey-chromium-")
	if err != nil {
		tb.Fatal(err)
	}
	flags = append(flags, chromedp.UserDataDir(profile))
	if opts.NoJS {
		flags = append(flags, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), flags...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	tb.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
		// Chromium may still be writing its profile as it exits.
		_ = os.RemoveAll(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Serve serves the folder dir on 127.0.0.1 until the test ends and
// returns its URL.
func Serve(tb testing.TB, dir string) string {
	tb.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	tb.Cleanup(srv.Close)
	return srv.URL
}

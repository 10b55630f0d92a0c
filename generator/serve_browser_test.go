package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/scaffold"
	"github.com/journey-ssg/journey/internal/filetest"
)

// startPreview runs generator.Serve on a copy of the example site and
// returns the site's folder and the base URLs of the campaign site and the
// team workspace.
func startPreview(t *testing.T) (site, campaign, team string) {
	t.Helper()
	log := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	site = filepath.Join(t.TempDir(), "site")
	if err := scaffold.Site(site, journey.Example()); err != nil {
		t.Fatal(err)
	}
	filetest.Mkdir(t, filepath.Join(site, "assets", "css"))
	ctx, cancel := context.WithCancel(context.Background())
	ready, teamReady := make(chan string, 1), make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- generator.Serve(ctx, generator.ServeOptions{
			Options: generator.Options{Source: site, Theme: journey.DefaultTheme(), Minify: true},
			Bind:    "127.0.0.1", Port: 0, Log: log, Ready: ready, TeamReady: teamReady,
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return site, "http://" + addr + "/", "http://" + <-teamReady + "/"
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", "", ""
}

// poll evaluates expr in the page until it is true or the time is up,
// riding out the page's reloads.
func poll(ctx context.Context, expr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		err := chromedp.Evaluate(expr, &ok).Do(ctx)
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waited 10 s for %s (last error: %v)", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestLiveReloadInBrowser checks, in Chromium, that a page reloads after
// its content changes and keeps its scroll position, that a stylesheet
// change applies without a reload, and that a failed build shows its
// errors over the page until the next good build.
func TestLiveReloadInBrowser(t *testing.T) {
	t.Parallel()
	site, _, base := startPreview(t)
	ctx := chromium.Tab(t)
	persona := filepath.Join(site, "content", "personas", "zoe-martin.md")
	orig := filetest.Read(t, persona)
	write := func(p, s string) {
		t.Helper()
		filetest.Write(t, p, s)
	}
	var y float64
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1000, 700),
		chromedp.Navigate(base+"personas/zoe-martin/"),
		chromedp.Evaluate(`window.marker = 1; window.scrollTo(0, 600); window.scrollY`, &y),
		chromedp.ActionFunc(func(ctx context.Context) error {
			// The live-reload stream is open before the edit.
			if err := poll(ctx, `window.journeyLive === true`); err != nil {
				return err
			}
			write(persona, strings.Replace(string(orig), "Zoë Martín", "Zoë Reloaded", 1))
			return poll(ctx, `document.querySelector("h1") && document.querySelector("h1").textContent.includes("Zoë Reloaded")`)
		}),
	)
	if err != nil {
		t.Fatalf("reload after an edit: %v", err)
	}
	var marker bool
	var after float64
	chromedp.Run(ctx, chromedp.Evaluate(`window.marker === 1`, &marker), chromedp.Evaluate(`window.scrollY`, &after))
	if marker {
		t.Error("the page changed without a reload")
	}
	if y < 100 || after < y-5 || after > y+5 {
		t.Errorf("scroll position %v before the reload, %v after", y, after)
	}

	// A stylesheet change swaps the inline styles in place.
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`window.marker = 2`, nil),
		chromedp.ActionFunc(func(ctx context.Context) error {
			write(filepath.Join(site, "assets", "css", "persona.css"), "body { outline: 7px solid rgb(1, 2, 3); }")
			return poll(ctx, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
		}),
		chromedp.Evaluate(`window.marker === 2`, &marker),
	)
	if err != nil {
		t.Fatalf("stylesheet change: %v", err)
	}
	if !marker {
		t.Error("a stylesheet change reloaded the page")
	}

	// A broken build shows its errors; the fix removes them.
	var overlay string
	err = chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			write(persona, "+++\nname = \"Broken\n+++\n")
			return poll(ctx, `!!document.getElementById("journey-errors")`)
		}),
		chromedp.Text("#journey-errors", &overlay, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			write(persona, string(orig))
			return poll(ctx, `!document.getElementById("journey-errors") && document.querySelector("h1").textContent.includes("Zoë Martín")`)
		}),
	)
	if err != nil {
		t.Fatalf("error overlay: %v", err)
	}
	if !strings.Contains(overlay, "content/personas/zoe-martin.md:2:") {
		t.Errorf("overlay %q lacks the error's file and line", overlay)
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

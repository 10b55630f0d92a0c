package generator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestCollectLoop runs the whole loop of the collect provider: the example,
// built with its forms posting to a running journey collect, is opened in
// a browser; a lead is sent and the browser ends on the thank-you page
// with the lead in the collector; a review is sent, is not published while
// it waits for moderation, and appears on its product's page once it is
// approved through the admin API, pulled with journey reviews pull and
// the site rebuilt.
func TestCollectLoop(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	src := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	base := browser.Serve(t, dest)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	collector := "http://" + addr
	filetest.Replace(t, filepath.Join(src, "journey.toml"), `provider = "netlify"`, fmt.Sprintf("provider = \"collect\"\nendpoint = %q", collector))
	opts := generator.Options{Source: src, Dest: dest, Minify: true, BaseURL: base + "/", Theme: journey.DefaultTheme()}
	rebuild := func() {
		t.Helper()
		if _, err := generator.Build(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
	}
	rebuild()

	const token = "s3cret-token"
	collectCtx, stop := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- generator.Collect(collectCtx, generator.CollectOptions{
			Options: opts, DB: filepath.Join(t.TempDir(), "collect.db"), Listen: addr, Token: token,
			Log: slog.New(slog.DiscardHandler), Ready: ready,
		})
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("collect: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("collect: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the collector did not start")
	}

	send := func(path, thanks string, fill ...chromedp.Action) {
		t.Helper()
		var location string
		steps := append([]chromedp.Action{chromedp.Navigate(base + path + "?utm_source=ads")}, fill...)
		steps = append(steps,
			// A person takes more than the collector's two seconds.
			chromedp.Sleep(2100*time.Millisecond),
			chromedp.Click(`#form .form-submit button`, chromedp.ByQuery),
			chromedp.WaitVisible(`body.kind-thanks`, chromedp.ByQuery),
			chromedp.Location(&location),
		)
		if err := chromedp.Run(ctx, steps...); err != nil {
			t.Fatalf("submit %s: %v", path, err)
		}
		if location != base+thanks {
			t.Errorf("ended on %s, want the thank-you page %s", location, base+thanks)
		}
	}
	send("/book-a-test-ride/", "/thanks/lead/decision/",
		chromedp.SendKeys(`#f-name`, "Ana Lúcia", chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, "ana@example.com", chromedp.ByQuery),
	)
	leads := adminList(t, collector, token, "lead")
	if len(leads) != 1 || leads[0].Fields["email"] != "ana@example.com" || leads[0].Spam || leads[0].Fields["utm_source"] != "ads" {
		t.Fatalf("the collector holds %+v, want the lead from ana@example.com with its campaign", leads)
	}

	const title, text = "Forty minutes became twenty", "My commute halved and I arrive without a sweat."
	send("/share-your-ride/", "/thanks/review/advocacy/",
		chromedp.Click(`#form input[name="rating"][value="5"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-title`, title, chromedp.ByQuery),
		chromedp.SendKeys(`#f-review`, text, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "Ana Lúcia", chromedp.ByQuery),
	)
	reviews := adminList(t, collector, token, "review")
	if len(reviews) != 1 || reviews[0].Status != collect.StatusNew {
		t.Fatalf("the collector holds %+v, want one new review", reviews)
	}
	product := func() string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dest, "products", "velora-city", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pull := func() {
		t.Helper()
		if _, err := generator.PullReviews(context.Background(), generator.PullOptions{Source: src, From: collector, Token: token}); err != nil {
			t.Fatal(err)
		}
		rebuild()
	}
	pull()
	if strings.Contains(product(), title) {
		t.Fatal("a review is published before it is approved")
	}
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/admin/submissions/%d/approve", collector, reviews[0].ID), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("approve: %v %v", err, res)
	}
	res.Body.Close()
	pull()
	var shown string
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/products/velora-city/"), chromedp.Text(`body`, &shown, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, title) || !strings.Contains(shown, text) {
		t.Errorf("the approved review is not on the product page after a pull and a rebuild")
	}
	if !strings.Contains(product(), `"reviewBody":"`+text+`"`) {
		t.Errorf("the approved review is not in the product's structured data")
	}
}

// adminList lists the form's submissions, which fit on the admin list's
// first page.
func adminList(t *testing.T, collector, token, form string) []collect.Submission {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, collector+"/admin/submissions?form="+form, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var page collect.Page
	if err := json.Unmarshal(b, &page); err != nil || page.Next != "" {
		t.Fatalf("%s: %v", b, err)
	}
	return page.Submissions
}

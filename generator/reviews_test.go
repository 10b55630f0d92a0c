package generator_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestPullReviews pulls reviews straight from a collector's database: only
// approved, non-spam reviews of products the site has, with a rating the
// build accepts, are written, and the next build publishes them.
func TestPullReviews(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	dbPath := filepath.Join(t.TempDir(), "collect.db")
	store, err := collect.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	review := func(product, rating, text string) map[string]string {
		return map[string]string{"product": product, "rating": rating, "title": "Title " + text, "review": text, "name": "Rita"}
	}
	for _, tc := range []struct {
		fields  map[string]string
		approve bool
		spam    bool
	}{
		{review("velora-city", "5", `The one to publish, "quoted" & <b>bold</b>`), true, false},
		{review("velora-city", "4", "Not approved yet"), false, false},
		{review("velora-city", "5", "Approved spam"), true, true},
		{review("no-such-bike", "5", "Of no product"), true, false},
		{review("../../journey", "5", "Climbing out"), true, false},
		{review("velora-city", "", "Without a rating"), true, false},
	} {
		id, err := store.Save(context.Background(), &collect.Submission{Time: when, Form: "review", Page: "/share-your-ride/", Status: collect.StatusNew, Spam: tc.spam, Fields: tc.fields})
		if err != nil {
			t.Fatal(err)
		}
		if tc.approve {
			store.SetStatus(context.Background(), id, collect.StatusApproved)
		}
	}
	store.Close()

	// A mistyped database path is an error, and leaves the files alone.
	old := filepath.Join(src, "content", "reviews", "collected-velora-flex.toml")
	filetest.Write(t, old, "# pulled before\n")
	if _, err := generator.PullReviews(context.Background(), generator.PullOptions{Source: src, DB: dbPath + ".typo"}); err == nil {
		t.Error("a database path that does not exist was accepted")
	}
	if _, err := os.Stat(dbPath + ".typo"); err == nil {
		t.Error("a mistyped database path was created")
	}
	if _, err := os.Stat(old); err != nil {
		t.Error("a failed pull removed a review file")
	}

	files, err := generator.PullReviews(context.Background(), generator.PullOptions{Source: src, DB: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != "collected-velora-city.toml" {
		t.Fatalf("wrote %v", files)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("a review file of a product with no approved reviews left is still there")
	}
	b, _ := os.ReadFile(files[0])
	if n := strings.Count(string(b), "[[review]]"); n != 1 || !strings.Contains(string(b), "The one to publish") {
		t.Errorf("collected-velora-city.toml holds %d reviews:\n%s", n, b)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Theme: journey.DefaultTheme()}); err != nil {
		t.Fatalf("build with the pulled reviews: %v", err)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "products", "velora-city", "index.html"))
	if !strings.Contains(string(page), "The one to publish, &#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;") {
		t.Error("the product page does not show the pulled review, escaped")
	}
}

// TestPullReviewsFrom pulls reviews through a running collector's admin
// API, which answers a page at a time: every approved review arrives.
func TestPullReviewsFrom(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	store, err := collect.Open(context.Background(), filepath.Join(t.TempDir(), "collect.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i := range 150 {
		status := collect.StatusApproved
		if i%10 == 0 {
			status = collect.StatusNew
		}
		fields := map[string]string{"product": "velora-city", "rating": "5", "title": "Ride " + strconv.Itoa(i), "review": "Fine", "name": "Rita"}
		if _, err := store.Save(context.Background(), &collect.Submission{Form: "review", Page: "/share-your-ride/", Status: status, Fields: fields}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(collect.NewServer(collect.Options{Store: store, AdminToken: "s3cret-token"}).Handler())
	defer srv.Close()
	if _, err := generator.PullReviews(context.Background(), generator.PullOptions{Source: src, From: srv.URL, Token: "wrong"}); err == nil {
		t.Error("a wrong token pulled reviews")
	}
	files, err := generator.PullReviews(context.Background(), generator.PullOptions{Source: src, From: srv.URL, Token: "s3cret-token"})
	if err != nil || len(files) != 1 {
		t.Fatalf("pull: %v %v", files, err)
	}
	b, _ := os.ReadFile(files[0])
	if n := strings.Count(string(b), "[[review]]"); n != 135 {
		t.Errorf("pulled %d reviews, want the 135 approved", n)
	}
}

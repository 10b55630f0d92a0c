package generator_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestLandingPageBudget checks that every landing page and variant of the
// example, with its inline CSS and JS, fits in 14 KB gzipped: one TCP
// round trip. Run with -v to see the sizes.
func TestLandingPageBudget(t *testing.T) {
	t.Parallel()
	dest := builds.site(t, "example", true).dest
	pages, err := filepath.Glob(filepath.Join("..", "content", "landing", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatal("no landing pages")
	}
	var files []string
	for _, p := range pages {
		slug := strings.TrimSuffix(filepath.Base(p), ".md")
		files = append(files, filepath.Join(dest, slug, "index.html"))
		variants, _ := filepath.Glob(filepath.Join(dest, slug, "*", "index.html"))
		files = append(files, variants...)
	}
	for _, glob := range []string{"*", filepath.Join("*", "*")} {
		thanks, _ := filepath.Glob(filepath.Join(dest, "thanks", glob, "index.html"))
		files = append(files, thanks...)
	}
	const budget = 14 * 1024
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(b)
		w.Close()
		rel, _ := filepath.Rel(dest, f)
		t.Logf("%-45s %6d bytes, %5d gzipped", rel, len(b), z.Len())
		if z.Len() > budget {
			t.Errorf("%s is %d bytes gzipped, over the %d-byte budget", rel, z.Len(), budget)
		}
	}
}

var ldScript = regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`)

// jsonLD returns the JSON-LD objects of a page.
func jsonLD(t *testing.T, page []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range ldScript.FindAllSubmatch(page, -1) {
		var obj map[string]any
		if err := json.Unmarshal(m[1], &obj); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
		}
		out = append(out, obj)
	}
	return out
}

// TestProductStructuredData checks the example's Product JSON-LD against
// what Google requires of Product, AggregateRating and Review, and that
// its numbers match content/reviews, read here on their own.
func TestProductStructuredData(t *testing.T) {
	t.Parallel()
	dest := builds.site(t, "example", true).dest
	want := map[string][]review{}
	files, _ := filepath.Glob(filepath.Join("..", "content", "reviews", "*.toml"))
	for _, f := range files {
		var doc struct {
			review
			Review []review
		}
		if _, err := toml.DecodeFile(f, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Product != "" {
			doc.Review = append(doc.Review, doc.review)
		}
		for _, r := range doc.Review {
			want[r.Product] = append(want[r.Product], r)
		}
	}
	pages := map[string]string{
		"products/velora-city/index.html":   "velora-city",
		"products/velora-cargo/index.html":  "velora-cargo",
		"products/velora-flex/index.html":   "velora-flex",
		"buy-lease-or-subscribe/index.html": "velora-flex", // consideration
		"book-a-test-ride/index.html":       "velora-city", // decision
		"family-cargo-test-ride/index.html": "velora-cargo",
	}
	for page, slug := range pages {
		t.Run(page, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dest, page))
			if err != nil {
				t.Fatal(err)
			}
			var product map[string]any
			for _, o := range jsonLD(t, b) {
				switch o["@type"] {
				case "Product":
					product = o
				case "Organization", "LocalBusiness":
					if o["review"] != nil || o["aggregateRating"] != nil {
						t.Errorf("%s carries reviews, which Google ignores there", o["@type"])
					}
				}
			}
			if product == nil {
				t.Fatal("no Product JSON-LD")
			}
			checkProduct(t, product, want[slug])
		})
	}
	// Pages of other stages carry no Product markup.
	for _, o := range jsonLD(t, filetest.Read(t, filepath.Join(dest, "ride-past-the-traffic", "index.html"))) {
		if o["@type"] == "Product" {
			t.Error("the awareness page carries Product JSON-LD")
		}
	}
}

// review is a published review as content/reviews holds it.
type review struct {
	Product string
	Rating  int
	Author  string
}

func checkProduct(t *testing.T, p map[string]any, reviews []review) {
	t.Helper()
	if s, ok := p["name"].(string); !ok || s == "" {
		t.Errorf("Product.name = %v, want a non-empty text", p["name"])
	}
	if o, ok := p["offers"].(map[string]any); !ok || o["@type"] != "Offer" || o["priceCurrency"] == nil || !isNumber(o["price"]) {
		t.Errorf("Product.offers = %v, want an Offer with price and priceCurrency", p["offers"])
	}
	ar, ok := p["aggregateRating"].(map[string]any)
	if !ok || ar["@type"] != "AggregateRating" {
		t.Fatalf("aggregateRating = %v", p["aggregateRating"])
	}
	sum := 0
	for _, r := range reviews {
		sum += r.Rating
	}
	avg := float64(sum) / float64(len(reviews))
	if v, _ := strconv.ParseFloat(toString(ar["ratingValue"]), 64); !isNumber(ar["ratingValue"]) || v < avg-0.05 || v > avg+0.05 {
		t.Errorf("ratingValue = %v, want %.1f from content/reviews", ar["ratingValue"], avg)
	}
	if n, ok := ar["reviewCount"].(float64); !ok || int(n) != len(reviews) {
		t.Errorf("reviewCount = %v, want the integer %d", ar["reviewCount"], len(reviews))
	}
	list, ok := p["review"].([]any)
	if !ok || len(list) != len(reviews) {
		t.Fatalf("review = %d items, want %d", len(list), len(reviews))
	}
	for _, item := range list {
		r := item.(map[string]any)
		author, _ := r["author"].(map[string]any)
		rating, _ := r["reviewRating"].(map[string]any)
		if r["@type"] != "Review" || author["@type"] != "Person" || toString(author["name"]) == "" {
			t.Errorf("review %v: want @type Review with an author Person that has a name", r)
		}
		if rating["@type"] != "Rating" || !isNumber(rating["ratingValue"]) {
			t.Errorf("review %v: want a reviewRating Rating with a ratingValue", r)
		}
		if d, ok := r["datePublished"].(string); ok && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d) {
			t.Errorf("datePublished %q is not an ISO 8601 date", d)
		}
	}
}

func isNumber(v any) bool {
	switch v := v.(type) {
	case float64:
		return true
	case string:
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	}
	return false
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// TestLandingPageChrome checks the campaign chrome of the example's landing
// pages: no site menu and no breadcrumbs on screen, and no link but the
// call to action, the form and the legal links, so that an ad visitor has
// one goal. chrome = "site" brings the site's header back.
func TestLandingPageChrome(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	filetest.Write(t, filepath.Join(src, "content", "privacy.md"), "+++\ntitle = \"Privacy\"\nlegal = true\n+++\nWhat we keep.\n")
	_, dest, _ := buildBoth(t, src, generator.Options{Minify: true})
	pages, _ := filepath.Glob(filepath.Join("..", "content", "landing", "*.md"))
	anchor := regexp.MustCompile(`<a [^>]*?href="?([^" >]*)"?[^>]*>`)
	menu := regexp.MustCompile(`<nav class="?site-nav|aria-label="?Breadcrumb|"BreadcrumbList"`)
	for _, p := range pages {
		slug := strings.TrimSuffix(filepath.Base(p), ".md")
		b, err := os.ReadFile(filepath.Join(dest, slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if m := menu.FindString(page); m != "" {
			t.Errorf("%s: shows a site menu or breadcrumbs: %s", slug, m)
		}
		if !regexp.MustCompile(`href="?/privacy/"?>Privacy</a>`).MatchString(page) {
			t.Errorf("%s: the footer lacks the legal link", slug)
		}
		for _, m := range anchor.FindAllStringSubmatch(page, -1) {
			tag, href := m[0], m[1]
			switch {
			case strings.HasPrefix(href, "#"): // within the page: the form, the reviews
			case strings.Contains(tag, "button-cta"): // the call to action
			case href == "/privacy/": // the legal link
			default:
				t.Errorf("%s: a link that is not the call to action, the form or a legal link: %s", slug, tag)
			}
		}
	}
	// With chrome = "site", the header and its menu come back.
	filetest.Replace(t, filepath.Join(src, "content", "landing", "book-a-test-ride.md"), "+++\n", "+++\nchrome = \"site\"\n")
	_, dest, _ = buildBoth(t, src, generator.Options{Minify: true})
	page := filetest.Read(t, filepath.Join(dest, "book-a-test-ride", "index.html"))
	if len(menu.FindAll(page, -1)) != 3 {
		t.Error(`chrome = "site" does not bring the site's header and breadcrumbs back`)
	}
}

// TestPrivacyUnderEveryForm checks that every form of the example shows
// the site's privacy text once, under its button, or with consent = true
// as its consent box's label alone; and that no page shows it outside a
// form.
func TestPrivacyUnderEveryForm(t *testing.T) {
	t.Parallel()
	for _, consent := range []bool{false, true} {
		t.Run(fmt.Sprintf("consent=%v", consent), func(t *testing.T) {
			t.Parallel()
			src := copyExample(t)
			cfgPath := filepath.Join(src, "journey.toml")
			cfg, err := os.ReadFile(cfgPath)
			if err != nil {
				t.Fatal(err)
			}
			var c struct{ Forms struct{ Privacy string } }
			if _, err := toml.Decode(string(cfg), &c); err != nil || c.Forms.Privacy == "" {
				t.Fatalf("the example has no [forms] privacy text: %v", err)
			}
			if consent {
				filetest.Replace(t, cfgPath, "[forms]\n", "[forms]\nconsent = true\n")
			}
			_, dest, _ := buildBoth(t, src, generator.Options{Minify: true})
			forms := 0
			err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				if err != nil || !strings.HasSuffix(p, ".html") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				doc, err := html.Parse(bytes.NewReader(b))
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(dest, p)
				inForms := 0
				for f := range doc.Descendants() {
					if f.Type != html.ElementNode || f.Data != "form" {
						continue
					}
					forms++
					var where []string
					for n := range f.Descendants() {
						if n.Type == html.TextNode && strings.Contains(n.Data, c.Forms.Privacy) {
							where = append(where, n.Parent.Data+"."+classOf(n.Parent))
						}
					}
					want := "p.form-privacy"
					if consent {
						want = "label.field field-check field-consent"
					}
					if len(where) != 1 || where[0] != want {
						t.Errorf("%s: a form shows the privacy text in %q, want once in %s", rel, where, want)
					}
					inForms += len(where)
				}
				if n := strings.Count(string(b), c.Forms.Privacy); n != inForms {
					t.Errorf("%s shows the privacy text %d times, %d of them in forms", rel, n, inForms)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if forms == 0 {
				t.Fatal("the example has no forms")
			}
		})
	}
}

// classOf returns the class of n or of its nearest ancestor that has one.
func classOf(n *html.Node) string {
	for ; n != nil; n = n.Parent {
		for _, a := range n.Attr {
			if a.Key == "class" {
				return a.Val
			}
		}
	}
	return ""
}

// emptyState matches what a page shows when it has nothing to show: an
// empty paragraph, list item or heading, or the workspace's notes for the
// team ("No landing page serves this stage yet").
var emptyState = regexp.MustCompile(`<(p|li|h[1-6])(\s[^>]*)?>\s*</(p|li|h[1-6])>|class="empty"|(?i)no reviews`)

// TestCampaignPagesHaveNoEmptyStates builds the example and the test
// sites (one of them with a product that has no reviews, a landing page
// of each stage and no landing page at all) and checks that no page of
// the campaign site shows an empty state: a visitor sees what there is,
// and nothing of what there is not.
func TestCampaignPagesHaveNoEmptyStates(t *testing.T) {
	t.Parallel()
	for _, name := range siteNames(t) {
		t.Run(name, func(t *testing.T) {
			for p, b := range readTree(t, builds.site(t, name, false).dest) {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				for _, m := range emptyState.FindAll(b, -1) {
					t.Errorf("%s shows an empty state: %s", p, m)
				}
			}
		})
	}
}

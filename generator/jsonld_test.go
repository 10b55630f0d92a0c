package generator_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// pageLD returns the JSON-LD objects of the page rel (a slash path) of the
// built folder dest.
func pageLD(t *testing.T, dest, rel string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return jsonLD(t, b)
}

func ldTypes(objs []map[string]any) []string {
	types := []string{}
	for _, o := range objs {
		s, _ := o["@type"].(string)
		types = append(types, s)
	}
	return types
}

// TestBreadcrumbURLs checks the item URLs of a plain page's
// BreadcrumbList: absolute, and under the base path once, whatever the
// baseURL's path.
func TestBreadcrumbURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, baseURL string
		want          []string
	}{
		{"Root", "https://example.com/", []string{"https://example.com/", "https://example.com/privacy/"}},
		{"SubPath", "https://example.com/app/", []string{"https://example.com/app/", "https://example.com/app/privacy/"}},
		{"SubPathWithoutSlash", "https://example.com/app", []string{"https://example.com/app/", "https://example.com/app/privacy/"}},
		{"DeepSubPath", "https://example.com/a/b/", []string{"https://example.com/a/b/", "https://example.com/a/b/privacy/"}},
		{"NoHost", "/", []string{"/", "/privacy/"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest, _ := buildFiles(t, map[string]string{
				"journey.toml":       "baseURL = \"" + tc.baseURL + "\"\n",
				"content/privacy.md": "+++\ntitle = \"Privacy\"\n+++\n",
			})
			var got []string
			for _, o := range pageLD(t, dest, "privacy/index.html") {
				if o["@type"] != "BreadcrumbList" {
					continue
				}
				for _, item := range o["itemListElement"].([]any) {
					got = append(got, item.(map[string]any)["item"].(string))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// ldSite is a site with a page of each kind that carries structured data,
// or must not.
func ldSite() map[string]string {
	return map[string]string{
		"journey.toml": `title = "Shop"
baseURL = "https://example.com/shop/"
description = "We sell bikes."
languageCode = "en-GB"
[brand]
name = "Acme"
logo = "/logo.svg"
[seo]
sameAs = ["https://social.example/acme"]
[forms]
provider = "netlify"
`,
		"content/products/bike.md": `+++
name = "Bike"
description = "A bike."
price = 1234.5
currency = "EUR"
sku = "B-1"
image = "/bike.png"
stages = ["consideration", "decision"]
[[faq]]
q = "Does it fold?"
a = "No."
[[faq]]
q = "Is it fast?"
a = "Yes."
+++
`,
		"content/products/bell.md": "+++\nname = \"Bell\"\nstages = [\"awareness\"]\n+++\n",
		"content/reviews/bike.toml": `[[review]]
product = "bike"
rating = 5
author = "Ana"
date = 2026-01-02
title = "Great"
body = "Loved it."
[[review]]
product = "bike"
rating = 4
author = "Ben"
`,
		"content/landing/compare.md": "+++\ntitle = \"Compare\"\nstage = \"consideration\"\nproduct = \"bike\"\nchrome = \"site\"\n+++\nCompare.\n",
		"content/landing/try.md":     "+++\ntitle = \"Try\"\nstage = \"decision\"\nproduct = \"bike\"\naliases = [\"/old-try/\"]\n[[variants]]\nname = \"b\"\n+++\nTry.\n",
		"content/landing/hear.md":    "+++\ntitle = \"Hear\"\nstage = \"awareness\"\nproduct = \"bike\"\nchrome = \"site\"\n+++\nHear.\n",
		"content/privacy.md":         "+++\ntitle = \"Privacy\"\n+++\nPrivate.\n",
		"content/hidden.md":          "+++\ntitle = \"Hidden\"\nnoindex = true\n+++\nHidden.\n",
	}
}

// TestStructuredData checks which JSON-LD objects each kind of page
// carries, in order, and each object whole: the keys a page's data leaves
// out are absent, and numbers and texts are of the type Google expects
// (a price and an average rating as text with fixed decimals, counts and
// positions as numbers).
func TestStructuredData(t *testing.T) {
	t.Parallel()
	dest, team := buildFiles(t, ldSite())
	kinds := map[string][]string{
		"index.html":               {"Organization", "WebSite"},
		"products/bike/index.html": {"BreadcrumbList", "Product", "FAQPage"},
		"products/bell/index.html": {"BreadcrumbList", "Product"},
		"compare/index.html":       {"BreadcrumbList", "Product"}, // consideration, site chrome
		"try/index.html":           {"Product"},                   // decision, campaign chrome: no breadcrumbs
		"hear/index.html":          {"BreadcrumbList"},            // awareness: no Product
		"privacy/index.html":       {"BreadcrumbList"},
		"hidden/index.html":        {}, // noindex
		"try/b/index.html":         {}, // a variant
		"old-try/index.html":       {}, // an alias
		"404.html":                 {},
	}
	thanks, _ := filepath.Glob(filepath.Join(dest, "thanks", "*", "*", "index.html"))
	if len(thanks) == 0 {
		t.Fatal("no thank-you page")
	}
	for _, p := range thanks {
		rel, _ := filepath.Rel(dest, p)
		kinds[filepath.ToSlash(rel)] = []string{}
	}
	for rel, want := range kinds {
		if got := ldTypes(pageLD(t, dest, rel)); !slices.Equal(got, want) {
			t.Errorf("%s carries %q, want %q", rel, got, want)
		}
	}
	// The workspace is kept out of search engines: no structured data.
	for rel, b := range readTree(t, team) {
		if strings.HasSuffix(rel, ".html") && len(jsonLD(t, b)) > 0 {
			t.Errorf("workspace page %s carries JSON-LD", rel)
		}
	}

	const base = "https://example.com/shop/"
	home := pageLD(t, dest, "index.html")
	wantOrg := map[string]any{
		"@context": "https://schema.org", "@type": "Organization", "name": "Acme", "url": base,
		"logo": base + "logo.svg", "sameAs": []any{"https://social.example/acme"},
	}
	wantSite := map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": "Shop", "url": base,
		"inLanguage": "en-GB", "description": "We sell bikes.",
	}
	check(t, "Organization", home[0], wantOrg)
	check(t, "WebSite", home[1], wantSite)

	bike := pageLD(t, dest, "products/bike/index.html")
	check(t, "BreadcrumbList", bike[0], map[string]any{
		"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []any{
			map[string]any{"@type": "ListItem", "position": 1.0, "name": "Home", "item": base},
			map[string]any{"@type": "ListItem", "position": 2.0, "name": "Bike", "item": base + "products/bike/"},
		},
	})
	wantBike := map[string]any{
		"@context": "https://schema.org", "@type": "Product", "name": "Bike", "url": base + "products/bike/",
		"brand":       map[string]any{"@type": "Brand", "name": "Acme"},
		"description": "A bike.", "image": base + "bike.png", "sku": "B-1",
		"offers": map[string]any{
			"@type": "Offer", "price": "1234.50", "priceCurrency": "EUR",
			"availability": "https://schema.org/InStock", "url": base + "products/bike/",
		},
		"aggregateRating": map[string]any{
			"@type": "AggregateRating", "ratingValue": "4.5", "reviewCount": 2.0, "bestRating": 5.0, "worstRating": 1.0,
		},
		"review": []any{
			map[string]any{
				"@type": "Review", "author": map[string]any{"@type": "Person", "name": "Ana"},
				"reviewRating":  map[string]any{"@type": "Rating", "ratingValue": 5.0, "bestRating": 5.0, "worstRating": 1.0},
				"datePublished": "2026-01-02", "name": "Great", "reviewBody": "Loved it.",
			},
			map[string]any{
				"@type": "Review", "author": map[string]any{"@type": "Person", "name": "Ben"},
				"reviewRating": map[string]any{"@type": "Rating", "ratingValue": 4.0, "bestRating": 5.0, "worstRating": 1.0},
			},
		},
	}
	check(t, "Product", bike[1], wantBike)
	check(t, "FAQPage", bike[2], map[string]any{
		"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": []any{
			map[string]any{"@type": "Question", "name": "Does it fold?", "acceptedAnswer": map[string]any{"@type": "Answer", "text": "No."}},
			map[string]any{"@type": "Question", "name": "Is it fast?", "acceptedAnswer": map[string]any{"@type": "Answer", "text": "Yes."}},
		},
	})
	// A landing page's Product is its product's, as on the product's page.
	check(t, "the landing page's Product", pageLD(t, dest, "try/index.html")[0], wantBike)
	// Without a price, reviews, a SKU or an image, the keys are left out.
	check(t, "a bare Product", pageLD(t, dest, "products/bell/index.html")[1], map[string]any{
		"@context": "https://schema.org", "@type": "Product", "name": "Bell", "url": base + "products/bell/",
		"brand": map[string]any{"@type": "Brand", "name": "Acme"},
	})
}

func check(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\ngot  %v\nwant %v", what, got, want)
	}
}

// TestOwnHeadAndJSONLD checks that the JSON-LD is the theme's, written by
// partials/jsonld.html: a site's own head.html that leaves the partial out
// builds, without structured data, and one that calls it keeps it.
func TestOwnHeadAndJSONLD(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, head string
		want       []string
	}{
		{"WithoutThePartial", `<meta charset="utf-8"><title>{{ .Title }}</title>`, []string{}},
		{"WithThePartial", `<meta charset="utf-8"><title>{{ .Title }}</title>{{ template "partials/jsonld.html" . }}`, []string{"Organization", "WebSite"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := ldSite()
			files["layouts/partials/head.html"] = tc.head
			dest, _ := buildFiles(t, files)
			if got := ldTypes(pageLD(t, dest, "index.html")); !slices.Equal(got, tc.want) {
				t.Errorf("the home page carries %q, want %q", got, tc.want)
			}
			if len(tc.want) == 0 {
				for rel, b := range readTree(t, dest) {
					if strings.HasSuffix(rel, ".html") && len(jsonLD(t, b)) > 0 {
						t.Errorf("%s carries JSON-LD", rel)
					}
				}
			}
		})
	}
}

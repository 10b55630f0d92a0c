package site_test

import (
	"slices"
	"testing"

	"github.com/journey-ssg/journey/generator/site"
)

// TestBreadcrumbURLs checks the item URLs of a plain page's
// BreadcrumbList: absolute, and under the base path once, whatever the
// baseURL's path.
func TestBreadcrumbURLs(t *testing.T) {
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
			s, problems := build(t, map[string]string{
				"journey.toml":       "baseURL = \"" + tc.baseURL + "\"\n",
				"content/privacy.md": "+++\ntitle = \"Privacy\"\n+++\n",
			}, site.Options{})
			if err := problems.Err(); err != nil {
				t.Fatal(problems.Lines())
			}
			var got []string
			var page *site.Page
			for _, p := range s.Pages {
				if p.Kind == site.KindPage {
					page = p
				}
			}
			for _, o := range page.JSONLD() {
				o := o.(map[string]any)
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

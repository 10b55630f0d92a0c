package generator

import (
	"slices"
	"testing"
)

// TestPagesOf checks which pages a rebuild's changed files reload: pages by
// their URL paths, nothing for the files beside them that no browser
// shows as a page, and every page for anything else a page may load.
func TestPagesOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"pages", []string{"index.html", "personas/ana/index.html", "404.html"}, []string{"/base/", "/base/personas/ana/", "/base/404.html"}},
		{"files beside a journey", []string{"journeys/a/journey.json", "journeys/a/journey.csv", "journeys/a/curve.svg", "sitemap.xml", "robots.txt"}, nil},
		{"a page and its journey's files", []string{"journeys/a/index.html", "journeys/a/curve.svg"}, []string{"/base/journeys/a/"}},
		{"an image", []string{"journeys/a/index.html", "images/a.png"}, []string{"*"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pagesOf("/base/", tc.files); !slices.Equal(got, tc.want) {
				t.Errorf("pagesOf(%q) = %q, want %q", tc.files, got, tc.want)
			}
		})
	}
}

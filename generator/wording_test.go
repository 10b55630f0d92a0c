package generator_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// tag matches an HTML tag, to read a page's text.
var tag = regexp.MustCompile(`<[^>]*>`)

// oneMany matches a count of one before a plural noun: "All 1 journeys".
var oneMany = regexp.MustCompile(`\b1 (more )?(journey|persona|product|step|stage|review|page|landing page|variant)s\b`)

// TestCountsAgree reads every page of the example and of each test site
// for a count of one before a plural noun.
func TestCountsAgree(t *testing.T) {
	t.Parallel()
	for _, name := range siteNames(t) {
		s := builds.site(t, name, false)
		files := readTree(t, s.dest)
		for p, b := range readTree(t, s.team) {
			files["team/"+p] = b
		}
		for p, b := range files {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			text := strings.Join(strings.Fields(tag.ReplaceAllString(string(b), " ")), " ")
			for _, m := range oneMany.FindAllString(text, -1) {
				t.Errorf("%s %s: %q", name, p, m)
			}
		}
	}
}

// TestEdgesSite checks the wording of the edges test site's pages where a
// persona's role and age appear.
func TestEdgesSite(t *testing.T) {
	t.Parallel()
	dest := builds.site(t, "edges", false).team
	checks := []struct{ file, want string }{
		// The persona card beside the map labels the age.
		{"journeys/maximiliane-insures/index.html", `<p class="card-sub">Product designer · 31 years old</p>`},
		{"personas/index.html", `<p class="card-meta">25–34 years old</p>`},
	}
	for _, c := range checks {
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%s does not contain %q", c.file, c.want)
		}
	}
}

package site_test

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/site"
)

// TestOutputPaths: a page whose output path collides with a file the build
// writes (sitemap.xml, robots.txt, 404.html), with another page, or that
// has a segment longer than a file name may be, is reported at its file
// and line before anything is written (hardening issue, item 3).
func TestOutputPaths(t *testing.T) {
	long := strings.Repeat("a", 256)
	landing := func(extra string) string {
		return "+++\ntitle = \"L\"\nstage = \"decision\"\n" + extra + "+++\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string // file:line: and a part of the message
	}{
		{"PageNamedLikeTheSitemap", map[string]string{"content/sitemap.xml.md": "+++\ntitle = \"S\"\n+++\n"},
			"content/sitemap.xml.md:1: /sitemap.xml/ needs a folder sitemap.xml, where the build writes the sitemap"},
		{"LandingNamedLikeRobots", map[string]string{"content/landing/robots.txt.md": landing("")},
			"content/landing/robots.txt.md:1: /robots.txt/ needs a folder robots.txt, where the build writes robots.txt"},
		{"PageNamedLikeThe404Page", map[string]string{"content/404.html.md": "+++\ntitle = \"S\"\n+++\n"},
			"content/404.html.md:1: /404.html/ needs a folder 404.html, where the build writes the 404 page /404.html"},
		{"SlugInAnotherCase", map[string]string{"content/landing/x.md": landing("slug = \"Sitemap.XML\"\n")},
			"content/landing/x.md:4:1: /Sitemap.XML/ needs a folder Sitemap.XML, where the build writes the sitemap"},
		{"Alias", map[string]string{"content/about.md": "+++\ntitle = \"A\"\naliases = [\"/ok/\", \"/robots.txt/\"]\n+++\n"},
			"content/about.md:3:1: alias /robots.txt/ needs a folder robots.txt, where the build writes robots.txt"},
		{"LongSlug", map[string]string{"content/personas/ana.md": "+++\nname = \"Ana\"\nslug = \"" + long + "\"\n+++\n"},
			"content/personas/ana.md:3:1: /personas/" + long + "/ has a segment of 256 bytes; a file name may have at most 255"},
		{"LongVariant", map[string]string{"content/landing/x.md": landing("[[variants]]\nname = \"" + long + "\"\n")},
			"content/landing/x.md:5:1: /x/" + long + "/ has a segment of 256 bytes"},
		{"LongGeneratedLanding", map[string]string{
			"journey.toml":                           "[landing]\ngenerate = true\n",
			"content/products/" + long[:250] + ".md": "+++\nname = \"P\"\nstages = [\"decision\"]\n+++\n"},
			"content/products/" + long[:250] + ".md:1: /" + long[:250] + "-decision/ has a segment of 259 bytes"},
		{"TwoPagesOnePath", map[string]string{"content/about.md": "+++\ntitle = \"A\"\n+++\n", "content/landing/about.md": landing("")},
			"/about/ is also written by"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := build(t, tc.files, site.Options{})
			if !strings.Contains(problems.Lines(), tc.want) {
				t.Errorf("problems:\n%s\nwant one starting %q", problems.Lines(), tc.want)
			}
		})
	}
}

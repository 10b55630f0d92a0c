package sitefs_test

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/sitefs"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		p                          string
		ignored, hidden, published bool
	}{
		{p: "a.png", published: true},
		{p: "img/a.png", published: true},
		{p: ".git", ignored: true, hidden: true},
		{p: "vendor/.git/config", hidden: true},
		{p: ".env", ignored: true, hidden: true},
		{p: ".DS_Store", ignored: true, hidden: true},
		{p: ".journey-manifest", ignored: true, hidden: true},
		{p: "../x", ignored: true, hidden: true},
		{p: ".well-known", ignored: true, published: true},
		{p: ".well-known/security.txt", published: true},
		{p: ".well-known/.git/config", hidden: true},
		{p: ".htaccess", ignored: true, published: true},
		{p: ".nojekyll", ignored: true, published: true},
		{p: "_headers", published: true},
		{p: "a.md~", ignored: true},
		{p: "#a.md#", ignored: true},
		{p: "a.md.swp", ignored: true},
		{p: "4913", ignored: true},
		{p: "a.md___jb_tmp___", ignored: true},
		{p: "big.zip.part", ignored: true},
		{p: "x.bak/index.html"},
	} {
		// Ignored is about one name.
		if got := sitefs.Ignored(tc.p); !strings.Contains(tc.p, "/") && got != tc.ignored {
			t.Errorf("Ignored(%q) = %v, want %v", tc.p, got, tc.ignored)
		}
		if got := sitefs.Hidden(tc.p); got != tc.hidden {
			t.Errorf("Hidden(%q) = %v, want %v", tc.p, got, tc.hidden)
		}
		if got := sitefs.Published(tc.p); got != tc.published {
			t.Errorf("Published(%q) = %v, want %v", tc.p, got, tc.published)
		}
	}
}

func TestIgnoredPath(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want bool
	}{
		{"content/personas/ana.md", false},
		{"x.bak/index.html", true},
		{"content/personas/.ana.md.swp", true},
		{"content/.well-known/a.md", true},
		{".git/config", true},
		{"layouts/partials/head.html~", true},
	} {
		if got := sitefs.IgnoredPath(tc.p); got != tc.want {
			t.Errorf("IgnoredPath(%q) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

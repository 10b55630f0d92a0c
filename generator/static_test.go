package generator_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestStaticDotFilesStayPrivate guards hardening item 10: a static/ folder
// that is a checkout of something else carries .git/ folders and dot files
// with credentials in them. They are not published, and the destination's
// own .git is not overwritten; the dot files that static hosts read are.
func TestStaticDotFilesStayPrivate(t *testing.T) {
	t.Parallel()
	site := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"static/.git/HEAD":                     "ref: refs/heads/from-the-site\n",
		"static/vendor/.git/config":            "[remote \"origin\"]\n\turl = https://x-access-token:ghs_SECRET@github.com/o/r\n",
		"static/vendor/lib.js":                 "lib()\n",
		"static/.env":                          "TOKEN=SECRET\n",
		"static/images/.DS_Store":              "junk",
		"static/images/velora-city.svg~":       "backup",
		"static/.well-known/security.txt":      "Contact: mailto:security@velora.example\n",
		"static/.htaccess":                     "ErrorDocument 404 /404.html\n",
		"static/.nojekyll":                     "",
		"static/_headers":                      "/*\n  X-Frame-Options: DENY\n",
		"public-own/.git/HEAD":                 "ref: refs/heads/gh-pages\n",
		"static/.well-known/.git/config":       "SECRET",
		"static/.well-known/acme/.token.swp":   "swap",
		"static/.well-known/acme-challenge/ab": "ab",
	}
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if name == "public-own/.git/HEAD" {
			p = filepath.Join(dest, ".git", "HEAD")
		}
		filetest.Write(t, p, data)
	}
	if _, err := build(t, site, generator.Options{Dest: dest}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, ".git", "HEAD")); string(got) != "ref: refs/heads/gh-pages\n" {
		t.Errorf("the destination's .git/HEAD is %q, want it left alone", got)
	}
	for _, p := range []string{"vendor/.git/config", ".env", "images/.DS_Store", "images/velora-city.svg~",
		".well-known/.git/config", ".well-known/acme/.token.swp"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(p))); err == nil {
			t.Errorf("%s was published", p)
		}
	}
	for _, p := range []string{"vendor/lib.js", ".well-known/security.txt", ".well-known/acme-challenge/ab", ".htaccess", ".nojekyll", "_headers"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s was not published: %v", p, err)
		}
	}
}

// TestLargeStaticFileIsStreamed guards hardening item 12: a static file is
// copied through a small buffer, not read whole into memory, and a copy
// whose bytes are already in the destination is left alone.
func TestLargeStaticFileIsStreamed(t *testing.T) {
	// Not in parallel: it measures what the whole process allocates.
	// Twice the allocation budget below: a build that read the file whole
	// would go over it.
	const size = 128 << 20
	site := t.TempDir()
	filetest.WriteTree(t, site, map[string]string{
		"content/about.md": "+++\ntitle = \"About\"\n+++\nHello.\n",
		"static/small.txt": "small",
	})
	// A sparse file: it takes no room on the disk, only in the copy.
	f, err := os.Create(filepath.Join(site, "static", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := build(t, site, generator.Options{Dest: dest})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
		t.Errorf("the build allocated %d MB for a %d MB static file, want under 64 MB", grown>>20, size>>20)
	}
	if info, err := os.Stat(filepath.Join(dest, "big.bin")); err != nil || info.Size() != size {
		t.Fatalf("big.bin: %v, want %d bytes", err, size)
	}
	written := res.Stats.Written
	res, err = build(t, site, generator.Options{Dest: dest})
	if err != nil || res.Stats.Written != 0 || res.Stats.Unchanged != written {
		t.Errorf("second build: %+v, %v; want all %d files unchanged", res.Stats, err, written)
	}
}

package generator_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// beaconScript matches a page's view beacon.
var beaconScript = regexp.MustCompile(`<script data-u=[^>]*>([^<]*)</script>`)

// TestBeaconBudget builds the example counting views: every landing page
// and variant carries one beacon of under 600 bytes, still fits in 14 KB
// gzipped, and no other page carries one.
func TestBeaconBudget(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	filetest.Replace(t, filepath.Join(src, "journey.toml"), `provider = "netlify"`, "provider = \"url\"\nendpoint = \"https://forms.velora.example/f\"\n\n[analytics]\nendpoint = \"https://collect.velora.example\"")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, TeamDest: filepath.Join(t.TempDir(), "team"), Minify: true, Theme: journey.DefaultTheme()}); err != nil {
		t.Fatal(err)
	}
	landing := map[string]bool{}
	for _, glob := range []string{"*/index.html", "*/b/index.html"} {
		m, _ := filepath.Glob(filepath.Join(dest, glob))
		for _, f := range m {
			landing[f] = true
		}
	}
	sources, _ := filepath.Glob(filepath.Join("..", "content", "landing", "*.md"))
	pages := 0
	err := filepath.Walk(dest, func(f string, info os.FileInfo, err error) error {
		if err != nil || filepath.Ext(f) != ".html" {
			return err
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		scripts := beaconScript.FindAllSubmatch(b, -1)
		rel, _ := filepath.Rel(dest, f)
		isLanding := landing[f] && rel != "products/index.html" && filepath.Dir(filepath.Dir(rel)) != "thanks" && filepath.Dir(rel) != "thanks"
		switch {
		case !isLanding && len(scripts) > 0:
			t.Errorf("%s is no landing page and sends a beacon", rel)
		case isLanding && len(scripts) == 1:
			pages++
			if n := len(scripts[0][1]); n >= 600 {
				t.Errorf("%s: the beacon's script is %d bytes, want under 600", rel, n)
			}
			if !bytes.Contains(scripts[0][0], []byte(`data-u="https://collect.velora.example/views"`)) {
				t.Errorf("%s: the beacon goes elsewhere: %s", rel, scripts[0][0])
			}
			var z bytes.Buffer
			w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
			w.Write(b)
			w.Close()
			if z.Len() > 14*1024 {
				t.Errorf("%s is %d bytes gzipped with its beacon, over 14 KB", rel, z.Len())
			}
		case isLanding && len(scripts) != 1:
			t.Errorf("%s carries %d beacons, want 1", rel, len(scripts))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(sources) + 1; pages != want { // and variant b
		t.Errorf("%d pages carry a beacon, want the %d landing pages and variants", pages, want)
	}
}

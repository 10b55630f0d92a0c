package scaffold_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/scaffold"
	"github.com/journey-ssg/journey/internal/filetest"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë Martín", "zoe-martin"},
		{"Jürgen Weiß", "jurgen-weiss"},
		{"  Spring   offer!! 2027 ", "spring-offer-2027"},
		{"Łukasz Żółć", "lukasz-zolc"},
		{"佐藤", ""},
		{"a/../b", "a-b"},
	}
	for _, tc := range tests {
		if got := scaffold.Slugify(tc.in); got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestArchetypesParse writes one file of each kind, with a name that needs
// quoting, and checks that it is valid front matter.
func TestArchetypesParse(t *testing.T) {
	dir := t.TempDir()
	name := `Ana "the" Planner \ 2`
	for kind := range scaffold.Kinds() {
		rel, err := scaffold.Content(dir, kind, name, config.Default(), scaffold.Refs{Persona: "ana", Product: "bike"})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		src, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		front, _, _, has, serr := content.Split(rel, src)
		if serr != nil || !has {
			t.Fatalf("%s: %v", rel, serr)
		}
		var m map[string]any
		if _, err := toml.Decode(string(front), &m); err != nil {
			t.Fatalf("%s: %v\n%s", rel, err, front)
		}
		if m["draft"] != true {
			t.Errorf("%s is not a draft", rel)
		}
		if m["name"] != name && m["title"] != name {
			t.Errorf("%s: name %v title %v, want %q", rel, m["name"], m["title"], name)
		}
		if kind == "journey" && (m["persona"] != "ana" || m["product"] != "bike") {
			t.Errorf("%s: persona %v product %v", rel, m["persona"], m["product"])
		}
	}
	if _, err := scaffold.Content(dir, "persona", name, config.Default(), scaffold.Refs{}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second write: %v", err)
	}
}

func TestSiteRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	filetest.Write(t, filepath.Join(dir, "x"), "")
	if err := scaffold.Site(dir, fstest.MapFS{}); err == nil {
		t.Error("scaffolded into a non-empty folder")
	}
}

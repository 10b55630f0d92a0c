package generator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/journey-ssg/journey/generator"
)

// TestStaticNamesWithNewlines: static files whose names hold a newline or
// a tab build, and build again (hardening issue, item 9).
func TestStaticNamesWithNewlines(t *testing.T) {
	src := copySite(t, "testdata/sites/design/input")
	names := []string{"a\nb.txt", "tab\there.txt"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(src, "static", n), []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		if _, err := build(t, src, generator.Options{}); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
	for _, n := range names {
		if b, err := os.ReadFile(filepath.Join(src, "public", n)); string(b) != n {
			t.Errorf("%q: %q, %v", n, b, err)
		}
	}
}

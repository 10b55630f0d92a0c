//go:build unix

package watch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLinksOutAreNotWatched: a folder that a link in the site leads to
// outside it is not watched, whether the link was there when watching
// started or made while watching.
func TestLinksOutAreNotWatched(t *testing.T) {
	out := t.TempDir()
	root := t.TempDir()
	for _, d := range []string{"static", "themes"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"content", "static/before", "themes/brand"} {
		if err := os.Symlink(out, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	batches := start(t, root, time.Second)
	if err := os.Symlink(out, filepath.Join(root, "static", "later")); err != nil {
		t.Fatal(err)
	}
	if b := next(t, batches); strings.Join(b.Paths, " ") != "static/later" {
		t.Errorf("batch %v, want the new link only", b.Paths)
	}
	time.Sleep(100 * time.Millisecond)
	for _, name := range []string{"secret.txt", "layouts/x.html"} {
		p := filepath.Join(out, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case b := <-batches:
		t.Errorf("a change outside the site was watched: %v", b.Paths)
	case <-time.After(300 * time.Millisecond):
	}
	os.WriteFile(filepath.Join(root, "static", "a.css"), []byte("a"), 0o644)
	if b := next(t, batches); strings.Join(b.Paths, " ") != "static/a.css" {
		t.Errorf("batch %v, want static/a.css only", b.Paths)
	}
}

//go:build unix

package watch_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/internal/filetest"
)

// TestLinksOutAreNotWatched: a folder that a link in the site leads to
// outside it is not watched, whether the link was there when watching
// started or made while watching.
func TestLinksOutAreNotWatched(t *testing.T) {
	out := t.TempDir()
	root := t.TempDir()
	for _, name := range []string{"content", "static/before", "themes/brand"} {
		filetest.Symlink(t, out, filepath.Join(root, filepath.FromSlash(name)))
	}
	batches := start(t, root, time.Second)
	filetest.Symlink(t, out, filepath.Join(root, "static", "later"))
	if b := next(t, batches); strings.Join(b.Paths, " ") != "static/later" {
		t.Errorf("batch %v, want the new link only", b.Paths)
	}
	time.Sleep(100 * time.Millisecond)
	for _, name := range []string{"secret.txt", "layouts/x.html"} {
		filetest.Write(t, filepath.Join(out, filepath.FromSlash(name)), "x")
	}
	select {
	case b := <-batches:
		t.Errorf("a change outside the site was watched: %v", b.Paths)
	case <-time.After(300 * time.Millisecond):
	}
	filetest.Write(t, filepath.Join(root, "static", "a.css"), "a")
	if b := next(t, batches); strings.Join(b.Paths, " ") != "static/a.css" {
		t.Errorf("batch %v, want static/a.css only", b.Paths)
	}
}

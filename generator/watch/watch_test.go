package watch_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/watch"
	"github.com/journey-ssg/journey/internal/filetest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		want watch.Kind
	}{
		{"journey.toml", watch.Config},
		{"content/personas/a.md", watch.Content},
		{"content", watch.Content},
		{"static/img/a.png", watch.Static},
		{"layouts/persona.html", watch.Layout},
		{"assets/css/main.css", watch.CSS},
		{"assets/js/landing.js", watch.Layout},
		{"themes/brand/layouts/baseof.html", watch.Layout},
		{"themes/brand/assets/css/journey.css", watch.CSS},
		{"themes/brand/static/favicon.svg", watch.Static},
		{"themes/brand", watch.Layout},
		{"public/index.html", watch.Other},
		{"README.md", watch.Other},
	}
	for _, tc := range tests {
		if got := watch.Classify(tc.path); got != tc.want {
			t.Errorf("Classify(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestIgnored(t *testing.T) {
	for _, p := range []string{
		".git/index", "content/.DS_Store", "content/personas/.ana.md.swp", "content/personas/ana.md~",
		"content/personas/#ana.md#", "content/personas/4913", "content/personas/.#ana.md", "content/a.md.tmp",
		"content/a.md___jb_tmp___", "content/a.md___jb_old___", ".journey/preview/index.html", "static/big.zip.part",
		"static/vendor/.git/config", "static/.env",
		// The names static hosts read count only where static/ publishes
		// them: content and layouts leave them out.
		"content/.well-known/a.md", "layouts/.htaccess", "themes/x/layouts/.nojekyll",
	} {
		if !watch.Ignored(p) {
			t.Errorf("Ignored(%q) = false, want true", p)
		}
	}
	// What static/ publishes of its hidden files counts.
	for _, p := range []string{"content/personas/ana.md", "static/img/a.png", "journey.toml", "themes/x/layouts/a.html",
		"static/.well-known/security.txt", "static/.htaccess", "themes/x/static/.nojekyll"} {
		if watch.Ignored(p) {
			t.Errorf("Ignored(%q) = true, want false", p)
		}
	}
}

func TestCollect(t *testing.T) {
	// An editor's atomic save: write a temporary file, rename it over the
	// target; plus noise from git and the output folder.
	b := watch.Collect([]string{
		"content/personas/.ana.md.swp", "content/personas/ana.md.tmp", "content/personas/ana.md",
		"content/personas/ana.md", ".git/index", "public/index.html", "static/a.css", "content/personas/4913",
	})
	if got := strings.Join(b.Paths, " "); got != "content/personas/ana.md static/a.css" {
		t.Errorf("batch %q", got)
	}
}

// run starts a watcher on a fresh site folder and returns the folder and
// the batches it sends.
func run(t *testing.T, maxWait time.Duration) (string, <-chan watch.Batch) {
	t.Helper()
	root := t.TempDir()
	filetest.Mkdir(t, filepath.Join(root, "static"))
	filetest.Write(t, filepath.Join(root, "content", "personas", "ana.md"), "one")
	return root, start(t, root, maxWait)
}

// start watches the site at root and returns the batches it sends.
func start(t *testing.T, root string, maxWait time.Duration) <-chan watch.Batch {
	t.Helper()
	w, err := watch.New(root)
	if err != nil {
		t.Fatal(err)
	}
	w.Quiet = 50 * time.Millisecond
	w.Max = maxWait
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan watch.Batch, 16)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return out
}

func next(t *testing.T, out <-chan watch.Batch) watch.Batch {
	t.Helper()
	select {
	case b := <-out:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5 s")
	}
	return watch.Batch{}
}

func TestAtomicSave(t *testing.T) {
	root, out := run(t, time.Second)
	dir := filepath.Join(root, "content", "personas")
	// What vim and most editors do: a probe file, a swap file, a temporary
	// copy renamed over the original.
	filetest.Write(t, filepath.Join(dir, "4913"), "")
	filetest.Remove(t, filepath.Join(dir, "4913"))
	filetest.Write(t, filepath.Join(dir, ".ana.md.swp"), "swap")
	filetest.Write(t, filepath.Join(dir, "ana.md.tmp"), "two")
	filetest.Rename(t, filepath.Join(dir, "ana.md.tmp"), filepath.Join(dir, "ana.md"))
	b := next(t, out)
	if got := strings.Join(b.Paths, " "); got != "content/personas/ana.md" {
		t.Errorf("batch %q, want the saved file only", got)
	}
}

func TestNewFolder(t *testing.T) {
	root, out := run(t, time.Second)
	deep := filepath.Join(root, "content", "journeys", "2027", "q1")
	filetest.Mkdir(t, deep)
	filetest.Write(t, filepath.Join(deep, "a.md"), "a")
	b := next(t, out)
	if !contains(b.Paths, "content/journeys/2027/q1/a.md") {
		t.Errorf("batch %v lacks the file in the new folder", b.Paths)
	}
	// The new folder is watched from now on.
	time.Sleep(100 * time.Millisecond)
	filetest.Write(t, filepath.Join(deep, "a.md"), "changed")
	b = next(t, out)
	if strings.Join(b.Paths, " ") != "content/journeys/2027/q1/a.md" {
		t.Errorf("edit in the new folder: batch %v", b.Paths)
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	root, out := run(t, 5*time.Second)
	for i := 0; i < 200; i++ {
		filetest.Write(t, filepath.Join(root, "content", "personas", fmt.Sprintf("p%03d.md", i)), "x")
	}
	b := next(t, out)
	if len(b.Paths) != 200 {
		t.Errorf("first batch holds %d paths, want all 200", len(b.Paths))
	}
	select {
	case b := <-out:
		t.Errorf("a second batch for one burst: %v", b.Paths)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestDelete(t *testing.T) {
	root, out := run(t, time.Second)
	filetest.Remove(t, filepath.Join(root, "content", "personas", "ana.md"))
	if b := next(t, out); strings.Join(b.Paths, " ") != "content/personas/ana.md" {
		t.Errorf("batch %v", b.Paths)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

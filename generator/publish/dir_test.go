package publish_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

// lock holds dest until the test ends, or until the test releases it.
func lock(t *testing.T, dest string) *publish.Lock {
	t.Helper()
	l, err := publish.Acquire(context.Background(), []string{dest}, publish.LockOptions{NoWait: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
	return l
}

// openDir opens dest for a build under l.
func openDir(t *testing.T, l *publish.Lock, dest string, mode publish.Mode, last *publish.Manifest) *publish.Dir {
	t.Helper()
	d, err := l.OpenDir(dest, nil, mode, last)
	if err != nil {
		t.Fatalf("open %s: %v", dest, err)
	}
	return d
}

// publishFiles builds files into dest, holding it for the build.
func publishFiles(t *testing.T, dest string, files map[string]string) publish.Stats {
	t.Helper()
	l := lock(t, dest)
	defer l.Release()
	d, err := l.OpenDir(dest, publish.NewMinifier(), publish.Full, nil)
	if err != nil {
		t.Fatalf("OpenDir: %v", err)
	}
	writeAll(t, d, files)
	stats, err := d.Commit()
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return stats
}

func writeAll(t *testing.T, d *publish.Dir, files map[string]string) {
	t.Helper()
	for p, data := range files {
		if err := d.Write(context.Background(), p, []byte(data)); err != nil {
			t.Fatalf("write %s: %v", p, err)
		}
	}
}

// tree records every entry under dir: a file's bytes, mode and
// modification time, a folder, a link's target.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link " + target
		case info.IsDir():
			out[rel] = "folder"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = info.Mode().String() + " " + info.ModTime().String() + " " + string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDirLifecycle(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	stats := publishFiles(t, dest, map[string]string{
		"index.html":     "<!doctype html><html><head><title>a</title></head><body><p>  Home  </p></body></html>",
		"a/index.html":   "<p>a</p>",
		"old/index.html": "<p>old</p>",
		"robots.txt":     "User-agent: *\n",
		"main.css":       "p {\n  color: red;\n}\n",
	})
	if stats.Written != 5 || stats.Unchanged != 0 {
		t.Errorf("first build %+v, want 5 written", stats)
	}
	if got := readFile(t, filepath.Join(dest, "main.css")); got != "p{color:red}" {
		t.Errorf("CSS not minified: %q", got)
	}
	// Pages are written as rendered: their layouts were minified.
	if got := readFile(t, filepath.Join(dest, "index.html")); !strings.Contains(got, "  Home  ") {
		t.Errorf("HTML changed: %q", got)
	}
	// A deploy workflow keeps its own files in the destination.
	filetest.Write(t, filepath.Join(dest, "CNAME"), "example.com\n")
	filetest.Write(t, filepath.Join(dest, ".git", "HEAD"), "ref: x\n")
	filetest.Write(t, filepath.Join(dest, "old", "keep.txt"), "mine")

	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	a := filepath.Join(dest, "a", "index.html")
	infoBefore, _ := os.Stat(a)

	stats = publishFiles(t, dest, map[string]string{
		"index.html":   "<!doctype html><html><head><title>b</title></head><body><p>Changed</p></body></html>",
		"a/index.html": "<p>a</p>",
		"robots.txt":   "User-agent: *\n",
		"main.css":     "p { color: red }",
	})
	if stats.Written != 1 || stats.Unchanged != 3 || stats.Removed != 1 {
		t.Errorf("second build %+v, want 1 written, 3 unchanged, 1 removed", stats)
	}
	infoAfter, _ := os.Stat(a)
	if !infoAfter.ModTime().Equal(infoBefore.ModTime()) {
		t.Errorf("unchanged file's mtime moved from %v to %v", infoBefore.ModTime(), infoAfter.ModTime())
	}
	if _, err := os.Stat(filepath.Join(dest, "old", "index.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale page not removed: %v", err)
	}
	for _, keep := range []string{"CNAME", ".git/HEAD", "old/keep.txt"} {
		if _, err := os.Stat(filepath.Join(dest, keep)); err != nil {
			t.Errorf("%s did not survive the build: %v", keep, err)
		}
	}
	noStaging(t, dest)

	// A file changed by hand since the last build is rewritten, even when
	// the build's bytes are the same as last time.
	filetest.Write(t, a, "tampered")
	filetest.Touch(t, a, past, past)
	stats = publishFiles(t, dest, map[string]string{"a/index.html": "<p>a</p>"})
	if got := readFile(t, a); got != "<p>a</p>" || stats.Written != 1 {
		t.Errorf("tampered file: %q, stats %+v", got, stats)
	}
}

func TestDirAbortKeepsOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishFiles(t, dest, map[string]string{"index.html": "<p>one</p>"})
	before := readFile(t, filepath.Join(dest, "index.html"))

	d := openDir(t, lock(t, dest), dest, publish.Full, nil)
	if err := d.Write(context.Background(), "index.html", []byte("<p>two</p>")); err != nil {
		t.Fatal(err)
	}
	if err := d.Write(context.Background(), "new/index.html", []byte("<p>new</p>")); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dest, "index.html")); got != before {
		t.Errorf("aborted build changed index.html to %q", got)
	}
	entries, _ := os.ReadDir(dest)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != ".journey-manifest index.html" {
		t.Errorf("destination after abort holds %s", got)
	}
	noStaging(t, dest)
}

func TestDirAbortRemovesNewDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d := openDir(t, lock(t, dest), dest, publish.Full, nil)
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("destination created by a failed build still exists: %v", err)
	}
}

func TestDirRefusesForeignFolder(t *testing.T) {
	tests := []struct {
		name   string
		files  []string
		refuse bool
	}{
		{"Empty", nil, false},
		{"DeployFilesOnly", []string{".git/HEAD", "CNAME", ".nojekyll"}, false},
		{"OtherFiles", []string{"notes.txt"}, true},
		{"OtherFolder", []string{"src/main.go"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := t.TempDir()
			for _, f := range tc.files {
				filetest.Write(t, filepath.Join(dest, f), "x")
			}
			d, err := lock(t, dest).OpenDir(dest, nil, publish.Full, nil)
			if tc.refuse {
				if !errors.Is(err, publish.ErrNotOwned) {
					t.Fatalf("got %v, want ErrNotOwned", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			d.Abort()
		})
	}
}

func TestDirRefusesEscapingPaths(t *testing.T) {
	dest := t.TempDir()
	outside := filepath.Join(t.TempDir(), "target")
	filetest.Mkdir(t, outside)
	// A symlink inside the destination must not carry writes outside it.
	filetest.Symlink(t, outside, filepath.Join(dest, ".link"))
	d := openDir(t, lock(t, dest), dest, publish.Full, nil)
	defer d.Abort()
	for _, p := range []string{"../x.html", "/etc/x", "a/../../x", "", ".", ".journey-manifest", ".journey-staging/x"} {
		if err := d.Write(context.Background(), p, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded, want an error", p)
		}
	}
	if err := d.Write(context.Background(), ".link/x.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit(); err == nil {
		t.Error("Commit through a symlink out of the destination succeeded")
	}
	if _, err := os.Stat(filepath.Join(outside, "x.html")); err == nil {
		t.Error("a file was written outside the destination")
	}
}

func TestDirDuplicateWrite(t *testing.T) {
	dest := t.TempDir()
	d := openDir(t, lock(t, dest), dest, publish.Full, nil)
	defer d.Abort()
	if err := d.Write(context.Background(), "a.txt", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := d.Write(context.Background(), "a.txt", []byte("2")); !errors.Is(err, publish.ErrExists) {
		t.Errorf("second write: %v, want ErrExists", err)
	}
}

func TestDirPartial(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishFiles(t, dest, map[string]string{"a.txt": "a", "b.txt": "b", "c/index.html": "<p>c</p>"})
	l := lock(t, dest)
	d := openDir(t, l, dest, publish.Partial, nil)
	ctx := context.Background()
	d.Write(ctx, "a.txt", []byte("a2"))
	d.Write(ctx, "b.txt", []byte("b"))
	d.Remove("c/index.html")
	d.Write(ctx, "new.txt", []byte("n"))
	stats, err := d.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 2 || stats.Unchanged != 1 || stats.Removed != 1 {
		t.Errorf("stats %+v, want 2 written, 1 unchanged, 1 removed", stats)
	}
	if got := strings.Join(d.Changed(), " "); got != "a.txt c/index.html new.txt" {
		t.Errorf("changed %q", got)
	}
	l.Release()
	// The files not written are kept, and stay in the manifest: a full
	// build that does not write them removes them.
	if readFile(t, filepath.Join(dest, "b.txt")) != "b" {
		t.Error("b.txt lost")
	}
	stats = publishFiles(t, dest, map[string]string{"a.txt": "a2"})
	if stats.Removed != 2 {
		t.Errorf("full build after partial removed %d files, want 2 (b.txt, new.txt)", stats.Removed)
	}
}

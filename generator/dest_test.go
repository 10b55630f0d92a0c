package generator_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestStaticNamesWithNewlines: static files whose names hold a newline or
// a tab build, and build again (hardening issue, item 9).
func TestStaticNamesWithNewlines(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	names := []string{"a\nb.txt", "tab\there.txt"}
	for _, n := range names {
		filetest.Write(t, filepath.Join(src, "static", n), n)
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

// leftAsItWas fails unless dest is as snapshot recorded it before, and no
// staging folder is beside it.
func leftAsItWas(t *testing.T, dest string, before map[string]string) {
	t.Helper()
	after := snapshot(t, dest)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s is new", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("staging folder %s left beside the destination", e.Name())
		}
	}
}

// TestReservedSlugs: a page that would need a folder where the build writes
// a file fails the build before anything is written (hardening issue,
// item 3).
func TestReservedSlugs(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"content/sitemap.xml.md", "content/robots.txt.md", "content/404.html.md"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src := copySite(t, "testdata/sites/design/input")
			dest := filepath.Join(src, "public")
			if _, err := build(t, src, generator.Options{}); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dest)
			filetest.Write(t, filepath.Join(src, file), "+++\ntitle = \"Odd\"\n+++\nBody.\n")
			_, err := build(t, src, generator.Options{})
			if err == nil || !strings.HasPrefix(err.Error(), file+":1: ") {
				t.Errorf("got %v, want an error at %s:1", err, file)
			}
			leftAsItWas(t, dest, before)
		})
	}
}

// TestFailedCommitKeepsOutput: when moving a rebuild's files into the
// destination fails part way (here a folder stands where a page goes), the
// destination is left exactly as it was, no staging folder stays beside
// it, and the next rebuild, once the folder is gone, publishes the edit
// (hardening issue, item 3).
func TestFailedCommitKeepsOutput(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	ss, out := newSession(t, src)
	dest := filepath.Join(out, "public")
	filetest.Replace(t, filepath.Join(src, "content", "landing", "first-cup.md"), "Your first espresso, free", "A free espresso")
	// The rebuild writes the landing page and the sitemap; the sitemap,
	// last in the order of paths, finds a folder in its place.
	sitemap := filepath.Join(dest, "sitemap.xml")
	filetest.Rename(t, sitemap, sitemap+".saved")
	filetest.Mkdir(t, filepath.Join(sitemap, "x"))
	before := snapshot(t, dest)

	ch := generator.Changes{Content: []string{"content/landing/first-cup.md"}}
	if _, err := ss.Rebuild(context.Background(), ch); err == nil {
		t.Fatal("the rebuild succeeded with a folder in the sitemap's place")
	}
	leftAsItWas(t, dest, before)

	filetest.RemoveAll(t, sitemap)
	filetest.Rename(t, sitemap+".saved", sitemap)
	if _, err := ss.Rebuild(context.Background(), ch); err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(filepath.Join(dest, "first-cup", "index.html")); !strings.Contains(string(page), "A free espresso") {
		t.Error("the edit is not published after the second rebuild")
	}
}

// TestBusyDestination: build --no-wait and a second preview of a site fail
// at once while another process holds their destination; build --watch
// without --no-wait waits for it.
func TestBusyDestination(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	public, preview := filepath.Join(src, "public"), filepath.Join(src, ".journey", "preview")
	held, err := publish.Acquire(context.Background(), []string{public, preview}, publish.LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	if _, err := build(t, src, generator.Options{NoWait: true}); !errors.Is(err, publish.ErrLocked) {
		t.Errorf("build --no-wait: got %v, want ErrLocked", err)
	}
	err = generator.Serve(context.Background(), generator.ServeOptions{Options: generator.Options{Source: src, Theme: journey.DefaultTheme()}, Bind: "127.0.0.1", Log: io.Discard})
	if !errors.Is(err, publish.ErrLocked) {
		t.Errorf("serve: got %v, want ErrLocked", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waiting := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- generator.WatchBuild(ctx, generator.Options{Source: src, Theme: journey.DefaultTheme(), Waiting: func(dest string, _ int) { waiting <- dest }}, io.Discard)
	}()
	if got := <-waiting; got != public {
		t.Errorf("waiting for %s, want %s", got, public)
	}
	cancel() // as Ctrl+C does: the watch ends, as it would after a build
	if err := <-done; err != nil {
		t.Errorf("watch interrupted while waiting: %v", err)
	}
}

// TestFailedCommitKeepsBothOutputs: when the workspace's folder cannot
// take the build (here a folder stands where its robots.txt goes), the
// campaign site's folder, committed first, is put back too: a build
// changes both outputs or neither.
func TestFailedCommitKeepsBothOutputs(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	_, dest, team := buildBoth(t, src, generator.Options{})
	filetest.Replace(t, filepath.Join(src, "content", "landing", "first-cup.md"), "Your first espresso, free", "A free espresso")
	robots := filepath.Join(team, "robots.txt")
	filetest.Remove(t, robots)
	filetest.Mkdir(t, filepath.Join(robots, "x"))
	before, beforeTeam := snapshot(t, dest), snapshot(t, team)
	if _, err := build(t, src, generator.Options{Dest: dest, TeamDest: team}); err == nil {
		t.Fatal("the build succeeded with a folder in the workspace's robots.txt's place")
	}
	leftAsItWas(t, dest, before)
	leftAsItWas(t, team, beforeTeam)
}

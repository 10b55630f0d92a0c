package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

func sameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s is gone", p)
		} else if a != b {
			t.Errorf("%s changed from %q to %q", p, b, a)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s is new", p)
		}
	}
}

// noStaging fails if a staging folder is left in dest or beside it.
func noStaging(t *testing.T, dest string) {
	t.Helper()
	for _, dir := range []string{dest, filepath.Dir(dest)} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), "staging") {
				t.Errorf("staging folder %s left in %s", e.Name(), dir)
			}
		}
	}
}

// TestCommitFailureChangesNothing: when the final publish step fails,
// whatever it had moved is put back: the destination is byte for byte what
// it was, and no staging folder is left anywhere (hardening issue, item 3).
func TestCommitFailureChangesNothing(t *testing.T) {
	first := map[string]string{
		"index.html":   "<p>one</p>",
		"a/index.html": "<p>a</p>",
		"b/index.html": "<p>b</p>",
		"old.txt":      "old",
		"same.txt":     "same",
	}
	second := map[string]string{
		"index.html":     "<p>two</p>",
		"a/index.html":   "<p>a2</p>",
		"new/index.html": "<p>new</p>",
		"old/index.html": "<p>a folder where a file was</p>",
		"same.txt":       "same",
	}
	tests := []struct {
		name string
		// inject makes the commit fail; last, when set, is given to the
		// build, which then does not read the manifest.
		inject func(t *testing.T, dest string)
		last   bool
	}{
		{"FolderWhereAFileGoes", func(t *testing.T, dest string) {
			filetest.Mkdir(t, filepath.Join(dest, "zz.txt", "mine"))
		}, false},
		{"FileWhereAFolderGoes", func(t *testing.T, dest string) {
			filetest.Write(t, filepath.Join(dest, "zz"), "mine")
		}, false},
		{"AtTheManifest", func(t *testing.T, dest string) {
			m := filepath.Join(dest, publish.ManifestName)
			filetest.Remove(t, m)
			filetest.Mkdir(t, filepath.Join(m, "x"))
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			l := lock(t, dest)
			d := openDir(t, l, dest, publish.Full, nil)
			writeAll(t, d, first)
			if _, err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			last := d.Manifest()
			filetest.Write(t, filepath.Join(dest, "CNAME"), "example.com\n")
			filetest.Write(t, filepath.Join(dest, ".git", "HEAD"), "ref: x\n")
			if !tc.last {
				last = nil
			}
			d = openDir(t, l, dest, publish.Full, last)
			writeAll(t, d, second)
			writeAll(t, d, map[string]string{"zz.txt": "file", "zz/index.html": "<p>zz</p>"})
			tc.inject(t, dest)
			before := tree(t, dest)
			if _, err := d.Commit(); err == nil {
				t.Fatal("commit succeeded, want the injected failure")
			}
			sameTree(t, before, tree(t, dest))
			noStaging(t, dest)
		})
	}
}

// TestLeftoverStagingRemoved: the staging folders a killed build left,
// beside the destination or (from earlier versions) inside it, are removed
// by the next build, which holds the lock they were made under.
func TestLeftoverStagingRemoved(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishFiles(t, dest, map[string]string{"index.html": "<p>one</p>"})
	for _, dir := range []string{filepath.Join(filepath.Dir(dest), ".public.journey-staging-123"), filepath.Join(dest, ".journey-staging")} {
		filetest.Write(t, filepath.Join(dir, "0"), "<p>half a build</p>")
	}
	publishFiles(t, dest, map[string]string{"index.html": "<p>two</p>"})
	noStaging(t, dest)
}

// TestStaleFileReplacedByHand: where a file of the last build became a
// folder, or its folder a link, the next build that drops the file leaves
// what is there alone, and moves nothing through the link.
func TestStaleFileReplacedByHand(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	outside := t.TempDir()
	filetest.Write(t, filepath.Join(outside, "index.html"), "not journey's")
	publishFiles(t, dest, map[string]string{"a.txt": "a", "b/index.html": "<p>b</p>", "keep.txt": "k"})
	filetest.Remove(t, filepath.Join(dest, "a.txt"))
	filetest.Mkdir(t, filepath.Join(dest, "a.txt", "mine"))
	filetest.RemoveAll(t, filepath.Join(dest, "b"))
	filetest.Symlink(t, outside, filepath.Join(dest, "b"))
	if stats := publishFiles(t, dest, map[string]string{"keep.txt": "k"}); stats.Removed != 0 {
		t.Errorf("stats %+v, want nothing removed", stats)
	}
	for _, p := range []string{filepath.Join(dest, "a.txt", "mine"), filepath.Join(dest, "b", "index.html"), filepath.Join(outside, "index.html")} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// TestCommitAllUndoesEveryFolder: a build writes two folders (the campaign
// site and the team workspace); when the second folder's commit fails, the
// first one's, already done, is undone too, manifest included, and the
// next build of both starts from what they held.
func TestCommitAllUndoesEveryFolder(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "public"), filepath.Join(root, "team")
	l, err := publish.Acquire(context.Background(), []string{a, b}, publish.LockOptions{NoWait: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
	build := func(files map[string]string) (*publish.Dir, *publish.Dir) {
		da, db := openDir(t, l, a, publish.Full, nil), openDir(t, l, b, publish.Full, nil)
		writeAll(t, da, files)
		writeAll(t, db, files)
		return da, db
	}
	da, db := build(map[string]string{"index.html": "<p>one</p>", "old.txt": "old"})
	if err := publish.CommitAll(da, db); err != nil {
		t.Fatal(err)
	}
	da, db = build(map[string]string{"index.html": "<p>two</p>", "zz.txt": "new"})
	filetest.Mkdir(t, filepath.Join(b, "zz.txt", "mine"))
	beforeA, beforeB := tree(t, a), tree(t, b)
	if err := publish.CommitAll(da, db); err == nil {
		t.Fatal("the commit succeeded, want the failure in the second folder")
	}
	sameTree(t, beforeA, tree(t, a))
	sameTree(t, beforeB, tree(t, b))
	noStaging(t, a)
	noStaging(t, b)
	// The folders still hold the first build, manifests included: the
	// next build removes old.txt from both.
	filetest.RemoveAll(t, filepath.Join(b, "zz.txt"))
	da, db = build(map[string]string{"index.html": "<p>two</p>"})
	if err := publish.CommitAll(da, db); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{a, b} {
		if _, err := os.Stat(filepath.Join(dir, "old.txt")); err == nil {
			t.Errorf("%s still has old.txt: its manifest was not put back", dir)
		}
	}
}

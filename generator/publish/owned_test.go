package publish_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestManifestCannotAimOutsideTheBuild guards hardening item 10: the
// manifest is read from the destination, where anyone may have edited it
// (a deploy branch takes pull requests too). An entry naming .git/HEAD or a
// path above the destination must not make a build remove that file.
func TestManifestCannotAimOutsideTheBuild(t *testing.T) {
	for _, tc := range []struct{ entry, file string }{
		{".git/HEAD", "public/.git/HEAD"},
		{"vendor/.git/config", "public/vendor/.git/config"},
		{"../outside.txt", "outside.txt"},
	} {
		t.Run(tc.entry, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "public")
			publishFiles(t, dest, map[string]string{"stale-file-of-journey.txt": "a", "kept.txt": "b"})
			theirs := filepath.Join(dir, filepath.FromSlash(tc.file))
			filetest.Write(t, theirs, "not journey's")
			// The path is swapped in place, whatever the manifest's format.
			filetest.Replace(t, filepath.Join(dest, publish.ManifestName), "stale-file-of-journey.txt", tc.entry)
			publishFiles(t, dest, map[string]string{"kept.txt": "b"})
			if got, err := os.ReadFile(theirs); err != nil || string(got) != "not journey's" {
				t.Errorf("%s: got %q, %v; want it left alone", tc.file, got, err)
			}
		})
	}
}

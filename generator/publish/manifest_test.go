package publish_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestManifestOddNames: a file name with a newline, a tab, a quote or a
// backslash goes into the manifest and comes back, so the next build
// knows the file (hardening issue, item 9).
func TestManifestOddNames(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"a\nb.txt":         "newline",
		"tab\there.txt":    "tab",
		"cr\r.txt":         "carriage return",
		`"quoted".txt`:     "quotes",
		`back\slash.txt`:   "backslash",
		"dir\n/index.html": "<p>in a folder with a newline</p>",
		"ünïcödé.txt":      "unicode",
	}
	if stats := publishFiles(t, dest, files); stats.Written != len(files) {
		t.Fatalf("first build %+v, want %d written", stats, len(files))
	}
	stats := publishFiles(t, dest, files)
	if stats.Written != 0 || stats.Unchanged != len(files) {
		t.Errorf("second build %+v, want all %d unchanged", stats, len(files))
	}
	delete(files, "a\nb.txt")
	if stats := publishFiles(t, dest, files); stats.Removed != 1 {
		t.Errorf("third build %+v, want the file with a newline removed", stats)
	}
	if _, err := os.Stat(filepath.Join(dest, "a\nb.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file with a newline: %v, want it removed", err)
	}
	// Names that need no quoting stay readable in the manifest.
	m := readFile(t, filepath.Join(dest, publish.ManifestName))
	if !strings.Contains(m, "\nünïcödé.txt\t") || !strings.Contains(m, "\n\"tab\\there.txt\"\t") {
		t.Errorf("manifest:\n%s", m)
	}
}

// TestDamagedManifestRecovers: a damaged manifest no longer blocks every
// later build. The build keeps the entries it can read (and removes those
// that went stale), leaves the files it lost track of in place, warns at
// the first bad line, and writes a good manifest (hardening issue, item 9).
func TestDamagedManifestRecovers(t *testing.T) {
	first := map[string]string{"a.txt": "a", "m.txt": "m", "z.txt": "z"}
	tests := []struct {
		name   string
		damage func(good string) string
		// gone lists the stale files the build removes; the others stay.
		gone string
		line int
	}{
		{"Truncated", func(good string) string { return good[:strings.Index(good, "m.txt")+8] }, "", 3},
		{"TruncatedLastLine", func(good string) string { return good[:len(good)-10] }, "m.txt", 4},
		{"BadLine", func(good string) string { return strings.Replace(good, "m.txt\t", "m.txt\tx", 1) }, "z.txt", 3},
		{"Garbage", func(string) string { return "\x00\x01PK\x03\x04 not a manifest at all" }, "", 1},
		{"Empty", func(string) string { return "" }, "", 1},
		{"NewerVersion", func(good string) string { return strings.Replace(good, "journey manifest 3", "journey manifest 9", 1) }, "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			publishFiles(t, dest, first)
			mpath := filepath.Join(dest, publish.ManifestName)
			filetest.Write(t, mpath, tc.damage(readFile(t, mpath)))

			l := lock(t, dest)
			d := openDir(t, l, dest, publish.Full, nil)
			warnings := d.Warnings()
			if len(warnings) != 1 || warnings[0].Pos.Line != tc.line || !strings.Contains(warnings[0].Error(), publish.ManifestName) {
				t.Errorf("warnings %v, want one at line %d of the manifest", warnings, tc.line)
			}
			writeAll(t, d, map[string]string{"a.txt": "a", "new.txt": "n"})
			if _, err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"m.txt", "z.txt"} {
				_, err := os.Stat(filepath.Join(dest, f))
				if gone := strings.Contains(tc.gone, f); gone != os.IsNotExist(err) {
					t.Errorf("%s: %v; want removed: %v", f, err, gone)
				}
			}
			// The manifest is whole again: the next build is an ordinary one.
			d = openDir(t, l, dest, publish.Full, nil)
			if w := d.Warnings(); len(w) != 0 {
				t.Errorf("warnings after recovery: %v", w)
			}
			writeAll(t, d, map[string]string{"a.txt": "a", "new.txt": "n"})
			if stats, err := d.Commit(); err != nil || stats.Unchanged != 2 {
				t.Errorf("build after recovery: %+v, %v; want 2 unchanged", stats, err)
			}
		})
	}
}

// TestEarlierManifest: the manifest of an earlier version, whose hashes are
// SHA-256 sums, reads without a warning. Its files stay owned (a stale
// one is removed) and are written once more, with the hashes of now.
func TestEarlierManifest(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishFiles(t, dest, map[string]string{"a.txt": "a", "old.txt": "o"})
	mpath := filepath.Join(dest, publish.ManifestName)
	lines := strings.Split(readFile(t, mpath), "\n")
	lines[0] = "journey manifest 2"
	for i, line := range lines[1:] {
		if f := strings.Split(line, "\t"); len(f) == 5 {
			sum := sha256.Sum256([]byte(f[0]))
			f[3] = hex.EncodeToString(sum[:])
			lines[i+1] = strings.Join(f, "\t")
		}
	}
	filetest.Write(t, mpath, strings.Join(lines, "\n"))

	l := lock(t, dest)
	d := openDir(t, l, dest, publish.Full, nil)
	if w := d.Warnings(); len(w) != 0 {
		t.Errorf("warnings %v, want none", w)
	}
	writeAll(t, d, map[string]string{"a.txt": "a"})
	stats, err := d.Commit()
	if err != nil || stats.Written != 1 || stats.Removed != 1 {
		t.Errorf("build over a version 2 manifest: %+v, %v; want 1 written, 1 removed", stats, err)
	}
	if m := readFile(t, mpath); !strings.HasPrefix(m, "journey manifest 3\n") {
		t.Errorf("manifest:\n%s", m)
	}
}

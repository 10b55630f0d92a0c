//go:build unix

package sitefs_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/journey-ssg/journey/generator/sitefs"
)

// site makes a site folder beside a folder of secrets, with a file and a
// link for each case, and returns the site's folder.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out, root := filepath.Join(dir, "out"), filepath.Join(dir, "site")
	for _, d := range []string{out, filepath.Join(root, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{
		filepath.Join(out, "secret.txt"): "secret",
		filepath.Join(root, "a.txt"):     "a",
		filepath.Join(root, "sub/b.txt"): "b",
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"in.txt":      "a.txt",
		"sub/up.txt":  "../a.txt",
		"abs.txt":     filepath.Join(out, "secret.txt"),
		"rel.txt":     "../out/secret.txt",
		"hop.txt":     "abs.txt",
		"dirlink":     "sub",
		"outdir":      out,
		"gone.txt":    "missing.txt",
		"loop.txt":    "loop.txt",
		"environ.txt": "/proc/self/environ",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func open(t *testing.T, dir string) *sitefs.FS {
	t.Helper()
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	return fsys
}

func TestOpen(t *testing.T) {
	fsys := open(t, site(t))
	for _, tc := range []struct {
		name string
		want string // the contents, when it opens
		err  error  // else the reason
		at   string // and the path the error names
	}{
		{name: "a.txt", want: "a"},
		{name: "in.txt", want: "a"},
		{name: "sub/up.txt", want: "a"},
		{name: "abs.txt", err: sitefs.ErrOutside, at: "abs.txt"},
		{name: "rel.txt", err: sitefs.ErrOutside, at: "rel.txt"},
		{name: "hop.txt", err: sitefs.ErrOutside, at: "hop.txt"},
		{name: "environ.txt", err: sitefs.ErrOutside, at: "environ.txt"},
		{name: "outdir/secret.txt", err: sitefs.ErrOutside, at: "outdir"},
		{name: "outdir", err: sitefs.ErrOutside, at: "outdir"},
		{name: "dirlink", err: sitefs.ErrFolder, at: "dirlink"},
		{name: "gone.txt", err: sitefs.ErrDangling, at: "gone.txt"},
		{name: "loop.txt", err: sitefs.ErrLoop, at: "loop.txt"},
		{name: "pipe", err: sitefs.ErrNotRegular, at: "pipe"},
		{name: "missing.txt", err: fs.ErrNotExist, at: "missing.txt"},
		{name: "../a.txt", err: fs.ErrInvalid, at: "../a.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := fs.ReadFile(fsys, tc.name)
			if tc.err == nil {
				if err != nil || string(b) != tc.want {
					t.Fatalf("got %q, %v; want %q", b, err, tc.want)
				}
				return
			}
			var pe *fs.PathError
			if !errors.Is(err, tc.err) || !errors.As(err, &pe) || pe.Path != tc.at {
				t.Fatalf("got %v, want %v at %s", err, tc.err, tc.at)
			}
			_, serr := fs.Stat(fsys, tc.name)
			if !errors.Is(serr, tc.err) {
				t.Errorf("stat: got %v, want %v", serr, tc.err)
			}
		})
	}
}

func TestReadDir(t *testing.T) {
	fsys := open(t, site(t))
	entries, err := fs.ReadDir(fsys, "sub")
	if err != nil || len(entries) != 2 || entries[0].Name() != "b.txt" || entries[1].Name() != "up.txt" {
		t.Errorf("sub: got %v, %v", entries, err)
	}
	for _, dir := range []string{"dirlink", "outdir"} {
		if _, err := fs.ReadDir(fsys, dir); err == nil {
			t.Errorf("%s: listed the folder behind the link", dir)
		}
	}
}

// TestWalkDir: links are seen as their target, refused entries as errors at
// their paths, and skipped names not at all.
func TestWalkDir(t *testing.T) {
	fsys := open(t, site(t))
	files := map[string]bool{}
	errs := map[string]error{}
	err := sitefs.WalkDir(fsys, ".", func(name string) bool { return name == "gone.txt" }, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			errs[p] = err
		case d.Type().IsRegular():
			files[p] = true
		case !d.IsDir():
			t.Errorf("%s: got mode %v, want a file or folder", p, d.Type())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a.txt", "in.txt", "sub/b.txt", "sub/up.txt"} {
		if !files[p] {
			t.Errorf("%s was not seen as a file", p)
		}
	}
	for p, want := range map[string]error{
		"abs.txt": sitefs.ErrOutside, "rel.txt": sitefs.ErrOutside, "hop.txt": sitefs.ErrOutside,
		"environ.txt": sitefs.ErrOutside, "outdir": sitefs.ErrOutside, "dirlink": sitefs.ErrFolder,
		"loop.txt": sitefs.ErrLoop, "pipe": sitefs.ErrNotRegular,
	} {
		if !errors.Is(errs[p], want) {
			t.Errorf("%s: got %v, want %v", p, errs[p], want)
		}
	}
	if len(files)+len(errs) != 12 {
		t.Errorf("got %d files and %d errors, want 12 together: %v %v", len(files), len(errs), files, errs)
	}
}

// TestFolderThroughALink: the site's folder itself may be a link.
func TestFolderThroughALink(t *testing.T) {
	root := site(t)
	via := filepath.Join(t.TempDir(), "via")
	if err := os.Symlink(root, via); err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(open(t, via), "in.txt"); err != nil || string(b) != "a" {
		t.Errorf("got %q, %v", b, err)
	}
}

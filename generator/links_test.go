//go:build unix

package generator_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/internal/filetest"
)

// secret stands for what must never leave the build machine: it is written
// only to files outside the site, which the site links to.
const secret = "JOURNEY-SECRET-5c1e9a"

// outside writes files holding the secret into a folder beside the site
// and returns the folder.
func outside(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	landing := filetest.Read(t, filepath.Join("..", "content", "landing", "book-a-test-ride.md"))
	filetest.WriteTree(t, dir, map[string]string{
		"secret.txt":                          secret,
		"leak.md":                             string(landing) + "\n" + secret + "\n",
		"footer.html":                         `<footer>` + secret + `</footer>`,
		"secret.svg":                          `<svg xmlns="http://www.w3.org/2000/svg" width="31337" height="31337"><title>` + secret + `</title></svg>`,
		"theme/layouts/partials/footer.html":  `<footer>` + secret + `</footer>`,
		"theme/static/favicon.svg":            secret,
		"folder/notes.txt":                    secret,
		"folder/deeper/more.txt":              secret,
		"theme/layouts/partials/crumbs.html":  secret,
		"theme/assets/css/main.css":           secret,
		"theme/layouts/partials/unused.html":  secret,
		"theme/layouts/landing/decision.html": secret,
	})
	return dir
}

// link makes the site-relative path name a symbolic link to target.
func link(t *testing.T, site, target, name string) {
	t.Helper()
	filetest.Symlink(t, target, filepath.Join(site, filepath.FromSlash(name)))
}

// relTo returns target relative to the folder of the site-relative path
// name, so that a relative link at name climbs out of the site to it.
func relTo(t *testing.T, site, name, target string) string {
	t.Helper()
	rel, err := filepath.Rel(filepath.Dir(filepath.Join(site, filepath.FromSlash(name))), target)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// noSecret fails if any file under dir holds the secret.
func noSecret(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the secret", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// problemsOf returns the problems of a failed build, failing the test when
// err is not a diag.List.
func problemsOf(t *testing.T, err error) diag.List {
	t.Helper()
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want a diag.List", err)
	}
	return list
}

// problemAt returns the problem reported at file, or nil.
func problemAt(list diag.List, file string) *diag.Error {
	for _, e := range list {
		if e.Pos.File == file {
			return e
		}
	}
	return nil
}

// TestLinksOutOfTheSiteAreNeverRead guards hardening item 1: a pull request
// that links files of the build machine into the site must not publish
// them, whichever folder the link is in; the build fails naming the link.
func TestLinksOutOfTheSiteAreNeverRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		theme  string // journey.toml's theme, if not the default
		setup  func(t *testing.T, site, out string)
		report string // the file the build must name
	}{
		{name: "static absolute", report: "static/env.txt", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "secret.txt"), "static/env.txt")
		}},
		{name: "static relative", report: "static/passwd.txt", setup: func(t *testing.T, site, out string) {
			link(t, site, relTo(t, site, "static/passwd.txt", filepath.Join(out, "secret.txt")), "static/passwd.txt")
		}},
		{name: "static folder", report: "static/linkdir", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "folder"), "static/linkdir")
		}},
		{name: "static through a link inside", report: "static/hop.txt", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "secret.txt"), "hidden-away.txt")
			link(t, site, "../hidden-away.txt", "static/hop.txt")
		}},
		{name: "markdown image", report: "static/images/leak.svg", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "secret.svg"), "static/images/leak.svg")
			filetest.Append(t, filepath.Join(site, "content", "landing", "book-a-test-ride.md"), "\n![leak](/images/leak.svg)\n")
		}},
		{name: "landing page", report: "content/landing/leak.md", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "leak.md"), "content/landing/leak.md")
		}},
		{name: "content folder", report: "content/journeys", setup: func(t *testing.T, site, out string) {
			filetest.RemoveAll(t, filepath.Join(site, "content", "journeys"))
			link(t, site, filepath.Join(out, "folder"), "content/journeys")
		}},
		{name: "layout", report: "layouts/partials/footer.html", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "footer.html"), "layouts/partials/footer.html")
		}},
		{name: "theme file", report: "themes/default/layouts/partials/footer.html", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "footer.html"), "themes/default/layouts/partials/footer.html")
		}},
		{name: "theme folder", theme: "brand", report: "themes/brand", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "theme"), "themes/brand")
		}},
		{name: "layouts folder", report: "layouts", setup: func(t *testing.T, site, out string) {
			link(t, site, filepath.Join(out, "theme", "layouts"), "layouts")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := outside(t)
			site := copyExample(t)
			if tc.theme != "" {
				filetest.Replace(t, filepath.Join(site, "journey.toml"), `theme = "default"`, `theme = "`+tc.theme+`"`)
			}
			tc.setup(t, site, out)
			dest := filepath.Join(t.TempDir(), "public")
			_, err := build(t, site, generator.Options{Dest: dest})
			noSecret(t, dest)
			if err == nil {
				t.Fatalf("the build succeeded, want it to refuse %s", tc.report)
			}
			list := problemsOf(t, err)
			e := problemAt(list, tc.report)
			if e == nil {
				t.Fatalf("no problem at %s in:\n%s", tc.report, list.Lines())
			}
			if !strings.HasPrefix(e.Msg, "symbolic link") {
				t.Errorf("got %q, want it to say the symbolic link is the problem", e.Msg)
			}
			if strings.Contains(list.Lines(), secret) {
				t.Errorf("the errors quote the secret:\n%s", list.Lines())
			}
		})
	}
}

// TestBadLinksAreReportedTogether: one build names every link it refuses,
// in every folder, next to the site's other problems.
func TestBadLinksAreReportedTogether(t *testing.T) {
	t.Parallel()
	out := outside(t)
	site := copyExample(t)
	link(t, site, filepath.Join(out, "secret.txt"), "static/env.txt")
	link(t, site, filepath.Join(out, "folder"), "static/linkdir")
	link(t, site, "missing.txt", "static/dangling.txt")
	link(t, site, "loop.txt", "static/loop.txt")
	link(t, site, filepath.Join(out, "leak.md"), "content/landing/leak.md")
	link(t, site, filepath.Join(out, "footer.html"), "layouts/partials/footer.html")
	filetest.Write(t, filepath.Join(site, "content", "personas", "broken.md"), "+++\nname = \"unclosed\n")
	for _, check := range []struct {
		name string
		run  func() error
	}{
		{"build", func() error {
			_, err := build(t, site, generator.Options{Dest: filepath.Join(t.TempDir(), "public")})
			return err
		}},
		{"check", func() error {
			_, err := generator.Check(context.Background(), generator.Options{Source: site, Theme: journey.DefaultTheme()})
			return err
		}},
	} {
		t.Run(check.name, func(t *testing.T) {
			list := problemsOf(t, check.run())
			for _, want := range []string{"static/env.txt", "static/linkdir", "static/dangling.txt", "static/loop.txt",
				"content/landing/leak.md", "layouts/partials/footer.html", "content/personas/broken.md"} {
				if problemAt(list, want) == nil {
					t.Errorf("no problem at %s in:\n%s", want, list.Lines())
				}
			}
		})
	}
}

// TestLinksInsideTheSiteActLikeTheirTarget: a link to a file inside the
// site is read as that file, and the site's folder may itself be a link.
func TestLinksInsideTheSiteActLikeTheirTarget(t *testing.T) {
	t.Parallel()
	site := copyExample(t)
	extra := filepath.Join(site, "shared", "extra.md")
	filetest.Write(t, extra, filetest.Read(t, filepath.Join(site, "content", "landing", "book-a-test-ride.md")))
	filetest.Replace(t, extra, "Book a Velora City test ride", "A linked landing page")
	link(t, site, "../../shared/extra.md", "content/landing/extra.md")
	link(t, site, "images/velora-city.svg", "static/city.svg")
	via := filepath.Join(t.TempDir(), "via")
	filetest.Symlink(t, site, via)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build(t, via, generator.Options{Dest: dest})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%s", res.Warnings.Lines())
	}
	page, err := os.ReadFile(filepath.Join(dest, "extra", "index.html"))
	if err != nil || !bytes.Contains(page, []byte("A linked landing page")) {
		t.Errorf("the linked landing page: %v", err)
	}
	city, _ := os.ReadFile(filepath.Join(site, "static", "images", "velora-city.svg"))
	if got, err := os.ReadFile(filepath.Join(dest, "city.svg")); err != nil || !bytes.Equal(got, city) {
		t.Errorf("static/city.svg: %v, want the bytes of its target", err)
	}
}

// TestSpecialFilesInStatic: a named pipe in static/ would block a build that
// opened it for reading until something wrote to it; it is refused instead.
func TestSpecialFilesInStatic(t *testing.T) {
	t.Parallel()
	site := copyExample(t)
	if err := syscall.Mkfifo(filepath.Join(site, "static", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := build(t, site, generator.Options{Dest: filepath.Join(t.TempDir(), "public")})
		done <- err
	}()
	select {
	case err := <-done:
		list := problemsOf(t, err)
		if e := problemAt(list, "static/pipe"); e == nil || !strings.Contains(e.Msg, "named pipe") {
			t.Errorf("got:\n%s\nwant static/pipe refused as a named pipe", list.Lines())
		}
	case <-time.After(30 * time.Second):
		// Let the build go: open the pipe's other end.
		if f, err := os.OpenFile(filepath.Join(site, "static", "pipe"), os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		<-done
		t.Fatal("the build hung on a named pipe in static/")
	}
}

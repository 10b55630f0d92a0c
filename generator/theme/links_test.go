//go:build unix

package theme_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/journey-ssg/journey/generator/sitefs"
	"github.com/journey-ssg/journey/generator/theme"
)

// TestImageSizeReadsOnlyTheSite: the size of an image written in Markdown
// is read from the site's static/ folder, never through a link out of it,
// and a named pipe there does not block the page.
func TestImageSizeReadsOnlyTheSite(t *testing.T) {
	dir := t.TempDir()
	out, site := filepath.Join(dir, "out"), filepath.Join(dir, "site")
	for _, d := range []string{out, filepath.Join(site, "static"), filepath.Join(site, "layouts")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(out, "secret.svg"):         `<svg xmlns="http://www.w3.org/2000/svg" width="31337" height="31337"/>`,
		filepath.Join(site, "static", "in.svg"):  `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320"/>`,
		filepath.Join(site, "layouts", "t.html"): `{{ range . }}{{ with imgsize . }}{{ .W }}x{{ .H }} {{ .OK }};{{ end }}{{ end }}`,
	}
	for p, data := range files {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(out, "secret.svg"), filepath.Join(site, "static", "leak.svg")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("in.svg", filepath.Join(site, "static", "alias.svg")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(site, "static", "pipe.svg"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := sitefs.Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	th, err := theme.Load(theme.Overlay{{FS: fsys}, {FS: mapFS(builtin), Prefix: "themes/default/"}}, theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := render(t, th, "t", []string{"/leak.svg", "/alias.svg", "/pipe.svg"})
	if want := "0x0 false;480x320 true;0x0 false;"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

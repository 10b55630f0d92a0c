//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/journey-ssg/journey/internal/filetest"
)

// TestBuildNeverPublishesLinkedFiles guards hardening item 1 end to end: a
// pull request that links the build machine's files into a site (its
// environment, /etc/passwd, a file beside the site) and adds a named pipe
// gets a failed build that names every one, and nothing of them is
// published.
func TestBuildNeverPublishesLinkedFiles(t *testing.T) {
	const secret = "JOURNEY-E2E-SECRET-93b2"
	// The child inherits it, so that its /proc/self/environ holds it.
	t.Setenv("JOURNEY_E2E_SECRET", secret)
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	if code, _, errs := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("first build: %s", errs)
	}
	out := filepath.Join(dir, "outside")
	filetest.WriteTree(t, out, map[string]string{
		"secret.txt":  secret,
		"leak.md":     string(filetest.Read(t, filepath.Join(site, "content", "landing", "book-a-test-ride.md"))),
		"footer.html": "<footer>" + secret + "</footer>",
	})
	filetest.Replace(t, filepath.Join(out, "leak.md"), "+++\n\n", "+++\n\n"+secret+"\n\n")
	links := map[string]string{
		"static/env.txt":               "/proc/self/environ",
		"static/passwd.txt":            "/etc/passwd",
		"static/secret.txt":            "../../outside/secret.txt",
		"content/landing/leak.md":      filepath.Join(out, "leak.md"),
		"layouts/partials/footer.html": filepath.Join(out, "footer.html"),
	}
	for name, target := range links {
		filetest.Symlink(t, target, filepath.Join(site, filepath.FromSlash(name)))
	}
	if err := syscall.Mkfifo(filepath.Join(site, "static", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, command := range []string{"build", "check"} {
		code, _, errs := runBinary(t, site, command)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", command, code, errs)
		}
		for name, target := range links {
			if want := name + ": symbolic link to " + target + ": it leads outside the site's folder"; !strings.Contains(errs, want) {
				t.Errorf("%s: no %q in:\n%s", command, want, errs)
			}
		}
		if want := "static/pipe: a named pipe"; !strings.Contains(errs, want) {
			t.Errorf("%s: no %q in:\n%s", command, want, errs)
		}
		if want := command + " failed with 6 errors"; !strings.Contains(errs, want) {
			t.Errorf("%s: no %q in:\n%s", command, want, errs)
		}
	}
	if sitemap, err := os.ReadFile(filepath.Join(site, "public", "sitemap.xml")); err != nil || bytes.Contains(sitemap, []byte("/leak/")) {
		t.Errorf("sitemap.xml: %v; want it without the linked page", err)
	}
	passwd, _ := os.ReadFile("/etc/passwd")
	firstLine, _, _ := strings.Cut(string(passwd), "\n")
	err := filepath.WalkDir(filepath.Join(site, "public"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(secret)) || firstLine != "" && bytes.Contains(b, []byte(firstLine)) {
			t.Errorf("%s holds what a link pointed at", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

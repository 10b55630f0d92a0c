package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/internal/filetest"
)

// twoSites makes two sites in dir that build to different files, and
// builds each once into a folder of its own for reference.
func twoSites(t *testing.T, dir string) (sites, refs [2]string) {
	t.Helper()
	sites = [2]string{newSite(t, dir, "a"), filepath.Join(dir, "b")}
	if err := os.CopyFS(sites[1], os.DirFS(sites[0])); err != nil {
		t.Fatal(err)
	}
	toml := filepath.Join(sites[1], "journey.toml")
	title := regexp.MustCompile(`(?m)^title = .*\n`)
	b := filetest.Read(t, toml)
	if !title.Match(b) {
		t.Fatalf("%s has no title", toml)
	}
	filetest.Write(t, toml, append([]byte("title = \"The other site\"\n"), title.ReplaceAll(b, nil)...))
	filetest.Write(t, filepath.Join(sites[1], "content", "extra.md"), "+++\ntitle = \"Extra\"\n+++\nOnly in b.\n")
	for i, s := range sites {
		refs[i] = filepath.Join(dir, "ref"+string(rune('a'+i)))
		if code, _, errs := runBinary(t, dir, "build", "-s", s, "-d", refs[i]); code != 0 {
			t.Fatalf("reference build of %s: %s", s, errs)
		}
	}
	return sites, refs
}

// files reads every file under dir but the manifest, whose times differ
// from build to build.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".journey-manifest" {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for p, x := range a {
		if y, ok := b[p]; !ok || x != y {
			return false
		}
	}
	return true
}

// TestConcurrentBuilds runs two builds of different sites into one
// destination at once, again and again: both succeed, one after the
// other, and the destination is always exactly one of the two builds'
// output, with nothing of either left beside it (hardening issue, item 2).
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a stress test of sixteen builds; TestBuildNoWait and publish's lock tests check the lock itself")
	}
	t.Parallel()
	dir := t.TempDir()
	sites, refs := twoSites(t, dir)
	want := [2]map[string]string{files(t, refs[0]), files(t, refs[1])}
	if sameFiles(want[0], want[1]) {
		t.Fatal("the two sites build to the same files")
	}
	out := filepath.Join(t.TempDir(), "out")
	// The holder's pid is not known when the other build looks between
	// its locking the file and writing its pid there.
	waiting := regexp.MustCompile(`^waiting for another build into ` + regexp.QuoteMeta(out) + `( \(pid [0-9]+\))? to finish…\n`)
	waited := 0
	for round := range 8 {
		var wg sync.WaitGroup
		var codes [2]int
		var stderr [2]bytes.Buffer
		for i, s := range sites {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(binary, "build", "--quiet", "-s", s, "-d", out)
				cmd.Stderr = &stderr[i]
				if err := cmd.Run(); err != nil {
					codes[i] = -1
					if ee, ok := err.(*exec.ExitError); ok {
						codes[i] = ee.ExitCode()
					}
				}
			}()
		}
		wg.Wait()
		for i := range sites {
			if codes[i] != 0 {
				t.Errorf("round %d: build of %s: exit %d\n%s", round, sites[i], codes[i], stderr[i].String())
			} else if e := stderr[i].String(); e != "" {
				if !waiting.MatchString(e) {
					t.Errorf("round %d: build of %s printed %q", round, sites[i], e)
				}
				waited++
			}
		}
		got := files(t, out)
		if !sameFiles(got, want[0]) && !sameFiles(got, want[1]) {
			t.Fatalf("round %d: the destination matches neither build (%d files; the builds have %d and %d)", round, len(got), len(want[0]), len(want[1]))
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("round %d: beside the destination: %s", round, strings.Join(names, " "))
		}
	}
	t.Logf("a build waited for the other in %d of 8 rounds", waited)
}

// TestBuildNoWait: while another process holds the destination, a build
// with --no-wait fails at once naming it, and a build without waits for it
// and says so (hardening issue, item 2).
func TestBuildNoWait(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	newSite(t, dir, "s")
	out := filepath.Join(dir, "out")
	held, err := publish.Acquire(context.Background(), []string{out}, publish.LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	pid := fmt.Sprintf("(pid %d)", os.Getpid())

	code, _, errs := runBinary(t, dir, "build", "--no-wait", "-s", "s", "-d", out)
	if code != 1 || !strings.Contains(errs, "another journey process "+pid+" is building into "+out) {
		t.Errorf("build --no-wait: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("build --no-wait touched the destination: %v", err)
	}

	cmd := exec.Command(binary, "build", "-s", "s", "-d", out)
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if want := "waiting for another build into " + out + " " + pid + " to finish…\n"; line != want || err != nil {
		t.Errorf("build: stderr %q (%v), want %q", line, err, want)
	}
	held.Release()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("build after the wait: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
}

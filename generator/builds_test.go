package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// builtSite is a site built into two folders that tests only read.
type builtSite struct {
	res        *generator.Result
	dest, team string // the campaign site's and the team workspace's folders
}

// buildCache builds each site once per test binary for the tests that
// only read its output, instead of once per test.
type buildCache struct {
	mu sync.Mutex // guards dir and builds
	// dir holds the sources and outputs; Close removes it.
	dir    string
	builds map[buildKey]*cachedBuild
}

type buildKey struct {
	name   string
	minify bool
}

type cachedBuild struct {
	once sync.Once
	site builtSite
	err  error
}

// site returns the site name ("example" or a site under testdata/sites),
// copied with fixed file times and built with minify, as buildBoth
// builds it. The first test to ask builds it; the tests share the
// folders and must not change what they hold.
func (c *buildCache) site(t *testing.T, name string, minify bool) builtSite {
	t.Helper()
	c.mu.Lock()
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "journey-builds-")
		if err != nil {
			c.mu.Unlock()
			t.Fatal(err)
		}
		c.dir, c.builds = dir, map[buildKey]*cachedBuild{}
	}
	key := buildKey{name, minify}
	b := c.builds[key]
	if b == nil {
		b = &cachedBuild{}
		c.builds[key] = b
	}
	dir := c.dir
	c.mu.Unlock()
	b.once.Do(func() { b.site, b.err = buildShared(dir, name, minify) })
	if b.err != nil {
		t.Fatalf("build %s: %v", name, b.err)
	}
	return b.site
}

// buildShared copies and builds the site name into a new folder in dir.
func buildShared(dir, name string, minify bool) (builtSite, error) {
	root, err := os.MkdirTemp(dir, name+"-")
	if err != nil {
		return builtSite{}, err
	}
	src := filepath.Join(root, "site")
	if err := copySource(name, src); err != nil {
		return builtSite{}, err
	}
	s := builtSite{dest: filepath.Join(root, "public"), team: filepath.Join(root, "team")}
	s.res, err = generator.Build(context.Background(), generator.Options{
		Source: src, Dest: s.dest, TeamDest: s.team, Minify: minify, Theme: journey.DefaultTheme(),
	})
	if err != nil {
		return builtSite{}, err
	}
	return s, nil
}

// Close removes every build.
func (c *buildCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
}

package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/gen2brain/webp"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/internal/golden"
	"github.com/journey-ssg/journey/internal/filetest"
)

// fixedTime is the modification time given to every input file, so that
// sitemap dates do not depend on the checkout.
var fixedTime = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// copySite copies the site at src into a temporary folder with fixed file
// times and returns the copy's path.
func copySite(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := copyFixed(src, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// copyFixed copies the file or folder src to dst with fixed file times,
// leaving out any public/ folder below it.
func copyFixed(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == "public" && p != src {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(target, fixedTime, fixedTime)
	})
}

func build(t *testing.T, source string, opts generator.Options) (*generator.Result, error) {
	t.Helper()
	opts.Source = source
	if opts.Theme == nil {
		opts.Theme = journey.DefaultTheme()
	}
	return generator.Build(context.Background(), opts)
}

// readTree returns every file under dir by slash path, leaving out the
// build manifest.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ".journey-manifest" {
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestBuildGolden builds each site under testdata/sites/<name>/input
// unminified and compares the whole output with want/. Run with -update to
// rewrite want/.
func TestBuildGolden(t *testing.T) {
	t.Parallel()
	for _, name := range siteNames(t)[1:] {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, builds.site(t, name, false), filepath.Join("testdata", "sites", name, "want"))
		})
	}
}

// TestExampleAudiences checks the example's two outputs as they are
// deployed, minified: no workspace page or link on the campaign site, and
// noindex on every workspace page.
func TestExampleAudiences(t *testing.T) {
	t.Parallel()
	s := builds.site(t, "example", true)
	checkAudiences(t, s.dest, s.team, "/")
}

// TestExampleGolden builds the shipped example site and theme, so that the
// example always builds and every change to its pages shows up in review.
func TestExampleGolden(t *testing.T) {
	t.Parallel()
	checkGolden(t, builds.site(t, "example", false), "testdata/example")
}

// copyExample copies the shipped example site (journey.toml, content/,
// static/) into a temporary folder and returns it.
func copyExample(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "example")
	if err := copySource("example", src); err != nil {
		t.Fatal(err)
	}
	return src
}

// copySource copies the site name into dst: "example" is the shipped
// example, any other name a site under testdata/sites.
func copySource(name, dst string) error {
	if name != "example" {
		return copyFixed(filepath.Join("testdata", "sites", name, "input"), dst)
	}
	for _, p := range []string{"journey.toml", "content", "static"} {
		if err := copyFixed(filepath.Join("..", p), filepath.Join(dst, p)); err != nil {
			return err
		}
	}
	return nil
}

// siteNames returns the names of the example, first, and of each test
// site under testdata/sites, in order.
func siteNames(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("testdata/sites/*/input")
	if err != nil || len(dirs) == 0 {
		t.Fatal("no test sites")
	}
	names := []string{"example"}
	for _, dir := range dirs {
		names = append(names, filepath.Base(filepath.Dir(dir)))
	}
	return names
}

// checkGolden compares the campaign site of a build with want/public and
// its team workspace with want/team.
func checkGolden(t *testing.T, s builtSite, want string) {
	t.Helper()
	if golden.Updating() {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []struct{ dir, out string }{{"public", s.dest}, {"team", s.team}} {
		dir := o.dir
		got := map[string][]byte{}
		if _, err := os.Stat(o.out); err == nil {
			got = readTree(t, o.out)
		}
		for _, p := range sortedKeys(got) {
			golden.Equal(t, filepath.Join(want, dir, filepath.FromSlash(p)), describeImage(p, stripStyles(got[p])))
		}
		if golden.Updating() {
			continue
		}
		if _, err := os.Stat(filepath.Join(want, dir)); err != nil {
			continue
		}
		wantFiles := readTree(t, filepath.Join(want, dir))
		for _, p := range sortedKeys(wantFiles) {
			if _, ok := got[p]; !ok {
				t.Errorf("%s/%s is no longer written (run with -update if that is right)", dir, p)
			}
		}
	}
}

// describeImage stands a raster image's format and size for its bytes in
// golden files: what review can read, and what does not change with the
// encoder's version. Other files come back as they are.
func describeImage(name string, data []byte) []byte {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return []byte(fmt.Sprintf("not an image: %v\n", err))
		}
		return []byte(fmt.Sprintf("%s %dx%d\n", format, cfg.Width, cfg.Height))
	}
	return data
}

// inlineStyle matches the theme's inline stylesheets.
var inlineStyle = regexp.MustCompile(`(?s)<style>.*?</style>`)

// stripStyles leaves the inline stylesheets out of golden pages: they are
// the theme's CSS files, reviewed as such, and would repeat in every page.
func stripStyles(page []byte) []byte {
	return inlineStyle.ReplaceAll(page, []byte("<style>/* theme CSS */</style>"))
}

// buildBoth builds source into two temporary folders and returns the
// campaign site's and the team workspace's.
func buildBoth(t *testing.T, source string, opts generator.Options) (*generator.Result, string, string) {
	t.Helper()
	out := t.TempDir()
	opts.Dest, opts.TeamDest = filepath.Join(out, "public"), filepath.Join(out, "team")
	res, err := build(t, source, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res, opts.Dest, opts.TeamDest
}

// TestDesignSite checks what DESIGN.md promises of a site written from it
// alone: custom stages, a baseURL with a sub-path, non-ASCII names, and
// two outputs: a campaign site without the team's research, and a
// workspace that no search engine indexes.
func TestDesignSite(t *testing.T) {
	t.Parallel()
	s := builds.site(t, "design", false)
	res, dest, team := s.res, s.dest, s.team
	page := func(dir, p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	checks := []struct{ dir, file, want string }{
		{dest, "index.html", `<link rel="canonical" href="https://example.org/maps/">`},
		{team, "personas/lukasz/index.html", `<link rel="canonical" href="/personas/lukasz/">`},
		{team, "personas/lukasz/index.html", `Łukasz Żółć`},
		{team, "personas/sato/index.html", `佐藤 花子`},
		{team, "stages/discover/index.html", `Odkrycie`},
		{dest, "first-cup/b/index.html", `<meta name="robots" content="noindex, follow">`},
		{dest, "first-cup/b/index.html", `<link rel="canonical" href="https://example.org/maps/first-cup/">`},
		{dest, "espresso-discover/index.html", `Short, strong, ours.`},
		{dest, "robots.txt", "Sitemap: https://example.org/maps/sitemap.xml"},
		{dest, "sitemap.xml", "<loc>https://example.org/maps/products/espresso/</loc>"},
		{dest, "sitemap.xml", "<lastmod>2026-11-01</lastmod>"},
		{team, "robots.txt", "User-agent: *\nDisallow: /\n"},
		{team, "_headers", "X-Robots-Tag: noindex"},
		// The workspace links to the live landing pages.
		{team, "index.html", `href="https://example.org/maps/first-cup/"`},
	}
	for _, c := range checks {
		if !strings.Contains(page(c.dir, c.file), c.want) {
			t.Errorf("%s does not contain %q", c.file, c.want)
		}
	}
	sitemap := page(dest, "sitemap.xml")
	for _, out := range []string{"/first-cup/b/", "/hidden/", "/secret/", "/journeys/", "/personas/", "/stages/", "/thanks/", "404"} {
		if strings.Contains(sitemap, out) {
			t.Errorf("sitemap lists %s, which is noindex, a draft or the workspace's", out)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "secret")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("draft page was built without --drafts")
	}
	// Custom stages replace the default five.
	if _, err := os.Stat(filepath.Join(team, "stages", "awareness")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("default stage awareness built although journey.toml replaces the stages")
	}
	checkAudiences(t, dest, team, "/maps/")
	// The old setting still builds, with a warning that points to [team].
	if !strings.Contains(res.Warnings.Lines(), "journey.toml:41:1: warning: seo.internalJourneys is replaced by [team]") {
		t.Errorf("warnings %s, want one for seo.internalJourneys", res.Warnings.Lines())
	}
}

// workspaceOnly matches the paths of pages only the team workspace has.
var workspaceOnly = regexp.MustCompile(`^/(journeys|personas|stages)/`)

// checkAudiences checks that the campaign site in dest, served under
// basePath, has no page of the team workspace and no link to one, and that
// every page of the workspace in team says noindex.
func checkAudiences(t *testing.T, dest, team, basePath string) {
	t.Helper()
	href := regexp.MustCompile(`href="?([^" >]*)`)
	for p, b := range readTree(t, dest) {
		if workspaceOnly.MatchString("/" + p) {
			t.Errorf("the campaign site has %s", p)
		}
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range href.FindAllSubmatch(b, -1) {
			u, err := url.Parse(string(m[1]))
			if err != nil {
				t.Errorf("campaign page %s has a link that does not parse: %s", p, m[1])
				continue
			}
			if path, ok := strings.CutPrefix(u.Path, basePath); ok && workspaceOnly.MatchString("/"+path) {
				t.Errorf("campaign page %s links to %s", p, m[1])
			}
		}
	}
	for p, b := range readTree(t, team) {
		if strings.HasSuffix(p, ".html") && !regexp.MustCompile(`<meta name="?robots"? content="?noindex`).Match(b) {
			t.Errorf("workspace page %s is not noindex", p)
		}
	}
}

// snapshot records every file's bytes and modification time under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b := []byte{}
		if !d.IsDir() {
			b, err = os.ReadFile(p)
		}
		out[p] = info.ModTime().String() + "\x00" + string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFailedBuildKeepsOutput(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	dest := filepath.Join(src, "public")
	if _, err := build(t, src, generator.Options{Minify: true}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)
	breakages := map[string]string{
		"content/personas/lukasz.md":     "+++\nname = \"unclosed\n",
		"content/journeys/sato-visit.md": "+++\npersona = \"satoo\"\n[[steps]]\nstage = \"visti\"\nemotion = 9\n+++\n",
		"content/reviews/single.toml":    "product = \"espreso\"\nrating = 0\n",
	}
	for p, src2 := range breakages {
		filetest.Write(t, filepath.Join(src, p), src2)
	}
	_, err := build(t, src, generator.Options{Minify: true})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want a diag.List", err)
	}
	// Every problem of every file is reported in one run.
	want := []string{
		"content/journeys/sato-visit.md:2:1: unknown persona \"satoo\"; did you mean \"sato\"?",
		"content/journeys/sato-visit.md:4:1: unknown stage \"visti\"; did you mean \"visit\"?",
		"content/journeys/sato-visit.md:5:1: emotion 9 is outside 1–5",
		"content/personas/lukasz.md:1:1: front matter is not closed",
		"content/reviews/single.toml:1:1: unknown product \"espreso\"; did you mean \"espresso\"?",
		"content/reviews/single.toml:2:1: rating 0 is outside 1–5",
	}
	got := strings.Split(strings.TrimSpace(list.Lines()), "\n")
	if len(got) != len(want) {
		t.Errorf("got %d errors, want %d: a broken file must not also be reported as an unknown reference", len(got), len(want))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("missing %q in:\n%s", w, list.Lines())
		}
	}
	after := snapshot(t, dest)
	if len(after) != len(before) {
		t.Errorf("failed build changed the number of files from %d to %d", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("failed build changed %s", p)
		}
	}
}

func TestDestinationSafety(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	for _, dest := range []string{src, filepath.Dir(src), filepath.Join(src, "content", "out"), filepath.Join(src, "static")} {
		if _, err := build(t, src, generator.Options{Dest: dest}); err == nil || !strings.Contains(err.Error(), "refusing destination") {
			t.Errorf("build into %s: got %v, want a refusal", dest, err)
		}
	}
	foreign := t.TempDir()
	filetest.Write(t, filepath.Join(foreign, "thesis.docx"), "precious")
	if _, err := build(t, src, generator.Options{Dest: foreign}); err == nil {
		t.Error("build into a folder of someone else's files succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "thesis.docx")); string(b) != "precious" {
		t.Error("a foreign file was touched")
	}
}

func TestNoSite(t *testing.T) {
	t.Parallel()
	_, err := build(t, t.TempDir(), generator.Options{})
	if !errors.Is(err, generator.ErrNoSite) || !strings.Contains(err.Error(), "journey new site") {
		t.Errorf("got %v, want ErrNoSite saying how to start", err)
	}
}

func TestContentOnly(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	filetest.Write(t, filepath.Join(src, "content", "personas", "ana.md"), "+++\nname = \"Ana\"\n+++\n")
	res, err := build(t, src, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "baseURL is not set") {
		t.Errorf("warnings %v, want one about baseURL", res.Warnings)
	}
	if _, err := os.Stat(filepath.Join(src, "team", "personas", "ana", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	var outs []map[string][]byte
	for i := 0; i < 2; i++ {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := build(t, src, generator.Options{Dest: dest, Minify: true}); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, readTree(t, dest))
	}
	for p, b := range outs[0] {
		if !bytes.Equal(outs[1][p], b) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

// TestMissingMetricsStayMissing checks that a stage without a number shows
// as missing in the funnel, in the page and in journey.json, and that no
// rate is computed across it.
func TestMissingMetricsStayMissing(t *testing.T) {
	t.Parallel()
	dest := builds.site(t, "design", false).team
	page, err := os.ReadFile(filepath.Join(dest, "journeys", "lukasz-first-cup", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The return stage reports only a retention rate: no volume.
	row := regexp.MustCompile(`(?s)<tr style="--stage: #2e7d4f">.*?</tr>`).Find(page)
	if !bytes.Contains(row, []byte(`<span class="missing">No number</span>`)) || !bytes.Contains(row, []byte("Not computable")) {
		t.Errorf("the return stage's funnel row does not show a missing number:\n%s", row)
	}
	var j struct {
		Funnel []struct {
			Stage string
			Value *float64
			Rate  *float64
		}
	}
	b, err := os.ReadFile(filepath.Join(dest, "journeys", "lukasz-first-cup", "journey.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range j.Funnel {
		v, r := "nil", "nil"
		if f.Value != nil {
			v = strconv.FormatFloat(*f.Value, 'f', -1, 64)
		}
		if f.Rate != nil {
			r = strconv.FormatFloat(*f.Rate, 'f', 2, 64)
		}
		got[f.Stage] = v + " " + r
	}
	want := map[string]string{"discover": "1200 nil", "visit": "300 0.25", "return": "nil nil"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("funnel %s = %q, want %q", k, got[k], w)
		}
	}
}

// TestDeferredBodyProblems checks that a build which converts a page's
// Markdown only when it renders the page still reports a broken link in
// it, at its line, and fails without touching the output; check finds it
// too.
func TestDeferredBodyProblems(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, generator.Options{Dest: dest}); err != nil {
		t.Fatal(err)
	}
	filetest.Append(t, filepath.Join(src, "content", "landing", "first-cup.md"), "\nSee [nobody](../landing/nobody.md).\n")
	before := snapshot(t, dest)
	_, err := build(t, src, generator.Options{Dest: dest})
	if err == nil || !strings.Contains(err.Error(), `content/landing/first-cup.md:`) || !strings.Contains(err.Error(), `link to "../landing/nobody.md": no such content file`) {
		t.Errorf("build: got %v, want the broken link at its line", err)
	}
	after := snapshot(t, dest)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("a failed build changed %s", p)
		}
	}
	if _, err := generator.Check(context.Background(), generator.Options{Source: src, Theme: journey.DefaultTheme()}); err == nil || !strings.Contains(err.Error(), "nobody.md") {
		t.Errorf("check: got %v, want the broken link", err)
	}
}

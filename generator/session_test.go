package generator_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// newSession builds src with a session into the folder it returns: the
// campaign site goes to its public/, the workspace to its team/.
func newSession(t *testing.T, src string) (*generator.Session, string) {
	t.Helper()
	out := t.TempDir()
	ss, err := generator.NewSession(outputs(generator.Options{Source: src, Theme: journey.DefaultTheme(), Minify: true}, out))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	if _, err := ss.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ss, out
}

// outputs sets opts to build into out/public and out/team.
func outputs(opts generator.Options, out string) generator.Options {
	opts.Dest, opts.TeamDest = filepath.Join(out, "public"), filepath.Join(out, "team")
	return opts
}

// fullBuild builds src afresh into a new folder like newSession's, and
// returns it.
func fullBuild(t *testing.T, src string) string {
	t.Helper()
	out := t.TempDir()
	if _, err := generator.Build(context.Background(), outputs(generator.Options{Source: src, Theme: journey.DefaultTheme(), Minify: true}, out)); err != nil {
		t.Fatalf("full build: %v", err)
	}
	return out
}

func TestRebuildFollowsTheGraph(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	ss, dest := newSession(t, src)
	edit := func(rel, old, new string) {
		t.Helper()
		filetest.Replace(t, filepath.Join(src, rel), old, new)
	}
	rebuild := func(ch generator.Changes) *generator.Result {
		t.Helper()
		res, err := ss.Rebuild(context.Background(), ch)
		if err != nil {
			t.Fatalf("rebuild: %v", err)
		}
		return res
	}

	// A persona's name shows in the workspace on its page, its journey,
	// the stage hubs of its steps, the dashboard, the personas list, and
	// on the cards of its journey (the journeys list, the product's
	// sheet): nothing else is rendered. The campaign site does not show
	// personas, and the landing page aimed at the persona does not show
	// it in the default theme, so they are left alone.
	edit("content/personas/lukasz.md", "Łukasz Żółć", "Łukasz Nowak")
	res := rebuild(generator.Changes{Content: []string{"content/personas/lukasz.md"}})
	want := "team:/ team:/journeys/ team:/journeys/lukasz-first-cup/ team:/personas/ team:/personas/lukasz/ team:/products/espresso/ team:/stages/discover/ team:/stages/return/ team:/stages/visit/"
	if got := strings.Join(res.Rendered, " "); got != want {
		t.Errorf("rendered\n got %s\nwant %s", got, want)
	}
	page := filetest.Read(t, filepath.Join(dest, "team", "journeys", "lukasz-first-cup", "index.html"))
	if !strings.Contains(string(page), "Łukasz Nowak") {
		t.Error("the journey page does not show the new name")
	}

	// With a site layout that shows the persona, the landing page and its
	// variant follow the persona too.
	filetest.Write(t, filepath.Join(src, "layouts", "landing.html"), `{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Landing.Persona }}<p>For {{ .DisplayName }}</p>{{ end }}{{ end }}`)
	rebuild(generator.Changes{Templates: true})
	edit("content/personas/lukasz.md", "Łukasz Nowak", "Łukasz Nowicki")
	res = rebuild(generator.Changes{Content: []string{"content/personas/lukasz.md"}})
	if got := strings.Join(res.Rendered, " "); !strings.Contains(got, "/maps/first-cup/ /maps/first-cup/b/") {
		t.Errorf("with a layout that shows the persona, rendered %s", got)
	}
	filetest.Remove(t, filepath.Join(src, "layouts", "landing.html"))
	rebuild(generator.Changes{Templates: true})

	// An edit that changes no output rewrites nothing.
	res = rebuild(generator.Changes{Content: []string{"content/personas/lukasz.md"}})
	if len(res.Changed) != 0 {
		t.Errorf("rebuild without a change wrote %v", res.Changed)
	}

	// A new slug moves the page: the old file goes, the new one comes, and
	// pages linking to it follow.
	edit("content/personas/sato.md", "role = \"Tourist\"", "role = \"Tourist\"\nslug = \"hanako\"")
	rebuild(generator.Changes{Content: []string{"content/personas/sato.md"}})
	if _, err := os.Stat(filepath.Join(dest, "team", "personas", "sato", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the persona's old page is still there")
	}
	if _, err := os.Stat(filepath.Join(dest, "team", "personas", "hanako", "index.html")); err != nil {
		t.Error(err)
	}
	journeyPage := filetest.Read(t, filepath.Join(dest, "team", "journeys", "sato-visit", "index.html"))
	if !strings.Contains(string(journeyPage), `href="/personas/hanako/"`) {
		t.Error("the journey does not link to the persona's new URL")
	}

	// Deleting a file the site refers to fails with the broken reference;
	// the output stays as it was.
	before := filetest.Read(t, filepath.Join(dest, "public", "index.html"))
	filetest.Remove(t, filepath.Join(src, "content", "products", "espresso.md"))
	_, err := ss.Rebuild(context.Background(), generator.Changes{Content: []string{"content/products/espresso.md"}})
	if err == nil || !strings.Contains(err.Error(), `unknown product "espresso"`) {
		t.Fatalf("got %v, want the broken reference reported", err)
	}
	after := filetest.Read(t, filepath.Join(dest, "public", "index.html"))
	if string(before) != string(after) {
		t.Error("a failed rebuild changed the output")
	}

	// Deleting a page nothing refers to removes it.
	product := filetest.Read(t, filepath.Join("testdata", "sites", "design", "input", "content", "products", "espresso.md"))
	filetest.Write(t, filepath.Join(src, "content", "products", "espresso.md"), product)
	filetest.Remove(t, filepath.Join(src, "content", "landing", "hidden.md"))
	rebuild(generator.Changes{Content: []string{"content/landing/hidden.md", "content/products/espresso.md"}})
	if _, err := os.Stat(filepath.Join(dest, "public", "hidden", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a deleted landing page is still published")
	}
}

func TestRebuildStaticAndTemplates(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/design/input")
	ss, dest := newSession(t, src)
	filetest.Write(t, filepath.Join(src, "static", "img", "new.txt"), "hello")
	res, err := ss.Rebuild(context.Background(), generator.Changes{Static: []string{"static/img/new.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rendered) != 0 || strings.Join(res.Changed, " ") != "img/new.txt" || strings.Join(res.TeamChanged, " ") != "img/new.txt" {
		t.Errorf("static change rendered %v and changed %v and %v, want img/new.txt in both folders", res.Rendered, res.Changed, res.TeamChanged)
	}
	filetest.Remove(t, filepath.Join(src, "static", "img", "new.txt"))
	if _, err := ss.Rebuild(context.Background(), generator.Changes{Static: []string{"static/img/new.txt"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "public", "img", "new.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a deleted static file is still published")
	}
	// A partial of the site's own re-renders the pages whose layouts
	// run it, and only them.
	filetest.Write(t, filepath.Join(src, "layouts/partials/footer.html"), `<footer>custom footer</footer>`)
	res, err = ss.Rebuild(context.Background(), generator.Changes{Templates: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Rendered, "team:/personas/lukasz/") || slices.Contains(res.Rendered, "/espresso/") {
		t.Errorf("a change to the workspace's footer rendered %v", res.Rendered)
	}
	page := filetest.Read(t, filepath.Join(dest, "team", "personas", "lukasz", "index.html"))
	if !strings.Contains(string(page), "custom footer") {
		t.Error("the site's footer layout is not used")
	}
	// A layout for one kind of page re-renders those pages.
	persona, err := fs.ReadFile(journey.DefaultTheme(), "layouts/persona.html")
	if err != nil {
		t.Fatal(err)
	}
	filetest.Write(t, filepath.Join(src, "layouts/persona.html"), strings.Replace(string(persona), "{{ define \"main\" }}", "{{ define \"main\" }}<p>own persona layout</p>", 1))
	res, err = ss.Rebuild(context.Background(), generator.Changes{Templates: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Rendered {
		if !strings.HasPrefix(p, "team:/personas/") || p == "team:/personas/" {
			t.Errorf("a persona layout rendered %s", p)
		}
	}
	if page, _ := os.ReadFile(filepath.Join(dest, "team", "personas", "lukasz", "index.html")); !strings.Contains(string(page), "own persona layout") {
		t.Error("the site's persona layout is not used")
	}
	// A broken layout fails with its position and keeps the output.
	filetest.Write(t, filepath.Join(src, "layouts", "partials", "footer.html"), "<footer>\n{{ .Nope }</footer>")
	_, err = ss.Rebuild(context.Background(), generator.Changes{Templates: true})
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/partials/footer.html:2") {
		t.Errorf("got %v, want the layout's position", err)
	}
}

// TestRebuildMatchesFullBuild edits the example site step by step and,
// after each incremental rebuild, compares the destination file by file
// with a fresh full build of the same sources: whatever a rebuild skips,
// caches or reuses must not show.
func TestRebuildMatchesFullBuild(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	ss, dest := newSession(t, src)
	file := func(rel string) string { return filepath.Join(src, filepath.FromSlash(rel)) }
	replace := func(rel, old, new string) func() {
		return func() { filetest.Replace(t, file(rel), old, new) }
	}
	var saved []byte
	steps := []struct {
		name  string
		edit  func()
		files []string
	}{
		{"a landing page's title", replace("content/landing/book-a-test-ride.md", `title = "`, `title = "New: `), []string{"content/landing/book-a-test-ride.md"}},
		{"a landing page's body", replace("content/landing/book-a-test-ride.md", "## Don’t take", "A new first paragraph.\n\n## Don’t take"), []string{"content/landing/book-a-test-ride.md"}},
		{"a persona's name", replace("content/personas/zoe-martin.md", "Zoë Martín", "Zoë Marchand"), []string{"content/personas/zoe-martin.md"}},
		// A persona's edits are taken in place: its journeys' titles come
		// from its name when they have none of their own.
		{"a journey without a title", replace("content/journeys/zoe-flex-subscription.md", `title = "Zoë subscribes to Velora Flex"`, ""), []string{"content/journeys/zoe-flex-subscription.md"}},
		{"the persona's name, in the journey's title", replace("content/personas/zoe-martin.md", "Zoë Marchand", "Zoë M."), []string{"content/personas/zoe-martin.md"}},
		{"the persona's body and date", func() {
			replace("content/personas/zoe-martin.md", "She rents, she travels", "She rents, often travels")()
			replace("content/personas/zoe-martin.md", "\n+++", "\ndate = 2026-03-01\n+++")()
		}, []string{"content/personas/zoe-martin.md"}},
		// A journey's body links to this persona's file: the link must follow
		// the new URL although the journey's body did not change.
		{"a persona's slug", replace("content/personas/zoe-martin.md", "\n+++", "\nslug = \"zoe\"\n+++"), []string{"content/personas/zoe-martin.md"}},
		{"the slug back", replace("content/personas/zoe-martin.md", "\nslug = \"zoe\"", ""), []string{"content/personas/zoe-martin.md"}},
		{"a removed journey", func() {
			saved = filetest.Read(t, file("content/journeys/zoe-flex-subscription.md"))
			filetest.Remove(t, file("content/journeys/zoe-flex-subscription.md"))
		}, []string{"content/journeys/zoe-flex-subscription.md"}},
		{"a persona's slug, with the journey away", replace("content/personas/zoe-martin.md", "\n+++", "\nslug = \"zoe\"\n+++"), []string{"content/personas/zoe-martin.md"}},
		{"the journey back", func() { filetest.Write(t, file("content/journeys/zoe-flex-subscription.md"), saved) }, []string{"content/journeys/zoe-flex-subscription.md"}},
		{"a review", replace("content/reviews/velora-city.toml", "rating = 5", "rating = 4"), []string{"content/reviews/velora-city.toml"}},
		{"a product's price", replace("content/products/velora-city.md", "price = 2490", "price = 2290"), []string{"content/products/velora-city.md"}},
		// The SKU shows in the product's JSON-LD only, which the theme
		// writes: its reads are traced like any other.
		{"a product's SKU", replace("content/products/velora-city.md", `sku = "VEL-CITY-24"`, `sku = "VEL-CITY-25"`), []string{"content/products/velora-city.md"}},
		{"a new landing page", func() {
			filetest.Write(t, file("content/landing/new-city.md"), "+++\ntitle = \"City, new\"\nstage = \"awareness\"\nproduct = \"velora-city\"\npersona = \"zoe-martin\"\n+++\n\nLinks to [the test ride](book-a-test-ride.md).\n")
		}, []string{"content/landing/new-city.md"}},
		{"a landing page moved to another product", replace("content/landing/new-city.md", "velora-city", "velora-cargo"), []string{"content/landing/new-city.md"}},
		// Body-only edits: a page with a variant, a page whose description
		// comes from its first paragraph, and a file saved unchanged.
		{"the body of a page with a variant", replace("content/landing/ride-past-the-traffic.md", "## Arrive fresh", "A sentence more.\n\n## Arrive fresh"), []string{"content/landing/ride-past-the-traffic.md"}},
		{"a first paragraph that is the description", replace("content/landing/new-city.md", "Links to", "Now links to"), []string{"content/landing/new-city.md"}},
		{"a file saved unchanged", func() { filetest.Touch(t, file("content/landing/new-city.md"), time.Now(), time.Now().Add(time.Hour)) }, []string{"content/landing/new-city.md"}},
		// Front-matter edits that keep the page where it is.
		{"a headline, a CTA and a campaign", func() {
			replace("content/landing/ride-past-the-traffic.md", "skips the traffic.", "beats the traffic.")()
			replace("content/landing/ride-past-the-traffic.md", `cta = "Get the commuter guide"`, `cta = "Send me the guide"`)()
			replace("content/landing/ride-past-the-traffic.md", "spring-commute-2027", "summer-commute-2027")()
		}, []string{"content/landing/ride-past-the-traffic.md"}},
		// The only page that sells Velora Flex leaves the index: the
		// product's page carries a form of its own, until it is back.
		{"a noindex on the page that sells a product", replace("content/landing/buy-lease-or-subscribe.md", "form = \"lead\"", "form = \"lead\"\nnoindex = true"), []string{"content/landing/buy-lease-or-subscribe.md"}},
		{"the page back in the index", replace("content/landing/buy-lease-or-subscribe.md", "\nnoindex = true", ""), []string{"content/landing/buy-lease-or-subscribe.md"}},
		{"a variant's headline", replace("content/landing/ride-past-the-traffic.md", "Twenty-five minutes.", "Twenty minutes."), []string{"content/landing/ride-past-the-traffic.md"}},
		{"a title, with a noindex", replace("content/landing/new-city.md", `title = "City, new"`, "title = \"City, newer\"\nnoindex = true\nlastmod = 2026-10-01"), []string{"content/landing/new-city.md"}},
		{"a body and a persona at once", func() {
			replace("content/landing/new-city.md", "Now links", "Still links")()
			replace("content/personas/zoe-martin.md", "Zoë M.", "Zoë Martín")()
		}, []string{"content/landing/new-city.md", "content/personas/zoe-martin.md"}},
	}
	for _, step := range steps {
		step.edit()
		if _, err := ss.Rebuild(context.Background(), generator.Changes{Content: step.files}); err != nil {
			t.Fatalf("%s: rebuild: %v", step.name, err)
		}
		full := fullBuild(t, src)
		if diff := diffTrees(t, full, dest); diff != "" {
			t.Errorf("after %s, the rebuild differs from a full build:\n%s", step.name, diff)
		}
	}

	// A field the form does not know fails, and changes nothing.
	before := filepath.Join(t.TempDir(), "before")
	if err := os.CopyFS(before, os.DirFS(dest)); err != nil {
		t.Fatal(err)
	}
	replace("content/landing/new-city.md", "+++\n\n", "fields = [\"shoe-size\"]\n+++\n\n")()
	if _, err := ss.Rebuild(context.Background(), generator.Changes{Content: []string{"content/landing/new-city.md"}}); err == nil {
		t.Fatal("an unknown form field was accepted")
	}
	if diff := diffTrees(t, before, dest); diff != "" {
		t.Errorf("a failed rebuild changed the output:\n%s", diff)
	}
	replace("content/landing/new-city.md", "fields = [\"shoe-size\"]\n", "")()

	// A body whose link leads nowhere fails, and changes nothing; fixed,
	// the rebuild matches a full build again.
	replace("content/landing/new-city.md", "book-a-test-ride.md", "nobody.md")()
	if _, err := ss.Rebuild(context.Background(), generator.Changes{Content: []string{"content/landing/new-city.md"}}); err == nil || !strings.Contains(err.Error(), "nobody.md") {
		t.Fatalf("a broken link in a body: %v", err)
	}
	if diff := diffTrees(t, before, dest); diff != "" {
		t.Errorf("a failed rebuild changed the output:\n%s", diff)
	}
	replace("content/landing/new-city.md", "nobody.md", "book-a-test-ride.md")()
	if _, err := ss.Rebuild(context.Background(), generator.Changes{Content: []string{"content/landing/new-city.md"}}); err != nil {
		t.Fatal(err)
	}
	full := fullBuild(t, src)
	if diff := diffTrees(t, full, dest); diff != "" {
		t.Errorf("after the link was fixed, the rebuild differs from a full build:\n%s", diff)
	}
}

// diffTrees lists the files that differ between two output folders,
// leaving out the build's manifest and the locks held beside them.
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string]string {
		files := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == ".journey-manifest" || strings.HasSuffix(d.Name(), ".journey-lock") {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			data, err := os.ReadFile(p)
			files[filepath.ToSlash(rel)] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	fa, fb := read(a), read(b)
	var out []string
	for p, x := range fa {
		if y, ok := fb[p]; !ok {
			out = append(out, "missing "+p)
		} else if x != y {
			i := 0
			for i < len(x) && i < len(y) && x[i] == y[i] {
				i++
			}
			out = append(out, fmt.Sprintf("differs %s at byte %d: full build %q, rebuild %q", p, i, around(x, i), around(y, i)))
		}
	}
	for p := range fb {
		if _, ok := fa[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func around(s string, i int) string { return s[max(0, i-40):min(len(s), i+40)] }

// exampleSession is a session on a copy of the example, with helpers to
// edit it, rebuild, and compare the output with a full build.
type exampleSession struct {
	t         *testing.T
	src, dest string
	ss        *generator.Session
}

func newExampleSession(t *testing.T) *exampleSession {
	src := copyExample(t)
	ss, dest := newSession(t, src)
	return &exampleSession{t: t, src: src, dest: dest, ss: ss}
}

func (e *exampleSession) replace(rel, old, new string) {
	e.t.Helper()
	filetest.Replace(e.t, filepath.Join(e.src, filepath.FromSlash(rel)), old, new)
}

func (e *exampleSession) rebuild(files ...string) error {
	_, err := e.ss.Rebuild(context.Background(), generator.Changes{Content: files})
	return err
}

func (e *exampleSession) matchesFullBuild(after string) {
	e.t.Helper()
	full := fullBuild(e.t, e.src)
	if diff := diffTrees(e.t, full, e.dest); diff != "" {
		e.t.Errorf("after %s, the rebuild differs from a full build:\n%s", after, diff)
	}
}

// TestRebuildAfterFailure: the files of a failed rebuild count as changed
// until a rebuild succeeds, whichever path that rebuild takes, and an
// error in one file is not forgotten when another is edited.
func TestRebuildAfterFailure(t *testing.T) {
	t.Parallel()
	const landing, other, persona = "content/landing/book-a-test-ride.md", "content/landing/ride-past-the-traffic.md", "content/personas/zoe-martin.md"
	breakLanding := func(e *exampleSession, rel string) {
		e.replace(rel, "campaign = ", "fields = [\"shoe-size\"]\ncampaign = ")
	}
	fixLanding := func(e *exampleSession, rel string) { e.replace(rel, "fields = [\"shoe-size\"]\n", "") }
	// A persona edit fails with a broken landing page in the same batch;
	// fixing the landing page, alone (the in-place path) or with another
	// file (the model rebuild), must bring the persona edit in too.
	for _, tc := range []struct {
		name, old, new string
		fix            []string
	}{
		{"FixedByALandingEdit", "Zoë Martín", "Zoë Marchand", []string{landing}},
		{"FixedByAFullRebuild", "role = ", "role = \"Designer\"\n#", []string{landing, "content/_index.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newExampleSession(t)
			e.replace(persona, tc.old, tc.new)
			breakLanding(e, landing)
			if e.rebuild(persona, landing) == nil {
				t.Fatal("an unknown field was accepted")
			}
			fixLanding(e, landing)
			if err := e.rebuild(tc.fix...); err != nil {
				t.Fatal(err)
			}
			e.matchesFullBuild("the fix")
		})
	}
	t.Run("AnErrorElsewhereStays", func(t *testing.T) {
		t.Parallel()
		e := newExampleSession(t)
		breakLanding(e, other)
		if e.rebuild(other) == nil {
			t.Fatal("an unknown field was accepted")
		}
		e.replace(landing, `title = "`, `title = "New: `)
		if e.rebuild(landing) == nil {
			t.Error("a rebuild succeeded while another file still has an error")
		}
	})
	t.Run("AfterAFailedFullBuild", func(t *testing.T) {
		t.Parallel()
		e := newExampleSession(t)
		e.replace("journey.toml", "baseURL = ", "baseURL = 42\n#")
		if _, err := e.ss.Rebuild(context.Background(), generator.Changes{Config: true}); err == nil {
			t.Fatal("a broken journey.toml was accepted")
		}
		e.replace(landing, `title = "`, `title = "New: `)
		if e.rebuild(landing) == nil {
			t.Error("a content rebuild succeeded while journey.toml is broken")
		}
		e.replace("journey.toml", "baseURL = 42\n#", "baseURL = ")
		if err := e.rebuild(landing); err != nil {
			t.Fatal(err)
		}
		e.matchesFullBuild("journey.toml was fixed")
	})
	t.Run("AnAliasFollowsItsTitle", func(t *testing.T) {
		t.Parallel()
		e := newExampleSession(t)
		e.replace(landing, "campaign = ", "aliases = [\"/old-test-ride/\"]\ncampaign = ")
		if err := e.rebuild(landing); err != nil {
			t.Fatal(err)
		}
		e.replace(landing, `title = "`, `title = "New: `)
		if err := e.rebuild(landing); err != nil {
			t.Fatal(err)
		}
		e.matchesFullBuild("a new title of a page with an alias")
	})
}

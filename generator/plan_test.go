package generator_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/internal/filetest"
)

var (
	seed  = flag.Uint64("seed", 1, "the seed of TestRandomRebuilds' edits")
	edits = flag.Int("edits", 25, "how many edits TestRandomRebuilds makes on each site (.ci/run makes 170 on each; -short makes 8 unless this is set)")
)

// TestStaleHome is the regression test of a layout of the site's own: a
// home page that lists every landing page's title follows a landing page's
// new title in a rebuild, as it does in a full build.
func TestStaleHome(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	filetest.Write(t, filepath.Join(src, "layouts/home.html"), `{{ define "main" }}<ul>{{ range .Site.Landings }}<li>{{ .Page.Title }}</li>{{ end }}</ul>{{ end }}`)
	ss, dest := newSession(t, src)
	defer ss.Close()
	landing := "content/landing/book-a-test-ride.md"
	b, err := os.ReadFile(filepath.Join(src, landing))
	if err != nil {
		t.Fatal(err)
	}
	filetest.Write(t, filepath.Join(src, landing), strings.Replace(string(b), `title = "`, `title = "New: `, 1))
	res, err := ss.Rebuild(context.Background(), generator.Changes{Content: []string{landing}})
	if err != nil {
		t.Fatal(err)
	}
	home, err := os.ReadFile(filepath.Join(dest, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(home), "New: Book a Velora City test ride") {
		t.Errorf("the home page keeps the old title; the rebuild rendered %v", res.Rendered)
	}
	if diff := diffTrees(t, fullBuild(t, src), dest); diff != "" {
		t.Errorf("the rebuild differs from a full build:\n%s", diff)
	}
}

// listsEverything is a footer that shows something of every collection of
// the model on every page, so that every edit reaches every page.
const listsEverything = `<footer class="site-footer"><ul>
{{ range .Site.Landings }}<li>{{ .Page.Title }} {{ .Stage.Name }} {{ with .Product }}{{ .DisplayName }}{{ end }}</li>{{ end }}
{{ range .Site.Personas }}<li>{{ .DisplayName }} {{ .Role }} {{ len .Journeys }}</li>{{ end }}
{{ range .Site.Products }}<li>{{ .DisplayName }} {{ .Price }} {{ .Rating.Count }} {{ printf "%.2f" .Rating.Average }}{{ with .Offer }} {{ .Page.URL }}{{ end }}</li>{{ end }}
{{ range .Site.Reviews }}<li>{{ .Title }} {{ .Rating }}</li>{{ end }}
{{ range .Site.Journeys }}<li>{{ .Page.Title }} {{ len .Steps }}{{ range .Steps }} {{ .Emotion }}{{ end }}</li>{{ end }}
{{ range .Site.Stages }}<li>{{ .Name }} {{ len .Landings }}</li>{{ end }}
</ul></footer>`

// editor makes random edits to a site, from a seed.
type editor struct {
	t   *testing.T
	src string
	r   *rand.Rand
	n   int // edits made, for new names
}

// line replaces the value of one line "key = value" of file, chosen at
// random among those that match key.
func (e *editor) line(file, key string, value func(old string) string) bool {
	b, err := os.ReadFile(filepath.Join(e.src, file))
	if err != nil {
		return false
	}
	re := regexp.MustCompile(`(?m)^` + key + ` = (.*)$`)
	ms := re.FindAllSubmatchIndex(b, -1)
	if len(ms) == 0 {
		return false
	}
	m := ms[e.r.IntN(len(ms))]
	old := string(b[m[2]:m[3]])
	out := string(b[:m[2]]) + value(old) + string(b[m[3]:])
	filetest.Write(e.t, filepath.Join(e.src, file), out)
	return true
}

// pick returns a random file of the folder dir, relative to the site.
func (e *editor) pick(dir, ext string) string {
	entries, err := os.ReadDir(filepath.Join(e.src, dir))
	if err != nil {
		e.t.Fatal(err)
	}
	var names []string
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), ext) {
			names = append(names, en.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	return dir + "/" + names[e.r.IntN(len(names))]
}

// edit makes one random edit and says what changed.
func (e *editor) edit() (string, generator.Changes) {
	e.n++
	word := fmt.Sprintf("Edit%d", e.n)
	content := func(f string) generator.Changes { return generator.Changes{Content: []string{f}} }
	for {
		switch e.r.IntN(21) {
		case 0:
			f := e.pick("content/landing", ".md")
			if e.line(f, "title", func(string) string { return fmt.Sprintf("%q", word+" title") }) {
				return "a landing page's title in " + f, content(f)
			}
		case 1:
			f := e.pick("content/landing", ".md")
			if e.line(f, "headline", func(string) string { return fmt.Sprintf("%q", word+" headline") }) {
				return "a headline in " + f, content(f)
			}
		case 2:
			f := e.pick("content/landing", ".md")
			b, _ := os.ReadFile(filepath.Join(e.src, f))
			filetest.Write(e.t, filepath.Join(e.src, f), string(b)+"\n"+word+" body.\n")
			return "a landing page's body in " + f, content(f)
		case 3:
			f := e.pick("content/landing", ".md")
			stages := []string{"awareness", "consideration", "decision", "retention", "advocacy"}
			if e.line(f, "stage", func(string) string { return fmt.Sprintf("%q", stages[e.r.IntN(len(stages))]) }) {
				return "a landing page's stage in " + f, content(f)
			}
		case 4:
			f := e.pick("content/personas", ".md")
			if e.line(f, "name", func(string) string { return fmt.Sprintf("%q", word+" Name") }) {
				return "a persona's name in " + f, content(f)
			}
		case 5:
			f := e.pick("content/personas", ".md")
			if e.line(f, "role", func(string) string { return fmt.Sprintf("%q", word+" role") }) {
				return "a persona's role in " + f, content(f)
			}
		case 6:
			f := e.pick("content/products", ".md")
			if e.line(f, "price", func(string) string { return fmt.Sprint(100 + e.r.IntN(5000)) }) {
				return "a product's price in " + f, content(f)
			}
		case 7:
			f := e.pick("content/products", ".md")
			if e.line(f, "name", func(string) string { return fmt.Sprintf("%q", word+" Bike") }) {
				return "a product's name in " + f, content(f)
			}
		case 8:
			f := e.pick("content/reviews", ".toml")
			if e.line(f, "rating", func(string) string { return fmt.Sprint(1 + e.r.IntN(5)) }) {
				return "a review's rating in " + f, content(f)
			}
		case 9:
			f := e.pick("content/journeys", ".md")
			if e.line(f, "emotion", func(string) string { return fmt.Sprint(1 + e.r.IntN(5)) }) {
				return "a step's emotion in " + f, content(f)
			}
		case 10:
			// A new landing page, or one of them gone.
			f := fmt.Sprintf("content/landing/new-%d.md", e.r.IntN(3))
			if _, err := os.Stat(filepath.Join(e.src, f)); err == nil {
				if err := os.Remove(filepath.Join(e.src, f)); err != nil {
					e.t.Fatal(err)
				}
				return "a landing page removed: " + f, content(f)
			}
			filetest.Write(e.t, filepath.Join(e.src, f), fmt.Sprintf("+++\ntitle = %q\nstage = \"decision\"\nproduct = \"velora-cargo\"\n+++\nNew.\n", word+" new page"))
			return "a new landing page " + f, content(f)
		case 11:
			f := e.pick("content/personas", ".md")
			b, _ := os.ReadFile(filepath.Join(e.src, f))
			s := string(b)
			if strings.Contains(s, "\nslug = ") {
				s = regexp.MustCompile(`\nslug = ".*"`).ReplaceAllString(s, "")
			} else {
				s = strings.Replace(s, "\n+++", fmt.Sprintf("\nslug = %q\n+++", strings.ToLower(word)), 1)
			}
			filetest.Write(e.t, filepath.Join(e.src, f), s)
			return "a persona's slug in " + f, content(f)
		case 12:
			// The size of an image that pages measure.
			w := 400 + e.r.IntN(400)
			filetest.Write(e.t, filepath.Join(e.src, "static/images/velora-city.svg"), fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="300" viewBox="0 0 %d 300"></svg>`, w, w))
			return "the size of an image", generator.Changes{Static: []string{"static/images/velora-city.svg"}}
		case 13:
			filetest.Write(e.t, filepath.Join(e.src, "layouts/partials/card-stage.html"), `{{ with .x }}<li class="card" style="--stage: {{ .Color }}"><h3><a href="{{ .Page.URL }}">{{ .Name }}</a></h3><p>`+word+` {{ len .Steps }}</p></li>{{ end }}`)
			return "a partial", generator.Changes{Templates: true}
		case 14:
			filetest.Write(e.t, filepath.Join(e.src, "assets/css/stage.css"), ".card-stage{outline:1px solid #"+fmt.Sprintf("%06x", e.r.IntN(1<<24))+"}")
			return "a stylesheet", generator.Changes{CSS: true}
		case 15:
			f := e.pick("content/landing", ".md")
			if e.line(f, "noindex", func(old string) string { return fmt.Sprint(old != "true") }) {
				return "a landing page's noindex in " + f, content(f)
			}
			b, _ := os.ReadFile(filepath.Join(e.src, f))
			filetest.Write(e.t, filepath.Join(e.src, f), strings.Replace(string(b), "\n+++", "\nnoindex = true\n+++", 1))
			return "a landing page made noindex: " + f, content(f)
		case 16:
			// The site's own layout for one stage's landing pages, over
			// the theme's, added or removed.
			f := "layouts/landing/consideration.html"
			if _, err := os.Stat(filepath.Join(e.src, f)); err == nil {
				if err := os.Remove(filepath.Join(e.src, f)); err != nil {
					e.t.Fatal(err)
				}
				return "a stage's landing layout removed", generator.Changes{Templates: true}
			}
			b, err := fs.ReadFile(journey.DefaultTheme(), f)
			if err != nil {
				e.t.Fatal(err)
			}
			filetest.Write(e.t, filepath.Join(e.src, f), strings.Replace(string(b), "{{ define \"main\" }}", "{{ define \"main\" }}<p>"+word+"</p>", 1))
			return "a stage's landing layout added", generator.Changes{Templates: true}
		case 17:
			// A script the workspace's tables inline.
			b, err := fs.ReadFile(journey.DefaultTheme(), "assets/js/ad-urls.js")
			if err != nil {
				e.t.Fatal(err)
			}
			filetest.Write(e.t, filepath.Join(e.src, "assets/js/ad-urls.js"), string(b)+fmt.Sprintf("\nwindow.edit=%d;\n", e.n))
			return "an inlined script", generator.Changes{Templates: true}
		case 18:
			// A step's entry in the site's backstage lane.
			f := e.pick("content/journeys", ".md")
			if e.line(f, "backstage", func(string) string { return fmt.Sprintf("[%q]", word+" backstage") }) {
				return "a step's backstage entry in " + f, content(f)
			}
		case 19:
			// The journey a map is compared with: the compared one's
			// emotions and titles show on the comparing map.
			f := "content/journeys/juergen-city-purchase.md"
			if e.r.IntN(2) == 0 {
				if e.line(f, "emotion", func(string) string { return fmt.Sprint(1 + e.r.IntN(5)) }) {
					return "an emotion of the compared journey", content(f)
				}
				continue
			}
			if e.line(f, "title", func(string) string { return fmt.Sprintf("%q", word+" title") }) {
				return "a title in the compared journey", content(f)
			}
		case 20:
			// Which journey a map is compared with, or none.
			f := "content/journeys/juergen-city-intended.md"
			targets := []string{"juergen-city-purchase", "zoe-flex-subscription", "ana-lucia-cargo-family"}
			if e.line(f, "compare", func(string) string { return fmt.Sprintf("%q", targets[e.r.IntN(len(targets))]) }) {
				return "the journey a map is compared with", content(f)
			}
		}
	}
}

// manyLandings returns n landing pages for the decision stage: enough for
// its hub to list them on several pages, and for edits to move them from
// one page to another.
func manyLandings(n int) map[string]string {
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("content/landing/many-%03d.md", i)] = fmt.Sprintf("+++\ntitle = \"Many %03d\"\nstage = \"decision\"\nproduct = \"velora-cargo\"\n+++\nOne of many.\n", i)
	}
	return files
}

// TestRandomRebuilds makes random edits to the example, to the example
// with a layout that lists every collection on every page, and to the
// example with enough landing pages that its stage hubs list them on
// several pages, and after each
// rebuild compares the output byte for byte with a fresh full build: what
// a rebuild leaves alone must be what a full build would write the same.
// Run with -seed N to replay a failure, -edits N for more.
func TestRandomRebuilds(t *testing.T) {
	t.Parallel()
	n := *edits
	if testing.Short() && !flagSet("edits") {
		n = 8
	}
	for _, tc := range []struct {
		name  string
		extra map[string]string
		// first makes the session render a few pages first and the
		// others later, as the preview does, with edits made before
		// the others are rendered.
		first bool
	}{
		{"Example", nil, false},
		{"ListsEverything", map[string]string{"layouts/partials/footer.html": listsEverything}, false},
		{"LongLists", manyLandings(120), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := copyExample(t)
			for f, data := range tc.extra {
				filetest.Write(t, filepath.Join(src, f), data)
			}
			ss, dest := newSession(t, src)
			defer ss.Close()
			e := &editor{t: t, src: src, r: rand.New(rand.NewPCG(*seed, 0))}
			if tc.first {
				generator.RenderFirst(ss, func() map[site.Audience][]string {
					return map[site.Audience][]string{site.Campaign: {"index.html", "many-007/index.html"}, site.Team: {"index.html", "stages/decision/index.html", "stages/decision/page/2/index.html"}}
				}, 5)
			}
			for i := 0; i < n; i++ {
				what, ch := e.edit()
				_, rerr := ss.Rebuild(context.Background(), ch)
				if tc.first && rerr == nil && e.r.IntN(2) == 0 {
					// The next edit comes before the pages left for
					// later are rendered.
					continue
				}
				for rerr == nil && ss.Later() > 0 {
					_, rerr = ss.Idle(context.Background())
				}
				out := t.TempDir()
				_, ferr := generator.Build(context.Background(), outputs(generator.Options{Source: src, Theme: journey.DefaultTheme(), Minify: true}, out))
				if (rerr == nil) != (ferr == nil) {
					t.Fatalf("seed %d, edit %d (%s): the rebuild says %v, a full build %v", *seed, i+1, what, rerr, ferr)
				}
				if rerr != nil {
					continue
				}
				if diff := diffTrees(t, out, dest); diff != "" {
					t.Fatalf("seed %d, edit %d (%s): the rebuild differs from a full build:\n%s", *seed, i+1, what, diff)
				}
			}
		})
	}
}

// flagSet reports whether the test flag name was given on the command line.
func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// Package synth writes large synthetic sites for benchmarks: n landing
// pages of about 500 words of Markdown each, n/50 personas, n/20 products
// serving three stages each, n/100 journeys of 8 steps with metrics and
// three reviews per product. The same landing pages can also be written
// as a Hugo site. Output is deterministic.
//
// Journey writes the site for journey's built-in theme, MinimalJourney for
// the minimal layout set of bench/minimal; Hugo writes the Hugo site with
// that set's Hugo layouts, which write the same markup as the minimal
// journey theme.
package synth

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/bench/minimal"
	"github.com/journey-ssg/journey/generator/config"
)

// Counts says how many of each a site of n landing pages has.
type Counts struct{ Landings, Personas, Products, Journeys int }

// CountsFor returns the counts for n landing pages.
func CountsFor(n int) Counts {
	return Counts{Landings: n, Personas: max(n/50, 1), Products: max(n/20, 1), Journeys: max(n/100, 1)}
}

var stages = []string{"awareness", "consideration", "decision", "retention", "advocacy"}

var words = strings.Fields(`commute ride city bike battery range motor frame service subscription rider team route hill
traffic parking office weekend family cargo school delivery workshop warranty month price plan test safety light lock
app support member review friend share journey stage persona product customer morning evening rain coffee street lane`)

// writer writes files under a root folder.
type writer struct {
	root string
	err  error
}

func (w *writer) file(rel, body string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(body), 0o644)
}

// tree writes every file of fsys under the folder dir.
func (w *writer) tree(fsys fs.FS, dir string) {
	if w.err != nil {
		return
	}
	w.err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		w.file(path.Join(dir, p), string(data))
		return w.err
	})
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand, sentences int) string {
	out := make([]string, sentences)
	for i := range out {
		out[i] = sentence(r, 8+r.IntN(10))
	}
	return strings.Join(out, " ")
}

// body is about 500 words of Markdown with headings, a list, a table, a
// blockquote and internal links.
func body(r *rand.Rand, link func(string) string, page, product int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", sentence(r, 5), paragraph(r, 6))
	fmt.Fprintf(&b, "Read [page %d](%s) and see [product %d](%s).\n\n", page, link(fmt.Sprintf("landing/landing-%d.md", page)), product, link(fmt.Sprintf("products/product-%d.md", product)))
	fmt.Fprintf(&b, "## %s\n\n", sentence(r, 4))
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "- %s\n", sentence(r, 7))
	}
	fmt.Fprintf(&b, "\n%s\n\n| Plan | Price | Range |\n|---|---:|---:|\n| Buy | €2,490 | 110 km |\n| Lease | €79 | 110 km |\n| Subscribe | €59 | 90 km |\n\n", paragraph(r, 4))
	fmt.Fprintf(&b, "> %s\n\n## %s\n\n%s\n\n%s\n", sentence(r, 14), sentence(r, 4), paragraph(r, 6), paragraph(r, 5))
	return b.String()
}

// Journey writes a journey site of n landing pages into root, built with
// journey's default theme.
func Journey(root string, n int) error {
	return journeySite(&writer{root: root}, n, "", "")
}

// MinimalJourney writes the site Journey writes, built with the minimal
// theme of bench/minimal and without the team workspace, so that journey
// writes the pages Hugo does (and the product pages, home and thank-you
// pages of the campaign site).
func MinimalJourney(root string, n int) error {
	w := &writer{root: root}
	w.tree(minimal.Journey(), ".")
	return journeySite(w, n, "theme = \"minimal\"\n", "[team]\npublish = \"none\"\n")
}

// journeySite writes the config, with top (top-level keys) first and
// tables last, and the content of a journey site of n landing pages.
func journeySite(w *writer, n int, top, tables string) error {
	c := CountsFor(n)
	r := rand.New(rand.NewPCG(1, uint64(n)))
	w.file("journey.toml", top+`title = "Synthetic"
baseURL = "https://synthetic.example/"
description = "A synthetic site for benchmarks."
[forms]
provider = "netlify"
`+tables)
	rel := func(p string) string { return "../" + p }
	for i := 0; i < c.Personas; i++ {
		w.file(fmt.Sprintf("content/personas/persona-%d.md", i), fmt.Sprintf(`+++
name = "Persona %d"
role = "Commuter"
age = %d
quote = %q
goals = [%q, %q]
frustrations = [%q]
channels = ["Instagram", "Search"]
motivations = [%q]
+++
%s
`, i, 25+i%40, sentence(r, 10), sentence(r, 6), sentence(r, 6), sentence(r, 6), sentence(r, 5), paragraph(r, 5)))
	}
	for i := 0; i < c.Products; i++ {
		first := i % 3
		w.file(fmt.Sprintf("content/products/product-%d.md", i), fmt.Sprintf(`+++
name = "Product %d"
tagline = %q
price = %d
currency = "EUR"
sku = "P-%d"
features = [%q, %q, %q]
stages = ["%s", "%s", "%s"]
faq = [{ q = "Does it fold?", a = "No." }, { q = "Range?", a = "110 km." }]
+++
%s
`, i, sentence(r, 8), 900+i*10, i, sentence(r, 5), sentence(r, 5), sentence(r, 5), stages[first], stages[first+1], stages[first+2], paragraph(r, 6)))
		var reviews strings.Builder
		for k := 0; k < 3; k++ {
			fmt.Fprintf(&reviews, "[[review]]\nproduct = \"product-%d\"\nrating = %d\nauthor = \"Reviewer %d\"\ndate = 2026-0%d-1%d\ntitle = %q\nbody = %q\n\n", i, 3+k%3, k, 1+k, k, sentence(r, 4), paragraph(r, 2))
		}
		w.file(fmt.Sprintf("content/reviews/product-%d.toml", i), reviews.String())
	}
	for i := 0; i < c.Journeys; i++ {
		var steps strings.Builder
		for k := 0; k < 8; k++ {
			fmt.Fprintf(&steps, "\n[[steps]]\nstage = %q\ntitle = %q\nactions = [%q, %q]\ntouchpoints = [%q]\nchannels = [\"Web\"]\nthinking = %q\nfeeling = \"Curious\"\nemotion = %d\npains = [%q]\nopportunities = [%q]\nowner = \"Growth\"\nmetrics = { visitors = %d, conversion = 0.%02d }\n",
				stages[k*5/8], sentence(r, 4), sentence(r, 5), sentence(r, 5), sentence(r, 3), sentence(r, 9), 1+(i+k)%5, sentence(r, 6), sentence(r, 6), 10000/(k+1), 10+k)
		}
		w.file(fmt.Sprintf("content/journeys/journey-%d.md", i), fmt.Sprintf("+++\npersona = \"persona-%d\"\nproduct = \"product-%d\"\ntitle = \"Journey %d\"\ndescription = %q\n%s+++\n%s\n",
			i%c.Personas, i%c.Products, i, sentence(r, 10), steps.String(), paragraph(r, 5)))
	}
	for i := 0; i < c.Landings; i++ {
		product := i % c.Products
		stage := stages[product%3+i%3]
		w.file(fmt.Sprintf("content/landing/landing-%d.md", i), fmt.Sprintf(`+++
title = "Landing %d"
description = %q
stage = %q
product = "product-%d"
persona = "persona-%d"
headline = %q
subheadline = %q
cta = "Book a test ride"
form = "lead"
campaign = "synthetic"
+++
%s`, i, sentence(r, 12), stage, product, i%c.Personas, sentence(r, 6), sentence(r, 12), body(r, rel, i%c.Personas, product)))
	}
	return w.err
}

// Hugo writes the same n landing pages as a Hugo site into root, with the
// layouts of bench/minimal: the markup of the minimal journey theme, head
// tags, body and lead form, inlining the stylesheets journey's landing
// pages inline.
func Hugo(root string, n int) error {
	css, err := fs.Sub(journey.DefaultTheme(), "assets/css")
	if err != nil {
		return err
	}
	w := &writer{root: root}
	w.tree(minimal.Hugo(), ".")
	w.tree(css, "assets/css")
	return hugoSite(w, n)
}

// hugoSite writes the config and the landing pages of a Hugo site of n
// landing pages.
func hugoSite(w *writer, n int) error {
	c := CountsFor(n)
	r := rand.New(rand.NewPCG(1, uint64(n)))
	// The brand's colours are journey's defaults, which the journey site
	// keeps.
	brand := config.Default().Brand
	w.file("hugo.toml", fmt.Sprintf(`baseURL = "https://synthetic.example/"
languageCode = "en"
title = "Synthetic"
disableKinds = ["taxonomy", "term", "RSS"]
[minify]
minifyOutput = true
[params]
primary = %q
accent = %q
`, brand.Primary, brand.Accent))
	// Links point where journey puts the pages: landing pages at the
	// root, products under /products/.
	abs := func(p string) string {
		p = strings.TrimPrefix(strings.TrimSuffix(p, ".md"), "landing/")
		return "/" + p + "/"
	}
	// Draw the same random numbers as Journey so the bodies match.
	for i := 0; i < c.Personas; i++ {
		sentence(r, 10)
		sentence(r, 6)
		sentence(r, 6)
		sentence(r, 6)
		sentence(r, 5)
		paragraph(r, 5)
	}
	for i := 0; i < c.Products; i++ {
		sentence(r, 8)
		sentence(r, 5)
		sentence(r, 5)
		sentence(r, 5)
		paragraph(r, 6)
		for k := 0; k < 3; k++ {
			sentence(r, 4)
			paragraph(r, 2)
		}
	}
	for i := 0; i < c.Journeys; i++ {
		for k := 0; k < 8; k++ {
			for _, n := range []int{4, 5, 5, 3, 9, 6, 6} {
				sentence(r, n)
			}
		}
		sentence(r, 10)
		paragraph(r, 5)
	}
	for i := 0; i < c.Landings; i++ {
		product := i % c.Products
		desc, headline, sub := sentence(r, 12), sentence(r, 6), sentence(r, 12)
		w.file(fmt.Sprintf("content/landing-%d.md", i), fmt.Sprintf(`+++
title = "Landing %d"
description = %q
headline = %q
subheadline = %q
cta = "Book a test ride"
stage = %q
product = "product-%d"
+++
%s`, i, desc, headline, sub, stages[product%3+i%3], product, body(r, abs, i%c.Personas, product)))
	}
	return w.err
}

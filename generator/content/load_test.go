package content_test

import (
	"context"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/internal/bomb"
)

func load(t *testing.T, files map[string]string) (*content.Set, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return content.NewLoader(fsys, "content").Load(context.Background())
}

func TestLoadKinds(t *testing.T) {
	set, problems := load(t, map[string]string{
		"content/_index.md":            "+++\nheadline = \"Hi\"\n+++\nWelcome",
		"content/privacy.md":           "# Privacy\n",
		"content/personas/ana.md":      "+++\nname = \"Ana\"\nage_range = \"25–34\"\ngoals = [\"a\", \"b\"]\n+++\nStory",
		"content/products/bike.md":     "+++\nname = \"Bike\"\nprice = 2490\nstages = [\"decision\"]\n[[faq]]\nq = \"Q?\"\na = \"A.\"\n+++\n",
		"content/journeys/j.md":        "+++\npersona = \"ana\"\n[[steps]]\nstage = \"awareness\"\nemotion = 2\nmetrics = { visitors = 100, conversion = 0.5 }\n[[steps]]\nstage = \"decision\"\n[steps.metrics]\ncustomers = 3\n+++\n",
		"content/landing/l.md":         "+++\nstage = \"decision\"\nfields = [\"name\", { name = \"email\", required = false }]\n[[variants]]\nname = \"b\"\nheadline = \"B\"\n+++\n",
		"content/reviews/one.toml":     "product = \"bike\"\nrating = 5\nauthor = \"Zoë\"\ndate = 2026-03-14\n",
		"content/reviews/many.toml":    "[[review]]\nproduct = \"bike\"\nrating = 4\n[[review]]\nproduct = \"bike\"\nrating = 3\ndate = \"2026-01-02\"\n",
		"content/personas/.hidden.md":  "ignored",
		"content/personas/ana.md~":     "ignored",
		"content/personas/.ana.md.swp": "ignored",
		"content/thanks/lead.md":       "+++\ntitle = \"Got it\"\ncta = \"Back\"\ncta_url = \"/\"\n+++\nSee you.",
		"content/thanks/lead/visit.md": "Body only.",
	})
	if err := problems.Err(); err != nil {
		t.Fatalf("Load: %v", problems.Lines())
	}
	if len(problems) != 0 {
		t.Errorf("got warnings %v, want none", problems.Lines())
	}
	if set.Home == nil || set.Home.Headline != "Hi" || string(set.Home.Body) != "Welcome" {
		t.Errorf("home = %+v", set.Home)
	}
	if len(set.Pages) != 1 || set.Pages[0].Slug != "privacy" {
		t.Errorf("pages = %+v", set.Pages)
	}
	if p := set.Personas[0]; p.Name != "Ana" || p.AgeRange != "25–34" || len(p.Goals) != 2 || p.Slug != "ana" || p.BodyLine != 6 {
		t.Errorf("persona = %+v", p)
	}
	if p := set.Products[0]; p.Price != 2490 || len(p.FAQ) != 1 || p.FAQ[0].A != "A." {
		t.Errorf("product = %+v", p)
	}
	j := set.Journeys[0]
	if len(j.Steps) != 2 || j.Steps[0].Emotion != 2 || j.Steps[0].Metrics["visitors"] != int64(100) || j.Steps[1].Metrics["customers"] != int64(3) {
		t.Errorf("journey steps = %+v", j.Steps)
	}
	l := set.Landings[0]
	if len(l.Fields) != 2 || l.Fields[0].Name != "name" || l.Fields[1].Required == nil || *l.Fields[1].Required || len(l.Variants) != 1 {
		t.Errorf("landing = %+v", l)
	}
	if len(set.Reviews) != 3 {
		t.Fatalf("got %d reviews, want 3", len(set.Reviews))
	}
	// many.toml sorts before one.toml; its reviews take numbered slugs.
	if r := set.Reviews[1]; r.Slug != "many-2" || r.Rating != 3 || r.Date.Format("2006-01-02") != "2026-01-02" {
		t.Errorf("review = %+v", r)
	}
	if pos := set.Reviews[1].Pos("rating"); pos.Line != 6 {
		t.Errorf("second review's rating at %v, want line 6", pos)
	}
	if r := set.Reviews[2]; r.Author != "Zoë" || r.Slug != "one" {
		t.Errorf("review = %+v", r)
	}
	if len(set.Thanks) != 2 {
		t.Fatalf("got %d thank-you pages' copy, want 2", len(set.Thanks))
	}
	if th := set.Thanks[0]; th.Slug != "lead" || th.Title != "Got it" || th.CTA != "Back" || th.CTAURL != "/" || string(th.Body) != "See you." {
		t.Errorf("thanks = %+v", th)
	}
	if th := set.Thanks[1]; th.Slug != "lead/visit" || string(th.Body) != "Body only." {
		t.Errorf("thanks = %+v", th)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		want string
	}{
		{"TOMLSyntax", "content/personas/a.md", "+++\nname = \"A\"\nrole = \n+++\n", "content/personas/a.md:3:8: role: expected value"},
		{"TOMLSyntaxReview", "content/reviews/r.toml", "product = \"x\"\nrating = = 3\n", "content/reviews/r.toml:2:"},
		{"Unclosed", "content/personas/a.md", "+++\nname = \"A\"\n", "content/personas/a.md:1:1: front matter is not closed"},
		{"Missing", "content/personas/a.md", "Just text\n", "content/personas/a.md:1:1: missing front matter"},
		{"YAML", "content/products/p.md", "---\nname: x\n---\n", "content/products/p.md:1:1: front matter must be TOML"},
		{"UTF8", "content/personas/a.md", "+++\nname = \"A\"\nrole = \"\xff\"\n+++\n", "content/personas/a.md:3:9: invalid UTF-8 (byte 0xff)"},
		{"WrongType", "content/journeys/j.md", "+++\npersona = \"a\"\n[[steps]]\nstage = \"x\"\nemotion = \"high\"\n+++\n", "content/journeys/j.md:5:1: steps.emotion: incompatible types"},
		{"WrongTypeTop", "content/personas/a.md", "+++\nname = \"A\"\nage = \"old\"\n+++\n", "content/personas/a.md:3:1: age: incompatible types"},
		{"BadDate", "content/reviews/r.toml", "product = \"x\"\nrating = 3\ndate = \"soon\"\n", "content/reviews/r.toml:3:9: date: date \"soon\" is not a date"},
		{"BadField", "content/landing/l.md", "+++\nfields = [{ name = \"x\", colour = \"red\" }]\n+++\n", "content/landing/l.md:2:11: fields: unknown field key \"colour\""},
		{"UnknownKey", "content/personas/a.md", "+++\nname = \"A\"\nrle = \"PM\"\n+++\n", "content/personas/a.md:3:1: warning: unknown key \"rle\"; did you mean \"role\"?"},
		{"CaseKey", "content/personas/a.md", "+++\nName = \"A\"\n+++\n", "content/personas/a.md:2:1: warning: key \"Name\" is read as \"name\""},
		{"MixedReviews", "content/reviews/r.toml", "product = \"x\"\n[[review]]\nproduct = \"y\"\nrating = 3\n", "content/reviews/r.toml:1:1: a reviews file holds either"},
		{"WrongExtension", "content/personas/a.toml", "x", "content/personas/a.toml: warning: a persona file must end in .md; ignored"},
		{"UnknownFolder", "content/blog/a.md", "x", "content/blog/a.md: warning: not in a content folder"},
		{"ThanksTooDeep", "content/thanks/lead/a/b.md", "x", "content/thanks/lead/a/b.md: warning: not in a content folder"},
		{"ThanksNotMarkdown", "content/thanks/lead.toml", "x", "content/thanks/lead.toml: warning: a thanks file must end in .md; ignored"},
		{"ThanksSlug", "content/thanks/lead.md", "+++\nslug = \"x\"\n+++\n", "content/thanks/lead.md:2:1: warning: unknown key \"slug\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := load(t, map[string]string{tc.file: tc.src})
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1:\n%s", len(problems), problems.Lines())
			}
			if got := problems[0].Error(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want prefix %q", got, tc.want)
			}
		})
	}
}

// TestLoadAllProblems checks that one run reports the problems of every
// file, sorted by path.
func TestLoadAllProblems(t *testing.T) {
	_, problems := load(t, map[string]string{
		"content/personas/b.md": "+++\nname = \n+++\n",
		"content/personas/a.md": "+++\n",
		"content/products/c.md": "---\n",
	})
	if got := len(problems.Errors()); got != 3 {
		t.Fatalf("got %d errors, want 3:\n%s", got, problems.Lines())
	}
	for i, want := range []string{"content/personas/a.md", "content/personas/b.md", "content/products/c.md"} {
		if problems[i].Pos.File != want {
			t.Errorf("problem %d in %s, want %s", i, problems[i].Pos.File, want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("personas/a.md", "+++\nname = \"A\"\ngoals = [\"x\"]\n+++\nbody")
	f.Add("journeys/j.md", "+++\n[[steps]]\nstage = \"a\"\nmetrics = { v = 1 }\n[steps.x]\n+++\n")
	f.Add("reviews/r.toml", "[[review]]\nproduct = \"p\"\nrating = 2\n")
	f.Add("landing/l.md", "+++\nfields = [\"a\", {name=\"b\", options=[\"x\"]}]\n[[variants]]\nname=\"b\"\n+++\n")
	f.Add("products/p.md", "+++\nprice = 1e3\n[[faq]]\nq=1\n+++\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		if !fs.ValidPath("content/" + name) {
			return
		}
		fsys := fstest.MapFS{"content/" + name: &fstest.MapFile{Data: []byte(src)}}
		_, problems := content.NewLoader(fsys, "content").Load(context.Background())
		for _, p := range problems {
			if p.Pos.File == "" {
				t.Fatalf("problem without a file: %v", p)
			}
		}
	})
}

func TestLoaderUpdate(t *testing.T) {
	fsys := fstest.MapFS{
		"content/personas/a.md": {Data: []byte("+++\nname = \"A\"\n+++\n")},
		"content/personas/b.md": {Data: []byte("+++\nname = \"B\"\n+++\n")},
	}
	l := content.NewLoader(fsys, "content")
	set, problems := l.Load(context.Background())
	if len(set.Personas) != 2 || len(problems) != 0 {
		t.Fatalf("load: %d personas, %v", len(set.Personas), problems.Lines())
	}
	// Edit one, delete one, add a folder of reviews and a swap file.
	fsys["content/personas/a.md"] = &fstest.MapFile{Data: []byte("+++\nname = \"A2\"\n+++\n")}
	delete(fsys, "content/personas/b.md")
	fsys["content/reviews/r.toml"] = &fstest.MapFile{Data: []byte("product = \"p\"\nrating = 4\n")}
	fsys["content/personas/.a.md.swp"] = &fstest.MapFile{Data: []byte("junk")}
	set, problems = l.Update(context.Background(), []string{"content/personas/a.md", "content/personas/b.md", "content/reviews", "content/personas/.a.md.swp", "static/x.css"})
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	if len(set.Personas) != 1 || set.Personas[0].Name != "A2" || len(set.Reviews) != 1 {
		t.Errorf("after update: personas %v, %d reviews", set.Personas, len(set.Reviews))
	}
	// A file that breaks keeps its problem until it is fixed.
	fsys["content/personas/a.md"] = &fstest.MapFile{Data: []byte("+++\nname = \n+++\n")}
	set, problems = l.Update(context.Background(), []string{"content/personas/a.md"})
	if problems.Err() == nil || !set.Broken["content/personas/a.md"] || len(set.Personas) != 0 {
		t.Errorf("broken file: %v %v", problems.Lines(), set.Broken)
	}
	fsys["content/personas/a.md"] = &fstest.MapFile{Data: []byte("+++\nname = \"A3\"\n+++\n")}
	set, problems = l.Update(context.Background(), []string{"content/personas/a.md"})
	if problems.Err() != nil || len(set.Personas) != 1 {
		t.Errorf("fixed file: %v", problems.Lines())
	}
}

// TestLoadNestingBomb guards against front matter and reviews files that
// nest deeply enough to exhaust memory: they must fail fast, naming the
// file and the line that nests too deep.
func TestLoadNestingBomb(t *testing.T) {
	for _, c := range bomb.TOML() {
		for _, file := range []struct{ name, src, line string }{
			{"content/personas/a.md", "+++\n" + c.Src + "\n+++\n", ":2:"},
			{"content/reviews/r.toml", c.Src, ":1:"},
		} {
			t.Run(c.Name+"/"+path.Base(file.name), func(t *testing.T) {
				bomb.Check(t, c, func() error {
					_, problems := load(t, map[string]string{file.name: file.src})
					if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), file.name+file.line) {
						t.Errorf("got %s, want one problem at %s%s", problems.Lines(), file.name, file.line)
					}
					return problems.Err()
				})
			})
		}
	}
}

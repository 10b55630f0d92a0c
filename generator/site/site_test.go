package site_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
	"github.com/journey-ssg/journey/generator/site"
)

// build makes the model of a site given as files; journey.toml is optional.
func build(t *testing.T, files map[string]string, opts site.Options) (*site.Site, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	cfg, warnings, err := config.Load(fsys, config.FileName)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	set, problems := content.NewLoader(fsys, "content").Load(context.Background())
	s, more := site.Build(context.Background(), cfg, set, markdown.New(markdown.Options{}), opts)
	all := append(append(warnings, problems...), more...)
	all.Sort()
	return s, all
}

// small is a site with one of everything and the relations between them.
func small() map[string]string {
	return map[string]string{
		"journey.toml":             "baseURL = \"https://example.com/docs/\"\n",
		"content/_index.md":        "+++\nheadline = \"Hi\"\n+++\nWelcome.",
		"content/personas/ana.md":  "+++\nname = \"Ana Lúcia\"\nrole = \"Lead\"\n+++\nAna's story links [the journey](../journeys/ana-buys.md).",
		"content/products/bike.md": "+++\nname = \"Bike\"\nstages = [\"consideration\", \"decision\"]\n+++\nA bike.",
		"content/journeys/ana-buys.md": "+++\npersona = \"ana\"\nproduct = \"bike\"\n" +
			"[[steps]]\nstage = \"awareness\"\nemotion = 2\nmetrics = { visitors = 1000 }\n" +
			"[[steps]]\nstage = \"decision\"\nemotion = 4\nmetrics = { customers = 20, conversion = 0.02 }\n+++\nThe story ends on [the offer](../landing/try-it.md) for [the bike](../products/bike.md).",
		"content/landing/try-it.md": "+++\ntitle = \"Try it\"\nstage = \"decision\"\nproduct = \"bike\"\npersona = \"ana\"\naliases = [\"/old-try/\"]\n" +
			"[[variants]]\nname = \"b\"\nheadline = \"B\"\n+++\nCopy.",
		"content/reviews/bike.toml": "[[review]]\nproduct = \"bike\"\nrating = 5\nauthor = \"A\"\ndate = 2026-01-02\n" +
			"[[review]]\nproduct = \"bike\"\nrating = 4\nauthor = \"B\"\ndate = 2026-02-03\n",
		"content/privacy.md": "+++\ntitle = \"Privacy\"\ndraft = true\n+++\nPrivate.",
	}
}

func TestRelations(t *testing.T) {
	s, problems := build(t, small(), site.Options{Drafts: true})
	if len(problems) != 0 {
		t.Fatalf("problems:\n%s", problems.Lines())
	}
	ana, bike, j := s.Personas[0], s.Products[0], s.Journeys[0]
	if j.Persona != ana || j.Product != bike || len(ana.Journeys) != 1 || len(bike.Journeys) != 1 {
		t.Errorf("journey relations: persona %v product %v", j.Persona, j.Product)
	}
	if bike.Rating.Count != 2 || bike.Rating.Average != 4.5 || bike.Reviews[0].Author != "B" {
		t.Errorf("rating %+v, first review %q: want 2 reviews averaging 4.5, newest first", bike.Rating, bike.Reviews[0].Author)
	}
	var decision *site.Stage
	for _, st := range s.Stages {
		if st.Key == "decision" {
			decision = st
		}
	}
	if len(decision.Steps) != 1 || len(decision.Landings) != 1 || len(decision.Products) != 1 {
		t.Errorf("decision stage: %d steps, %d landings, %d products; want 1 each", len(decision.Steps), len(decision.Landings), len(decision.Products))
	}
	l := s.Landings[0]
	if l.Page.URL != "/docs/try-it/" || l.Page.Permalink != "https://example.com/docs/try-it/" || l.Page.Layout != "landing/decision" {
		t.Errorf("landing page %+v", l.Page)
	}
	v := l.Variants[0].Page
	if v.URL != "/docs/try-it/b/" || !v.Noindex || v.Canonical != l.Page.Permalink {
		t.Errorf("variant page URL %s noindex %v canonical %s", v.URL, v.Noindex, v.Canonical)
	}
	// Links between workspace pages stay within the workspace (with no
	// team.baseURL, at the root); from the workspace, a campaign page is
	// linked by its permalink, and a product by its sheet.
	if !strings.Contains(string(ana.Page.Content), `href="/journeys/ana-buys/"`) {
		t.Errorf("persona content link not resolved: %s", ana.Page.Content)
	}
	if c := string(j.Page.Content); !strings.Contains(c, `href="https://example.com/docs/try-it/"`) || !strings.Contains(c, `href="/products/bike/"`) {
		t.Errorf("journey content links: %s", c)
	}
	if got := j.Steps[1].Metrics; len(got) != 2 || got[0].Key != "customers" || got[1].Display() != "2%" {
		t.Errorf("metrics %+v, want customers then conversion as 2%%", got)
	}
	// Drafts are in when asked for.
	found := false
	for _, p := range s.Pages {
		found = found || p.RelURL == "/privacy/"
	}
	if !found {
		t.Error("draft page missing with Drafts set")
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"UnknownRefs", map[string]string{
			"content/personas/ana.md":  "+++\nname = \"Ana\"\n+++\n",
			"content/products/bike.md": "+++\nname = \"Bike\"\nstages = [\"decison\"]\n+++\n",
			"content/journeys/j.md":    "+++\npersona = \"anna\"\nproduct = \"bikes\"\n[[steps]]\nstage = \"awarness\"\n+++\n",
			"content/landing/l.md":     "+++\nstage = \"decision\"\nproduct = \"scooter\"\npersona = \"bob\"\nform = \"leads\"\n+++\n",
			"content/reviews/r.toml":   "product = \"bik\"\nrating = 4\n",
		}, []string{
			`content/journeys/j.md:2:1: unknown persona "anna"; did you mean "ana"?`,
			`content/journeys/j.md:3:1: unknown product "bikes"; did you mean "bike"?`,
			`content/journeys/j.md:5:1: unknown stage "awarness"; did you mean "awareness"?`,
			`content/landing/l.md:3:1: unknown product "scooter"; known: bike`,
			`content/landing/l.md:4:1: unknown persona "bob"; known: ana`,
			`content/landing/l.md:5:1: unknown form "leads"; did you mean "lead"?`,
			`content/products/bike.md:3:11: unknown stage "decison"; did you mean "decision"?`,
			`content/reviews/r.toml:1:1: unknown product "bik"; did you mean "bike"?`,
		}},
		{"Ranges", map[string]string{
			"content/personas/ana.md":  "+++\nname = \"Ana\"\n+++\n",
			"content/products/bike.md": "+++\nname = \"Bike\"\n+++\n",
			"content/journeys/j.md":    "+++\npersona = \"ana\"\n[[steps]]\nstage = \"awareness\"\nemotion = 0\n[[steps]]\nstage = \"decision\"\nemotion = 6\nmetrics = { visitors = \"many\" }\n+++\n",
			"content/reviews/r.toml":   "[[review]]\nproduct = \"bike\"\nrating = 5\n[[review]]\nproduct = \"bike\"\nrating = 0\n",
		}, []string{
			"content/journeys/j.md:5:1: emotion 0 is outside 1–5",
			"content/journeys/j.md:8:1: emotion 6 is outside 1–5",
			"content/journeys/j.md:9:13: metric \"visitors\" must be a number, not \"many\"",
			"content/reviews/r.toml:6:1: rating 0 is outside 1–5",
		}},
		{"Paths", map[string]string{
			// The workspace's pages are in a folder of their own.
			"content/landing/personas.md": "+++\nstage = \"decision\"\n+++\n",
			"content/landing/a.md":        "+++\nstage = \"decision\"\nslug = \"b\"\n+++\n",
			"content/landing/b.md":        "+++\nstage = \"decision\"\n+++\n",
			"content/landing/c.md":        "+++\nstage = \"decision\"\nslug = \"../../etc\"\naliases = [\"/ok/\", \"../../../tmp/x\", \"/a/../../b\", \"https://evil.example/\"]\n+++\n",
			"content/landing/d.md":        "+++\nstage = \"decision\"\n[[variants]]\nname = \"../x\"\n[[variants]]\nname = \"b\"\n[[variants]]\nname = \"b\"\n+++\n",
			"content/landing/CaSe.md":     "+++\nstage = \"decision\"\n+++\n",
			"content/landing/case.md":     "+++\nstage = \"decision\"\n+++\n",
		}, []string{
			`content/landing/b.md:1: /b/ is also written by content/landing/a.md`,
			`content/landing/c.md:3:1: slug "../../etc" must be one URL segment`,
			`content/landing/c.md:4:20: alias "../../../tmp/x" would leave the output folder`,
			`content/landing/c.md:4:38: alias "/a/../../b" would leave the output folder`,
			`content/landing/c.md:4:52: alias "https://evil.example/" would leave the output folder`,
			`content/landing/case.md:1: /case/ is also written by content/landing/CaSe.md`,
			`content/landing/d.md:4:1: variant name "../x" must be one URL segment`,
			`content/landing/d.md:8:1: variant "b" is defined twice`,
		}},
		{"PathsWithThePublicWorkspace", map[string]string{
			"journey.toml":            "[team]\npublish = \"public\"\n",
			"content/landing/team.md": "+++\nstage = \"decision\"\n+++\n",
		}, []string{
			`content/landing/team.md:1: /team/ is also written by the dashboard page /team/`,
		}},
		{"CampaignLinksToTheWorkspace", map[string]string{
			"content/personas/ana.md": "+++\nname = \"Ana\"\n+++\n",
			"content/landing/l.md":    "+++\nstage = \"decision\"\n+++\nMeet [Ana](../personas/ana.md).\n",
			"content/privacy.md":      "+++\ntitle = \"Privacy\"\n+++\nSee [the map](journeys/none.md).\n",
		}, []string{
			`content/landing/l.md:4: link to "../personas/ana.md": it is a page of the team workspace, which visitors never see`,
			`content/privacy.md:4: link to "journeys/none.md": no such content file`,
		}},
		{"Legal", map[string]string{
			"journey.toml":         "[site]\nlegal = [\"imprint\", \"privcy\"]\n",
			"content/privacy.md":   "+++\ntitle = \"Privacy\"\n+++\n",
			"content/imprint.md":   "+++\ntitle = \"Imprint\"\n+++\n",
			"content/landing/l.md": "+++\nstage = \"decision\"\nchrome = \"sites\"\n+++\n",
		}, []string{
			`content/landing/l.md:3:1: unknown chrome "sites"; did you mean "site"?`,
			`journey.toml:2:21: unknown page "privcy"; did you mean "privacy"?`,
		}},
		{"Missing", map[string]string{
			"content/journeys/j.md": "+++\ntitle = \"J\"\n+++\n",
			"content/landing/l.md":  "+++\ntitle = \"L\"\n+++\n",
			"content/journeys/k.md": "+++\npersona = \"x\"\n[[steps]]\ntitle = \"no stage\"\n+++\n",
		}, []string{
			`content/journeys/j.md:1: journey has no steps`,
			`content/journeys/j.md:1: persona is missing`,
			`content/journeys/k.md:2:1: unknown persona "x": the site has none`,
			`content/journeys/k.md:3:1: step 1 has no stage`,
			`content/landing/l.md:1: landing page has no stage`,
		}},
		{"BrokenLink", map[string]string{
			"content/personas/ana.md": "+++\nname = \"Ana\"\n+++\nFirst line.\n\nSee [Bob](bob.md).\n",
		}, []string{
			`content/personas/ana.md:6: link to "bob.md": no such content file`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := build(t, tc.files, site.Options{})
			errs := problems.Errors()
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(tc.want), errs.Lines())
			}
			for i, w := range tc.want {
				if got := errs[i].Error(); !strings.HasPrefix(got, w) {
					t.Errorf("error %d:\n got %q\nwant prefix %q", i, got, w)
				}
			}
		})
	}
}

func TestLanes(t *testing.T) {
	tests := []struct {
		name, config, lanes, want, problem string
	}{
		{"Default", "", "", "actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", ""},
		{"Site", "[journeys]\nlanes = [\"emotion\", \"pains\"]\n", "", "emotion pains", ""},
		{"JourneyOverSite", "[journeys]\nlanes = [\"emotion\", \"pains\"]\n", "lanes = [\"metrics\", \"thinking\"]\n", "metrics thinking", ""},
		{"Unknown", "", "lanes = [\"emotions\", \"pains\"]\n", "pains", `content/journeys/j.md:3:10: unknown lane "emotions"; did you mean "emotion"?`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, problems := build(t, map[string]string{
				"journey.toml":          tc.config,
				"content/personas/a.md": "+++\nname = \"A\"\n+++\n",
				"content/journeys/j.md": "+++\npersona = \"a\"\n" + tc.lanes + "[[steps]]\nstage = \"awareness\"\nemotion = 3\n+++\n",
			}, site.Options{})
			if got := laneKeys(s.Journeys[0].Lanes); got != tc.want {
				t.Errorf("lanes %q, want %q", got, tc.want)
			}
			errs := problems.Errors()
			switch {
			case tc.problem == "" && len(errs) > 0:
				t.Errorf("problems: %s", errs.Lines())
			case tc.problem != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.problem)):
				t.Errorf("problems %q, want %q", errs.Lines(), tc.problem)
			}
		})
	}
	// Lanes no step fills are left out of the map.
	s, _ := build(t, map[string]string{
		"content/personas/a.md": "+++\nname = \"A\"\n+++\n",
		"content/journeys/j.md": "+++\npersona = \"a\"\n[[steps]]\nstage = \"awareness\"\nemotion = 3\npains = [\"x\"]\n+++\n",
	}, site.Options{})
	if got := laneKeys(s.Journeys[0].MapLanes()); got != "emotion pains" {
		t.Errorf("map lanes %q, want the filled ones only", got)
	}
}

func TestCustomStagesAndGenerated(t *testing.T) {
	s, problems := build(t, map[string]string{
		"journey.toml":             "[landing]\ngenerate = true\n[[stages]]\nkey = \"discover\"\n[[stages]]\nkey = \"buy\"\n",
		"content/products/bike.md": "+++\nname = \"Bike\"\ntagline = \"Go\"\nstages = [\"discover\", \"buy\"]\n+++\n",
		"content/landing/buy.md":   "+++\nstage = \"buy\"\nproduct = \"bike\"\n+++\n",
	}, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	var urls []string
	for _, l := range s.Landings {
		urls = append(urls, l.Page.RelURL+"="+l.Page.Layout)
	}
	// The authored page covers bike x buy; only bike x discover is generated.
	if got := strings.Join(urls, " "); got != "/bike-discover/=landing/discover /buy/=landing/buy" {
		t.Errorf("landings %s", got)
	}
	if s.Stages[0].Key != "discover" || len(s.Stages) != 2 {
		t.Errorf("stages %v", s.Stages)
	}
}

// TestLandingListsFollowStages checks that the landing pages a stage, a
// product and a persona list come in the site's stage order, then by
// title, whatever their file names; generated pages take their place too.
func TestLandingListsFollowStages(t *testing.T) {
	s, problems := build(t, map[string]string{
		"journey.toml": "[landing]\ngenerate = true\n" +
			"[[stages]]\nkey = \"zeta\"\n[[stages]]\nkey = \"alpha\"\n[[stages]]\nkey = \"mid\"\n",
		"content/personas/ana.md":    "+++\nname = \"Ana\"\n+++\n",
		"content/products/bike.md":   "+++\nname = \"Bike\"\nstages = [\"zeta\", \"alpha\", \"mid\"]\n+++\n",
		"content/landing/a-late.md":  "+++\ntitle = \"Late\"\nstage = \"mid\"\nproduct = \"bike\"\npersona = \"ana\"\n+++\n",
		"content/landing/b-start.md": "+++\ntitle = \"Start\"\nstage = \"zeta\"\nproduct = \"bike\"\npersona = \"ana\"\n+++\n",
		"content/landing/c-alpha.md": "+++\ntitle = \"Alpha\"\nstage = \"alpha\"\npersona = \"ana\"\n+++\n",
		"content/landing/d-begin.md": "+++\ntitle = \"Begin\"\nstage = \"zeta\"\npersona = \"ana\"\n+++\n",
	}, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	titles := func(ls []*site.Landing) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Page.Title)
		}
		return strings.Join(out, ", ")
	}
	tests := []struct {
		name string
		list []*site.Landing
		want string
	}{
		{"Product", s.Products[0].Landings, "Start, Bike — Alpha, Late"},
		{"Persona", s.Personas[0].Landings, "Begin, Start, Alpha, Late"},
		{"Stage", s.Stages[0].Landings, "Begin, Start"},
	}
	for _, tc := range tests {
		if got := titles(tc.list); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestPersonaAgeText(t *testing.T) {
	tests := []struct{ name, front, want string }{
		{"Age", "age = 31", "31 years old"},
		{"Range", "age_range = \"25–34\"", "25–34 years old"},
		{"AgeWinsOverRange", "age = 31\nage_range = \"31\"", "31 years old"},
		{"Neither", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, problems := build(t, map[string]string{"content/personas/ana.md": "+++\nname = \"Ana\"\n" + tc.front + "\n+++\n"}, site.Options{})
			if err := problems.Err(); err != nil {
				t.Fatal(problems.Lines())
			}
			if got := s.Personas[0].AgeText(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCurveLabels checks that a curve point without a feeling is labelled
// with its emotion's word capitalised like the feelings authors write, so
// that one curve does not say both "Neutral" and "neutral".
func TestCurveLabels(t *testing.T) {
	s, problems := build(t, map[string]string{
		"content/personas/ana.md": "+++\nname = \"Ana\"\n+++\n",
		"content/journeys/j.md": "+++\npersona = \"ana\"\ntitle = \"J\"\n" +
			"[[steps]]\nstage = \"awareness\"\nfeeling = \"Neutral\"\nemotion = 3\n" +
			"[[steps]]\nstage = \"consideration\"\nemotion = 3\n" +
			"[[steps]]\nstage = \"decision\"\nfeeling = \"torn\"\nemotion = 2\n" +
			"[[steps]]\nstage = \"retention\"\nemotion = 5\n+++\n",
	}, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	var got []string
	for _, p := range s.Journeys[0].Curve(100, 100).Points {
		got = append(got, p.Label)
	}
	// Authored feelings stay as written.
	if want := "Neutral, Neutral, torn, Very positive"; strings.Join(got, ", ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, ", "), want)
	}
}

// laneKeys joins the keys of lanes with spaces.
func laneKeys(lanes []site.Lane) string {
	keys := make([]string, len(lanes))
	for i, l := range lanes {
		keys[i] = l.Key
	}
	return strings.Join(keys, " ")
}

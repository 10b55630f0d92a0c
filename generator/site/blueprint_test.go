package site_test

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/site"
)

// journeyFiles is a site with one persona and the journey j, whose front
// matter is given after its persona, and journey.toml.
func journeyFiles(config, front string) map[string]string {
	return map[string]string{
		"journey.toml":          config,
		"content/personas/a.md": "+++\nname = \"A\"\n+++\n",
		"content/journeys/j.md": "+++\npersona = \"a\"\n" + front + "+++\n",
	}
}

const backstageLane = "[[lanes]]\nkey = \"backstage\"\nname = \"Backstage\"\nkind = \"list\"\ngroup = \"backstage\"\n"

func TestCustomLanes(t *testing.T) {
	tests := []struct {
		name, config, front string
		want                string // the journey's lanes
		mapLanes            string // those the map shows
		problem             string // the one error, if any
	}{
		{"SiteLane", backstageLane + "[journeys]\nlanes = [\"actions\", \"backstage\", \"emotion\"]\n",
			"[[steps]]\nstage = \"awareness\"\nemotion = 3\nactions = [\"a\"]\nbackstage = [\"CRM creates the lead\"]\n",
			"actions backstage emotion", "actions emotion backstage", ""},
		{"SiteLaneAfterBuiltins", backstageLane,
			"[[steps]]\nstage = \"awareness\"\nbackstage = [\"x\"]\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "backstage", ""},
		{"JourneyTables", "",
			"[[lanes]]\nkey = \"support\"\nkind = \"text\"\n[[steps]]\nstage = \"awareness\"\nemotion = 2\nsupport = \"Hotline\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics support", "emotion support", ""},
		{"JourneyChoosesAndDeclares", backstageLane,
			"lanes = [\"backstage\", { key = \"support\", kind = \"text\" }, \"emotion\"]\n[[steps]]\nstage = \"awareness\"\nemotion = 2\nsupport = \"Hotline\"\n",
			"backstage support emotion", "support emotion", ""},
		{"UnknownKind", "[[lanes]]\nkey = \"backstage\"\nkind = \"lists\"\n", "[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", "",
			`journey.toml:3:1: unknown lane kind "lists"; did you mean "list"?`},
		{"UnknownGroup", "", "[[lanes]]\nkey = \"ops\"\ngroup = \"back\"\n[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", "",
			`content/journeys/j.md:5:1: unknown lane group "back"`},
		{"Duplicate", backstageLane + backstageLane, "[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "",
			`journey.toml:7:1: lane "backstage" is declared twice`},
		{"DuplicateOfSite", backstageLane, "[[lanes]]\nkey = \"backstage\"\n[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "",
			`content/journeys/j.md:4:1: lane "backstage" is declared twice`},
		{"ClashWithBuiltin", "[[lanes]]\nkey = \"pains\"\n", "[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", "",
			`journey.toml:2:1: lane key "pains" is a built-in lane's`},
		{"NoKey", "[[lanes]]\nname = \"Ops\"\n", "[[steps]]\nstage = \"awareness\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", "",
			`journey.toml:1:1: lane has no key`},
		{"UnknownLaneKey", "", "lanes = [{ key = \"ops\", knd = \"text\" }]\n[[steps]]\nstage = \"awareness\"\n",
			"", "", `content/journeys/j.md:3:`},
		{"ChosenTwice", "", "lanes = [\"emotion\", \"emotion\"]\n[[steps]]\nstage = \"awareness\"\n",
			"emotion", "", `content/journeys/j.md:3:21: lane "emotion" is chosen twice`},
		{"ListGivenText", backstageLane, "[[steps]]\nstage = \"awareness\"\nbackstage = \"CRM\"\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "",
			`content/journeys/j.md:5:1: lane "backstage" is a list: write backstage = ["CRM"]`},
		{"TextGivenList", "", "[[lanes]]\nkey = \"support\"\nkind = \"text\"\n[[steps]]\nstage = \"awareness\"\nsupport = [\"a\"]\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics support", "",
			`content/journeys/j.md:8:1: lane "support" is a text`},
		{"ListOfNumbers", backstageLane, "[[steps]]\nstage = \"awareness\"\nbackstage = [1]\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "",
			`content/journeys/j.md:5:1: lane "backstage" is a list of strings`},
		{"StepKeyNamesNoLane", backstageLane, "[[steps]]\nstage = \"awareness\"\n[[steps]]\nstage = \"decision\"\nbakstage = [\"x\"]\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics backstage", "",
			`content/journeys/j.md:7:1: unknown step key "bakstage"; did you mean "backstage"?`},
		{"StepKeyTypo", "", "[[steps]]\nstage = \"awareness\"\nemotoin = 3\n",
			"actions touchpoints channels thinking feeling emotion pains opportunities owner metrics", "",
			`content/journeys/j.md:5:1: unknown step key "emotoin"; did you mean "emotion"?`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, problems := build(t, journeyFiles(tc.config, tc.front), site.Options{})
			j := s.Journeys[0]
			if tc.want != "" || tc.problem == "" {
				if got := laneKeys(j.Lanes); got != tc.want {
					t.Errorf("lanes %q, want %q", got, tc.want)
				}
			}
			if tc.problem == "" {
				if got := laneKeys(j.MapLanes()); got != tc.mapLanes {
					t.Errorf("map lanes %q, want %q", got, tc.mapLanes)
				}
			}
			checkOneProblem(t, problems.Errors().Lines(), tc.problem)
		})
	}
}

// checkOneProblem checks that lines holds no error when want is empty, and
// else one that starts with want.
func checkOneProblem(t *testing.T, lines, want string) {
	t.Helper()
	errs := strings.Split(strings.TrimSpace(lines), "\n")
	if lines == "" {
		errs = nil
	}
	switch {
	case want == "" && len(errs) > 0:
		t.Errorf("problems: %s", lines)
	case want != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0], want)):
		t.Errorf("problems:\n%s\nwant one starting %q", lines, want)
	}
}

func TestLaneEntries(t *testing.T) {
	s, problems := build(t, journeyFiles(backstageLane,
		"[[lanes]]\nkey = \"support\"\nkind = \"text\"\n[[steps]]\nstage = \"awareness\"\nbackstage = [\"CRM\", \"Mail\"]\nsupport = \"Hotline\"\n[[steps]]\nstage = \"decision\"\nbackstage = []\n"),
		site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	a, b := s.Journeys[0].Steps[0], s.Journeys[0].Steps[1]
	if got := strings.Join(a.List("backstage"), "|"); got != "CRM|Mail" {
		t.Errorf("backstage %q", got)
	}
	if a.Text("support") != "Hotline" || !a.HasLane("support") || b.HasLane("backstage") || b.HasLane("support") {
		t.Errorf("support %q, second step has backstage %v", a.Text("support"), b.HasLane("backstage"))
	}
	if l := s.Journeys[0].Lanes[10]; l != (site.Lane{Key: "backstage", Name: "Backstage", Kind: site.LaneList, Group: site.Backstage, Custom: true}) {
		t.Errorf("lane %+v", l)
	}
	if l := s.Journeys[0].Lanes[11]; l.Name != "Support" || l.Kind != site.LaneText || l.Backstage() {
		t.Errorf("lane %+v", l)
	}
}

func TestMoments(t *testing.T) {
	tests := []struct {
		moment, name, problem string
	}{
		{"truth", "Moment of truth", ""},
		{"pain", "Pain point", ""},
		{"delight", "Moment of delight", ""},
		{"", "", ""},
		{"truht", "", `content/journeys/j.md:5:1: unknown moment "truht"; did you mean "truth"?`},
	}
	for _, tc := range tests {
		t.Run(tc.moment, func(t *testing.T) {
			front := "[[steps]]\nstage = \"awareness\"\n"
			if tc.moment != "" {
				front += "moment = \"" + tc.moment + "\"\n"
			}
			s, problems := build(t, journeyFiles("", front), site.Options{})
			if got := s.Journeys[0].Steps[0].MomentName(); got != tc.name {
				t.Errorf("moment name %q, want %q", got, tc.name)
			}
			checkOneProblem(t, problems.Errors().Lines(), tc.problem)
		})
	}
}

func TestIcons(t *testing.T) {
	s, problems := build(t, journeyFiles("[icons]\n\"Company bike day\" = \"event\"\n\"Dealer\" = \"review site\"\n",
		"[[steps]]\nstage = \"awareness\"\ntouchpoints = [\"Instagram post\", \"Company bike day\"]\nchannels = [\"Email\"]\n"), site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	tests := []struct{ name, want string }{
		{"Web", "web"}, {"Website", "web"}, {"E-mail", "email"}, {"Newsletter", "email"}, {"Phone call", "phone"},
		{"SMS", "sms"}, {"Live chat", "chat"}, {"Instagram post", "social"}, {"Social", "social"}, {"Search result", "search"},
		{"Google Ads", "search"}, {"Display ads", "ads"}, {"Velora app", "app"}, {"In store", "store"}, {"Event", "event"},
		{"Print", "print"}, {"YouTube comparison", "video"}, {"Podcasts", "podcast"}, {"Partner dealer", "partner"},
		{"Support", "support"}, {"Review sites", "review-site"}, {"Referral link", "referral"}, {"Word of mouth", "referral"},
		{"Push notification", "app"}, {"Letter", "print"}, {"company  bike DAY", "event"}, {"Dealer", "review-site"}, {"Carrier pigeon", ""},
	}
	for _, tc := range tests {
		if got := s.Icon(tc.name); got != tc.want {
			t.Errorf("Icon(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := strings.Join(s.Journeys[0].Icons(), " "); got != "email social event" {
		t.Errorf("journey icons %q", got)
	}
	_, problems = build(t, journeyFiles("[icons]\nFlyer = \"prnt\"\n", "[[steps]]\nstage = \"awareness\"\n"), site.Options{})
	checkOneProblem(t, problems.Errors().Lines(), `journey.toml:2:1: unknown icon "prnt"; did you mean "print"?`)
}

func TestCompare(t *testing.T) {
	files := map[string]string{
		"content/personas/a.md": "+++\nname = \"A\"\n+++\n",
		"content/journeys/now.md": "+++\npersona = \"a\"\n" +
			"[[steps]]\nstage = \"awareness\"\ntitle = \"Sees an ad\"\nemotion = 3\n" +
			"[[steps]]\nstage = \"decision\"\ntitle = \"Waits for approval\"\nemotion = 1\n" +
			"[[steps]]\nstage = \"decision\"\ntitle = \"Buys\"\nemotion = 3\n+++\n",
		"content/journeys/next.md": "+++\npersona = \"a\"\ncompare = \"now\"\n" +
			"[[steps]]\nstage = \"awareness\"\ntitle = \"sees an ad \"\nemotion = 4\n" +
			"[[steps]]\nstage = \"consideration\"\ntitle = \"Test ride at home\"\nemotion = 5\n" +
			"[[steps]]\nstage = \"decision\"\ntitle = \"Buys\"\nemotion = 3\n+++\n",
	}
	s, problems := build(t, files, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	next, now := s.Journeys[0], s.Journeys[1]
	if next.Compare != now || now.Compare != nil {
		t.Fatalf("compare %v, %v", next.Compare, now.Compare)
	}
	var got []string
	for _, c := range next.Changes() {
		line := c.Stage.Key + ":"
		for _, a := range c.Added {
			line += " +" + a.Title
		}
		for _, r := range c.Removed {
			line += " -" + r.Title
		}
		for _, ch := range c.Changed {
			line += " " + ch.Step.Title + " " + ch.Trend()
		}
		got = append(got, line+" "+c.Trend())
	}
	want := "awareness: sees an ad  up up|consideration: +Test ride at home |decision: -Waits for approval up"
	if strings.Join(got, "|") != want {
		t.Errorf("changes\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
	// The compared curve spreads each stage's steps over this map's
	// columns of that stage, and breaks where this map has none.
	c := next.CompareCurve(100, 120)
	var xs []float64
	for _, p := range c.Points {
		xs = append(xs, p.X)
	}
	if c.Width != 300 || len(xs) != 3 || xs[0] != 50 || xs[1] != 250-100/4.0 || xs[2] != 250+100/4.0 {
		t.Errorf("compared curve: width %v, points at %v", c.Width, xs)
	}
	for _, tc := range []struct{ compare, problem string }{
		{"nwo", `content/journeys/next.md:3:1: unknown journey "nwo"; did you mean "now"?`},
		{"next", `content/journeys/next.md:3:1: a journey cannot be compared with itself`},
	} {
		files["content/journeys/next.md"] = strings.Replace(files["content/journeys/next.md"], "compare = \"now\"", "compare = \""+tc.compare+"\"", 1)
		_, problems := build(t, files, site.Options{})
		checkOneProblem(t, problems.Errors().Lines(), tc.problem)
		files["content/journeys/next.md"] = strings.Replace(files["content/journeys/next.md"], "compare = \""+tc.compare+"\"", "compare = \"now\"", 1)
	}
}

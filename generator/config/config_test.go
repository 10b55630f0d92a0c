package config_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/internal/bomb"
)

func TestDefaults(t *testing.T) {
	c, warnings, err := config.Load(fstest.MapFS{}, config.FileName)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Load without a file: %v %v", warnings, err)
	}
	if got := strings.Join(c.StageKeys(), ","); got != "awareness,consideration,decision,retention,advocacy" {
		t.Errorf("stages = %s", got)
	}
	if c.BaseURL != "/" || c.LanguageCode != "en" || c.Theme != "default" || c.Forms.Provider != "local" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestParse(t *testing.T) {
	src := `title = "Acme"
baseURL = "https://example.com/docs"
languageCode = "de"
[params]
anything = { goes = true }
[brand]
primary = "#123456"
accent = "#a33"
[[stages]]
key = "discover"
order = 2
color = "#335577"
[[stages]]
key = "buy-now"
name = "Buy"
order = 1
[forms]
provider = "formspree"
endpoint = "https://formspree.io/f/x"
`
	c, warnings, err := config.Parse(config.FileName, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("got warnings:\n%s", warnings.Lines())
	}
	if c.BaseURL != "https://example.com/docs/" {
		t.Errorf("baseURL = %q, want a trailing slash added", c.BaseURL)
	}
	if got := strings.Join(c.StageKeys(), ","); got != "buy-now,discover" {
		t.Errorf("custom stages = %s, want buy-now,discover (by order)", got)
	}
	stage := func(k string) config.Stage {
		i := slices.IndexFunc(c.Stages, func(s config.Stage) bool { return s.Key == k })
		if i < 0 {
			return config.Stage{}
		}
		return c.Stages[i]
	}
	if s := stage("discover"); s.Name != "Discover" || s.Color != "#335577" {
		t.Errorf("stage discover = %+v", s)
	}
	if s := stage("buy-now"); s.Name != "Buy" || s.Color == "" {
		t.Errorf("stage buy-now = %+v, want its name and a palette color", s)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  string // the first problem
		isErr bool
	}{
		{"Syntax", "title = \"a\"\nbaseURL = \n", "journey.toml:2:11: TOML: expected value", true},
		{"CaseTypo", "title = \"a\"\nbaseUrl = \"https://x.example/\"\n", "journey.toml:2:1: warning: key \"baseUrl\" is read as \"baseURL\": write it \"baseURL\"", false},
		{"Unknown", "titel = \"a\"\n", "journey.toml:1:1: warning: unknown key \"titel\"; did you mean \"title\"?", false},
		{"UnknownInTable", "[brand]\nprimery = \"#123456\"\n", "journey.toml:2:1: warning: unknown key \"brand.primery\"; did you mean \"primary\"?", false},
		{"UnknownStageKey", "[[stages]]\nkey = \"a\"\n[[stages]]\nkey = \"b\"\ncolour = \"#123\"\n", "journey.toml:5:1: warning: unknown key \"stages.colour\"; did you mean \"color\"?", false},
		{"RelativeBaseURL", "baseURL = \"example.com\"\n", "journey.toml:1:1: baseURL \"example.com/\" must be an absolute http(s) URL", true},
		{"BadColor", "[brand]\nprimary = \"teal\"\n", "journey.toml:2:1: color \"teal\" must be a hex color", true},
		{"LowContrast", "[brand]\nprimary = \"#ffff00\"\n", "journey.toml:2:1: warning: brand.primary #ffff00 has contrast 1.07:1 with white", false},
		{"DuplicateStage", "[[stages]]\nkey = \"a\"\n[[stages]]\nkey = \"a\"\n", "journey.toml:4:1: stage \"a\" is defined twice", true},
		{"StageKeyNotSlug", "[[stages]]\nkey = \"Big Stage\"\n", "journey.toml:2:1: stage key \"Big Stage\" must be lower-case", true},
		{"Provider", "[forms]\nprovider = \"netlfy\"\n", "journey.toml:2:1: unknown form provider \"netlfy\"", true},
		{"Endpoint", "[forms]\nprovider = \"url\"\n", "journey.toml:1:1: form provider \"url\" needs forms.endpoint", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, warnings, err := config.Parse(config.FileName, []byte(tc.src))
			var got string
			switch {
			case tc.isErr && err == nil:
				t.Fatalf("got no error, want %q", tc.want)
			case tc.isErr:
				got = strings.SplitN(strings.SplitN(err.Error(), "\n", 2)[0], " (and ", 2)[0]
			case err != nil:
				t.Fatalf("got error %v, want warning %q", err, tc.want)
			case len(warnings) == 0:
				t.Fatalf("got no warning, want %q", tc.want)
			default:
				got = warnings[0].Error()
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want prefix %q", got, tc.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"awareness", "consideration", "decision", "retention", "advocacy"}
	tests := []struct{ in, want string }{
		{"awarness", "awareness"},
		{"Decision", "decision"},
		{"retension", "retention"},
		{"purchase", ""},
		{"a", ""},
	}
	for _, tc := range tests {
		if got := config.Suggest(tc.in, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContrast(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want float64
	}{
		{"BlackOnWhite", "#000000", "#ffffff", 21},
		{"Same", "#777", "#777777", 1},
		{"Symmetric", "#ffffff", "#000", 21},
		{"Brand", "#0f5f5c", "#ffffff", 7.46},
		{"Grey", "#767676", "#ffffff", 4.54},
		{"Spaces", " #fff ", "#fff", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := config.Contrast(tc.a, tc.b)
			if err != nil {
				t.Fatalf("Contrast(%q, %q): %v", tc.a, tc.b, err)
			}
			if got != tc.want {
				t.Errorf("Contrast(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
	for _, bad := range []string{"ffffff", "#ggg", "teal", "#12345"} {
		if _, err := config.Contrast(bad, "#000"); err == nil {
			t.Errorf("Contrast(%q, \"#000\"): got no error, want one for a color that is not #rgb or #rrggbb", bad)
		}
	}
}

// TestParseNestingBomb guards against journey.toml files that nest deeply
// enough to exhaust memory: they must fail fast, at the line that nests too
// deep.
func TestParseNestingBomb(t *testing.T) {
	for _, c := range bomb.TOML() {
		t.Run(c.Name, func(t *testing.T) {
			bomb.Check(t, c, func() error {
				_, _, err := config.Parse(config.FileName, []byte(c.Src))
				if err != nil && !strings.HasPrefix(err.Error(), "journey.toml:1:") {
					t.Errorf("got %q, want an error on line 1", err)
				}
				return err
			})
		})
	}
}

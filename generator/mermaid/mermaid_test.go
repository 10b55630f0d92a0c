package mermaid_test

import (
	"os"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/internal/golden"
	"github.com/journey-ssg/journey/generator/mermaid"
	"github.com/journey-ssg/journey/generator/scaffold"
)

func TestParseDocExample(t *testing.T) {
	src, err := os.ReadFile("testdata/working-day.mmd")
	if err != nil {
		t.Fatal(err)
	}
	d, problems := mermaid.Parse("working-day.mmd", src)
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	if d.Title != "My working day" || len(d.Sections) != 2 || len(d.Sections[0].Tasks) != 3 {
		t.Fatalf("diagram %+v", d)
	}
	if task := d.Sections[0].Tasks[2]; task.Name != "Do work" || task.Score != 1 || strings.Join(task.Actors, ",") != "Me,Cat" || task.Line != 6 {
		t.Errorf("task %+v", task)
	}

	cfg, _, err := config.Parse("journey.toml", []byte("[[stages]]\nkey = \"go-to-work\"\nname = \"Go to work\"\n[[stages]]\nkey = \"go-home\"\nname = \"Go Home\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	text, problems := mermaid.Journey("working-day.mmd", d, cfg, mermaid.Options{Slugify: scaffold.Slugify})
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	golden.Equal(t, "testdata/working-day.golden", []byte(text))
}

func TestUnmatchedSections(t *testing.T) {
	src, _ := os.ReadFile("testdata/working-day.mmd")
	d, _ := mermaid.Parse("working-day.mmd", src)
	_, problems := mermaid.Journey("working-day.mmd", d, config.Default(), mermaid.Options{Slugify: scaffold.Slugify})
	want := []string{
		`working-day.mmd:3: section "Go to work" matches no stage; rename it to one of: Awareness, Consideration, Decision, Retention, Advocacy`,
		`working-day.mmd:7: section "Go home" matches no stage`,
	}
	if len(problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(problems), len(want), problems.Lines())
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i].Error(), w) {
			t.Errorf("got %q, want prefix %q", problems[i], w)
		}
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"Header", "graph TD\n", `f.mmd:1: a user-journey diagram starts with the line "journey", not "graph TD"`},
		{"Empty", "\n%% comment\n", "f.mmd:1: empty diagram"},
		{"Score", "journey\nsection Awareness\n  Read: ten: Me\n", `f.mmd:3: task "Read": score "ten" must be a whole number from 1 to 5`},
		{"Range", "journey\nsection Awareness\n  Read: 7: Me\n", `f.mmd:3: task "Read": score "7"`},
		{"NotATask", "journey\nsection Awareness\n  just words\n", `f.mmd:3: "just words" is not a task`},
		{"NoSection", "journey\n  Read: 3: Me\n", `f.mmd:2: task "Read" comes before any section`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := mermaid.Parse("f.mmd", []byte(tc.src))
			if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), tc.want) {
				t.Errorf("got %v, want %q", problems.Lines(), tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	src, _ := os.ReadFile("testdata/working-day.mmd")
	f.Add(string(src))
	f.Add("journey\nsection a\nx: 1: \"q\\\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, problems := mermaid.Parse("f.mmd", []byte(s))
		if len(problems) > 0 {
			return
		}
		text, _ := mermaid.Journey("f.mmd", d, config.Default(), mermaid.Options{Slugify: scaffold.Slugify})
		_ = text
	})
}

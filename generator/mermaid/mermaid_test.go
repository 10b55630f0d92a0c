package mermaid_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/internal/golden"
	"github.com/journey-ssg/journey/generator/mermaid"
	"github.com/journey-ssg/journey/generator/scaffold"
)

// The cases below follow Mermaid's journey grammar
// (packages/mermaid/src/diagrams/user-journey/parser/journey.jison) and
// its parser tests (journey.spec.js), one construct each.

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

// TestStageMapping maps the documentation example's sections, which match
// none of the default stages, with --stage.
func TestStageMapping(t *testing.T) {
	src, _ := os.ReadFile("testdata/working-day.mmd")
	d, _ := mermaid.Parse("working-day.mmd", src)
	text, problems := mermaid.Journey("working-day.mmd", d, config.Default(), mermaid.Options{
		Persona: "zoe-martin",
		Stages:  map[string]string{"go to WORK": "awareness", "Go home": "Retention"},
		Slugify: scaffold.Slugify,
	})
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	golden.Equal(t, "testdata/working-day-mapped.golden", []byte(text))
}

func TestStageMappingProblems(t *testing.T) {
	src, _ := os.ReadFile("testdata/working-day.mmd")
	d, _ := mermaid.Parse("working-day.mmd", src)
	tests := []struct {
		name   string
		stages map[string]string
		want   []string
	}{
		{"Unmatched", nil, []string{
			`working-day.mmd:3: section "Go to work" matches no stage; rename it to one of: Awareness, Consideration, Decision, Retention, Advocacy, or map it with --stage "Go to work=STAGE"`,
			`working-day.mmd:7: section "Go home" matches no stage`,
		}},
		{"OneMapped", map[string]string{"Go to work": "awareness"}, []string{
			`working-day.mmd:7: section "Go home" matches no stage`,
		}},
		{"UnknownStage", map[string]string{"Go to work": "awarness", "Go home": "retention"}, []string{
			`working-day.mmd: --stage "Go to work=awarness": no stage "awarness"; use one of: awareness, consideration`,
			`working-day.mmd:3: section "Go to work" matches no stage`,
		}},
		{"NoSuchSection", map[string]string{"Go to work": "awareness", "Go home": "retention", "Go to bed": "advocacy"}, []string{
			`working-day.mmd: --stage "Go to bed=advocacy": the diagram has no section "Go to bed"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, problems := mermaid.Journey("working-day.mmd", d, config.Default(), mermaid.Options{Stages: tc.stages, Slugify: scaffold.Slugify})
			if text != "" {
				t.Errorf("a journey was made despite problems:\n%s", text)
			}
			if len(problems) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(problems), len(tc.want), problems.Lines())
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(problems[i].Error(), w) {
					t.Errorf("got %q, want prefix %q", problems[i], w)
				}
			}
		})
	}
}

// TestParseConstructs parses one construct of Mermaid's grammar per case
// and compares the whole diagram.
func TestParseConstructs(t *testing.T) {
	sec := func(name string, line int, tasks ...mermaid.Task) mermaid.Section {
		return mermaid.Section{Name: name, Line: line, Tasks: tasks}
	}
	task := func(name string, score, line int, actors ...string) mermaid.Task {
		return mermaid.Task{Name: name, Score: score, Line: line, Actors: actors}
	}
	tests := []struct {
		name, src string
		want      mermaid.Diagram
	}{
		{"Title", "journey\ntitle Adding journey diagram functionality to mermaid",
			mermaid.Diagram{Title: "Adding journey diagram functionality to mermaid"}},
		{"TitleComment", "journey\ntitle My day # a comment",
			mermaid.Diagram{Title: "My day"}},
		{"AccDescrLine", "journey\naccDescr: A user journey for family shopping\ntitle T\nsection Order from website",
			mermaid.Diagram{Title: "T", Description: "A user journey for family shopping", Sections: []mermaid.Section{sec("Order from website", 4)}}},
		{"AccDescrBlock", "journey\naccDescr {\n        A user journey for\n        family shopping\n      }title Adding journey diagram functionality to mermaid\naccTitle: Adding acc journey diagram functionality to mermaid\nsection Order from website",
			mermaid.Diagram{Title: "Adding journey diagram functionality to mermaid", AccTitle: "Adding acc journey diagram functionality to mermaid", Description: "A user journey for\nfamily shopping", Sections: []mermaid.Section{sec("Order from website", 7)}}},
		{"AccDescrBlockOneLine", "journey\naccDescr{ Shopping }\nsection S",
			mermaid.Diagram{Description: "Shopping", Sections: []mermaid.Section{sec("S", 3)}}},
		{"AccTitle", "journey\n    accTitle: The title\n    section Order from website",
			mermaid.Diagram{AccTitle: "The title", Sections: []mermaid.Section{sec("Order from website", 3)}}},
		{"AccTitleKeepsHash", "journey\naccTitle : Issue #15",
			mermaid.Diagram{AccTitle: "Issue #15"}},
		{"Section", "journey\ntitle T\nsection Order from website",
			mermaid.Diagram{Title: "T", Sections: []mermaid.Section{sec("Order from website", 3)}}},
		{"SectionLineBreaks", "journey\ntitle T\nsection Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5<BR />Line6",
			mermaid.Diagram{Title: "T", Sections: []mermaid.Section{sec("Line1 Line2 Line3 Line4 Line5 Line6", 3)}}},
		{"Tasks", "journey\ntitle T\nsection Documentation\nA task: 5: Alice, Bob, Charlie\nB task: 3:Bob, Charlie\nC task: 5\nD task: 5: Charlie, Alice\nE task: 5:\nsection Another section\nP task: 5:\nQ task: 5:\nR task: 5:",
			mermaid.Diagram{Title: "T", Sections: []mermaid.Section{
				sec("Documentation", 3, task("A task", 5, 4, "Alice", "Bob", "Charlie"), task("B task", 3, 5, "Bob", "Charlie"), task("C task", 5, 6), task("D task", 5, 7, "Charlie", "Alice"), task("E task", 5, 8)),
				sec("Another section", 9, task("P task", 5, 10), task("Q task", 5, 11), task("R task", 5, 12)),
			}}},
		{"Comments", "%%{init: {'theme': 'forest'}}%%\njourney\n%% a comment\n# another\ntitle T\nsection S %% about S\n  Make tea: 5: Me # trailing comment\n  Drink: 4: Me, Cat %% trailing too\n",
			mermaid.Diagram{Title: "T", Sections: []mermaid.Section{sec("S", 6, task("Make tea", 5, 7, "Me"), task("Drink", 4, 8, "Me", "Cat"))}}},
		{"Keywords in any case", "JOURNEY\nTitle T\nSECTION S\nAccTitle: A\nACCDESCR: D\n",
			mermaid.Diagram{Title: "T", AccTitle: "A", Description: "D", Sections: []mermaid.Section{sec("S", 3)}}},
		{"KeywordWithoutSpaceIsATask", "journey\nsection S\ntitle: 5: Me\nsections: 4\n",
			mermaid.Diagram{Sections: []mermaid.Section{sec("S", 2, task("title", 5, 3, "Me"), task("sections", 4, 4))}}},
		{"FrontMatter", "---\ntitle: \"From front matter\"\n---\njourney\nsection S\n",
			mermaid.Diagram{Title: "From front matter", Sections: []mermaid.Section{sec("S", 5)}}},
		{"CRLF", "journey\r\ntitle T\r\nsection S\r\n  A: 2: Me\r\n",
			mermaid.Diagram{Title: "T", Sections: []mermaid.Section{sec("S", 3, task("A", 2, 4, "Me"))}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, problems := mermaid.Parse("f.mmd", []byte(tc.src))
			if len(problems) != 0 {
				t.Fatal(problems.Lines())
			}
			if !reflect.DeepEqual(*d, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *d, tc.want)
			}
		})
	}
}

// TestJourneyFromConstructs checks what each construct becomes in the
// journey file: the description, the title and the "with" lane.
func TestJourneyFromConstructs(t *testing.T) {
	src := "journey\naccTitle: Accessible title\naccDescr {\n  Two lines\n  of description\n}\nsection Awareness<br/>phase\n  Sees an ad: 3: Zoë Martín, Friend # who showed her\n  Reads: 4:\n  Thinks: 2\n"
	d, problems := mermaid.Parse("f.mmd", []byte(src))
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	d.Title = "T"
	text, problems := mermaid.Journey("f.mmd", d, config.Default(), mermaid.Options{Stages: map[string]string{"Awareness phase": "awareness"}, Slugify: scaffold.Slugify})
	if len(problems) != 0 {
		t.Fatal(problems.Lines())
	}
	golden.Equal(t, "testdata/constructs.golden", []byte(text))
}

func TestParseProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"Header", "graph TD\n", `f.mmd:1: a user-journey diagram starts with the line "journey", not "graph TD"`},
		{"Empty", "\n%% comment\n", "f.mmd:1: empty diagram"},
		{"Score", "journey\nsection Awareness\n  Read: ten: Me\n", `f.mmd:3: task "Read": score "ten" must be a whole number from 1 to 5`},
		{"Range", "journey\nsection Awareness\n  Read: 7: Me\n", `f.mmd:3: task "Read": score "7"`},
		{"NotATask", "journey\nsection Awareness\n  just words\n", `f.mmd:3: "just words" is not a task`},
		{"EmptySection", "journey\nsection\n", `f.mmd:2: "section" is not a task`},
		{"NoSection", "journey\n  Read: 3: Me\n", `f.mmd:2: task "Read" comes before any section`},
		{"OpenAccDescr", "journey\naccDescr {\n  never closed\n", `f.mmd:2: accDescr { has no closing }`},
		{"SecondHeader", "journey\njourney\n", `f.mmd:2: a second "journey" line`},
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
	f.Add("journey\naccDescr {\n a\n}title x\nsection A<br/>B\nt: 2: # c\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, problems := mermaid.Parse("f.mmd", []byte(s))
		if len(problems) > 0 {
			return
		}
		text, problems := mermaid.Journey("f.mmd", d, config.Default(), mermaid.Options{Slugify: scaffold.Slugify})
		if len(problems) == 0 && !strings.HasPrefix(text, "+++\n") {
			t.Errorf("journey text %q", text)
		}
	})
}

package content_test

import (
	"reflect"
	"testing"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
)

func TestJourneyLanes(t *testing.T) {
	tests := []struct {
		name     string
		front    string
		lanes    content.Lanes
		declares bool
		custom   []map[string]any // each step's Custom
	}{
		{"None", "[[steps]]\nstage = \"a\"\n", nil, true, []map[string]any{nil}},
		{"Choice", "lanes = [\"actions\", \"emotion\"]\n", content.Lanes{{Key: "actions"}, {Key: "emotion"}}, false, nil},
		{"Tables", "[[lanes]]\nkey = \"backstage\"\nkind = \"list\"\ngroup = \"backstage\"\n",
			content.Lanes{{Decl: &config.Lane{Key: "backstage", Kind: "list", Group: "backstage"}}}, true, nil},
		{"Mixed", "lanes = [\"emotion\", { key = \"ops\", name = \"Ops\", kind = \"text\" }]\n",
			content.Lanes{{Key: "emotion"}, {Decl: &config.Lane{Key: "ops", Name: "Ops", Kind: "text"}}}, false, nil},
		{"NotAKey", "lanes = [\"emotion\", 3]\n",
			content.Lanes{{Key: "emotion"}, {Problem: "a lane is a key such as \"actions\" or a table with key, name and kind, not 3"}}, false, nil},
		{"UnknownTableKey", "lanes = [{ key = \"ops\", knd = \"text\" }]\n",
			content.Lanes{{Decl: &config.Lane{Key: "ops"}, Problem: "unknown lane key \"knd\"; did you mean \"kind\"?", ProblemKey: "knd"}}, true, nil},
		{"NotAString", "lanes = [{ key = \"ops\", kind = 1 }]\n",
			content.Lanes{{Decl: &config.Lane{Key: "ops"}, Problem: "lane key \"kind\" must be a string", ProblemKey: "kind"}}, true, nil},
		{"StepEntries", "[[steps]]\nstage = \"a\"\nbackstage = [\"CRM\"]\n[[steps]]\nstage = \"b\"\n[[steps]]\nstage = \"c\"\nops = \"Pager\"\n",
			nil, true, []map[string]any{{"backstage": []any{"CRM"}}, nil, {"ops": "Pager"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, problems := load(t, map[string]string{"content/journeys/j.md": "+++\n" + tc.front + "+++\n"})
			if len(problems) > 0 {
				t.Fatalf("problems: %s", problems.Lines())
			}
			j := set.Journeys[0]
			if !reflect.DeepEqual(j.Lanes, tc.lanes) {
				t.Errorf("lanes %#v, want %#v", j.Lanes, tc.lanes)
			}
			if j.Lanes.Declares() != tc.declares {
				t.Errorf("declares %v, want %v", j.Lanes.Declares(), tc.declares)
			}
			for i, want := range tc.custom {
				if got := j.Steps[i].Custom; !reflect.DeepEqual(got, want) {
					t.Errorf("step %d custom %#v, want %#v", i, got, want)
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/internal/filetest"
)

// TestNewJourneyBuilds makes new journeys: with --persona (and --product)
// the draft builds with --drafts; without a persona, or with one the site
// does not have, journey new says which personas there are and writes
// nothing.
func TestNewJourneyBuilds(t *testing.T) {
	t.Parallel()
	site := newSite(t, t.TempDir(), "s")
	known := "ana-lucia-costa, juergen-weiss, zoe-martin"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no persona given; the site's personas are: " + known},
		{[]string{"--persona", "zoe-martn"}, `unknown persona "zoe-martn"; did you mean "zoe-martin"? the site's personas are: ` + known},
		{[]string{"--persona", "zoe-martin", "--product", "velora-zity"}, `unknown product "velora-zity"; did you mean "velora-city"?`},
	} {
		code, _, errs := runBinary(t, site, append([]string{"new", "journey", "Zoë rides to work"}, tc.args...)...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("new journey %v: %d %q, want %q", tc.args, code, errs, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "journeys", "zoe-rides-to-work.md")); err == nil {
		t.Fatal("a failed journey new wrote a file")
	}
	if code, _, errs := runBinary(t, site, "new", "persona", "Ana", "--persona", "zoe-martin"); code != 1 || !strings.Contains(errs, "--persona and --product are for new journeys") {
		t.Errorf("new persona --persona: %d %q", code, errs)
	}
	code, out, errs := runBinary(t, site, "new", "journey", "Zoë rides to work", "--persona", "zoe-martin", "--product", "velora-city")
	if code != 0 || !strings.Contains(out, "content/journeys/zoe-rides-to-work.md") {
		t.Fatalf("new journey: %d %q %q", code, out, errs)
	}
	if code, _, errs := runBinary(t, site, "build", "--drafts"); code != 0 {
		t.Fatalf("build --drafts of a new journey: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(site, "team", "journeys", "zoe-rides-to-work", "journey.json"))
	if err != nil || !strings.Contains(string(b), `"persona":{"slug":"zoe-martin"`) || !strings.Contains(string(b), `"product":{"slug":"velora-city"`) {
		t.Errorf("journey.json of the new journey: %v %.300s", err, b)
	}
}

// TestNewJourneyAsks answers the question a terminal gets when journey new
// journey has no --persona.
func TestNewJourneyAsks(t *testing.T) {
	t.Parallel()
	site := newSite(t, t.TempDir(), "s")
	var out, errs bytes.Buffer
	c := &newCmd{stdout: &out, stderr: &errs, stdin: strings.NewReader("juergen-weiss\n")}
	if err := c.Run(context.Background(), []string{"journey", "Jürgen again", "-s", site}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "Whose journey is it? The site's personas: ana-lucia-costa, juergen-weiss, zoe-martin\npersona: ") {
		t.Errorf("question %q", out.String())
	}
	b := filetest.Read(t, filepath.Join(site, "content", "journeys", "jurgen-again.md"))
	if !strings.Contains(string(b), `persona = "juergen-weiss"`) {
		t.Errorf("the answer is not the persona:\n%s", b)
	}
}

// TestCSVRoundTrip exports every journey of the example as journey.csv,
// imports each sheet as a new journey of the same persona, builds again,
// and finds the same steps in the new journeys' journey.json. A journey
// with a lane of its own cannot come back: the sheet names the lane, and
// the import asks for it to be declared in journey.toml.
func TestCSVRoundTrip(t *testing.T) {
	t.Parallel()
	const ownLane = "juergen-city-intended"
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	if code, _, errs := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	sheets, err := filepath.Glob(filepath.Join(site, "team", "journeys", "*", "journey.csv"))
	if journeys, _ := os.ReadDir(filepath.Join(site, "content", "journeys")); err != nil || len(sheets) != len(journeys) {
		t.Fatalf("journey.csv files: %v %v", sheets, err)
	}
	type journeyJSON struct {
		Title   string
		Persona struct{ Slug string }
		Lanes   []string
		Steps   []any
	}
	read := func(slug string) journeyJSON {
		var j journeyJSON
		if err := json.Unmarshal(filetest.Read(t, filepath.Join(site, "team", "journeys", slug, "journey.json")), &j); err != nil {
			t.Fatal(err)
		}
		return j
	}
	originals := map[string]journeyJSON{}
	for _, sheet := range sheets {
		slug := filepath.Base(filepath.Dir(sheet))
		originals[slug] = read(slug)
		copied := filepath.Join(dir, slug+".csv")
		filetest.Write(t, copied, filetest.Read(t, sheet))
		code, out, errs := runBinary(t, site, "import", "csv", copied, "--persona", originals[slug].Persona.Slug, "--title", "Copy of "+slug)
		if slug == ownLane {
			if code != 1 || !strings.Contains(errs, `unknown column "systems"`) || !strings.Contains(errs, "journey.toml declares it") {
				t.Errorf("import of a journey with a lane of its own: %d %q", code, errs)
			}
			delete(originals, slug)
			continue
		}
		if code != 0 || !strings.Contains(out, "content/journeys/copy-of-"+slug+".md") {
			t.Fatalf("import %s: %d %q %q", slug, code, out, errs)
		}
	}
	if code, _, errs := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("build of the imported journeys: %s", errs)
	}
	for slug, want := range originals {
		got := read("copy-of-" + slug)
		if got.Title != "Copy of "+slug || got.Persona != want.Persona || !reflect.DeepEqual(got.Lanes, want.Lanes) {
			t.Errorf("%s: title %q persona %v lanes %v", slug, got.Title, got.Persona, got.Lanes)
		}
		if !reflect.DeepEqual(got.Steps, want.Steps) {
			g, _ := json.MarshalIndent(got.Steps, "", " ")
			w, _ := json.MarshalIndent(want.Steps, "", " ")
			t.Errorf("%s: the steps differ after the round trip:\n%s\nwant\n%s", slug, g, w)
		}
		if again := filetest.Read(t, filepath.Join(site, "team", "journeys", "copy-of-"+slug, "journey.csv")); !bytes.Equal(again, filetest.Read(t, filepath.Join(dir, slug+".csv"))) {
			t.Errorf("%s: the imported journey's journey.csv differs from the sheet it came from", slug)
		}
	}
}

// TestImportCSVProblems imports a bad sheet, saved with semicolons as
// spreadsheets in Germany save it: every problem is listed with its row
// and column, and nothing is written.
func TestImportCSVProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	before, _ := os.ReadDir(filepath.Join(site, "content", "journeys"))
	bad := filepath.Join(dir, "bad.csv")
	filetest.Write(t, bad, "\uFEFFstage;title;feelings;emotion;metric:visitors\r\n"+
		"awareness;Sees an ad;;3;48.000\r\n"+
		"awarness;\"Reads,\r\nthen leaves\";;7;0,5\r\n")
	code, _, errs := runBinary(t, site, "import", "csv", bad, "--persona", "zoe-martin")
	for _, want := range []string{
		bad + `:1:13: row 1, column C: unknown column "feelings"; did you mean "feeling"?`,
		bad + `:3:1: row 3, column A (stage): unknown stage "awarness"; did you mean "awareness"?`,
		bad + `:2:25: row 2, column E (metric:visitors): "48.000" could be thousands or a decimal; write the number without a thousands separator`,
		bad + `:4:15: row 3, column D (emotion): emotion "7" must be a whole number from 1`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("missing %q in\n%s", want, errs)
		}
	}
	if code != 1 || strings.Count(errs, bad+":") != 4 {
		t.Errorf("exit %d, want 1 and 4 problems:\n%s", code, errs)
	}
	if entries, _ := os.ReadDir(filepath.Join(site, "content", "journeys")); len(entries) != len(before) {
		t.Errorf("a failed import wrote a file: %d journeys, %d before", len(entries), len(before))
	}
	if code, _, errs := runBinary(t, site, "import", "csv", bad, "--persona", "nobody"); code != 1 || !strings.Contains(errs, `unknown persona "nobody"; the site's personas are: ana-lucia-costa, juergen-weiss, zoe-martin`) {
		t.Errorf("unknown persona: %d %q", code, errs)
	}
	if code, _, errs := runBinary(t, site, "import", "csv", bad); code != 2 || !strings.Contains(errs, "import csv needs --persona SLUG") {
		t.Errorf("no persona: %d %q", code, errs)
	}
}

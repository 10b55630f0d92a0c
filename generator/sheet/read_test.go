package sheet_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/internal/golden"
	"github.com/journey-ssg/journey/generator/sheet"
	"github.com/journey-ssg/journey/generator/site"
)

func options() sheet.Options {
	return sheet.Options{Title: "Zoë’s commute", Persona: "zoe-martin", Lanes: site.BuiltinLanes()}
}

// TestReadAsSpreadsheetsWrite reads one sheet as Excel, LibreOffice and
// Google Sheets save it: with commas or semicolons (and decimal commas),
// with or without a byte-order mark, with CRLF or LF line ends, and with
// a line break inside a quoted cell. Each gives the same journey.
func TestReadAsSpreadsheetsWrite(t *testing.T) {
	comma := "stage,title,actions,thinking,emotion,metric:visitors,metric:conversion\r\n" +
		"awareness,Sees an ad,Scrolls; Taps,\"Could I?\nMaybe.\",3,48000,0.065\r\n" +
		"Consideration,\"Compares, twice\",'=SUM(A1),,2,,6.5%\r\n" +
		",,,,,,\r\n"
	sheets := map[string]string{
		"Google Sheets (comma, LF)": strings.ReplaceAll(comma, "\r\n", "\n"),
		"Excel (comma, CRLF, BOM)":  "\uFEFF" + comma,
		"LibreOffice (semicolon, decimal comma)": "Stage;Title;Actions;Thinking;Emotion;metric:visitors;metric:conversion\n" +
			"awareness;Sees an ad;\"Scrolls; Taps\";\"Could I?\nMaybe.\";3;48000;0,065\n" +
			"consideration;Compares, twice;'=SUM(A1);;2;;6,5%\n" +
			";;;;;;\n",
	}
	for name, src := range sheets {
		t.Run(name, func(t *testing.T) {
			text, problems := sheet.Journey("z.csv", []byte(src), config.Default(), options())
			if len(problems) > 0 {
				t.Fatal(problems.Lines())
			}
			golden.Equal(t, "testdata/read.golden", []byte(text))
		})
	}
}

// TestReadLaneOrder keeps the order of a sheet whose lanes are not in the
// map's order, with lanes.
func TestReadLaneOrder(t *testing.T) {
	text, problems := sheet.Journey("z.csv", []byte("stage,pains,metric:leads,actions\nawareness,Slow,3,Reads\n"), config.Default(), options())
	if len(problems) > 0 {
		t.Fatal(problems.Lines())
	}
	if !strings.Contains(text, `lanes = ["pains", "metrics", "actions"]`) {
		t.Errorf("no lanes:\n%s", text)
	}
	text, _ = sheet.Journey("z.csv", []byte("stage,actions,pains\nawareness,Reads,Slow\n"), config.Default(), options())
	if strings.Contains(text, "lanes =") {
		t.Errorf("lanes for a sheet in the map's order:\n%s", text)
	}
}

// TestReadProblems reads bad sheets: each problem names its row and
// column, and its line and column in the file.
func TestReadProblems(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"UnknownStage", "stage,title\nawareness,A\nawarness,B\n", []string{
			`z.csv:3:1: row 3, column A (stage): unknown stage "awarness"; did you mean "awareness"? the stages are awareness, consideration, decision, retention, advocacy`}},
		{"UnknownColumn", "stage,title,feelings,mood\nawareness,A,x,truth\n", []string{
			`z.csv:1:13: row 1, column C: unknown column "feelings"; did you mean "feeling"?`,
			`z.csv:1:22: row 1, column D: unknown column "mood"`}},
		{"UnknownMoment", "stage,title,moment\nawareness,A,truth\nawareness,B,aha\n", []string{
			`z.csv:3:13: row 3, column C (moment): unknown moment "aha"; use one of truth, pain, delight`}},
		{"DuplicateColumn", "stage,title,Title\nawareness,A,B\n", []string{
			`z.csv:1:13: row 1, column C: column "Title" is also column B`}},
		{"NoStageColumn", "title,actions\nA,B\n", []string{`z.csv:1: row 1: no stage column`}},
		{"EmptyStage", "title,stage\nA,\n", []string{`z.csv:2:3: row 2, column B (stage): a step needs a stage`}},
		{"Emotion", "stage,emotion\nawareness,6\ndecision,bad\n", []string{
			`z.csv:2:11: row 2, column B (emotion): emotion "6" must be a whole number from 1`,
			`z.csv:3:10: row 3, column B (emotion): emotion "bad"`}},
		{"Metric", "stage,metric:visitors,metric:\nawareness,0x10,\n", []string{
			`z.csv:1:23: row 1, column C: "metric:" names no metric`,
			`z.csv:2:11: row 2, column B (metric:visitors): "0x10" is not a number`}},
		{"NaN", "stage,metric:visitors\nawareness,NaN\n", []string{`z.csv:2:11: row 2, column B (metric:visitors): "NaN" is not a number`}},
		{"CommaDecimalInCommaSheet", "stage,metric:rate\nawareness,\"0,5\"\n", []string{`z.csv:2:11: row 2, column B (metric:rate): "0,5" is not a number`}},
		{"ThousandsInSemicolonSheet", "stage;metric:visitors;metric:rate\nawareness;48.000;0,5\n", []string{
			`z.csv:2:11: row 2, column B (metric:visitors): "48.000" could be thousands or a decimal`}},
		{"BeyondHeader", "stage,title\nawareness,A,stray\n", []string{`z.csv:2:13: row 2, column C: a cell beyond the last named column`}},
		{"UnnamedColumn", "stage,,title\nawareness,x,A\n", []string{`z.csv:2:11: row 2, column B: the column has no name in row 1`}},
		{"BareQuote", "stage,title\nawareness,a \"b\" c\n", []string{`z.csv:2:13: row 2: bare " in non-quoted-field (a quote inside a cell is written twice, and a quoted cell ends with a quote)`}},
		{"OpenQuote", "stage,title\nawareness,\"never closed\n", []string{`z.csv:2:25: row 2: extraneous or missing " in quoted-field`}},
		{"NotUTF8", "stage,title\nawareness,caf\xe9\n", []string{`z.csv:2:14: the file is not UTF-8 text; save it as "CSV UTF-8"`}},
		{"UTF16", "\xff\xfes\x00t\x00", []string{`z.csv: the file is UTF-16 text`}},
		{"Empty", "", []string{`z.csv:1: the file is empty`}},
		{"OnlyBOM", "\uFEFF", []string{`z.csv:1: the file is empty`}},
		{"NoSteps", "stage,title\n,\n", []string{`z.csv:2: the sheet has no steps`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, problems := sheet.Journey("z.csv", []byte(tc.src), config.Default(), options())
			if text != "" {
				t.Errorf("a journey despite problems:\n%s", text)
			}
			if len(problems) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(problems), len(tc.want), problems.Lines())
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(problems[i].Error(), w) {
					t.Errorf("got  %q\nwant %q", problems[i], w)
				}
			}
		})
	}
}

// TestReadLimits refuses a sheet too large or too long, and stops after a
// few dozen problems.
func TestReadLimits(t *testing.T) {
	big := bytes.Repeat([]byte("x"), sheet.MaxSize+1)
	if _, problems := sheet.Journey("z.csv", big, config.Default(), options()); len(problems) != 1 || !strings.Contains(problems[0].Error(), "at most") {
		t.Errorf("a large file: %v", problems.Lines())
	}
	long := "stage\n" + strings.Repeat("awareness\n", sheet.MaxRows+1)
	if _, problems := sheet.Journey("z.csv", []byte(long), config.Default(), options()); len(problems) != 1 || !strings.Contains(problems[0].Error(), "at most 1000 steps") {
		t.Errorf("a long file: %v", problems.Lines())
	}
	bad := "stage\n" + strings.Repeat("nowhere\n", 200)
	_, problems := sheet.Journey("z.csv", []byte(bad), config.Default(), options())
	if len(problems) > 60 || !strings.Contains(problems.Lines(), "stopped after 50 problems") {
		t.Errorf("%d problems:\n%s", len(problems), problems.Lines())
	}
}

// FuzzJourney reads any bytes as a sheet: it never panics, and what it
// makes of a sheet it accepts is a journey file whose front matter
// decodes, with a step per row.
func FuzzJourney(f *testing.F) {
	f.Add([]byte("stage,title,actions,emotion,metric:visitors\nawareness,A,x; y,3,10\n"))
	f.Add([]byte("\uFEFFStage;Title;Pains\ndecision;\"a\nb\";'=1+1;; x\n"))
	f.Add([]byte("stage,title\nawareness,\"unclosed\n"))
	f.Add([]byte("stage,metric:\"x\"\nawareness,1e308\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		text, problems := sheet.Journey("f.csv", src, config.Default(), options())
		if len(problems) > 0 {
			if text != "" {
				t.Fatal("a journey despite problems")
			}
			return
		}
		front, _, _, ok, derr := content.Split("f.md", []byte(text))
		if derr != nil || !ok {
			t.Fatalf("no front matter: %v\n%s", derr, text)
		}
		var j content.Journey
		if _, err := toml.Decode(string(front), &j); err != nil {
			t.Fatalf("front matter does not decode: %v\n%s", err, text)
		}
		if len(j.Steps) == 0 || len(j.Steps) > sheet.MaxRows {
			t.Fatalf("%d steps", len(j.Steps))
		}
	})
}

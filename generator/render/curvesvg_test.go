package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/site"
)

// TestCurveSVG reads the standalone curve of a journey whose names need
// escaping back as XML: one point per step with an emotion, its title and
// a colour from the content escaped, the low point, a moment and its
// step's title written out.
func TestCurveSVG(t *testing.T) {
	stage := &site.Stage{Stage: config.Stage{Key: "try", Name: "Try & buy", Color: `#123"/><script>`}}
	j := &site.Journey{Journey: &content.Journey{}, Page: &site.Page{Title: `A <journey> & "more"`}}
	for i, s := range []content.Step{
		{Title: "Sees an ad", Feeling: "Curious", Emotion: 3},
		{Title: "Waits for a reply <again>", Feeling: "Annoyed", Emotion: 1},
		{Title: "No emotion written"},
		{Title: "Buys", Emotion: 5, Moment: "truth"},
	} {
		j.Steps = append(j.Steps, &site.Step{Step: s, Index: i, Journey: j, Stage: stage})
	}
	out := CurveSVG(j)
	var circles int
	var text strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("curve.svg is not XML: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "circle" {
				circles++
			}
			if tok.Name.Local == "script" {
				t.Error("curve.svg has a script element")
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
	if circles != 3 {
		t.Errorf("got %d points, want 3 (one per step with an emotion)", circles)
	}
	for _, want := range []string{`A <journey> & "more": emotion curve of the customer`, "Try & buy", "Annoyed 1/5", "low point", "Waits for a reply <again>", "not recorded", "★ Moment of truth"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("curve.svg does not say %q:\n%s", want, text.String())
		}
	}
}

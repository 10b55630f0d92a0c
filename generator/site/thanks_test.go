package site_test

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/site"
)

// nextSteps writes a thank-you page's buttons as "text url | text url".
func nextSteps(p *site.Page) string {
	var out []string
	for _, a := range p.Next {
		out = append(out, a.Text+" "+a.URL)
	}
	return strings.Join(out, " | ")
}

// TestThankYouPages checks that a form leads to the thank-you page of its
// kind and stage, which says what happens next and leads on.
func TestThankYouPages(t *testing.T) {
	const home = "Back to the home page /sub/"
	tests := []struct {
		name, stage, landing string
		url, title, next     string
	}{
		{"Awareness", "awareness", "", "/thanks/lead/awareness/", "Check your inbox for the guide", "Discover Bike /sub/products/bike/ | " + home},
		{"Consideration", "consideration", "", "/thanks/lead/consideration/", "Check your inbox for the comparison", "Discover Bike /sub/products/bike/ | " + home},
		{"Decision", "decision", "", "/thanks/lead/decision/", "We’ll call you within a working day", "Discover Bike /sub/products/bike/ | " + home},
		{"Retention", "retention", "", "/thanks/lead/retention/", "Thanks for your feedback", "Discover Bike /sub/products/bike/ | " + home},
		{"Advocacy", "advocacy", "", "/thanks/review/advocacy/", "Thanks for your review",
			"Tell a friend mailto:?subject=Have%20a%20look%20at%20Bike&body=I%20think%20you%E2%80%99d%20like%20Bike%3A%0A%0Ahttps%3A%2F%2Fx.example%2Fsub%2Fproducts%2Fbike%2F%3Futm_source%3Dreferral%26utm_medium%3Demail | " + home},
		{"ReviewOnADecisionPage", "decision", "form = \"review\"\n", "/thanks/review/decision/", "Thanks for your review",
			"Tell a friend mailto:?subject=Have%20a%20look%20at%20Bike&body=I%20think%20you%E2%80%99d%20like%20Bike%3A%0A%0Ahttps%3A%2F%2Fx.example%2Fsub%2Fproducts%2Fbike%2F%3Futm_source%3Dreferral%26utm_medium%3Demail | " + home},
		{"CustomStage", "visit", "", "/thanks/lead/visit/", "Thank you", "Discover Bike /sub/products/bike/ | " + home},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, problems := build(t, stageSite(withVisit+"[forms]\nprovider = \"netlify\"\nconversion = \"<script>track()</script>\"\n", tc.stage, tc.landing), site.Options{})
			if err := problems.Err(); err != nil {
				t.Fatal(problems.Lines())
			}
			f := s.Landings[0].Page.Form
			p := f.Thanks
			if p.RelURL != tc.url || p.Title != tc.title || !p.Noindex || p.Kind != site.KindThanks {
				t.Errorf("thank-you page %s %q noindex=%v, want %s %q noindex", p.RelURL, p.Title, p.Noindex, tc.url, tc.title)
			}
			if f.Action != p.URL {
				t.Errorf("the form posts to %s, want its thank-you page %s", f.Action, p.URL)
			}
			if got := nextSteps(p); got != tc.next {
				t.Errorf("next steps\n got %s\nwant %s", got, tc.next)
			}
			if p.Conversion == "" {
				t.Error("the thank-you page has no conversion snippet")
			}
			// The form's generic page stays, for the links written to it.
			generic := 0
			for _, q := range s.Pages {
				if q.Kind == site.KindThanks && q.RelURL == "/thanks/"+f.Name+"/" && q.Noindex {
					generic++
				}
			}
			if generic != 1 {
				t.Errorf("found %d pages /thanks/%s/, want 1", generic, f.Name)
			}
		})
	}
}

// TestThankYouPageOfManyProducts checks that a thank-you page that forms
// about two products lead to leads home.
func TestThankYouPageOfManyProducts(t *testing.T) {
	files := landingSite("", "")
	files["content/products/car.md"] = "+++\nname = \"Car\"\n+++\n"
	files["content/landing/m.md"] = "+++\nstage = \"decision\"\nproduct = \"car\"\n+++\n"
	s, problems := build(t, files, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	p := s.Landings[0].Page.Form.Thanks
	if p != s.Landings[1].Page.Form.Thanks {
		t.Fatal("two decision pages lead to two thank-you pages")
	}
	if got := nextSteps(p); got != "Back to the home page /sub/" {
		t.Errorf("next steps %s, want the home page alone", got)
	}
}

// TestThankYouCopy checks that content/thanks/<form>/<stage>.md and
// content/thanks/<form>.md replace a thank-you page's copy, and that a
// file no page takes is a warning.
func TestThankYouCopy(t *testing.T) {
	files := landingSite("", "")
	files["content/thanks/lead/decision.md"] = "+++\ntitle = \"See you on Saturday\"\ncta = \"Plan your route\"\ncta_url = \"/routes/\"\n+++\nBring a helmet."
	files["content/thanks/lead.md"] = "+++\ndescription = \"Got it.\"\n+++\n"
	files["content/thanks/lead/visit.md"] = "+++\ntitle = \"Nobody sees this\"\n+++\n"
	s, problems := build(t, files, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	warnings := problems.Warnings()
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0].Error(), "content/thanks/lead/visit.md:1: warning: no form leads to /thanks/lead/visit/") {
		t.Errorf("warnings %q, want one for content/thanks/lead/visit.md", warnings.Lines())
	}
	p := s.Landings[0].Page.Form.Thanks
	if p.Title != "See you on Saturday" || p.Description != "Thanks for your request. If you left no phone number, we’ll reply by email instead." || !strings.Contains(string(p.Content), "Bring a helmet.") {
		t.Errorf("thank-you page %q %q %q", p.Title, p.Description, p.Content)
	}
	if got := nextSteps(p); got != "Plan your route /sub/routes/ | Back to the home page /sub/" {
		t.Errorf("next steps %s", got)
	}
	if p.Source != "content/thanks/lead/decision.md" {
		t.Errorf("the thank-you page's file is %q", p.Source)
	}
	for _, q := range s.Pages {
		if q.RelURL == "/thanks/lead/" && (q.Title != "Thank you" || q.Description != "Got it.") {
			t.Errorf("/thanks/lead/ says %q %q", q.Title, q.Description)
		}
	}
}

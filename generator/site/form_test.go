package site_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/site"
)

func landingSite(config, landing string) map[string]string {
	return stageSite(config, "decision", landing)
}

// stageSite is a site with one product and one landing page about it, of
// the stage with key stage.
func stageSite(config, stage, landing string) map[string]string {
	return map[string]string{
		"journey.toml":             "baseURL = \"https://x.example/sub/\"\n" + config,
		"content/products/bike.md": "+++\nname = \"Bike\"\nstages = [\"" + stage + "\"]\n+++\n",
		"content/landing/l.md":     "+++\nstage = \"" + stage + "\"\nproduct = \"bike\"\n" + landing + "+++\n",
	}
}

func fieldNames(f *site.Form) string {
	var out []string
	for _, fd := range f.Fields {
		req := ""
		if fd.Required {
			req = "*"
		}
		out = append(out, fd.Name+":"+fd.Type+req)
	}
	return strings.Join(out, " ")
}

func hidden(f *site.Form) string {
	var out []string
	for _, h := range f.Hidden {
		out = append(out, h.Name+"="+h.Value)
	}
	return strings.Join(out, " ")
}

func TestForms(t *testing.T) {
	tests := []struct {
		name, config, landing  string
		fields, hidden, action string
		honeypot, submit       string
	}{
		{
			name: "NetlifyDecision", config: "[forms]\nprovider = \"netlify\"\n", landing: "cta = \"Book it\"\ncampaign = \"spring\"\n",
			fields: "name:text* email:email* phone:tel message:textarea",
			hidden: "form-name=lead page=/sub/l/ stage=decision product=bike campaign=spring utm_source= utm_medium= utm_campaign= utm_term= utm_content=",
			action: "/sub/thanks/lead/decision/", honeypot: "bot-field", submit: "Book it",
		},
		{
			name: "Formspree", config: "[forms]\nprovider = \"formspree\"\nendpoint = \"https://formspree.io/f/abc/\"\n", landing: "form = \"review\"\n",
			fields: "rating:rating* title:text* review:textarea* name:text",
			hidden: "page=/sub/l/ stage=decision product=bike utm_source= utm_medium= utm_campaign= utm_term= utm_content= _next=https://x.example/sub/thanks/review/decision/",
			action: "https://formspree.io/f/abc", honeypot: "_gotcha", submit: "Send my review",
		},
		{
			name: "LocalWithFields", config: "[forms]\nprovider = \"local\"\n[forms.fields.budget]\ntype = \"select\"\noptions = [\"<1k\", \">1k\"]\nrequired = true\n[forms.fields.email]\nlabel = \"Work email\"\n",
			landing: "fields = [\"email\", \"budget\", { name = \"phone\", required = true }, \"consent\"]\n",
			fields:  "email:email* budget:select* phone:tel*",
			hidden:  "page=/sub/l/ stage=decision product=bike utm_source= utm_medium= utm_campaign= utm_term= utm_content= _next=/sub/thanks/lead/decision/",
			action:  "/sub/__journey/forms/lead", honeypot: "_gotcha", submit: "Request my quote",
		},
		{
			name: "Collect", config: "[forms]\nprovider = \"collect\"\nendpoint = \"https://forms.x.example\"\nconsent = true\n", landing: "",
			fields: "name:text* email:email* phone:tel message:textarea",
			hidden: "page=/sub/l/ stage=decision product=bike utm_source= utm_medium= utm_campaign= utm_term= utm_content= _t= _next=https://x.example/sub/thanks/lead/decision/",
			action: "https://forms.x.example/forms/lead", honeypot: "_gotcha", submit: "Request my quote",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, problems := build(t, landingSite(tc.config, tc.landing), site.Options{})
			if err := problems.Err(); err != nil {
				t.Fatal(problems.Lines())
			}
			f := s.Landings[0].Page.Form
			if got := fieldNames(f); got != tc.fields {
				t.Errorf("fields\n got %s\nwant %s", got, tc.fields)
			}
			if got := hidden(f); got != tc.hidden {
				t.Errorf("hidden\n got %s\nwant %s", got, tc.hidden)
			}
			if f.Action != tc.action || f.Honeypot != tc.honeypot || site.PlainText(f.Copy.Submit) != tc.submit {
				t.Errorf("action %q honeypot %q submit %q", f.Action, f.Honeypot, site.PlainText(f.Copy.Submit))
			}
			if f.Thanks == nil || !f.Thanks.Noindex || f.Thanks.RelURL != "/thanks/"+f.Name+"/decision/" {
				t.Errorf("thank-you page %+v", f.Thanks)
			}
		})
	}
}

// formCopy writes a form's copy as "title | intro | submit".
func formCopy(f *site.Form) string {
	return segs(f.Copy.Title) + " | " + f.Copy.Intro + " | " + segs(f.Copy.Submit)
}

// customStages is a custom stage, visit; withVisit has it beside the
// default ones.
const (
	customStages = "[[stages]]\nkey = \"visit\"\n"
	withVisit    = customStages + "[[stages]]\nkey = \"awareness\"\n[[stages]]\nkey = \"consideration\"\n[[stages]]\nkey = \"decision\"\n[[stages]]\nkey = \"retention\"\n[[stages]]\nkey = \"advocacy\"\n"
)

// TestFormDefaults checks the fields and copy of forms whose page says
// nothing of them: each stage asks for what its visitors come for.
func TestFormDefaults(t *testing.T) {
	tests := []struct {
		name, config, stage, landing string
		fields, copy                 string
	}{
		{
			name: "AwarenessGuide", stage: "awareness",
			fields: "email:email* name:text",
			copy:   "Get the guide | Leave your email and we’ll send it straight to your inbox. | Send me the guide",
		},
		{
			name: "ConsiderationComparison", stage: "consideration",
			fields: "email:email* name:text",
			copy:   "Get the comparison | Leave your email and we’ll send it straight to your inbox. | Email me the comparison",
		},
		{
			name: "DecisionQuote", stage: "decision",
			fields: "name:text* email:email* phone:tel message:textarea",
			copy:   "Request a quote | Leave your details and we’ll call you within a working day. | Request my quote",
		},
		{
			name: "RetentionFeedback", stage: "retention",
			fields: "name:text email:email* message:textarea*",
			copy:   "Tell us how it’s going | Tell us what works for you and what doesn’t. Your feedback shapes what we do next. | Send my feedback",
		},
		{
			name: "AdvocacyAsksForAReview", stage: "advocacy",
			fields: "rating:rating* title:text* review:textarea* name:text",
			copy:   "Write your review | It takes two minutes. We read every review before it’s published. | Send my review",
		},
		{
			name: "AdvocacyLead", stage: "advocacy", landing: "form = \"lead\"\n",
			fields: "name:text email:email* message:textarea",
			copy:   "Get in touch | Ask us anything about Bike and we’ll get back to you. | Send my message",
		},
		{
			name: "ReviewInAnyStage", stage: "decision", landing: "form = \"review\"\n",
			fields: "rating:rating* title:text* review:textarea* name:text",
			copy:   "Write your review | It takes two minutes. We read every review before it’s published. | Send my review",
		},
		{
			name: "CustomStage", config: customStages, stage: "visit",
			fields: "name:text email:email* message:textarea",
			copy:   "Get in touch | Ask us anything about Bike and we’ll get back to you. | Send my message",
		},
		{
			// A consumer's test ride asks for no company.
			name: "TestRideHasNoCompany", stage: "decision", landing: "cta = \"Book my test ride\"\n",
			fields: "name:text* email:email* phone:tel message:textarea",
			copy:   "Book my test ride | Leave your details and we’ll call you within a working day. | Book my test ride",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkForm(t, stageSite(tc.config, tc.stage, tc.landing), tc.fields, tc.copy)
		})
	}
}

// checkForm builds the site of files and checks its landing page's form.
func checkForm(t *testing.T, files map[string]string, fields, copy string) {
	t.Helper()
	s, problems := build(t, files, site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	f := s.Landings[0].Page.Form
	if got := fieldNames(f); got != fields {
		t.Errorf("fields\n got %s\nwant %s", got, fields)
	}
	if got := formCopy(f); got != copy {
		t.Errorf("copy\n got %s\nwant %s", got, copy)
	}
}

// TestFormCopyFollowsThePage checks that a page's own fields, button and
// call to action give the form a heading and intro that agree with them.
func TestFormCopyFollowsThePage(t *testing.T) {
	tests := []struct {
		name, stage, landing string
		fields, copy         string
	}{
		{
			// A comparison by email: an email field, and a heading that
			// promises the comparison, not a question.
			name: "ComparisonByEmail", stage: "consideration", landing: "cta = \"Email me my comparison\"\n",
			fields: "email:email* name:text",
			copy:   "Email me my comparison | Leave your email and we’ll send it straight to your inbox. | Email me my comparison",
		},
		{
			name: "SubmitNamesTheHeading", stage: "decision", landing: "cta = \"Open the app\"\nsubmit = \"Send me the comparison\"\nfields = [\"email\"]\n",
			fields: "email:email*",
			copy:   "Send me the comparison | Leave your details and we’ll get back to you within a working day. | Send me the comparison",
		},
		{
			// No message box: the intro asks for no question.
			name: "NoMessageBox", stage: "visit", landing: "fields = [\"name\", \"email\"]\n",
			fields: "name:text email:email*",
			copy:   "Get in touch | Leave your details and we’ll get back to you. | Send my message",
		},
		{
			name: "NoEmailNoInbox", stage: "awareness", landing: "fields = [\"name\", \"phone\"]\n",
			fields: "name:text phone:tel",
			copy:   "Get the guide | Leave your details and we’ll get back to you. | Send me the guide",
		},
		{
			name: "FeedbackWithoutBox", stage: "retention", landing: "fields = [\"name\", \"email\"]\nsubmit = \"Call me\"\n",
			fields: "name:text email:email*",
			copy:   "Call me | Leave your details and we’ll be in touch to hear how it’s going. | Call me",
		},
		{
			name: "CompanyWhenAsked", stage: "decision", landing: "fields = [\"name\", \"email\", \"company\"]\n",
			fields: "name:text email:email* company:text",
			copy:   "Request a quote | Leave your details and we’ll get back to you within a working day. | Request my quote",
		},
		{
			name: "ReviewKeepsItsHeading", stage: "advocacy", landing: "cta = \"Send my review\"\n",
			fields: "rating:rating* title:text* review:textarea* name:text",
			copy:   "Write your review | It takes two minutes. We read every review before it’s published. | Send my review",
		},
		{
			name: "ParamsWin", stage: "awareness", landing: "cta = \"Get it\"\n[params]\nform_title = \"The guide\"\nform_intro = \"Ten pages.\"\n",
			fields: "email:email* name:text",
			copy:   "The guide | Ten pages. | Get it",
		},
		{
			name: "Placeholders", stage: "awareness", landing: "cta = \"Get the {utm_term|bike} guide\"\n",
			fields: "email:email* name:text",
			copy:   "Get the [bike:utm_term] guide | Leave your email and we’ll send it straight to your inbox. | Get the [bike:utm_term] guide",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkForm(t, stageSite(withVisit, tc.stage, tc.landing), tc.fields, tc.copy)
		})
	}
	// A variant's heading and button follow its own call to action.
	s, problems := build(t, stageSite("", "awareness", "cta = \"Get the guide\"\n[[variants]]\nname = \"b\"\ncta = \"Show me my commute\"\n"), site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	want := "Show me my commute | Leave your email and we’ll send it straight to your inbox. | Show me my commute"
	if got := formCopy(s.Landings[0].Variants[0].Page.Form); got != want {
		t.Errorf("variant copy\n got %s\nwant %s", got, want)
	}
}

func TestFormDetails(t *testing.T) {
	s, problems := build(t, landingSite("[forms]\nprovider = \"local\"\nprivacy = \"We keep it safe.\"\nprivacyURL = \"/privacy/\"\nconversion = \"<script>track()</script>\"\n",
		"fields = [\"email\", \"consent\"]\ncta = \"Get {utm_term|it}\"\n[[variants]]\nname = \"b\"\ncta = \"Take it\"\n"), site.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(problems.Lines())
	}
	l := s.Landings[0]
	if c := l.Page.Form.Consent; c == nil || c.Text != "We keep it safe." || c.URL != "/sub/privacy/" {
		t.Errorf("consent %+v", c)
	}
	if p := l.Page.Form.Privacy; p != nil {
		t.Errorf("privacy note %+v beside a consent box that says it", p)
	}
	v := l.Variants[0].Page.Form
	if !strings.HasSuffix(hidden(v), "variant=b") || site.PlainText(v.Copy.Submit) != "Take it" {
		t.Errorf("variant form hidden %q submit %q", hidden(v), site.PlainText(v.Copy.Submit))
	}
	if strings.Contains(hidden(l.Page.Form), "variant") {
		t.Error("the main page's form says it is a variant")
	}
	if got := segs(l.Page.Form.Copy.Submit); got != "Get [it:utm_term]" {
		t.Errorf("submit segments %s", got)
	}
	// Without a consent box, the privacy text is a note under the form.
	s, _ = build(t, landingSite("[forms]\nprivacy = \"We keep it safe.\"\n", ""), site.Options{})
	if p := s.Landings[0].Page.Form.Privacy; p == nil || p.Text != "We keep it safe." || p.URL != "" {
		t.Errorf("privacy note %+v", p)
	}
	// submit names the button apart from the hero's call to action.
	s, _ = build(t, landingSite("", "cta = \"Open the app\"\nsubmit = \"Send feedback\"\n[[variants]]\nname = \"b\"\ncta = \"Go\"\n"), site.Options{})
	for _, p := range []*site.Page{s.Landings[0].Page, s.Landings[0].Variants[0].Page} {
		if got := segs(p.Form.Copy.Submit); got != "Send feedback" {
			t.Errorf("%s submit %q, want the submit key", p.RelURL, got)
		}
	}
	if string(l.Page.Form.Thanks.Conversion) != "<script>track()</script>" || l.Page.Conversion != "" {
		t.Error("the conversion snippet belongs on the thank-you page only")
	}
}

func TestFormProblems(t *testing.T) {
	tests := []struct{ name, config, landing, want string }{
		{"UnknownField", "", "fields = [\"emial\"]\n", `content/landing/l.md:4:11: unknown field "emial"; did you mean "email"?`},
		{"BadName", "", "fields = [{ name = \"a b\", type = \"text\" }]\n", `content/landing/l.md:4:11: field name "a b" must be letters`},
		{"SelectWithoutOptions", "", "fields = [{ name = \"size\", type = \"select\" }]\n", `content/landing/l.md:4:11: field "size" of type select needs options`},
		{"BadType", "", "fields = [{ name = \"size\", type = \"slider\" }]\n", `content/landing/l.md:4:11: field type "slider" is not one of`},
		{"ReservedName", "", "fields = [{ name = \"_next\", type = \"text\" }]\n", `content/landing/l.md:4:11: field name "_next" must be letters`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := build(t, landingSite(tc.config, tc.landing), site.Options{})
			errs := problems.Errors()
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Errorf("got %q, want %q", errs.Lines(), tc.want)
			}
		})
	}
}

// segs writes segments as text with placeholders in brackets:
// "Buy [electric bikes:utm_term] now".
func segs(list []site.Segment) string {
	var b strings.Builder
	for _, s := range list {
		if s.Param != "" {
			fmt.Fprintf(&b, "[%s:%s]", s.Text, s.Param)
			continue
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

func TestPlaceholders(t *testing.T) {
	tests := []struct{ in, want, warning string }{
		{"Plain text", "Plain text", ""},
		{"Buy {utm_term|electric bikes} now", "Buy [electric bikes:utm_term] now", ""},
		{"{utm_campaign|Spring}", "[Spring:utm_campaign]", ""},
		{"Not {a placeholder} here", "Not {a placeholder} here", ""},
		{"Unclosed {utm_term|x", "Unclosed {utm_term|x", ""},
		{"{city|Lisbon} rides", "Lisbon rides", `placeholder {city|…} names a parameter the page does not allow`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s, problems := build(t, landingSite("", fmt.Sprintf("headline = %q\n", tc.in)), site.Options{})
			if got := segs(s.Landings[0].Page.Copy.Headline); got != tc.want {
				t.Errorf("segments %s, want %s", got, tc.want)
			}
			warnings := problems.Warnings()
			if tc.warning == "" && len(warnings) > 0 || tc.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0].Error(), tc.warning)) {
				t.Errorf("warnings %q, want %q", warnings.Lines(), tc.warning)
			}
		})
	}
	// A page may allow its own parameters.
	s, _ := build(t, landingSite("", "headline = \"{city|Lisbon} rides\"\ndtr = [\"city\"]\n"), site.Options{})
	if got := segs(s.Landings[0].Page.Copy.Headline); got != "[Lisbon:city] rides" {
		t.Errorf("page-allowed parameter: %s", got)
	}
}

// TestProductForm checks that the page of a product no landing page sells
// carries a lead form of its own, posting as that page, built as landing
// pages' forms are.
func TestProductForm(t *testing.T) {
	const (
		local    = "[forms]\nprovider = \"local\"\n"
		kettle   = "+++\nname = \"Kettle\"\nstages = [\"decision\"]\n+++\n"
		decision = "/thanks/lead/decision/ | Request a quote | Leave your details and we’ll call you within a working day. | Request my quote"
	)
	tests := []struct {
		name, config, product, landing string
		// want is the form as "hidden | thank-you page | copy", empty
		// for none.
		want string
	}{
		{
			name: "NoLandingPage", config: local, product: kettle,
			want: "page=/products/kettle/ stage=decision product=kettle utm_source= utm_medium= utm_campaign= utm_term= utm_content= _next=/thanks/lead/decision/ | " + decision,
		},
		{
			name: "OnlyANoindexPage", config: local, product: kettle, landing: "+++\nstage = \"decision\"\nproduct = \"kettle\"\nnoindex = true\n+++\n",
			want: "page=/products/kettle/ stage=decision product=kettle utm_source= utm_medium= utm_campaign= utm_term= utm_content= _next=/thanks/lead/decision/ | " + decision,
		},
		{
			// Without a decision stage, the form is a message's.
			name: "CustomStages", config: local + customStages, product: "+++\nname = \"Kettle\"\n+++\n",
			want: "page=/products/kettle/ stage= product=kettle utm_source= utm_medium= utm_campaign= utm_term= utm_content= _next=/thanks/lead/ | " +
				"/thanks/lead/ | Get in touch | Ask us anything about Kettle and we’ll get back to you. | Send my message",
		},
		{name: "ALandingPageSellsIt", config: local, product: kettle, landing: "+++\nstage = \"decision\"\nproduct = \"kettle\"\n+++\n"},
		{name: "FormsOff", config: "[forms]\nprovider = \"none\"\n", product: kettle},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"journey.toml": tc.config, "content/products/kettle.md": tc.product}
			if tc.landing != "" {
				files["content/landing/l.md"] = tc.landing
			}
			s, problems := build(t, files, site.Options{})
			if err := problems.Err(); err != nil {
				t.Fatal(problems.Lines())
			}
			got := ""
			if f := s.Products[0].Page.Form; f != nil {
				got = hidden(f) + " | " + f.Thanks.RelURL + " | " + formCopy(f)
				if f.Action != "/__journey/forms/lead" {
					t.Errorf("the form posts to %s, want the local provider", f.Action)
				}
			}
			if got != tc.want {
				t.Errorf("product form\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/generator/serve"
	"github.com/journey-ssg/journey/internal/filetest"
)

// recorder keeps the form posts a test server receives.
type recorder struct {
	mu    sync.Mutex
	posts []url.Values
}

func (r *recorder) add(v url.Values) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posts = append(r.posts, v)
}

func (r *recorder) last() (url.Values, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.posts) == 0 {
		return nil, 0
	}
	return r.posts[len(r.posts)-1], len(r.posts)
}

// providerSite builds the example with one form provider and serves it the
// way that provider's host would, recording every form post.
type providerSite struct {
	base string
	rec  *recorder
	// formsFile is the local provider's JSON-lines file.
	formsFile string
}

func newProviderSite(t *testing.T, provider string) *providerSite {
	t.Helper()
	ps := &providerSite{rec: &recorder{}}
	src := copyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	ps.base = srv.URL

	endpoint := ""
	switch provider {
	case "formspree", "url":
		endpoint = srv.URL + "/f/xyzabc"
	}
	filetest.Replace(t, filepath.Join(src, "journey.toml"), `provider = "netlify"`, fmt.Sprintf("provider = %q\nendpoint = %q", provider, endpoint))
	if _, err := build(t, src, generator.Options{Dest: dest, Minify: true, BaseURL: srv.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	files, err := serve.NewFiles(dest)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { files.Close() })
	switch provider {
	case "local":
		ps.formsFile = filepath.Join(src, generator.FormsFile)
		forms, err := generator.LocalForms(context.Background(), generator.Options{Source: src, Theme: journey.DefaultTheme(), BaseURL: srv.URL + "/"}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		site := serve.Handler("/", files, forms, nil)
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				r.ParseForm()
				ps.rec.add(r.PostForm)
			}
			site.ServeHTTP(w, r)
		})
	case "netlify":
		// Netlify receives the post at the form's action and shows that
		// page.
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				r.ParseForm()
				ps.rec.add(r.PostForm)
				http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
				return
			}
			files.ServeHTTP(w, r)
		})
	default:
		// Formspree and plain endpoints redirect to _next.
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/f/xyzabc" {
				r.ParseForm()
				ps.rec.add(r.PostForm)
				http.Redirect(w, r, r.PostForm.Get("_next"), http.StatusSeeOther)
				return
			}
			files.ServeHTTP(w, r)
		})
	}
	return ps
}

// formField is a visible field of a page's form.
type formField struct{ name, typ, id string }

// visibleFields reads the fields of the page's form#form from its HTML.
func visibleFields(t *testing.T, page []byte) []formField {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []formField
	var walk func(n *html.Node, inForm, hidden bool)
	walk = func(n *html.Node, inForm, hidden bool) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if n.Data == "form" && attr["id"] == "form" {
				inForm = true
			}
			if _, ok := attr["hidden"]; ok {
				hidden = true
			}
			if inForm && !hidden && (n.Data == "input" || n.Data == "textarea" || n.Data == "select") && attr["type"] != "hidden" {
				typ := attr["type"]
				if n.Data != "input" {
					typ = n.Data
				}
				out = append(out, formField{name: attr["name"], typ: typ, id: attr["id"]})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm, hidden)
		}
	}
	walk(doc, false, false)
	return out
}

// fill returns the actions that fill every field as a person would, and
// the values typed.
func fill(fields []formField) ([]chromedp.Action, map[string]string) {
	var acts []chromedp.Action
	want := map[string]string{}
	seen := map[string]bool{}
	for _, f := range fields {
		sel := "#" + f.id
		switch f.typ {
		case "radio":
			if !seen[f.name] && strings.HasSuffix(f.id, "-5") {
				acts = append(acts, chromedp.Click(sel, chromedp.ByQuery))
				want[f.name] = "5"
				seen[f.name] = true
			}
		case "checkbox":
			acts = append(acts, chromedp.Click(sel, chromedp.ByQuery))
			want[f.name] = "yes"
		case "email":
			acts = append(acts, chromedp.SendKeys(sel, "ana@example.com", chromedp.ByQuery))
			want[f.name] = "ana@example.com"
		case "tel":
			acts = append(acts, chromedp.SendKeys(sel, "+351 912 345 678", chromedp.ByQuery))
			want[f.name] = "+351 912 345 678"
		default:
			v := "Test " + f.name
			acts = append(acts, chromedp.SendKeys(sel, v, chromedp.ByQuery))
			want[f.name] = v
		}
	}
	return acts, want
}

// TestFormsSubmit submits a lead form and a review form of the example
// for every provider, with JavaScript on and off, and checks what the
// receiving server got: every field, the UTM values from the page's URL
// (with JavaScript), the page's hidden fields and an empty honeypot, and
// that the browser ends on the thank-you page of the form's kind and stage.
func TestFormsSubmit(t *testing.T) {
	t.Parallel()
	pages := []struct{ path, form, thanks string }{
		{"/book-a-test-ride/", "lead", "/thanks/lead/decision/"},
		{"/share-your-ride/", "review", "/thanks/review/advocacy/"},
	}
	for _, provider := range []string{"netlify", "formspree", "url", "local"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			ps := newProviderSite(t, provider)
			for _, js := range []bool{true, false} {
				for _, pg := range pages {
					t.Run(fmt.Sprintf("%s/js=%v", strings.Trim(pg.path, "/"), js), func(t *testing.T) {
						ctx := chromium.Tab(t)
						submitAndCheck(t, ctx, ps, pg.path, pg.form, pg.thanks, provider, js)
					})
				}
			}
			if _, ok := browser.Path(); ok && provider == "local" {
				b, err := os.ReadFile(ps.formsFile)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(strings.TrimSpace(string(b)), "\n")
				if len(lines) != 4 || !strings.Contains(lines[0], `"utm_source":"x"`) || !strings.Contains(lines[0], `"email":"ana@example.com"`) {
					t.Errorf("%s holds %d lines, want 4 with the first submission's fields:\n%s", generator.FormsFile, len(lines), b)
				}
			}
		})
	}
}

func submitAndCheck(t *testing.T, ctx context.Context, ps *providerSite, path, form, thanks, provider string, js bool) {
	t.Helper()
	res, err := http.Get(ps.base + path)
	if err != nil {
		t.Fatal(err)
	}
	page := new(bytes.Buffer)
	page.ReadFrom(res.Body)
	res.Body.Close()
	fields := visibleFields(t, page.Bytes())
	if len(fields) == 0 {
		t.Fatalf("%s has no form fields", path)
	}
	acts, want := fill(fields)
	_, before := ps.rec.last()
	var location string
	steps := []chromedp.Action{emulation.SetScriptExecutionDisabled(!js), chromedp.Navigate(ps.base + path + "?utm_source=x&utm_campaign=y")}
	steps = append(steps, acts...)
	steps = append(steps,
		chromedp.Click(`#form .form-submit button`, chromedp.ByQuery),
		chromedp.WaitVisible(`body.kind-thanks`, chromedp.ByQuery),
		chromedp.Location(&location),
	)
	if err := chromedp.Run(ctx, steps...); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if location != ps.base+thanks {
		t.Errorf("ended on %s, want the thank-you page %s", location, thanks)
	}
	got, n := ps.rec.last()
	if n != before+1 {
		t.Fatalf("the server received %d posts, want 1", n-before)
	}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("field %s = %q, want %q", k, got.Get(k), v)
		}
	}
	honeypot := map[string]string{"netlify": "bot-field"}[provider]
	if honeypot == "" {
		honeypot = "_gotcha"
	}
	if _, ok := got[honeypot]; !ok || got.Get(honeypot) != "" {
		t.Errorf("honeypot %s = %q (present %v), want present and empty", honeypot, got.Get(honeypot), ok)
	}
	if got.Get("page") != path || got.Get("stage") == "" || got.Get("product") == "" {
		t.Errorf("hidden fields page=%q stage=%q product=%q", got.Get("page"), got.Get("stage"), got.Get("product"))
	}
	for _, utm := range []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"} {
		if _, ok := got[utm]; !ok {
			t.Errorf("%s is not sent", utm)
		}
	}
	wantSource, wantCampaign := "x", "y"
	if !js {
		wantSource, wantCampaign = "", ""
	}
	if got.Get("utm_source") != wantSource || got.Get("utm_campaign") != wantCampaign {
		t.Errorf("utm_source=%q utm_campaign=%q, want %q %q", got.Get("utm_source"), got.Get("utm_campaign"), wantSource, wantCampaign)
	}
	switch provider {
	case "netlify":
		if got.Get("form-name") != form {
			t.Errorf("form-name = %q, want %q", got.Get("form-name"), form)
		}
	case "formspree", "url":
		if got.Get("_next") != ps.base+thanks {
			t.Errorf("_next = %q, want the absolute thank-you URL %s", got.Get("_next"), ps.base+thanks)
		}
	}
}

// TestDTRIsText opens a landing page whose headline shows utm_term, with
// markup in the parameter, and checks that the headline shows it as text
// and no script runs; a value is cut short, other parameters are not
// shown, and a value is kept for the rest of the visit (the tab).
func TestDTRIsText(t *testing.T) {
	t.Parallel()
	base := browser.Serve(t, builds.site(t, "example", true).dest)
	hostile := "<img src=x onerror=alert(1)>"
	long := strings.Repeat("long ", 40)
	headline := func(s string) string { return "The " + s + " that skips the traffic." }
	tests := []struct {
		name  string
		visit []string // query strings, in one tab
		want  string   // the headline on the last page
	}{
		{"Markup", []string{"?utm_term=" + url.QueryEscape(hostile)}, headline(hostile)},
		{"Default", []string{""}, headline("commuter e-bike")},
		{"CutShort", []string{"?utm_term=" + url.QueryEscape(long)}, headline(strings.TrimSpace(long[:60]))},
		{"NotAllowed", []string{"?utm_source=" + url.QueryEscape(hostile)}, headline("commuter e-bike")},
		{"KeptForTheVisit", []string{"?utm_term=electric+bike", ""}, headline("electric bike")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := chromium.Tab(t)
			dialogs := 0
			chromedp.ListenTarget(ctx, func(ev any) {
				if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
					dialogs++
					go chromedp.Run(ctx, cdppage.HandleJavaScriptDialog(false))
				}
			})
			var text string
			var elements int
			var acts []chromedp.Action
			for _, q := range tc.visit {
				acts = append(acts, chromedp.Navigate(base+"/ride-past-the-traffic/"+q))
			}
			acts = append(acts,
				chromedp.Text("h1", &text, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelectorAll("h1 [data-dtr] *").length`, &elements),
				chromedp.Sleep(200*time.Millisecond),
			)
			if err := chromedp.Run(ctx, acts...); err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(text) != tc.want || elements != 0 {
				t.Errorf("headline %q with %d elements in the placeholder, want %q as text", text, elements, tc.want)
			}
			if dialogs != 0 {
				t.Errorf("%d dialogs opened", dialogs)
			}
		})
	}
}

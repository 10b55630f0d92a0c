package theme_test

import (
	"bytes"
	"image"
	pngenc "image/png"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/theme"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func stack(site, builtin map[string]string) theme.Overlay {
	return theme.Overlay{
		{FS: mapFS(site), Prefix: ""},
		{FS: mapFS(builtin), Prefix: "themes/default/"},
	}
}

var builtin = map[string]string{
	"layouts/baseof.html":        `<main>{{ template "main" . }}</main>{{ template "partials/foot.html" . }}`,
	"layouts/partials/foot.html": `<footer>built-in</footer>`,
	"layouts/persona.html":       `{{ define "main" }}persona {{ . }}{{ end }}`,
	"layouts/landing.html":       `{{ define "main" }}landing{{ end }}`,
	"layouts/alias.html":         `<!DOCTYPE html><title>{{ . }}</title>`,
	"assets/css/a.css":           "  body{color:red}\n",
	"static/favicon.svg":         "<svg/>",
}

func render(t *testing.T, th *theme.Theme, layout string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := th.Execute(&b, layout, data, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestLayers(t *testing.T) {
	th, err := theme.Load(stack(map[string]string{
		"layouts/partials/foot.html":    `<footer>site</footer>`,
		"layouts/landing/decision.html": `{{ define "main" }}decision{{ end }}`,
		"static/favicon.svg":            "<svg id=site/>",
		"content/personas/a.md":         "not a layout",
	}, builtin), theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := render(t, th, "persona", "ana"); got != "<main>persona ana</main><footer>site</footer>" {
		t.Errorf("persona = %q: the site's partial overrides the built-in one", got)
	}
	if got := render(t, th, "alias", "x"); got != "<!DOCTYPE html><title>x</title>" {
		t.Errorf("alias = %q: a layout without main is a whole document", got)
	}
	if name, _ := th.Lookup("landing/decision", "landing"); name != "landing/decision" {
		t.Errorf("Lookup = %q", name)
	}
	if name, _ := th.Lookup("landing/retention", "landing"); name != "landing" {
		t.Errorf("Lookup fallback = %q", name)
	}
	if css, err := th.Asset("css/a.css"); err != nil || css != "body{color:red}" {
		t.Errorf("Asset = %q %v", css, err)
	}
	if _, err := th.Asset("../../etc/passwd"); err == nil {
		t.Error("Asset outside assets/ succeeded")
	}
	b, err := fsRead(th.Static(), "favicon.svg")
	if err != nil || b != "<svg id=site/>" {
		t.Errorf("static favicon = %q %v: the site's static file wins", b, err)
	}
}

func fsRead(o theme.Overlay, name string) (string, error) {
	f, err := o.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(f)
	return b.String(), err
}

func TestErrorsArePositioned(t *testing.T) {
	tests := []struct {
		name  string
		site  map[string]string
		parse bool
		want  string
	}{
		{"ParseError", map[string]string{"layouts/persona.html": "{{ define \"main\" }}\nline two\n{{ .Broken \n{{ end }}"}, true,
			"layouts/persona.html:4: unexpected"},
		{"UnknownFunc", map[string]string{"layouts/partials/foot.html": "\n\n{{ nosuchfunc . }}"}, true,
			`layouts/partials/foot.html:3: function "nosuchfunc" not defined`},
		{"ExecError", map[string]string{"layouts/persona.html": "{{ define \"main\" }}\n{{ .Missing }}{{ end }}"}, false,
			"layouts/persona.html:2:3: executing"},
		{"BuiltinExecError", map[string]string{"layouts/persona.html": "{{ define \"main\" }}{{ template \"partials/foot.html\" 1 }}{{ end }}", "layouts/partials/foot.html": "{{ .X }}"}, false,
			"layouts/partials/foot.html:1:3: executing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th, err := theme.Load(stack(tc.site, builtin), theme.Options{})
			if !tc.parse {
				if err != nil {
					t.Fatal(err)
				}
				err = th.Execute(&bytes.Buffer{}, "persona", struct{ Y int }{}, nil)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestAllParseErrorsAtOnce(t *testing.T) {
	_, err := theme.Load(stack(map[string]string{
		"layouts/persona.html": "{{ define \"main\" }}{{ end",
		"layouts/landing.html": "{{ if }}",
	}, builtin), theme.Options{})
	if err == nil || !strings.Contains(err.Error(), "and 1 more") {
		t.Errorf("got %v, want both broken layouts reported", err)
	}
}

func TestMissingBase(t *testing.T) {
	_, err := theme.Load(theme.Overlay{{FS: mapFS(map[string]string{"layouts/x.html": "x"})}}, theme.Options{})
	if err == nil || !strings.Contains(err.Error(), "baseof.html") {
		t.Errorf("got %v, want a missing base layout reported", err)
	}
}

func TestImageSize(t *testing.T) {
	var png bytes.Buffer
	if err := pngenc.Encode(&png, image.NewGray(image.Rect(0, 0, 640, 480))); err != nil {
		t.Fatal(err)
	}
	th, err := theme.Load(stack(map[string]string{
		"static/a.svg":   `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="480" height="320"/>`,
		"static/b.svg":   `<svg viewBox="0 0 64 48.4"/>`,
		"static/c.svg":   `<svg width="100%" viewBox="0 0 10 20"/>`,
		"static/d.png":   png.String(),
		"static/bad.png": "not an image",
		"layouts/t.html": `{{ range . }}{{ with imgsize . }}{{ .W }}x{{ .H }} {{ .OK }};{{ end }}{{ end }}`,
	}, builtin), theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := render(t, th, "t", []string{"/a.svg", "/b.svg", "/c.svg", "/d.png", "/bad.png", "/missing.png", "https://x/y.png", "/../../etc/passwd"})
	want := "480x320 true;64x48 true;10x20 true;640x480 true;0x0 false;0x0 false;0x0 false;0x0 false;"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// recorder keeps what a traced layout read, as "Type.Member".
type recorder struct{ reads []string }

func (r *recorder) Read(recv reflect.Value, member string, args []reflect.Value, result reflect.Value) {
	name := "file"
	if recv.IsValid() {
		name = recv.Type().String()
	}
	r.reads = append(r.reads, name+"."+member)
}

type who struct{ Name, Role string }

type page struct {
	Title   string
	Persona *who
	Items   []*who
}

func (p *page) Greeting(n int) string { return strings.Repeat("hi ", n) + p.Title }

// TestTrace checks that a traced theme writes what an untraced one does,
// and tells its recorder every field and method a layout reads: through
// variables, ranges, partials (cached ones again for each page that uses
// them) and arguments; and that an error reads as an untraced one's.
func TestTrace(t *testing.T) {
	files := map[string]string{
		"layouts/baseof.html": `<main>{{ template "main" . }}</main>`,
		"layouts/landing.html": `{{ define "main" }}{{ $p := .Persona }}<h1>{{ .Title | upper }}</h1>{{ with $p }}{{ .Name }}{{ end }}` +
			`{{ range .Items }}<i>{{ .Role }}</i>{{ end }}{{ printf "%s" (.Greeting 2) }}{{ partialCached "partials/who.html" .Persona "k" }}{{ end }}`,
		"layouts/partials/who.html": `<b>{{ .Role }}</b>`,
		"layouts/persona.html":      `{{ define "main" }}{{ .Nope }}{{ end }}`,
	}
	data := &page{Title: "T", Persona: &who{"Ana", "Lead"}, Items: []*who{{"B", "Rider"}}}
	plain, err := theme.Load(stack(files, nil), theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	traced, err := theme.Load(stack(files, nil), theme.Options{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if err := plain.Execute(&want, "landing", data, nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		var rec recorder
		got.Reset()
		if err := traced.Execute(&got, "landing", data, &rec); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("traced %q, untraced %q", got.String(), want.String())
		}
		reads := strings.Join(rec.reads, " ")
		if reads != "*theme_test.page.Persona *theme_test.page.Title *theme_test.who.Name *theme_test.page.Items *theme_test.who.Role *theme_test.page.Greeting *theme_test.page.Persona *theme_test.who.Role" {
			t.Errorf("execution %d read %s", i+1, reads)
		}
	}
	errPlain := plain.Execute(&bytes.Buffer{}, "persona", data, nil)
	errTraced := traced.Execute(&bytes.Buffer{}, "persona", data, &recorder{})
	if errPlain == nil || errTraced == nil || !strings.Contains(errTraced.Error(), "can't evaluate field Nope in type *theme_test.page") || strings.Contains(errTraced.Error(), "_jm") {
		t.Errorf("errors: untraced %v, traced %v", errPlain, errTraced)
	}
}

// TestMinifiedLayoutsReportAuthorsLines checks that the errors of minified
// layouts, in parsing and in running, name the lines as written.
func TestMinifiedLayoutsReportAuthorsLines(t *testing.T) {
	opts := theme.Options{MinifyLayout: publish.NewMinifier().Layout}
	broken := "{{ define \"main\" }}\n<div>\n  <p>\n    {{ if }}\n  </p>\n</div>\n{{ end }}"
	_, err := theme.Load(stack(map[string]string{"layouts/persona.html": broken}, builtin), opts)
	if err == nil || !strings.Contains(err.Error(), "layouts/persona.html:4:") {
		t.Errorf("parse error %v, want it at layouts/persona.html:4", err)
	}

	failing := "{{ define \"main\" }}\n<div>\n  <p>\n    {{ index .Items 5 }}\n  </p>\n</div>\n{{ end }}"
	th, err := theme.Load(stack(map[string]string{"layouts/persona.html": failing}, builtin), opts)
	if err != nil {
		t.Fatal(err)
	}
	err = th.Execute(io.Discard, "persona", map[string]any{"Items": []int{1}}, nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/persona.html:4:") {
		t.Errorf("execution error %v, want it at layouts/persona.html:4", err)
	}
	if got := render(t, th, "landing", nil); got != "<main>landing</main><footer>built-in</footer>" {
		t.Errorf("landing renders %q", got)
	}
}

// TestPartialCachedKeys checks that partialCached keeps one result per
// distinct list of keys, however the keys would read when joined.
func TestPartialCachedKeys(t *testing.T) {
	files := map[string]string{
		"layouts/baseof.html":        `{{ template "main" . }}`,
		"layouts/partials/echo.html": `[{{ . }}]`,
		"layouts/landing.html": `{{ define "main" }}` +
			`{{ partialCached "partials/echo.html" "1" "a b" }}{{ partialCached "partials/echo.html" "2" "a" "b" }}` +
			`{{ partialCached "partials/echo.html" "3" "a b" "" }}{{ partialCached "partials/echo.html" "4" 1 }}` +
			`{{ partialCached "partials/echo.html" "5" "1" }}{{ partialCached "partials/echo.html" "6" true }}` +
			`{{ partialCached "partials/echo.html" "7" "true" }}{{ partialCached "partials/echo.html" "8" "a b" }}{{ end }}`,
	}
	th, err := theme.Load(stack(files, nil), theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := render(t, th, "landing", nil); got != "[1][2][3][4][5][6][7][1]" {
		t.Errorf("got %s, want a result for each distinct list of keys, the first again for the same keys", got)
	}
}

// TestMinifyKeepsMeaning checks that a minified layout renders what the
// layout as written does, as a browser reads it, where minifying the
// layout's source naively would not: character references next to
// actions, braces written as references, an action in an HTML comment.
func TestMinifyKeepsMeaning(t *testing.T) {
	data := map[string]any{"A": "a", "B": "copy;", "T": "Title"}
	layouts := map[string]string{
		"braces":      `<p>&#123;&#123; .A &#125;&#125;</p>`,
		"amp":         `<p>{{ .A }}&amp;{{ .B }}</p>`,
		"lt":          `<p>&lt;{{ .A }}&gt;</p>`,
		"attribute":   `<a href="/x?a={{ .A }}&amp;b={{ .B }}">x</a>`,
		"comment":     "<p><!-- {{ $t := .T }} -->{{ .T }}</p>",
		"plain":       "<div>\n  <p>\n    {{ .A }} and {{ .B }}\n  </p>\n</div>",
		"private-use": "<p>\uE000 {{ .A }}</p>",
		"script":      "<script>\nvar x = {{ printf \"a   b\" }};\n</script>",
	}
	pages := minify.New()
	pages.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	for name, src := range layouts {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{"layouts/baseof.html": `{{ template "main" . }}`, "layouts/x.html": `{{ define "main" }}` + src + `{{ end }}`}
			plain, err := theme.Load(stack(files, nil), theme.Options{})
			if err != nil {
				t.Fatal(err)
			}
			small, err := theme.Load(stack(files, nil), theme.Options{MinifyLayout: publish.NewMinifier().Layout})
			if err != nil {
				t.Fatal(err)
			}
			var want, got bytes.Buffer
			errWant := plain.Execute(&want, "x", data, nil)
			errGot := small.Execute(&got, "x", data, nil)
			if (errWant == nil) != (errGot == nil) {
				t.Fatalf("errors: as written %v, minified %v", errWant, errGot)
			}
			w, _ := pages.Bytes("text/html", want.Bytes())
			g, _ := pages.Bytes("text/html", got.Bytes())
			if !bytes.Equal(w, g) {
				t.Errorf("minified layout renders %q, want %q", got.String(), want.String())
			}
		})
	}
}

// TestForgetForgetsExactTheme checks that Forget also drops what the theme
// of layouts as written kept, which tells the errors of a minified one:
// an error it cached must not stand for a later model's.
func TestForgetForgetsExactTheme(t *testing.T) {
	files := map[string]string{
		"layouts/baseof.html":     `{{ template "main" . }}`,
		"layouts/partials/p.html": `{{ .Name.Nope }}`,
		"layouts/x.html":          "{{ define \"main\" }}{{ partialCached \"partials/p.html\" . \"k\" }}\n{{ index .Items 5 }}{{ end }}",
	}
	th, err := theme.Load(stack(files, nil), theme.Options{MinifyLayout: publish.NewMinifier().Layout})
	if err != nil {
		t.Fatal(err)
	}
	err = th.Execute(io.Discard, "x", map[string]any{"Name": "text", "Items": []int{}}, nil)
	if err == nil || !strings.Contains(err.Error(), "partials/p.html") {
		t.Fatalf("first error %v, want one in partials/p.html", err)
	}
	th.Forget()
	err = th.Execute(io.Discard, "x", map[string]any{"Name": map[string]string{"Nope": "ok"}, "Items": []int{}}, nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/x.html:2:") {
		t.Errorf("second error %v, want the index at layouts/x.html:2", err)
	}
}

package publish_test

import (
	"bytes"
	"html/template"
	"regexp"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"

	"github.com/journey-ssg/journey/generator/publish"
)

// TestLayoutRendersAsMinifiedPage checks that a layout minified once
// renders what minifying each page it renders would give: that minifying
// keeps template actions, and the whitespace between them that shows.
func TestLayoutRendersAsMinifiedPage(t *testing.T) {
	data := map[string]any{
		"Title": "A & B", "Name": "Zoë", "Role": "Rider", "Empty": "",
		"Items": []string{"one", "two", "three"},
		"URL":   "/a b/?q=<x>", "Class": "big", "Note": "line one\nline two",
		"LD":   map[string]any{"@type": "Thing", "name": "</script><b>"},
		"Text": "  spaced   out  ",
	}
	layouts := []struct{ name, src string }{
		{"actions side by side", `<p>{{ .Name }} {{ .Role }}</p><p>{{ .Name }}{{ .Role }}</p>`},
		{"text around actions", "<p>\n  Hello,\n  {{ .Name }}!\n  You are {{ .Role }}.\n</p>"},
		{"trim markers", "<ul>\n  {{- range .Items }}\n  <li>{{ . }}</li>\n  {{- end }}\n</ul>"},
		{"range with spaces", "<p>{{ range .Items }} {{ . }} {{ end }}</p>"},
		{"attributes", `<a href="{{ .URL }}"  class="link {{ .Class }}"  {{ if .Class }}data-x="1"{{ end }}>{{ .Title }}</a>`},
		{"optional attribute", `<input type="text" name="n"{{ if .Empty }} required{{ end }}{{ with .Name }} placeholder="{{ . }}"{{ end }}>`},
		{"pre keeps its lines", "<pre>\n  {{ .Note }}\n    indented\n</pre>"},
		// Whitespace written around an action in a textarea is collapsed
		// (the README says so); the value's own is kept.
		{"textarea", "<textarea>{{ .Text }}</textarea>"},
		{"script with actions", "<script>\nvar a = {{ .Name }}\nvar b = 2\n// {{ .Role }}\nb++\n</script>"},
		{"inline elements", "<p><strong>{{ .Name }}</strong>\n<em>{{ .Role }}</em>\n</p>"},
		{"comments", "<div>{{/* a note */}}<!-- gone -->\n{{ .Name }}</div>"},
		{"json-ld", `<script type="application/ld+json">{{ .LD }}</script>`},
		{"style with actions", "<style>:root{--c:{{ .Class }}}\np { color: red }</style>"},
		{"document", "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{{ .Title }}</title>\n</head>\n<body>\n<main>\n  <h1>{{ .Title }}</h1>\n</main>\n</body>\n</html>\n"},
	}
	pages := minify.New()
	pages.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	pages.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	// Inline scripts and styles are compared as the code they are.
	pages.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	pages.AddFunc("text/css", css.Minify)
	mf := publish.NewMinifier()
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			small, err := mf.Layout([]byte(l.src))
			if err != nil {
				t.Fatal(err)
			}
			want, err := pages.Bytes("text/html", render(t, l.src, data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := pages.Bytes("text/html", render(t, string(small), data))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("minified layout %q renders, minified, as\n%s\nwant\n%s", small, got, want)
			}
		})
	}
}

func render(t *testing.T, src string, data any) []byte {
	t.Helper()
	tmpl, err := template.New("t").Parse(src)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

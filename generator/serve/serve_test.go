package serve_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/serve"
)

func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html":              "home",
		"404.html":                "not here",
		"a/index.html":            "page a",
		"sitemap.xml":             "<urlset/>",
		"css/x.css":               "body{}",
		"journeys/j/journey.json": "{}",
		"empty/.keep":             "",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	return dir
}

func TestFiles(t *testing.T) {
	dir := site(t)
	files, err := serve.NewFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer files.Close()
	srv := httptest.NewServer(serve.Handler("/docs/", files, nil, nil))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path   string
		status int
		body   string
		ctype  string
	}{
		{"/docs/", 200, "home", "text/html; charset=utf-8"},
		{"/docs/a/", 200, "page a", "text/html; charset=utf-8"},
		{"/docs/a", 301, "", ""},
		{"/docs/a/index.html", 200, "page a", "text/html; charset=utf-8"},
		{"/docs/sitemap.xml", 200, "<urlset/>", "application/xml; charset=utf-8"},
		{"/docs/css/x.css", 200, "body{}", "text/css; charset=utf-8"},
		{"/docs/journeys/j/journey.json", 200, "{}", "application/json"},
		{"/docs/nope/", 404, "not here", "text/html; charset=utf-8"},
		{"/docs/empty/", 404, "not here", ""}, // no listings
		{"/docs/../etc/passwd", 400, "", ""},
		{"/docs/%2e%2e/%2e%2e/etc/passwd", 400, "", ""},
		{"/", 302, "", ""},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		req.URL.Opaque = tc.path // keep .. as sent
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, res.StatusCode, tc.status)
			continue
		}
		if tc.body != "" && b.String() != tc.body {
			t.Errorf("%s: body %q, want %q", tc.path, b.String(), tc.body)
		}
		if tc.ctype != "" && res.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: content type %q, want %q", tc.path, res.Header.Get("Content-Type"), tc.ctype)
		}
	}
}

func TestForms(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ".journey", "forms.jsonl")
	var log bytes.Buffer
	fixed := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	forms := &serve.Forms{File: file, Log: &log, Now: func() time.Time { return fixed }}
	files, _ := serve.NewFiles(site(t))
	defer files.Close()
	srv := httptest.NewServer(serve.Handler("/", files, forms, nil))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, v url.Values) *http.Response {
		t.Helper()
		res, err := client.PostForm(srv.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := post("/__journey/forms/lead", url.Values{"email": {"a@b.c"}, "name": {"Zoë"}, "_gotcha": {""}, "_next": {"/thanks/lead/"}, "utm_source": {"x"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/thanks/lead/" {
		t.Errorf("status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = post("/__journey/forms/lead", url.Values{"email": {"bot@x"}, "_gotcha": {"http://spam"}, "_next": {"https://evil.example/"}})
	if res.Header.Get("Location") != "/" {
		t.Errorf("redirect to %q: only paths on this site are followed", res.Header.Get("Location"))
	}
	if res := post("/__journey/forms/", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("form without a name: %d", res.StatusCode)
	}
	if res := post("/__journey/forms/lead", url.Values{"big": {strings.Repeat("x", 70<<10)}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("oversize form: %d, want 400", res.StatusCode)
	}
	if res, _ := client.Get(srv.URL + "/__journey/forms/lead"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET of the form endpoint: %d, want the site's 404", res.StatusCode)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), b)
	}
	var s serve.Submission
	if err := json.Unmarshal([]byte(lines[0]), &s); err != nil {
		t.Fatal(err)
	}
	if s.Form != "lead" || s.Spam || s.Fields["name"] != "Zoë" || s.Fields["utm_source"] != "x" || !s.Time.Equal(fixed) {
		t.Errorf("submission %+v", s)
	}
	if _, ok := s.Fields["_next"]; ok {
		t.Error("_next recorded as a field")
	}
	json.Unmarshal([]byte(lines[1]), &s)
	if !s.Spam {
		t.Error("a filled honeypot is not marked spam")
	}
	if !strings.Contains(log.String(), `form lead: email="a@b.c" name="Zoë" utm_source="x"`) || !strings.Contains(log.String(), "(spam: honeypot filled)") {
		t.Errorf("log:\n%s", log.String())
	}
}

package serve_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

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

package serve_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/serve"
	"github.com/journey-ssg/journey/internal/filetest"
)

func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	filetest.WriteTree(t, dir, map[string]string{
		"index.html":              "home",
		"404.html":                "not here",
		"a/index.html":            "page a",
		"sitemap.xml":             "<urlset/>",
		"css/x.css":               "body{}",
		"journeys/j/journey.json": "{}",
		"journeys/j/journey.csv":  "stage\r\n",
		"empty/.keep":             "",
	})
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
		{"/docs/journeys/j/journey.csv", 200, "stage\r\n", "text/csv; charset=utf-8"},
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
	// The pages served, newest first and each once, for rebuilds to
	// render first; not the 404 page, a stylesheet or a redirect.
	if got := strings.Join(files.Recent(), " "); got != "a/index.html index.html" {
		t.Errorf("recent pages %q, want a/index.html then index.html", got)
	}
}

// guarded returns the preview's handler for the site at dir, with a hub
// for events and forms that answer "recorded".
func guarded(t *testing.T, allowed ...string) http.Handler {
	t.Helper()
	files, err := serve.NewFiles(site(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { files.Close() })
	forms := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "recorded") })
	return serve.Handler("/", files, forms, serve.NewHub(), allowed...)
}

// call sends a request for target with the given Host and headers to h,
// giving up after a moment (the event stream never ends by itself).
func call(h http.Handler, method, target, host string, header map[string]string) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, method, target, strings.NewReader("name=Ana"))
	req.Host = host
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestHostCheck guards against DNS rebinding: a page on another site whose
// name now points at this machine must not read the preview or its event
// stream, so every request must name this server in its Host header.
func TestHostCheck(t *testing.T) {
	h := guarded(t, "preview.example.com", ".tunnel.example")
	tests := []struct {
		host   string
		status int
	}{
		{"localhost:1313", 200},
		{"LocalHost", 200},
		{"localhost.:1313", 200},
		{"app.localhost:1313", 200},
		{"127.0.0.1:1313", 200},
		{"[::1]:1313", 200},
		{"192.168.1.20:1313", 200}, // what a phone on the LAN sends, with --bind 0.0.0.0
		{"preview.example.com", 200},
		{"a.tunnel.example:443", 200},
		{"tunnel.example", 200},
		{"evil.example:1313", 403},
		{"localhost.evil.example", 403},
		{"127.0.0.1.nip.io:1313", 403},
		{"example.com", 403},
		{"xtunnel.example", 403},
	}
	for _, tc := range tests {
		paths := []string{"/a/"}
		if tc.status == 403 || tc.host == "localhost:1313" {
			paths = append(paths, "/__journey/events")
		}
		for _, path := range paths {
			rec := call(h, http.MethodGet, path, tc.host, nil)
			if rec.Code != tc.status {
				t.Errorf("GET %s with Host %s: status %d, want %d", path, tc.host, rec.Code, tc.status)
			}
			if tc.status == 403 && !strings.Contains(rec.Body.String(), "--allowed-host") {
				t.Errorf("GET %s with Host %s: body %q, want it to say how to allow the host", path, tc.host, rec.Body)
			}
		}
	}
}

// TestCrossOriginPost guards against cross-site request forgery: a page on
// another origin must not post to the preview's forms.
func TestCrossOriginPost(t *testing.T) {
	h := guarded(t)
	tests := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"SameOrigin", map[string]string{"Origin": "http://localhost:1313", "Sec-Fetch-Site": "same-origin"}, 200},
		{"SameOriginWithoutFetchMetadata", map[string]string{"Origin": "http://localhost:1313"}, 200},
		{"NotABrowser", nil, 200},
		{"CrossSite", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
		{"CrossSiteWithoutFetchMetadata", map[string]string{"Origin": "https://evil.example"}, 403},
		{"OtherPort", map[string]string{"Origin": "http://localhost:5173", "Sec-Fetch-Site": "same-site"}, 403},
		{"OtherPortWithoutFetchMetadata", map[string]string{"Origin": "http://localhost:5173"}, 403},
		{"Opaque", map[string]string{"Origin": "null"}, 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := call(h, http.MethodPost, "/__journey/forms/lead", "localhost:1313", tc.header)
			if rec.Code != tc.status {
				t.Errorf("status %d (%s), want %d", rec.Code, strings.TrimSpace(rec.Body.String()), tc.status)
			}
			if tc.status == 200 && rec.Body.String() != "recorded" {
				t.Errorf("body %q, want the form recorded", rec.Body)
			}
		})
	}
}

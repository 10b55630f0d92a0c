package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/journey-ssg/journey/internal/filetest"
)

// TestMetricsEndToEnd runs the real binary: journey collect counts view
// beacons (three from people, one from a crawler) and takes a lead from
// variant b; stopped, it writes the counts; journey metrics pull --db and
// journey build then show them in metrics.json and on the dashboard.
func TestMetricsEndToEnd(t *testing.T) {
	t.Parallel()
	site := collectSite(t)
	db := filepath.Join(t.TempDir(), "collect.db")
	cmd, addr := startCollect(t, site, db, "127.0.0.1:0")
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36"
	beacon := func(v url.Values, agent string) {
		req, _ := http.NewRequest("POST", "http://"+addr+"/views", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		req.Header.Set("Origin", "https://velora.example")
		req.Header.Set("User-Agent", agent)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent || res.Header.Get("Set-Cookie") != "" {
			t.Fatalf("beacon %v: %s %v", v, res.Status, res.Header)
		}
	}
	beacon(url.Values{"p": {"/ride-past-the-traffic/"}, "s": {"google"}, "c": {"autumn"}}, ua)
	beacon(url.Values{"p": {"/ride-past-the-traffic/"}, "v": {"b"}, "s": {"google"}, "c": {"autumn"}}, ua)
	beacon(url.Values{"p": {"/ride-past-the-traffic/"}, "v": {"b"}, "r": {"news.example"}}, ua)
	beacon(url.Values{"p": {"/ride-past-the-traffic/"}}, "Googlebot/2.1 (+http://www.google.com/bot.html)")
	v := url.Values{"email": {"ana@example.com"}, "page": {"/ride-past-the-traffic/"}, "variant": {"b"}, "utm_source": {"google"}}
	req, _ := http.NewRequest("POST", "http://"+addr+"/forms/lead", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Origin", "https://velora.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("lead: %s", res.Status)
	}
	// Stopped, the collector writes the views it counted.
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	for _, f := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, secret := range []string{"127.0.0.1", "6778.85", "Googlebot"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", f, secret)
			}
		}
	}
	// Through the admin API of the collector started again, and from its
	// database: the same file.
	_, addr = startCollect(t, site, db, "127.0.0.1:0", "--token", "s3cret")
	code, stdout, stderr := runBinary(t, site, "metrics", "pull", "--from", "http://"+addr, "--token", "s3cret")
	if code != 0 || !strings.Contains(stdout, "wrote 4 rows") {
		t.Fatalf("metrics pull --from: exit %d\n%s%s", code, stdout, stderr)
	}
	pulled := filepath.Join(site, "content", "metrics", "collected.toml")
	fromAPI := filetest.Read(t, pulled)
	code, stdout, stderr = runBinary(t, site, "metrics", "pull", "--db", db)
	if code != 0 || !strings.Contains(stdout, "wrote 4 rows") {
		t.Fatalf("metrics pull --db: exit %d\n%s%s", code, stdout, stderr)
	}
	if fromDB := filetest.Read(t, pulled); !bytes.Equal(fromAPI, fromDB) {
		t.Errorf("the API's pull:\n%s\nthe database's:\n%s", fromAPI, fromDB)
	}
	if code, _, stderr := runBinary(t, site, "metrics", "pull", "--from", "http://"+addr, "--token", "wrong"); code == 0 || !strings.Contains(stderr, "401") {
		t.Errorf("a wrong token: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runBinary(t, site, "metrics", "pull", "--from", "http://"+addr, "--db", db); code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("--from and --db: exit %d, %s", code, stderr)
	}
	if code, stdout, stderr := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	var m struct {
		Pages []struct {
			Page, Variant                   string
			Views, Visitors, Leads, Reviews int64
			Conversion                      *float64
		}
	}
	if err := json.Unmarshal(filetest.Read(t, filepath.Join(site, "team", "metrics.json")), &m); err != nil {
		t.Fatal(err)
	}
	got := map[string][3]int64{}
	conv := map[string]float64{}
	for _, p := range m.Pages {
		got[p.Page+"/"+p.Variant] = [3]int64{p.Views, p.Visitors, p.Leads}
		if p.Conversion != nil {
			conv[p.Page+"/"+p.Variant] = *p.Conversion
		}
	}
	if got["ride-past-the-traffic/"] != [3]int64{1, 1, 0} || got["ride-past-the-traffic/b"] != [3]int64{2, 2, 1} {
		t.Errorf("metrics.json: %+v", m.Pages)
	}
	if conv["ride-past-the-traffic/b"] != 0.5 || conv["ride-past-the-traffic/"] != 0 {
		t.Errorf("conversions %v, want 50%% on b and 0 on the control", conv)
	}
	dash := string(filetest.Read(t, filepath.Join(site, "team", "index.html")))
	if !strings.Contains(dash, "Not enough data yet") || !strings.Contains(dash, "50%") {
		t.Errorf("the dashboard shows no measured numbers")
	}
}

// TestMetricsImport imports a GA4 page export into the example: the
// landing pages' rows are written, the others listed with their lines.
func TestMetricsImport(t *testing.T) {
	t.Parallel()
	site := newSite(t, t.TempDir(), "s")
	csv := filepath.Join(t.TempDir(), "pages.csv")
	filetest.Write(t, csv, "# Start date: 20261101\n# End date: 20261130\nPage path and screen class,Views,Active users\n/,1730,1204\n/ride-past-the-traffic/,1015,812\n/ride-past-the-traffic/b/,964,790\n")
	code, stdout, stderr := runBinary(t, site, "metrics", "import", csv, "--source", "ga4")
	if code != 0 || !strings.Contains(stdout, "wrote 2 rows") || !strings.Contains(stdout, "pages.csv:4: /") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	toml := string(filetest.Read(t, filepath.Join(site, "content", "metrics", "ga4.toml")))
	if !strings.Contains(toml, "from = 2026-11-01") || !strings.Contains(toml, `page = "/ride-past-the-traffic/b/"`) {
		t.Errorf("ga4.toml:\n%s", toml)
	}
	if code, stdout, stderr := runBinary(t, site, "build"); code != 0 || !strings.Contains(stdout, " 0 warnings") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = runBinary(t, site, "metrics", "import", csv, "--source", "umami")
	if code == 0 || !strings.Contains(stderr, `unknown source "umami"`) {
		t.Errorf("an unknown tool: exit %d, %s", code, stderr)
	}
}

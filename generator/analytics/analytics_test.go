package analytics_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/analytics"
)

// The fixtures are page reports as each tool exports them: Plausible's
// pages.csv from its dashboard export, GA4's "Pages and screens" download
// (comment lines, CRLF, a totals row, "(not set)"), and Matomo's
// Behaviour > Pages export, flattened, in UTF-16LE with a byte order mark.
func TestRead(t *testing.T) {
	want := []analytics.Row{
		{Path: "/ride-past-the-traffic/", Visitors: 812, Views: 1015},
		{Path: "/ride-past-the-traffic/b/", Visitors: 790, Views: 964},
		{Path: "/book-a-test-ride/", Visitors: 233, Views: 301},
	}
	for _, c := range []struct {
		tool, file string
		rows       int
		from, to   time.Time
	}{
		{"plausible", "plausible-pages.csv", 5, time.Time{}, time.Time{}},
		{"ga4", "ga4-pages.csv", 4, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)},
		{"matomo", "matomo-pages.csv", 5, time.Time{}, time.Time{}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			f, err := os.Open("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rep, err := analytics.Read(f, c.tool)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != c.rows || !rep.From.Equal(c.from) || !rep.To.Equal(c.to) {
				t.Fatalf("%d rows, %v to %v: %+v", len(rep.Rows), rep.From, rep.To, rep.Rows)
			}
			got := map[string]analytics.Row{}
			for _, r := range rep.Rows {
				r.Line = 0
				// Plausible writes paths without the trailing slash.
				if !strings.HasSuffix(r.Path, "/") {
					r.Path += "/"
				}
				got[r.Path] = r
			}
			for _, w := range want {
				if got[w.Path] != w {
					t.Errorf("%s: got %+v, want %+v", w.Path, got[w.Path], w)
				}
			}
			if got["/"].Views != 1730 {
				t.Errorf("home: %+v", got["/"])
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	for _, c := range []struct {
		tool, csv, want string
	}{
		{"plausible", "page_path,hits\n/,3\n", `line 1: no page column: a plausible export names it "name"`},
		{"ga4", "# Start date: 20261101\nPage path and screen class,Views\n/,3\n", `line 2: no visitors column: a ga4 export names it "active users"`},
		{"plausible", "name,visitors,pageviews\n/,12.5,3\n", `line 2: visitors: "12.5" is not a whole number`},
		{"plausible", "name,visitors,pageviews\n/,-3,3\n", `line 2: visitors: "-3" is not a count`},
		{"plausible", "name,visitors,pageviews\n/,3\n", "line 2: 2 columns, the header has 3"},
		{"umami", "", `unknown source "umami"`},
		{"plausible", "name,visitors,pageviews\n/\xff,1,1\n", "not UTF-8"},
	} {
		_, err := analytics.Read(strings.NewReader(c.csv), c.tool)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.csv, err, c.want)
		}
	}
	rep, err := analytics.Read(strings.NewReader("name,visitors,pageviews\n/a,\"12,345\",1.234.567\n"), "plausible")
	if err != nil || rep.Rows[0].Visitors != 12345 || rep.Rows[0].Views != 1234567 {
		t.Errorf("grouped thousands: %+v %v", rep, err)
	}
}

// FuzzRead: whatever the file, Read returns rows or an error, never
// panics, and every row has a path that starts with a slash and counts
// that are not negative.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"plausible-pages.csv", "ga4-pages.csv", "matomo-pages.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(1))
		f.Add(b, uint8(2))
	}
	f.Add([]byte("\xff\xfe\x00"), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, tool uint8) {
		tools := analytics.Tools()
		rep, err := analytics.Read(bytes.NewReader(b), tools[int(tool)%len(tools)])
		if err != nil {
			return
		}
		for _, r := range rep.Rows {
			if !strings.HasPrefix(r.Path, "/") || r.Visitors < 0 || r.Views < 0 {
				t.Fatalf("bad row %+v", r)
			}
		}
	})
}

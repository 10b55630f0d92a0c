package content

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/config"
)

func TestParseMetrics(t *testing.T) {
	f := File{Path: "content/metrics/collected.toml", Slug: "collected", Kind: KindMetrics}
	known := config.KnownKeys(docType(KindMetrics))
	docs, problems := parseMetrics(f, []byte("tool = \"collect\"\nfrom = 2026-11-01\n\n[[row]]\nday = 2026-11-02\npage = \"/a/\"\nvariant = \"b\"\nviews = 3\nvisitors = 2\nleads = 1\n"), known)
	if problems.Err() != nil || len(docs) != 1 {
		t.Fatalf("%v %v", docs, problems)
	}
	m := docs[0].(*Metrics)
	if m.Tool != "collect" || m.From.Day() != 1 || len(m.Rows) != 1 || m.Rows[0].Views != 3 || m.Rows[0].Variant != "b" || m.Rows[0].Day.Day() != 2 {
		t.Errorf("read %+v %+v", m, m.Rows)
	}
	_, problems = parseMetrics(f, []byte("[[row]]\npage = \"/a/\"\nviews = -3\n\n[[row]]\nviews = 1\nclicks = 4\n"), known)
	got := problems.Lines()
	for _, want := range []string{
		"content/metrics/collected.toml:1:1: row 1 has a count below zero",
		"content/metrics/collected.toml:5:1: row 2 names no page",
		"clicks",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems:\n%s\nwant %q", got, want)
		}
	}
}

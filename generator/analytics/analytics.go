// Package analytics reads the page reports that web analytics tools
// export as CSV (Plausible, Google Analytics 4, Matomo): for each page
// path, its visitors and pageviews, and the period when the file says
// it. It knows nothing of the site: the caller matches paths to pages.
//
// It imports nothing of journey.
package analytics

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Tools lists the tools whose exports Read reads.
func Tools() []string { return []string{"plausible", "ga4", "matomo"} }

// Row is one page of a report.
type Row struct {
	// Line is the row's line in the file, for messages.
	Line     int
	Path     string
	Visitors int64
	Views    int64
}

// Report is what an export says.
type Report struct {
	Rows []Row
	// From and To are the period when the file states it (GA4 does);
	// zero otherwise.
	From, To time.Time
}

// MaxSize bounds the bytes Read takes: a page report of a million pages
// is far below it.
const MaxSize = 64 << 20

// columns names a tool's columns, each with the names it has had in
// exports, in the order they are tried.
type columns struct {
	path, visitors, views []string
}

func columnsOf(tool string) (columns, bool) {
	switch tool {
	case "plausible":
		// The dashboard's export, pages.csv of its zip.
		return columns{path: []string{"name", "page"}, visitors: []string{"visitors"}, views: []string{"pageviews"}}, true
	case "ga4":
		// Reports > Engagement > Pages and screens, Download file > CSV.
		return columns{
			path:     []string{"page path and screen class", "page path", "page path + query string", "landing page"},
			visitors: []string{"active users", "total users", "users"},
			views:    []string{"views", "screen page views"},
		}, true
	case "matomo":
		// Behaviour > Pages, Export as CSV: translated names, or the
		// API's with translateColumnNames=0; url, when there, beats label.
		return columns{
			path:     []string{"url", "label"},
			visitors: []string{"unique pageviews", "nb_visits", "unique visitors", "nb_uniq_visitors"},
			views:    []string{"pageviews", "nb_hits"},
		}, true
	}
	return columns{}, false
}

// Read reads a tool's page export. Rows without a path (totals) are
// skipped; a row whose numbers cannot be read is an error naming its line.
func Read(r io.Reader, tool string) (*Report, error) {
	cols, ok := columnsOf(tool)
	if !ok {
		return nil, fmt.Errorf("unknown source %q: use %s", tool, strings.Join(Tools(), ", "))
	}
	raw, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxSize {
		return nil, fmt.Errorf("the file is over %d MiB: not a page report", MaxSize>>20)
	}
	text, err := decode(raw)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	body, skipped := comments(text, rep)
	cr := csv.NewReader(strings.NewReader(body))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("line %d: no header: %w", skipped+1, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	find := func(what string, names []string) (int, error) {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i, nil
			}
		}
		return 0, fmt.Errorf("line %d: no %s column: a %s export names it %q", skipped+1, what, tool, names[0])
	}
	pi, err := find("page", cols.path)
	if err != nil {
		return nil, err
	}
	vi, err := find("visitors", cols.visitors)
	if err != nil {
		return nil, err
	}
	wi, err := find("pageviews", cols.views)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %w", pe.Line+skipped, pe.Err)
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		line += skipped
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if pi >= len(rec) || vi >= len(rec) || wi >= len(rec) {
			return nil, fmt.Errorf("line %d: %d columns, the header has %d", line, len(rec), len(header))
		}
		p := path(rec[pi])
		if p == "" {
			continue
		}
		row := Row{Line: line, Path: p}
		if row.Visitors, err = count(rec[vi]); err != nil {
			return nil, fmt.Errorf("line %d: visitors: %w", line, err)
		}
		if row.Views, err = count(rec[wi]); err != nil {
			return nil, fmt.Errorf("line %d: pageviews: %w", line, err)
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// decode returns the file as UTF-8: Matomo writes UTF-16 with a byte
// order mark, spreadsheets add a UTF-8 one.
func decode(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}), bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		le := b[0] == 0xff
		b = b[2:]
		u := make([]uint16, len(b)/2)
		for i := range u {
			if le {
				u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
			} else {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			}
		}
		return string(utf16.Decode(u)), nil
	}
	b = bytes.TrimPrefix(b, []byte{0xef, 0xbb, 0xbf})
	if !utf8.Valid(b) {
		return "", errors.New("the file is not UTF-8 or UTF-16 text")
	}
	return string(b), nil
}

// comments takes the lines starting with # before the header (GA4's
// account, property and dates) and the blank lines among them, reading
// the period from them; it returns the rest and how many lines it took.
func comments(text string, rep *Report) (string, int) {
	n := 0
	rest := text
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		rest = after
		n++
		for _, f := range []struct {
			label string
			to    *time.Time
		}{{"# start date:", &rep.From}, {"# end date:", &rep.To}} {
			if v, ok := cutPrefixFold(t, f.label); ok {
				if d, err := time.Parse("20060102", strings.TrimSpace(v)); err == nil {
					*f.to = d
				}
			}
		}
	}
	return rest, n
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}

// path turns a report's page into a path: a full URL's path, a label
// given a leading slash, Matomo's "/index" for a folder's page dropped.
func path(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "(") { // GA4's (not set), (other)
		return ""
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		u, err := url.Parse(s)
		if err != nil {
			return ""
		}
		s = u.EscapedPath()
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	if strings.HasSuffix(s, "/index") {
		s = strings.TrimSuffix(s, "index")
	}
	return s
}

// count reads a count: digits, maybe grouped with commas, dots, spaces
// or apostrophes, as spreadsheets write thousands.
func count(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ',', '.', ' ', '\u00a0', '\u202f', '\'':
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(s, ".,") && !grouped(s) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	return n, nil
}

// grouped reports whether the commas or dots in s group digits by three,
// as in 12,345 or 1.234.567, rather than mark a fraction.
func grouped(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '.' })
	if len(parts) < 2 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

package collect

import (
	"encoding/csv"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/formwire"
)

// column is a CSV column that every submission has.
type column struct {
	name  string
	value func(*Submission) string
}

// columns are the CSV columns before the fields'. A field named like one
// of them, the page's own page field, is left out: the column says it.
func columns() []column {
	return []column{
		{"id", func(s *Submission) string { return strconv.FormatInt(s.ID, 10) }},
		{"time", func(s *Submission) string { return s.Time.Format(time.RFC3339) }},
		{"form", func(s *Submission) string { return s.Form }},
		{"page", func(s *Submission) string { return s.Page }},
		{"status", func(s *Submission) string { return s.Status }},
		{"spam", func(s *Submission) string { return strconv.FormatBool(s.Spam) }},
	}
}

// exportCSV streams the submissions a request selects as CSV, one column
// per field. A first pass reads which fields there are, the second writes
// the rows, up to the last submission the first pass saw; neither holds
// more than a page of submissions.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) {
	f, err := filterOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	cols := columns()
	names := map[string]bool{}
	last := f.After
	err = s.each(r, f, func(sub *Submission) bool {
		for k := range sub.Fields {
			names[k] = true
		}
		last = sub.ID
		return true
	})
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	var fields []string
	for k := range names {
		if !formwire.Machinery(k) && !slices.ContainsFunc(cols, func(c column) bool { return c.name == k }) {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="submissions.csv"`)
	cw := csv.NewWriter(w)
	row := make([]string, 0, len(cols)+len(fields))
	for _, c := range cols {
		row = append(row, c.name)
	}
	cw.Write(append(row, fields...))
	err = s.each(r, f, func(sub *Submission) bool {
		if sub.ID > last {
			return false
		}
		row = row[:0]
		for _, c := range cols {
			row = append(row, c.value(sub))
		}
		for _, k := range fields {
			row = append(row, csvSafe(sub.Fields[k]))
		}
		cw.Write(row)
		return true
	})
	cw.Flush()
	if err != nil {
		// The answer has begun: breaking it off is the one way left to
		// tell the client that it is not whole.
		s.o.Log.Error("CSV export cut short", "err", err)
		panic(http.ErrAbortHandler)
	}
}

// each calls fn with each submission f selects, in order, reading a page
// at a time, until fn returns false.
func (s *Server) each(r *http.Request, f Filter, fn func(*Submission) bool) error {
	f.Limit = maxLimit
	for {
		subs, err := s.o.Store.List(r.Context(), f)
		if err != nil {
			return err
		}
		for i := range subs {
			if !fn(&subs[i]) {
				return nil
			}
		}
		if len(subs) < f.Limit {
			return nil
		}
		f.After = subs[len(subs)-1].ID
	}
}

// csvSafe keeps a spreadsheet from reading a visitor's text as a formula.
func csvSafe(v string) string {
	// Spreadsheets set to ';' as the separator split a cell there, so
	// each piece is guarded as if it began a cell.
	parts := strings.Split(v, ";")
	for i, p := range parts {
		t := strings.TrimLeft(p, " ")
		if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
			parts[i] = p[:len(p)-len(t)] + "'" + t
		}
	}
	return strings.Join(parts, ";")
}

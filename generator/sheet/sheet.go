// Package sheet writes journeys as spreadsheets (journey.csv) and reads
// such spreadsheets back into journey files: `journey import csv`.
//
// A sheet has one row per step and a header row naming the columns: stage
// (a stage's key), title, then one column per lane of the map in the
// map's order, the metrics lane as one column per metric, metric:<key>.
// A list lane's entries are joined by "; ", with a semicolon inside an
// entry doubled. The rules of a cell, from formula guard to number format,
// are defined here once for both directions.
//
// It imports config, diag and site.
package sheet

import (
	"math"
	"strconv"
	"strings"
)

// Column names besides the lanes'.
const (
	StageColumn  = "stage"
	TitleColumn  = "title"
	MomentColumn = "moment"
	MetricPrefix = "metric:"
)

// ListSeparator joins a list lane's entries in a cell.
const ListSeparator = "; "

// Formula guard. Spreadsheet apps run a cell that starts with = + - or @
// as a formula (and some a tab or a carriage return before one), so a
// journey's text could run code on the machine of whoever opens its CSV.
// A text cell that starts with one of these gets an apostrophe in front,
// which spreadsheets read as "this is text" and do not show; so does one
// that starts with an apostrophe followed by a guarded start, so that
// reading strips exactly what writing added. Numbers (emotion, metrics)
// are written as plain numbers, which no spreadsheet runs.
const formulaStarts = "=+-@\t\r"

// guarded reports whether s needs the apostrophe.
func guarded(s string) bool {
	for strings.HasPrefix(s, "'") {
		s = s[1:]
	}
	return s != "" && strings.ContainsRune(formulaStarts, rune(s[0]))
}

// escapeCell returns the text s as it is written in a cell.
func escapeCell(s string) string {
	if guarded(s) {
		return "'" + s
	}
	return s
}

// unescapeCell returns the text of a cell as written by escapeCell.
func unescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && guarded(s[1:]) {
		return s[1:]
	}
	return s
}

// joinList writes a list lane's entries in one cell.
func joinList(entries []string) string {
	quoted := make([]string, len(entries))
	for i, e := range entries {
		quoted[i] = strings.ReplaceAll(e, ";", ";;")
	}
	return escapeCell(strings.Join(quoted, ListSeparator))
}

// splitList reads a list lane's cell: entries are separated by one
// semicolon, ";;" is a semicolon inside an entry, and entries are trimmed;
// empty ones are dropped.
func splitList(cell string) []string {
	cell = unescapeCell(cell)
	var out []string
	var b strings.Builder
	flush := func() {
		if e := strings.TrimSpace(b.String()); e != "" {
			out = append(out, e)
		}
		b.Reset()
	}
	for i := 0; i < len(cell); i++ {
		switch {
		case cell[i] == ';' && i+1 < len(cell) && cell[i+1] == ';':
			b.WriteByte(';')
			i++
		case cell[i] == ';':
			flush()
		default:
			b.WriteByte(cell[i])
		}
	}
	flush()
	return out
}

// formatNumber writes a metric's value: whole numbers as integers, others
// in the shortest form that reads back as the same number, valid in both
// TOML and a spreadsheet.
func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

package sheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/site"
)

// header reads the header row into columns.
func (r *reader) header(cr *csv.Reader, rec []string) ([]column, error) {
	var cols []column
	seen := map[string]string{}
	names := []string{StageColumn, TitleColumn, MomentColumn} // the columns a sheet may name, for messages
	for _, l := range r.opts.Lanes {
		if l.Kind != site.LaneMetrics {
			names = append(names, l.Key)
		}
	}
	hasStage := false
	for i, cell := range rec {
		name := strings.TrimSpace(unescapeCell(cell))
		c := column{name: name, letter: letter(i)}
		lower := strings.ToLower(name)
		if len(name) >= len(MetricPrefix) && strings.EqualFold(name[:len(MetricPrefix)], MetricPrefix) {
			key := strings.TrimSpace(name[len(MetricPrefix):])
			c.kind, c.key = "metric", key
			if key == "" {
				cols = append(cols, column{name: name, kind: ignored, letter: c.letter})
				if err := r.add(r.cellPos(cr, i), "row 1, column %s: %q names no metric; write metric:<key>, such as metric:visitors", c.letter, name); err != nil {
					return nil, err
				}
				continue
			}
		} else {
			c.key = lower
			switch {
			case name == "":
			case lower == StageColumn || lower == TitleColumn || lower == MomentColumn:
				c.kind = lower
				hasStage = hasStage || lower == StageColumn
			case slices.ContainsFunc(r.opts.Lanes, func(l site.Lane) bool { return l.Key == lower && l.Kind != site.LaneMetrics }):
				c.kind = r.lane(lower).Kind
			default:
				hint := ""
				if s := suggest(lower, names); s != "" {
					hint = fmt.Sprintf("did you mean %q? ", s)
				}
				cols = append(cols, column{name: name, kind: ignored, letter: c.letter})
				if err := r.add(r.cellPos(cr, i), "row 1, column %s: unknown column %q; %sthe columns are %s, and metric:<key> for a metric; a lane of your own is a column once journey.toml declares it ([[lanes]])", c.letter, name, hint, strings.Join(names, ", ")); err != nil {
					return nil, err
				}
				continue
			}
		}
		id := c.kind + ":" + c.key
		if first, dup := seen[id]; dup && name != "" {
			cols = append(cols, column{name: name, kind: ignored, letter: c.letter})
			if err := r.add(r.cellPos(cr, i), "row 1, column %s: column %q is also column %s; a sheet has each column once", c.letter, name, first); err != nil {
				return nil, err
			}
			continue
		}
		seen[id] = c.letter
		cols = append(cols, c)
	}
	if !hasStage {
		return nil, r.add(diag.Pos{File: r.file, Line: 1}, "row 1: no stage column; the first row names the columns, and a step needs its stage")
	}
	return cols, nil
}

func (r *reader) lane(key string) site.Lane {
	for _, l := range r.opts.Lanes {
		if l.Key == key {
			return l
		}
	}
	return site.Lane{}
}

// laneOrder returns the lanes cols name, in their order, the metric
// columns as the metrics lane.
func laneOrder(cols []column) []string {
	var out []string
	for _, c := range cols {
		lane := c.key
		switch c.kind {
		case "", ignored, StageColumn, TitleColumn, MomentColumn:
			continue
		case "metric":
			lane = "metrics"
		}
		if !slices.Contains(out, lane) {
			out = append(out, lane)
		}
	}
	return out
}

// inDefaultOrder reports whether the sheet's lanes come in the order a map
// shows them anyway; if not, the journey chooses their order with lanes.
func (r *reader) inDefaultOrder() bool {
	i := 0
	for _, l := range r.opts.Lanes {
		if i < len(r.lanes) && r.lanes[i] == l.Key {
			i++
		}
	}
	return i == len(r.lanes)
}

func baseName(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		return file[i+1:]
	}
	return file
}

// tomlKey writes a key bare when TOML allows it, quoted otherwise.
func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return config.Quote(k)
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// blank reports whether every cell of rec is empty, as in the trailing
// rows spreadsheets write.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// semicolons reports whether the header row is separated by semicolons,
// as spreadsheets in locales with a decimal comma write it.
func semicolons(src []byte) bool {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	return bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(","))
}

// letter names the i-th column (from 0) as spreadsheets do: A to Z, then
// AA.
func letter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// suggest is config.Suggest for names short enough to compare.
func suggest(name string, known []string) string {
	if len(name) > 64 {
		return ""
	}
	return config.Suggest(name, known)
}

// invalidUTF8 returns the position of the first byte of src that is not
// UTF-8.
func invalidUTF8(file string, src []byte) diag.Pos {
	line, col := 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		src = src[size:]
	}
	return diag.Pos{File: file, Line: line, Col: col}
}

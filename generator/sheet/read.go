package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/site"
)

// Limits on what Journey reads: a spreadsheet larger than MaxSize bytes or
// with more than MaxRows steps is refused, and reading stops after
// maxProblems problems.
const (
	MaxSize     = 8 << 20
	MaxRows     = 1000
	maxProblems = 50
)

// Options say what to make of a sheet.
type Options struct {
	// Title is the journey's title, Persona its persona's slug.
	Title, Persona string
	// Lanes are the lanes a column may name, in the map's default order.
	Lanes []site.Lane
}

// ignored is the kind of a column whose header is reported: its cells are
// not read.
const ignored = "ignored"

// column is what a column of the sheet holds.
type column struct {
	name   string // as the header names it, for messages
	kind   string // StageColumn, TitleColumn, a lane's kind, "metric", ignored, or "" for a blank column
	key    string // the step's key in the journey file; a metric's key
	letter string // A, B, …, AA as spreadsheets name columns
}

// reader holds the state of one Journey.
type reader struct {
	file string
	cfg  *config.Config
	opts Options
	semi bool // the sheet is separated by semicolons
	// lanes are the lanes the columns name, in their order.
	lanes    []string
	problems diag.List
}

// errTooMany stops reading once the problems reach maxProblems.
var errTooMany = errors.New("too many problems")

// Journey reads a sheet, the contents of file, and returns the text of a
// journey file for a site with the stages of cfg. The sheet may be
// separated by commas or semicolons, start with a UTF-8 byte-order mark,
// and hold line breaks inside quoted cells, as Excel, LibreOffice and
// Google Sheets write it. Every problem is reported with the row and the
// column of its cell (and the line and column in the file), and then no
// journey is made.
func Journey(file string, src []byte, cfg *config.Config, opts Options) (string, diag.List) {
	r := &reader{file: file, cfg: cfg, opts: opts}
	steps, err := r.read(src)
	if err == errTooMany {
		r.problems.Add(diag.Errorf(diag.Pos{File: file}, "stopped after %d problems; fix these and run the import again", maxProblems))
	}
	if len(r.problems) > 0 {
		return "", r.problems
	}
	return r.text(steps), nil
}

// read checks src and returns each step's lines of TOML.
func (r *reader) read(src []byte) ([][]string, error) {
	filePos := diag.Pos{File: r.file}
	switch {
	case len(src) > MaxSize:
		return nil, r.add(filePos, "the file has %d bytes; a journey's sheet may have at most %d", len(src), MaxSize)
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return nil, r.add(filePos, "the file is UTF-16 text; save it as \"CSV UTF-8\"")
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !utf8.Valid(src) {
		return nil, r.add(invalidUTF8(r.file, src), "the file is not UTF-8 text; save it as \"CSV UTF-8\"")
	}
	r.semi = semicolons(src)
	cr := csv.NewReader(bytes.NewReader(src))
	if r.semi {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, r.add(diag.Pos{File: r.file, Line: 1}, "the file is empty: the first row names the columns (stage, title, and a column per lane)")
	}
	if err != nil {
		return nil, r.csvError(err, 1)
	}
	cols, err := r.header(cr, header)
	if err != nil || !slices.ContainsFunc(cols, func(c column) bool { return c.kind == StageColumn }) {
		return nil, err
	}
	r.lanes = laneOrder(cols)
	var steps [][]string
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, r.csvError(err, row)
		}
		if blank(rec) {
			continue
		}
		if len(steps) == MaxRows {
			return nil, r.add(r.cellPos(cr, 0), "row %d: a journey's sheet may have at most %d steps", row, MaxRows)
		}
		step, err := r.row(cr, row, cols, rec)
		if err != nil {
			return nil, err
		}
		steps = append(steps, step)
	}
	if len(steps) == 0 && len(r.problems) == 0 {
		return nil, r.add(diag.Pos{File: r.file, Line: 2}, "the sheet has no steps: add a row per step below the header")
	}
	return steps, nil
}

// add reports a problem at pos, and errTooMany once there are enough.
func (r *reader) add(pos diag.Pos, format string, args ...any) error {
	r.problems.Add(diag.Errorf(pos, format, args...))
	if len(r.problems) >= maxProblems {
		return errTooMany
	}
	return nil
}

// csvError reports a malformed row, such as a quote left open.
func (r *reader) csvError(err error, row int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return r.add(diag.Pos{File: r.file, Line: pe.Line, Col: pe.Column}, "row %d: %v (a quote inside a cell is written twice, and a quoted cell ends with a quote)", row, pe.Err)
	}
	return r.add(diag.Pos{File: r.file}, "row %d: %v", row, err)
}

// cellPos is the position of field i of the row cr read last.
func (r *reader) cellPos(cr *csv.Reader, i int) diag.Pos {
	line, col := cr.FieldPos(i)
	return diag.Pos{File: r.file, Line: line, Col: col}
}

// row reads one step.
func (r *reader) row(cr *csv.Reader, row int, cols []column, rec []string) ([]string, error) {
	var lines, metrics []string
	for i, cell := range rec {
		if i >= len(cols) {
			if strings.TrimSpace(cell) != "" {
				if err := r.add(r.cellPos(cr, i), "row %d, column %s: a cell beyond the last named column; name its column in row 1", row, letter(i)); err != nil {
					return nil, err
				}
			}
			continue
		}
		c := cols[i]
		problem := func(format string, args ...any) error {
			return r.add(r.cellPos(cr, i), "row %d, column %s (%s): %s", row, c.letter, c.name, fmt.Sprintf(format, args...))
		}
		var err error
		switch c.kind {
		case "":
			if strings.TrimSpace(cell) != "" {
				err = r.add(r.cellPos(cr, i), "row %d, column %s: the column has no name in row 1", row, c.letter)
			}
		case StageColumn:
			v := strings.TrimSpace(unescapeCell(cell))
			key, ok := r.stage(v)
			switch {
			case v == "":
				err = problem("a step needs a stage; use one of %s", strings.Join(r.cfg.StageKeys(), ", "))
			case !ok:
				hint := ""
				if s := suggest(v, r.cfg.StageKeys()); s != "" {
					hint = fmt.Sprintf("did you mean %q? ", s)
				}
				err = problem("unknown stage %q; %sthe stages are %s", v, hint, strings.Join(r.cfg.StageKeys(), ", "))
			default:
				lines = append(lines, "stage = "+config.Quote(key))
			}
		case TitleColumn, site.LaneText:
			if v := unescapeCell(cell); v != "" {
				lines = append(lines, c.key+" = "+config.Quote(v))
			}
		case site.LaneList:
			if entries := splitList(cell); len(entries) > 0 {
				quoted := make([]string, len(entries))
				for k, e := range entries {
					quoted[k] = config.Quote(e)
				}
				lines = append(lines, c.key+" = ["+strings.Join(quoted, ", ")+"]")
			}
		case MomentColumn:
			v := strings.ToLower(strings.TrimSpace(cell))
			switch {
			case v == "":
			case slices.Contains(site.Moments(), v):
				lines = append(lines, "moment = "+config.Quote(v))
			default:
				err = problem("unknown moment %q; use one of %s, or leave it empty", v, strings.Join(site.Moments(), ", "))
			}
		case site.LaneEmotion:
			v := strings.TrimSpace(cell)
			if v == "" {
				break
			}
			if n, perr := strconv.Atoi(v); perr != nil || n < 1 || n > 5 {
				err = problem("emotion %q must be a whole number from 1 (very negative) to 5 (very positive), or empty", v)
			} else {
				lines = append(lines, "emotion = "+v)
			}
		case "metric":
			v := strings.TrimSpace(cell)
			if v == "" {
				break
			}
			n, ok := r.number(v)
			switch {
			case r.semi && dotGrouped.MatchString(v):
				err = problem("%q could be thousands or a decimal; write the number without a thousands separator", v)
			case ok:
				metrics = append(metrics, tomlKey(c.key)+" = "+formatNumber(n))
			default:
				err = problem("%q is not a number; write it as 48000, 0.08 or 8%%", v)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if !slices.ContainsFunc(cols[:min(len(cols), len(rec))], func(c column) bool { return c.kind == StageColumn }) {
		if err := r.add(r.cellPos(cr, 0), "row %d: the row ends before its stage column", row); err != nil {
			return nil, err
		}
	}
	if len(metrics) > 0 {
		lines = append(lines, "metrics = { "+strings.Join(metrics, ", ")+" }")
	}
	return lines, nil
}

// stage returns the key of the stage whose key or name is v, ignoring
// case.
func (r *reader) stage(v string) (string, bool) {
	for _, st := range r.cfg.Stages {
		if strings.EqualFold(st.Key, v) || strings.EqualFold(st.Name, v) {
			return st.Key, true
		}
	}
	return "", false
}

// number reads a metric: a plain decimal number, in a semicolon-separated
// sheet also with a decimal comma (0,08), and a percentage (8%) as its
// fraction.
func (r *reader) number(v string) (float64, bool) {
	pct := strings.HasSuffix(v, "%")
	v = strings.TrimSpace(strings.TrimSuffix(v, "%"))
	if r.semi && !strings.Contains(v, ".") {
		v = strings.Replace(v, ",", ".", 1)
	}
	if !plainNumber.MatchString(v) {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(n, 0) {
		return 0, false
	}
	if pct {
		n /= 100
	}
	return n, true
}

// plainNumber is a decimal number as spreadsheets write one; ParseFloat
// alone would also take hexadecimal, Inf and NaN.
var plainNumber = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// dotGrouped is a number with dots between groups of three digits: in a
// semicolon-separated sheet, written where a decimal comma is the custom,
// 48.000 means 48000, yet it reads as 48.
var dotGrouped = regexp.MustCompile(`^[-+]?\d{1,3}(\.\d{3})+%?$`)

// text returns the journey file.
func (r *reader) text(steps [][]string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", config.Quote(r.opts.Title))
	fmt.Fprintf(&b, "persona = %s\n", config.Quote(r.opts.Persona))
	fmt.Fprintf(&b, "description = %s\n", config.Quote("Imported from "+baseName(r.file)+"."))
	if !r.inDefaultOrder() {
		quoted := make([]string, len(r.lanes))
		for i, l := range r.lanes {
			quoted[i] = config.Quote(l)
		}
		fmt.Fprintf(&b, "lanes = [%s]\n", strings.Join(quoted, ", "))
	}
	for _, lines := range steps {
		b.WriteString("\n[[steps]]\n")
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	b.WriteString("+++\n")
	return b.String()
}

package content

import (
	"bytes"
	"unicode/utf8"

	"github.com/journey-ssg/journey/generator/diag"
)

// Delimiter opens and closes TOML front matter.
const Delimiter = "+++"

// Split separates the TOML front matter of a Markdown file from its body.
// The front matter sits between two lines that hold only +++, the first of
// them on the file's first line. hasFront is false when the file has no front
// matter; then body is all of src. bodyLine is the line the body starts on.
// An error names the line to fix, relative to src.
func Split(file string, src []byte) (front, body []byte, bodyLine int, hasFront bool, err *diag.Error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, _ := cutLine(src)
	switch string(bytes.TrimRight(first, " \t")) {
	case Delimiter:
	case "---":
		return nil, nil, 0, false, diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1},
			"front matter must be TOML between +++ lines; YAML front matter (---) is not supported")
	default:
		return nil, src, 1, false, nil
	}
	for r, line := rest, 2; ; line++ {
		l, next, ok := cutLine(r)
		if string(bytes.TrimRight(l, " \t")) == Delimiter {
			return rest[:len(rest)-len(r)], next, line + 1, true, nil
		}
		if !ok {
			break
		}
		r = next
	}
	return nil, nil, 0, false, diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1},
		"front matter is not closed: add a line with +++ after the last key")
}

// cutLine returns the first line of b without its line ending, the rest
// after it, and whether a line ending was found.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}

// checkUTF8 returns an error at the first byte of src that is not valid
// UTF-8, or nil.
func checkUTF8(file string, src []byte) *diag.Error {
	if utf8.Valid(src) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[i])
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return nil
}

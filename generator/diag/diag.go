// Package diag holds positioned diagnostics: a position in a source file, an
// error or warning at that position, and a list that gathers many of them so a
// build can report every problem at once.
//
// It is the bottom layer of the generator and imports nothing but the
// standard library.
package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col start at 1; zero means
// unknown, and such parts are left out when the position is printed.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return p.File
	}
}

// Severity tells an error from a warning.
type Severity int

// The severities. A build fails on errors only.
const (
	SevError Severity = iota
	SevWarning
)

// Error is one problem in a source file.
type Error struct {
	Pos      Pos
	Msg      string
	Severity Severity
	// Err is the underlying cause, if any; it is reachable through Unwrap.
	Err error
}

// Error formats e as "file:line:col: message", with "warning: " before the
// message of a warning.
func (e *Error) Error() string {
	msg := e.Msg
	if e.Severity == SevWarning {
		msg = "warning: " + msg
	}
	if e.Pos.File == "" {
		return msg
	}
	return e.Pos.String() + ": " + msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error at pos with a formatted message.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// FileError returns err as an error in file, for a file that could not be
// read. Its message leaves out the operation and path that a *fs.PathError
// adds, which would name the file a second time. When the path is a folder
// above file (a link on the way to it), the error is at that folder.
func FileError(file string, err error) *Error {
	e := &Error{Pos: Pos{File: file}, Msg: err.Error(), Err: err}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		e.Msg = pe.Err.Error()
		if strings.HasPrefix(file, pe.Path+"/") {
			e.Pos.File = pe.Path
		}
	}
	return e
}

// Warnf returns a warning at pos with a formatted message.
func Warnf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Severity: SevWarning}
}

// List gathers problems. The zero value is an empty list ready to use. A List
// is not safe for concurrent use; collect per worker and Append.
type List []*Error

// Add appends e.
func (l *List) Add(e *Error) { *l = append(*l, e) }

// Append appends every problem held by err: the members of a List, a single
// *Error, or any other error as a message without position. A nil err adds
// nothing.
func (l *List) Append(err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: err.Error(), Err: err})
}

// Sort orders the list by file, line and column, then by message, and drops
// exact duplicates.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Errors returns the members that are errors, not warnings.
func (l List) Errors() List { return l.filter(SevError) }

// Warnings returns the members that are warnings.
func (l List) Warnings() List { return l.filter(SevWarning) }

func (l List) filter(s Severity) List {
	var out List
	for _, e := range l {
		if e.Severity == s {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list's errors as an error, or nil when it holds none.
// Warnings alone do not make an error.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return errs
}

// Error prints the first problem and how many more there are.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Unwrap returns the members, so errors.Is and errors.As see their causes.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Lines prints every problem on its own line.
func (l List) Lines() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

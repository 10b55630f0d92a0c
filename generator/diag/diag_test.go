package diag_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/journey-ssg/journey/generator/diag"
)

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *diag.Error
		want string
	}{
		{diag.Errorf(diag.Pos{File: "a.md", Line: 3, Col: 7}, "bad %s", "x"), "a.md:3:7: bad x"},
		{diag.Errorf(diag.Pos{File: "a.md", Line: 3}, "bad"), "a.md:3: bad"},
		{diag.Errorf(diag.Pos{File: "a.md"}, "bad"), "a.md: bad"},
		{diag.Errorf(diag.Pos{}, "bad"), "bad"},
		{diag.Warnf(diag.Pos{File: "a.md", Line: 1}, "odd"), "a.md:1: warning: odd"},
		{diag.FileError("static/a.png", &fs.PathError{Op: "open", Path: "a.png", Err: fs.ErrPermission}), "static/a.png: permission denied"},
		{diag.FileError("themes/x/layouts", &fs.PathError{Op: "stat", Path: "themes", Err: errors.New("a link")}), "themes: a link"},
		{diag.FileError("a.md", errors.New("plain")), "a.md: plain"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestList(t *testing.T) {
	var l diag.List
	if l.Err() != nil {
		t.Fatal("empty list has an error")
	}
	l.Add(diag.Warnf(diag.Pos{File: "b.md", Line: 1}, "w"))
	if l.Err() != nil {
		t.Fatal("warnings alone make an error")
	}
	l.Add(diag.Errorf(diag.Pos{File: "b.md", Line: 9}, "late"))
	l.Add(diag.Errorf(diag.Pos{File: "a.md", Line: 2}, "early"))
	l.Add(diag.Errorf(diag.Pos{File: "a.md", Line: 2}, "early"))
	cause := errors.New("cause")
	l.Append(fmt.Errorf("wrapped: %w", diag.List{{Pos: diag.Pos{File: "c.md"}, Msg: "inner", Err: cause}}))
	l.Append(errors.New("plain"))
	l.Sort()
	if got, want := len(l), 5; got != want {
		t.Fatalf("got %d problems after dropping the duplicate, want %d:\n%s", got, want, l.Lines())
	}
	err := l.Err()
	if err == nil || err.Error() != "plain (and 3 more errors)" {
		t.Errorf("Err() = %v", err)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is not reachable with errors.Is")
	}
	var list diag.List
	if !errors.As(err, &list) || len(list) != 4 || list[1].Pos.File != "a.md" {
		t.Errorf("errors sorted by position: %v", list.Lines())
	}
}

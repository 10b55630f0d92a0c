package content_test

import (
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/content"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		front     string
		body      string
		bodyLine  int
		hasFront  bool
		wantError string
	}{
		{name: "OK", src: "+++\ntitle = \"A\"\n+++\nBody\n", front: "title = \"A\"\n", body: "Body\n", bodyLine: 4, hasFront: true},
		{name: "CRLF", src: "+++\r\ntitle = 1\r\n+++\r\nBody", front: "title = 1\r\n", body: "Body", bodyLine: 4, hasFront: true},
		{name: "BOM", src: "\xef\xbb\xbf+++\na = 1\n+++\n", front: "a = 1\n", body: "", bodyLine: 4, hasFront: true},
		{name: "TrailingSpaces", src: "+++  \na = 1\n+++\t\nx", front: "a = 1\n", body: "x", bodyLine: 4, hasFront: true},
		{name: "EmptyFront", src: "+++\n+++\nx", front: "", body: "x", bodyLine: 3, hasFront: true},
		{name: "NoNewlineAfterClose", src: "+++\na = 1\n+++", front: "a = 1\n", body: "", bodyLine: 4, hasFront: true},
		{name: "DelimiterInBody", src: "+++\na = 1\n+++\nText\n+++\nMore", front: "a = 1\n", body: "Text\n+++\nMore", bodyLine: 4, hasFront: true},
		{name: "DelimiterInString", src: "+++\na = \"+++\"\n+++\nx", front: "a = \"+++\"\n", body: "x", bodyLine: 4, hasFront: true},
		{name: "NoFront", src: "# Title\n", body: "# Title\n", bodyLine: 1},
		{name: "Empty", src: "", body: "", bodyLine: 1},
		{name: "Unclosed", src: "+++\ntitle = \"A\"\nBody\n", wantError: "f.md:1:1: front matter is not closed: add a line with +++ after the last key"},
		{name: "OnlyOpening", src: "+++", wantError: "f.md:1:1: front matter is not closed"},
		{name: "YAML", src: "---\ntitle: A\n---\n", wantError: "f.md:1:1: front matter must be TOML between +++ lines"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			front, body, line, has, err := content.Split("f.md", []byte(tc.src))
			if tc.wantError != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantError) {
					t.Fatalf("got error %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if string(front) != tc.front || string(body) != tc.body || line != tc.bodyLine || has != tc.hasFront {
				t.Errorf("got front %q body %q line %d has %v, want %q %q %d %v", front, body, line, has, tc.front, tc.body, tc.bodyLine, tc.hasFront)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"+++\na = 1\n+++\nbody", "+++\r\n+++\r\n", "---\n", "+++", "x\n+++\n", "\xef\xbb\xbf+++\n+++"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, has, err := content.Split("f.md", src)
		if err != nil {
			if front != nil || body != nil {
				t.Fatalf("error %v with output", err)
			}
			return
		}
		if line < 1 {
			t.Fatalf("body line %d < 1", line)
		}
		if !has && len(front) != 0 {
			t.Fatalf("front %q without front matter", front)
		}
		// The body is a suffix of the input and starts on bodyLine.
		if !strings.HasSuffix(string(src), string(body)) {
			t.Fatalf("body %q is not a suffix of the input", body)
		}
		if has && len(body) > 0 {
			prefix := string(src[:len(src)-len(body)])
			prefix = strings.TrimPrefix(prefix, "\xef\xbb\xbf")
			if got := strings.Count(prefix, "\n") + 1; got != line {
				t.Fatalf("body line %d, but the body starts after %d line breaks", line, got-1)
			}
		}
	})
}

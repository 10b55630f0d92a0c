// Package golden compares test output with files under testdata/ and
// rewrites them when tests run with -update.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update is the test binary's -update flag.
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// Updating reports whether the test run rewrites golden files.
func Updating() bool { return *update }

// Equal compares got with the golden file at path, rewriting the file
// instead when -update is set. Line endings are normalised to \n. A
// mismatch fails the test with a line diff.
func Equal(tb testing.TB, path string, got []byte) {
	tb.Helper()
	got = bytes.ReplaceAll(got, []byte("\r\n"), []byte("\n"))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	want = bytes.ReplaceAll(want, []byte("\r\n"), []byte("\n"))
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from the output (run with -update if the change is right):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff returns a short line diff of want and got: the first differing lines
// with a little context, marked - (want) and + (got).
func Diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	j := 0
	for j < len(wl)-i && j < len(gl)-i && wl[len(wl)-1-j] == gl[len(gl)-1-j] {
		j++
	}
	var b strings.Builder
	from := max(i-2, 0)
	for k := from; k < i; k++ {
		fmt.Fprintf(&b, "  %d: %s\n", k+1, clip(wl[k]))
	}
	for k := i; k < len(wl)-j && k < i+20; k++ {
		fmt.Fprintf(&b, "- %d: %s\n", k+1, clip(wl[k]))
	}
	for k := i; k < len(gl)-j && k < i+20; k++ {
		fmt.Fprintf(&b, "+ %d: %s\n", k+1, clip(gl[k]))
	}
	return b.String()
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

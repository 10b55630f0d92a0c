// Package filetest changes files for tests. Each function fails the test
// at once when its change cannot be made, so that a test never goes on
// as if an edit had happened when it did not.
//
// A test that expects a change to fail calls the os package itself.
package filetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Write writes data to the file at path, creating its folder and the
// file if they are missing and replacing what the file held.
func Write[T ~string | ~[]byte](tb testing.TB, path string, data T) {
	tb.Helper()
	Mkdir(tb, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// WriteTree writes files, given by slash path below root, with their
// contents.
func WriteTree(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for name, data := range files {
		Write(tb, filepath.Join(root, filepath.FromSlash(name)), data)
	}
}

// Replace replaces the first old in the file at path with new. The file
// must exist and hold old: an edit that would change nothing fails the
// test.
func Replace(tb testing.TB, path, old, new string) {
	tb.Helper()
	b := Read(tb, path)
	if !strings.Contains(string(b), old) {
		tb.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Append adds text at the end of the file at path, which must exist.
func Append(tb testing.TB, path, text string) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// Read returns what the file at path holds.
func Read(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Mkdir makes the folder at path and the folders above it.
func Mkdir(tb testing.TB, path string) {
	tb.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		tb.Fatal(err)
	}
}

// Remove removes the file or empty folder at path, which must exist.
func Remove(tb testing.TB, path string) {
	tb.Helper()
	if err := os.Remove(path); err != nil {
		tb.Fatal(err)
	}
}

// RemoveAll removes path and everything below it.
func RemoveAll(tb testing.TB, path string) {
	tb.Helper()
	if err := os.RemoveAll(path); err != nil {
		tb.Fatal(err)
	}
}

// Rename moves the file or folder at from to to.
func Rename(tb testing.TB, from, to string) {
	tb.Helper()
	if err := os.Rename(from, to); err != nil {
		tb.Fatal(err)
	}
}

// Touch sets the access and modification times of the file at path.
func Touch(tb testing.TB, path string, atime, mtime time.Time) {
	tb.Helper()
	if err := os.Chtimes(path, atime, mtime); err != nil {
		tb.Fatal(err)
	}
}

// Symlink makes path a symbolic link to target, creating path's folder.
func Symlink(tb testing.TB, target, path string) {
	tb.Helper()
	Mkdir(tb, filepath.Dir(path))
	if err := os.Symlink(target, path); err != nil {
		tb.Fatal(err)
	}
}

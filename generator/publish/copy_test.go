package publish_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/publish"
)

func TestCopyFile(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	l := lock(t, dest)
	copyAll := func(files map[string]string) publish.Stats {
		t.Helper()
		d := openDir(t, l, dest, publish.Full, nil)
		for p, data := range files {
			if err := d.CopyFile(context.Background(), p, strings.NewReader(data)); err != nil {
				t.Fatalf("CopyFile %s: %v", p, err)
			}
		}
		if err := d.CopyFile(context.Background(), "a.txt", strings.NewReader("again")); !errors.Is(err, publish.ErrExists) {
			t.Errorf("second copy to a.txt: got %v, want ErrExists", err)
		}
		stats, err := d.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return stats
	}
	if stats := copyAll(map[string]string{"a.txt": "a", "img/b.svg": "<svg/>"}); stats.Written != 2 {
		t.Errorf("first copy: %+v, want 2 written", stats)
	}
	info, _ := os.Stat(filepath.Join(dest, "a.txt"))
	if stats := copyAll(map[string]string{"a.txt": "a", "img/b.svg": "<svg></svg>"}); stats.Written != 1 || stats.Unchanged != 1 {
		t.Errorf("second copy: %+v, want 1 written, 1 unchanged", stats)
	}
	if again, _ := os.Stat(filepath.Join(dest, "a.txt")); !again.ModTime().Equal(info.ModTime()) {
		t.Error("an unchanged file was written again")
	}
	if got := readFile(t, filepath.Join(dest, "img", "b.svg")); got != "<svg></svg>" {
		t.Errorf("img/b.svg: got %q", got)
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 3 {
		t.Errorf("the destination holds %d entries, want a.txt, img and the manifest: %v", len(entries), entries)
	}
}

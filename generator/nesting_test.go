package generator_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/bomb"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestNestingBombsFailFast builds sites with a megabyte of nesting in
// journey.toml, in front matter and in a Markdown body, the build that
// serve and collect run too, and checks that each fails fast at the file
// and line that nests too deep.
func TestNestingBombsFailFast(t *testing.T) {
	// Not in parallel: bomb.Check measures what the whole process
	// allocates, and how long the build takes.
	toml, md := bomb.TOML()[0], bomb.Markdown()[0]
	persona := "+++\nname = \"Ana\"\n+++\nStory\n"
	tests := []struct {
		name  string
		c     bomb.Case
		files map[string]string
		want  string
	}{
		{"Config", toml, map[string]string{"journey.toml": toml.Src, "content/personas/ana.md": persona}, "journey.toml:1:"},
		{"FrontMatter", toml, map[string]string{"content/personas/ana.md": "+++\n" + toml.Src + "\n+++\n"}, "content/personas/ana.md:2:"},
		{"Body", md, map[string]string{"content/personas/ana.md": persona + md.Src}, "content/personas/ana.md:37:"},
		{"DescribedBody", md, map[string]string{"content/personas/ana.md": "+++\nname = \"Ana\"\ndescription = \"A\"\n+++\n" + md.Src}, "content/personas/ana.md:37:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			filetest.WriteTree(t, src, tc.files)
			bomb.Check(t, tc.c, func() error {
				_, err := build(t, src, generator.Options{Dest: filepath.Join(t.TempDir(), "public")})
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "more than 32 levels deep") {
					t.Errorf("got %v, want the nesting refused at %s", err, tc.want)
				}
				return err
			})
		})
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/journey-ssg/journey/generator"
)

// importCmd is "journey import mermaid FILE".
type importCmd struct {
	stdout, stderr io.Writer
}

func (c *importCmd) Run(_ context.Context, args []string) error {
	fs := newFlags("import", `import mermaid FILE [-s SOURCE] [--persona SLUG] [--stage "SECTION=STAGE"]...`, c.stderr)
	source := sourceFlag(fs)
	persona := fs.String("persona", "", "the persona's slug (default: the diagram's first actor)")
	stages := stageFlag{}
	fs.Var(stages, "stage", `map a section to a stage: "SECTION=STAGE" (repeatable)`)
	rest, err := positional(fs, args, 2)
	if err != nil {
		return argError(c.stderr, "import", err)
	}
	if rest[0] != "mermaid" {
		fmt.Fprintf(c.stderr, "journey import: cannot import %q diagrams; only mermaid\n", rest[0])
		return errUsage
	}
	rel, err := generator.ImportMermaid(generator.ImportOptions{Source: *source, File: rest[1], Persona: *persona, Stages: stages})
	if err != nil {
		report(c.stderr, nil, err)
		failed(c.stderr, "import", err)
		return errReported
	}
	fmt.Fprintf(c.stdout, "created %s\n", filepath.Join(*source, rel))
	return nil
}

// stageFlag gathers --stage "SECTION=STAGE" flags into a map from section
// to stage.
type stageFlag map[string]string

func (f stageFlag) String() string { return "" }

func (f stageFlag) Set(v string) error {
	i := strings.LastIndexByte(v, '=')
	if i < 0 {
		return fmt.Errorf("%q: write SECTION=STAGE", v)
	}
	section, stage := strings.TrimSpace(v[:i]), strings.TrimSpace(v[i+1:])
	if section == "" || stage == "" {
		return fmt.Errorf("%q: write SECTION=STAGE", v)
	}
	f[section] = stage
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/journey-ssg/journey/generator"
)

// importCmd is "journey import mermaid FILE" and "journey import csv FILE".
type importCmd struct {
	stdout, stderr io.Writer
}

func (c *importCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("import", `import mermaid FILE [-s SOURCE] [--persona SLUG] [--stage "SECTION=STAGE"]...
       journey import csv FILE --persona SLUG [-s SOURCE] [--title TITLE]`, c.stderr)
	source := sourceFlag(fs)
	persona := fs.String("persona", "", "the persona's slug (mermaid: default the diagram's first actor; csv: required)")
	title := fs.String("title", "", "csv: the journey's title (default: the file's name)")
	stages := stageFlag{}
	fs.Var(stages, "stage", `mermaid: map a section to a stage: "SECTION=STAGE" (repeatable)`)
	rest, err := positional(fs, args, 2)
	if err != nil {
		return argError(c.stderr, "import", err)
	}
	var rel string
	switch rest[0] {
	case "mermaid":
		if *title != "" {
			return argError(c.stderr, "import", fmt.Errorf("--title is for csv; a diagram has its own title"))
		}
		rel, err = generator.ImportMermaid(generator.ImportOptions{Source: *source, File: rest[1], Persona: *persona, Stages: stages})
	case "csv":
		if len(stages) > 0 {
			return argError(c.stderr, "import", fmt.Errorf("--stage is for mermaid; a sheet's stage column names its stages"))
		}
		if *persona == "" {
			return argError(c.stderr, "import", fmt.Errorf("import csv needs --persona SLUG"))
		}
		rel, err = generator.ImportCSV(ctx, generator.CSVOptions{Source: *source, File: rest[1], Persona: *persona, Title: *title})
	default:
		fmt.Fprintf(c.stderr, "journey import: cannot import %q files; only mermaid and csv\n", rest[0])
		return errUsage
	}
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

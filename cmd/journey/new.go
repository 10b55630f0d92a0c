package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/content"
)

// newCmd is "journey new site DIR" and "journey new KIND NAME".
type newCmd struct {
	stdout, stderr io.Writer
	// stdin is where a new journey's persona is asked for, when it is a
	// terminal; nil otherwise.
	stdin io.Reader
}

func (c *newCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("new", "new site DIR | new persona|product|landing NAME [-s SOURCE] | new journey NAME --persona SLUG [--product SLUG] [-s SOURCE]", c.stderr)
	source := sourceFlag(fs)
	persona := fs.String("persona", "", "journey: its persona's slug (asked for on a terminal)")
	product := fs.String("product", "", "journey: its product's slug (optional)")
	rest, err := positional(fs, args, 2)
	if err != nil {
		return argError(c.stderr, "new", err)
	}
	kind, name := rest[0], rest[1]
	if kind == "site" {
		if err := generator.NewSite(name, journey.Example()); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "created a site in %s\nnext: cd %s && journey build\n", name, name)
		return nil
	}
	if kind == "journey" && *persona == "" && c.stdin != nil {
		if *persona, err = c.askPersona(ctx, *source); err != nil {
			return err
		}
	}
	rel, err := generator.NewContent(ctx, generator.NewOptions{Source: *source, Kind: kind, Name: name, Persona: *persona, Product: *product})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s\n", filepath.Join(*source, rel))
	return nil
}

// askPersona asks which of the site's personas the new journey is for.
func (c *newCmd) askPersona(ctx context.Context, source string) (string, error) {
	known, err := generator.Slugs(ctx, source, content.KindPersona)
	if err != nil || len(known) == 0 {
		// NewContent says that the site has no personas.
		return "", err
	}
	fmt.Fprintf(c.stdout, "Whose journey is it? The site's personas: %s\npersona: ", strings.Join(known, ", "))
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("no persona given: name one with --persona SLUG")
	}
	return strings.TrimSpace(line), nil
}

// terminal returns f when it is a terminal, nil otherwise (a pipe, a
// file, /dev/null).
func terminal(f *os.File) io.Reader {
	if isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) {
		return f
	}
	return nil
}

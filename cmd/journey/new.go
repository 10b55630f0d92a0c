package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// newCmd is "journey new site DIR" and "journey new KIND NAME".
type newCmd struct {
	stdout, stderr io.Writer
}

func (c *newCmd) Run(_ context.Context, args []string) error {
	fs := newFlags("new", "new site DIR | new persona|product|journey|landing NAME [-s SOURCE]", c.stderr)
	source := sourceFlag(fs)
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
	rel, err := generator.NewContent(*source, kind, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s\n", filepath.Join(*source, rel))
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// checkCmd is "journey check": validation without writing.
type checkCmd struct {
	stdout, stderr io.Writer
}

func (c *checkCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("check", "check [-s SOURCE]", c.stderr)
	source := sourceFlag(fs)
	drafts := fs.Bool("drafts", false, "check pages marked draft too")
	if err := parse(fs, args); err != nil {
		return helpIsSuccess(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "journey check: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	res, err := generator.Check(ctx, generator.Options{Source: *source, Drafts: *drafts, Theme: journey.DefaultTheme()})
	report(c.stderr, res.Warnings, err)
	if err != nil {
		failed(c.stderr, "check", err)
		return errReported
	}
	fmt.Fprintf(c.stdout, "checked %d pages: no errors, %s\n", res.Pages, plural(len(res.Warnings), "warning"))
	return nil
}

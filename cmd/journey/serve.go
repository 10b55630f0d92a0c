package main

import (
	"context"
	"fmt"
	"io"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// serveCmd is "journey serve".
type serveCmd struct {
	stdout, stderr io.Writer
}

func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("serve", "serve [-s SOURCE] [--port 1313] [--team-port N] [--bind 127.0.0.1] [--allowed-host NAME] [--forms local]", c.stderr)
	source := sourceFlag(fs)
	port := fs.Int("port", 1313, "the port the campaign site is served on; 0 picks a free one")
	teamPort := fs.Int("team-port", 0, "the port the team workspace is served on (default the next port after --port)")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on")
	var hosts []string
	fs.Func("allowed-host", "a name the preview answers to besides localhost and IP addresses, such as a tunnel's; .example.com allows its subdomains too; repeat for more", func(h string) error {
		hosts = append(hosts, h)
		return nil
	})
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	forms := fs.String("forms", "", `form provider for the preview, e.g. "local" to record submissions in .journey/forms.jsonl`)
	if err := parse(fs, args); err != nil {
		return helpIsSuccess(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "journey serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	err := generator.Serve(ctx, generator.ServeOptions{
		Options: generator.Options{Source: *source, Drafts: *drafts, Minify: true, Theme: journey.DefaultTheme(), FormProvider: *forms},
		Bind:    *bind, Port: *port, TeamPort: *teamPort, AllowedHosts: hosts, Log: c.stdout,
	})
	if err != nil {
		report(c.stderr, nil, err)
		return errReported
	}
	return nil
}

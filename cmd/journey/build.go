package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/diag"
)

// buildCmd is "journey build".
type buildCmd struct {
	stdout, stderr io.Writer
}

func (c *buildCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("build", "build [-s SOURCE] [-d DEST] [--team-dest DIR] [--baseURL URL] [--drafts] [--minify=false] [--watch] [--quiet] [--no-wait] [--cpuprofile FILE] [--memprofile FILE]", c.stderr)
	source := sourceFlag(fs)
	dest := fs.String("destination", "", "the campaign site's folder (default SOURCE/public)")
	fs.StringVar(dest, "d", "", "shorthand for --destination")
	teamDest := fs.String("team-dest", "", "the team workspace's folder (default team.dest in journey.toml, SOURCE/team)")
	baseURL := fs.String("baseURL", "", "the site's absolute URL, replacing journey.toml's baseURL")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, JSON, SVG and XML")
	watch := fs.Bool("watch", false, "rebuild on every change until interrupted")
	quiet := fs.Bool("quiet", false, "print nothing but problems")
	noWait := fs.Bool("no-wait", false, "fail at once, instead of waiting, when another build is writing into the destination")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to FILE (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a memory profile to FILE: what the build allocated, and what it held at the end")
	if err := parse(fs, args); err != nil {
		return helpIsSuccess(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "journey build: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	opts := generator.Options{
		Source: *source, Dest: *dest, TeamDest: *teamDest, BaseURL: *baseURL, Drafts: *drafts, Minify: *minify,
		Theme: journey.DefaultTheme(), NoWait: *noWait,
		Waiting: c.waiting,
	}
	if *watch {
		if *cpuProfile != "" || *memProfile != "" {
			fmt.Fprintln(c.stderr, "journey build: --cpuprofile and --memprofile profile one build; they do not go with --watch")
			return errUsage
		}
		if err := generator.WatchBuild(ctx, opts, c.stdout); err != nil {
			report(c.stderr, nil, err)
			return errReported
		}
		return nil
	}
	stop, err := startProfiles(*cpuProfile, *memProfile, c.stderr)
	if err != nil {
		fmt.Fprintf(c.stderr, "journey build: %v\n", err)
		return errReported
	}
	defer stop()
	var bar *progress
	if !*quiet {
		bar = startProgress(c.stderr)
		opts.Progress = bar.update
		opts.ImageProgress = bar.encoded
	}
	res, err := generator.Build(ctx, opts)
	bar.end()
	report(c.stderr, res.Warnings, err)
	if err != nil {
		failed(c.stderr, "build", err)
		return errReported
	}
	if *quiet {
		return nil
	}
	into := res.Dest
	if res.TeamDest != "" {
		into += " (campaign site) and " + res.TeamDest + " (team workspace)"
	}
	encoded := ""
	if res.Encoded > 0 {
		encoded = ", " + plural(res.Encoded, "image") + " encoded"
	}
	fmt.Fprintf(c.stdout, "built %d pages into %s in %s: %d files written, %d unchanged, %d removed%s, %s\n",
		res.Pages, into, res.Duration.Round(time.Millisecond), res.Stats.Written, res.Stats.Unchanged, res.Stats.Removed, encoded, plural(len(res.Warnings), "warning"))
	return nil
}

// waiting says that the build waits for another process to finish with
// the destination.
func (c *buildCmd) waiting(dest string, pid int) {
	who := ""
	if pid > 0 {
		who = fmt.Sprintf(" (pid %d)", pid)
	}
	fmt.Fprintf(c.stderr, "waiting for another build into %s%s to finish…\n", dest, who)
}

// failed prints the last line of a failed run: how many errors, and that
// nothing was written.
func failed(w io.Writer, what string, err error) {
	var list diag.List
	n := 1
	if errors.As(err, &list) {
		n = len(list)
	}
	if what == "build" {
		fmt.Fprintf(w, "build failed with %s; the destination was left as it was\n", plural(n, "error"))
		return
	}
	fmt.Fprintf(w, "%s failed with %s\n", what, plural(n, "error"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// helpIsSuccess turns an explicit request for help into success.
func helpIsSuccess(err error) error {
	if err == errHelp {
		return nil
	}
	return err
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/journey-ssg/journey/generator/diag"
)

// errUsage means the flags were wrong; the flag package has said why.
var errUsage = errors.New("usage")

// errReported means the command has printed its errors already.
var errReported = errors.New("reported")

// newFlags returns a flag set that prints its usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: journey %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, treating -h as success after printing the usage.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	case err != nil:
		return errUsage
	}
	return nil
}

// errHelp means the usage was asked for and printed.
var errHelp = errors.New("help")

// sourceFlag adds -s and --source.
func sourceFlag(fs *flag.FlagSet) *string {
	s := fs.String("source", ".", "the site's folder")
	fs.StringVar(s, "s", ".", "shorthand for --source")
	return s
}

// report prints warnings, then errors, one per line, to w.
func report(w io.Writer, warnings diag.List, err error) {
	for _, wn := range warnings {
		fmt.Fprintln(w, wn)
	}
	if err == nil {
		return
	}
	var list diag.List
	if errors.As(err, &list) {
		fmt.Fprint(w, list.Lines())
		return
	}
	fmt.Fprintln(w, err)
}

// positional parses args that hold n positional arguments, with flags
// before or after them (journey new persona Ana -s site), and returns the
// positional ones.
func positional(fs *flag.FlagSet, args []string, n int) ([]string, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	rest := fs.Args()
	if len(rest) > n {
		if err := parse(fs, rest[n:]); err != nil {
			return nil, err
		}
		if fs.NArg() > 0 {
			return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		rest = rest[:n]
	}
	if len(rest) != n {
		fs.Usage()
		return nil, errUsage
	}
	return rest, nil
}

// argError turns an error from positional into the command's result:
// help is success, usage errors have been printed, anything else is
// printed here.
func argError(stderr io.Writer, cmd string, err error) error {
	switch err {
	case errHelp:
		return nil
	case errUsage:
		return errUsage
	}
	fmt.Fprintf(stderr, "journey %s: %v\n", cmd, err)
	return errUsage
}

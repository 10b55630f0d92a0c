// Command journey builds customer-journey maps and stage-specific landing
// pages from Markdown and TOML into a static site.
//
// This package only parses flags and prints; the work is done by package
// generator, the one it calls. It imports diag besides, to print the
// problems a build reports.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command interface {
	Run(ctx context.Context, args []string) error
}

const usage = `journey builds customer-journey maps and landing pages into a static site.

Usage:
  journey build  [-s SOURCE] [-d DEST] [--baseURL URL] [--drafts] [--minify=false]
  journey check  [-s SOURCE]
  journey serve  [-s SOURCE] [--port 1313] [--bind 127.0.0.1] [--forms local]
  journey new site DIR
  journey new persona|product|landing NAME [-s SOURCE]
  journey new journey NAME --persona SLUG [--product SLUG] [-s SOURCE]
  journey import mermaid FILE [-s SOURCE] [--persona SLUG] [--stage "SECTION=STAGE"]...
  journey import csv FILE --persona SLUG [-s SOURCE] [--title TITLE]
  journey collect [-s SOURCE] [--db PATH|postgres://…] [--listen ADDR] [--token TOKEN]
  journey reviews pull [-s SOURCE] (--from URL | --db PATH|postgres://…)
  journey version

Run "journey COMMAND --help" for a command's flags.
`

// exitUsage is the exit code for a command line that cannot be run.
const exitUsage = 2

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var cmd command
	switch args[0] {
	case "build":
		cmd = &buildCmd{stdout: stdout, stderr: stderr}
	case "check":
		cmd = &checkCmd{stdout: stdout, stderr: stderr}
	case "serve", "server":
		cmd = &serveCmd{stdout: stdout, stderr: stderr}
	case "new":
		cmd = &newCmd{stdout: stdout, stderr: stderr, stdin: terminal(os.Stdin)}
	case "import":
		cmd = &importCmd{stdout: stdout, stderr: stderr}
	case "collect":
		cmd = &collectCmd{stdout: stdout, stderr: stderr}
	case "reviews":
		cmd = &reviewsCmd{stdout: stdout, stderr: stderr}
	case "version":
		cmd = &versionCmd{stdout: stdout}
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "journey: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	if err := cmd.Run(ctx, args[1:]); err != nil {
		if err == errUsage {
			return exitUsage
		}
		if err != errReported {
			fmt.Fprintf(stderr, "journey %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}

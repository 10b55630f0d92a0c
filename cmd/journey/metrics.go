package main

import (
	"context"
	"fmt"
	"io"
	"os"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// metricsCmd is "journey metrics pull" and "journey metrics import".
type metricsCmd struct {
	stdout, stderr io.Writer
}

func (c *metricsCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("metrics", `metrics pull [-s SOURCE] (--from URL [--token TOKEN] | --db PATH|postgres://…) [--since DATE]
       journey metrics import FILE.csv --source plausible|ga4|matomo [-s SOURCE]`, c.stderr)
	// --source names the analytics tool here, as DESIGN.md has it: the
	// site's folder is -s alone.
	source := fs.String("s", ".", "the site's folder")
	from := fs.String("from", "", "pull: a running collector's URL")
	token := fs.String("token", "", "pull: its admin token (default $JOURNEY_COLLECT_TOKEN)")
	db := fs.String("db", "", "pull: the collector's database, read directly")
	since := fs.String("since", "", "pull: leave out the days before this one (2026-11-01)")
	tool := fs.String("source", "", "import: the tool that wrote the file: plausible, ga4 or matomo")
	n := 1
	if len(args) > 0 && args[0] == "import" {
		n = 2
	}
	rest, err := positional(fs, args, n)
	if err != nil {
		return argError(c.stderr, "metrics", err)
	}
	switch rest[0] {
	case "pull":
		if *from != "" && *db != "" {
			fmt.Fprintln(c.stderr, "journey metrics pull: use --from or --db, not both")
			return errUsage
		}
		if *token == "" {
			*token = os.Getenv("JOURNEY_COLLECT_TOKEN")
		}
		path, rows, err := generator.PullMetrics(ctx, generator.MetricsPullOptions{
			PullOptions: generator.PullOptions{Source: *source, From: *from, Token: *token, DB: *db},
			Since:       *since, Theme: journey.DefaultTheme(),
		})
		if err != nil {
			report(c.stderr, nil, err)
			return errReported
		}
		fmt.Fprintf(c.stdout, "wrote %d rows to %s\n", rows, path)
	case "import":
		if *tool == "" {
			return argError(c.stderr, "metrics", fmt.Errorf("import needs --source plausible, ga4 or matomo"))
		}
		path, rows, unmatched, err := generator.ImportMetrics(ctx, generator.MetricsImportOptions{
			Options: generator.Options{Source: *source, Theme: journey.DefaultTheme()}, File: rest[1], Tool: *tool,
		})
		if err != nil {
			report(c.stderr, nil, err)
			return errReported
		}
		fmt.Fprintf(c.stdout, "wrote %d rows to %s\n", rows, path)
		if len(unmatched) > 0 {
			if len(unmatched) == 1 {
				fmt.Fprintln(c.stdout, "1 row names no landing page and was left out:")
			} else {
				fmt.Fprintf(c.stdout, "%d rows name no landing page and were left out:\n", len(unmatched))
			}
			for _, u := range unmatched {
				fmt.Fprintf(c.stdout, "  %s:%d: %s\n", rest[1], u.Line, u.Path)
			}
		}
	default:
		fs.Usage()
		return errUsage
	}
	return nil
}

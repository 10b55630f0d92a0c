package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// collectCmd is "journey collect".
type collectCmd struct {
	stdout, stderr io.Writer
}

func (c *collectCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("collect", "collect [-s SOURCE] [--db PATH|postgres://…] [--listen ADDR] [--token TOKEN]", c.stderr)
	source := sourceFlag(fs)
	db := fs.String("db", ".journey/collect.db", "a SQLite file, or a postgres:// URL")
	listen := fs.String("listen", "127.0.0.1:8090", "the address to listen on")
	token := fs.String("token", "", "the admin API's bearer token (default $JOURNEY_COLLECT_TOKEN)")
	proxy := fs.Bool("trust-proxy", false, "take client addresses from X-Forwarded-For (behind a reverse proxy)")
	rate := fs.Int("rate", 20, "submissions one client address may send a minute")
	burst := fs.Int("burst", 10, "submissions one client address may send at once, before --rate holds it back")
	if err := parse(fs, args); err != nil {
		return helpIsSuccess(err)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"rate", *rate}, {"burst", *burst}} {
		if f.v < 1 {
			fmt.Fprintf(c.stderr, "journey collect: --%s must be at least 1\n", f.name)
			return errUsage
		}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "journey collect: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *token == "" {
		*token = os.Getenv("JOURNEY_COLLECT_TOKEN")
	}
	log := slog.New(slog.NewJSONHandler(c.stdout, nil))
	err := generator.Collect(ctx, generator.CollectOptions{
		Options: generator.Options{Source: *source, Theme: journey.DefaultTheme()},
		DB:      *db, Listen: *listen, Token: *token, TrustProxy: *proxy, PerMinute: *rate, Burst: *burst, Log: log,
	})
	if err != nil {
		report(c.stderr, nil, err)
		return errReported
	}
	return nil
}

// reviewsCmd is "journey reviews pull".
type reviewsCmd struct {
	stdout, stderr io.Writer
}

func (c *reviewsCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("reviews", "reviews pull [-s SOURCE] (--from URL [--token TOKEN] | --db PATH|postgres://…)", c.stderr)
	source := sourceFlag(fs)
	from := fs.String("from", "", "a running collector's URL")
	token := fs.String("token", "", "its admin token (default $JOURNEY_COLLECT_TOKEN)")
	db := fs.String("db", "", "the collector's database, read directly")
	rest, err := positional(fs, args, 1)
	if err != nil {
		return argError(c.stderr, "reviews", err)
	}
	if rest[0] != "pull" {
		fs.Usage()
		return errUsage
	}
	if *from != "" && *db != "" {
		fmt.Fprintln(c.stderr, "journey reviews pull: use --from or --db, not both")
		return errUsage
	}
	if *token == "" {
		*token = os.Getenv("JOURNEY_COLLECT_TOKEN")
	}
	files, err := generator.PullReviews(ctx, generator.PullOptions{Source: *source, From: *from, Token: *token, DB: *db})
	if err != nil {
		report(c.stderr, nil, err)
		return errReported
	}
	fmt.Fprintf(c.stdout, "wrote %d review files\n", len(files))
	for _, f := range files {
		fmt.Fprintln(c.stdout, f)
	}
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// versionCmd is "journey version".
type versionCmd struct {
	stdout io.Writer
}

func (c *versionCmd) Run(_ context.Context, _ []string) error {
	version, revision := "(devel)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				revision = " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(c.stdout, "journey %s%s\n", version, revision)
	return nil
}

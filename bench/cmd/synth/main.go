// Command synth writes a synthetic journey site, and the same landing pages
// as a Hugo site, for the benchmarks: go run ./bench/cmd/synth -n 10000 -o DIR.
// With -theme minimal the journey site gets the minimal layout set of
// bench/minimal, whose Hugo layouts the Hugo site always has.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/journey-ssg/journey/bench/synth"
)

func main() {
	n := flag.Int("n", 1000, "landing pages")
	out := flag.String("o", "", "output folder; the sites go in journey/ and hugo/ below it")
	theme := flag.String("theme", "default", "layout set: default or minimal")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/cmd/synth -n N [-theme minimal] -o DIR")
		os.Exit(2)
	}
	// Each layout set writes the journey site and the Hugo site.
	sets := map[string][2]func(root string, n int) error{
		"default": {synth.Journey, synth.Hugo},
		"minimal": {synth.MinimalJourney, synth.Hugo},
	}
	set, ok := sets[*theme]
	if !ok {
		fmt.Fprintf(os.Stderr, "synth: theme %q is not default or minimal\n", *theme)
		os.Exit(2)
	}
	if err := set[0](filepath.Join(*out, "journey"), *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := set[1](filepath.Join(*out, "hugo"), *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

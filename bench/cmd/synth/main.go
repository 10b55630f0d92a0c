// Command synth writes a synthetic journey site, and the same landing pages
// as a Hugo site, for the benchmarks: go run ./bench/cmd/synth -n 10000 -o DIR
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
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/cmd/synth -n N -o DIR")
		os.Exit(2)
	}
	if err := synth.Journey(filepath.Join(*out, "journey"), *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := synth.Hugo(filepath.Join(*out, "hugo"), *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

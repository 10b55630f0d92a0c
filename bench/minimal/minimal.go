// Package minimal holds the minimal layout set of the benchmarks: a
// journey theme (journey/themes/minimal/) and Hugo layouts (hugo/layouts/)
// that write the same markup for a landing page, so that a comparison of
// the two measures the engines rather than the themes. The landing pages'
// stylesheets are the default theme's, which both sites inline.
package minimal

import (
	"embed"
	"io/fs"
)

//go:embed all:journey all:hugo
var files embed.FS

// Journey returns the files the journey site gets: themes/minimal/.
func Journey() fs.FS { return sub("journey") }

// Hugo returns the files the Hugo site gets: layouts/.
func Hugo() fs.FS { return sub("hugo") }

func sub(dir string) fs.FS {
	s, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return s
}

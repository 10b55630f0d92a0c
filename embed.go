// Package journey embeds what the installed binary carries with it: the
// default theme and the example site that `journey new site` writes out.
package journey

import (
	"embed"
	"io/fs"
)

//go:embed all:themes/default
var themeFiles embed.FS

//go:embed journey.toml content static
var exampleFiles embed.FS

// DefaultTheme returns the built-in theme: layouts/, assets/ and static/.
func DefaultTheme() fs.FS {
	sub, err := fs.Sub(themeFiles, "themes/default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Example returns the example site: journey.toml, content/ and static/.
func Example() fs.FS { return exampleFiles }

// Package content reads a site's content files through an fs.FS: it
// splits off and decodes each file's TOML front matter, gives each file
// its kind by the folder it is in, records where each key is written, and
// keeps the parsed files between builds (Loader), so that a rebuild parses
// only what changed. Its documents are as written: no HTML and no links
// between them, which the site package makes.
//
// It imports diag, config (key positions, known keys and TOML errors),
// sitefs, tomlpos and internal/keys of journey, and the TOML decoder.
package content

package config

import (
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/diag"
)

// KeyWarnings reports the keys of a decoded document that are not read, or
// that are read only because the decoder matches keys without regard to
// case (baseUrl for baseURL). known lists the keys accepted in a table
// (given its path without array indexes); pos places a key in the file.
// Keys under a params table are free-form and never reported.
func KeyWarnings(md toml.MetaData, known func(table []string) []string, pos func(toml.Key) diag.Pos) diag.List {
	var out diag.List
	tables := map[string][]string{}
	lookup := func(table []string) []string {
		key := strings.Join(table, ".")
		names, ok := tables[key]
		if !ok {
			names = known(table)
			tables[key] = names
		}
		return names
	}
	for _, k := range md.Keys() {
		if k[0] == "params" {
			continue
		}
		table, last := k[:len(k)-1], k[len(k)-1]
		names := lookup(table)
		if names == nil || slices.Contains(names, last) {
			continue
		}
		for _, n := range names {
			if strings.EqualFold(n, last) {
				out.Add(diag.Warnf(pos(k), "key %q is read as %q: write it %q", k.String(), n, n))
				break
			}
		}
	}
	for _, k := range md.Undecoded() {
		if k[0] == "params" {
			continue
		}
		if s := Suggest(k[len(k)-1], lookup(k[:len(k)-1])); s != "" {
			out.Add(diag.Warnf(pos(k), "unknown key %q; did you mean %q?", k.String(), s))
			continue
		}
		out.Add(diag.Warnf(pos(k), "unknown key %q is ignored", k.String()))
	}
	return out
}

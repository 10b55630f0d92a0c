package config

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/diag"
)

// KeyWarnings reports the keys of a decoded document that are not read, or
// that are read only because the decoder matches keys without regard to
// case (baseUrl for baseURL). known lists the keys accepted in a table
// (given its path without array indexes); a key it lists that the decoder
// left is read by other means and not reported. pos places a key in the
// file.
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
		names := lookup(k[:len(k)-1])
		if names == nil || slices.Contains(names, k[len(k)-1]) {
			// Read by other means than the decoder: a table that
			// decodes itself, or a step's value of a journey's own
			// lane.
			continue
		}
		if s := Suggest(k[len(k)-1], names); s != "" {
			out.Add(diag.Warnf(pos(k), "unknown key %q; did you mean %q?", k.String(), s))
			continue
		}
		out.Add(diag.Warnf(pos(k), "unknown key %q is ignored", k.String()))
	}
	return out
}

// KnownKeys returns the key lister KeyWarnings takes for documents decoded
// into a value of type typ: the keys of a table are the toml tags of the
// struct it decodes into, with embedded structs' keys promoted. A table
// that decodes into a map, or into a type that decodes itself, takes any
// key (nil); a table no type takes has none (an empty list). The keys
// come from the types themselves, so that a field added to a struct is
// known without being listed again.
func KnownKeys(typ reflect.Type) func(table []string) []string {
	// Every content file of a kind asks again: the lister keeps what it
	// found of each table. It is safe for concurrent use, and the lists
	// it returns are only read.
	var mu sync.Mutex
	tables := map[string][]string{}
	return func(table []string) []string {
		k := strings.Join(table, "\x00")
		mu.Lock()
		defer mu.Unlock()
		names, ok := tables[k]
		if !ok {
			names = tableKeys(typ, table)
			tables[k] = names
		}
		return names
	}
}

func tableKeys(typ reflect.Type, table []string) []string {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array {
		if decodesItself(typ) {
			return nil
		}
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || decodesItself(typ) {
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	collectKeys(typ, fields, &names)
	if len(table) == 0 {
		return names
	}
	sub, ok := fields[table[0]]
	if !ok {
		return []string{}
	}
	return tableKeys(sub, table[1:])
}

// decodesItself reports whether values of typ decode themselves, taking
// keys of their own choosing.
func decodesItself(typ reflect.Type) bool {
	u := reflect.TypeFor[toml.Unmarshaler]()
	return typ.Implements(u) || reflect.PointerTo(typ).Implements(u)
}

// collectKeys records the keys of struct typ in order, with their types.
// A struct's own fields hide those of the structs it embeds, as in Go.
func collectKeys(typ reflect.Type, fields map[string]reflect.Type, names *[]string) {
	var embedded []reflect.Type
	for f := range typ.Fields() {
		tag, hasTag := f.Tag.Lookup("toml")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-":
			continue
		case f.Anonymous && !hasTag:
			embedded = append(embedded, f.Type)
			continue
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		if _, dup := fields[name]; !dup {
			*names = append(*names, name)
			fields[name] = f.Type
		}
	}
	for _, e := range embedded {
		collectKeys(e, fields, names)
	}
}

package site

import (
	"sort"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

// unknownRef reports a reference to something that does not exist, with the
// closest existing name when one is close.
func unknownRef(pos diag.Pos, what, name string, known []string) *diag.Error {
	if s := config.Suggest(name, known); s != "" {
		return diag.Errorf(pos, "unknown %s %q; did you mean %q?", what, name, s)
	}
	if len(known) == 0 {
		return diag.Errorf(pos, "unknown %s %q: the site has none", what, name)
	}
	if len(known) <= 8 {
		return diag.Errorf(pos, "unknown %s %q; known: %s", what, name, strings.Join(known, ", "))
	}
	return diag.Errorf(pos, "unknown %s %q", what, name)
}

// stage resolves a stage key written at key in f; empty keys resolve to nil
// without a problem, the caller decides whether one is required.
func (b *builder) stage(f *content.File, key, name string) *Stage {
	if name == "" {
		return nil
	}
	if st, ok := b.stages[name]; ok {
		return st
	}
	b.problems.Add(unknownRef(f.Pos(key), "stage", name, b.cfg.StageKeys()))
	return nil
}

func (b *builder) persona(f *content.File, key, slug string, required bool) *Persona {
	return lookup(b, f, key, slug, required, "persona", "personas", b.personas)
}

func (b *builder) product(f *content.File, key, slug string, required bool) *Product {
	return lookup(b, f, key, slug, required, "product", "products", b.products)
}

// lookup resolves a reference to a persona or product, written at key in f.
// A missing slug is a problem when the reference is required; a slug naming
// a file that failed to parse is not reported again.
func lookup[T any](b *builder, f *content.File, key, slug string, required bool, what, dir string, known map[string]*T) *T {
	if slug == "" {
		if required {
			b.problems.Add(diag.Errorf(f.Pos(""), "%s is missing: name the %s's slug (its file name in content/%s)", key, what, dir))
		}
		return nil
	}
	if x, ok := known[slug]; ok {
		return x
	}
	if b.set.Broken["content/"+dir+"/"+slug+".md"] {
		return nil // reported where it broke
	}
	b.problems.Add(unknownRef(f.Pos(key), what, slug, sortedKeys(known)))
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

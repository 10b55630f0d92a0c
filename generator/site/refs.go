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
	if slug == "" {
		if required {
			b.problems.Add(diag.Errorf(f.Pos(""), "%s is missing: name the persona's slug (its file name in content/personas)", key))
		}
		return nil
	}
	if p, ok := b.personas[slug]; ok {
		return p
	}
	if b.set.Broken["content/personas/"+slug+".md"] {
		return nil // reported where it broke
	}
	b.problems.Add(unknownRef(f.Pos(key), "persona", slug, sortedKeys(b.personas)))
	return nil
}

func (b *builder) product(f *content.File, key, slug string, required bool) *Product {
	if slug == "" {
		if required {
			b.problems.Add(diag.Errorf(f.Pos(""), "%s is missing: name the product's slug (its file name in content/products)", key))
		}
		return nil
	}
	if p, ok := b.products[slug]; ok {
		return p
	}
	if b.set.Broken["content/products/"+slug+".md"] {
		return nil // reported where it broke
	}
	b.problems.Add(unknownRef(f.Pos(key), "product", slug, sortedKeys(b.products)))
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

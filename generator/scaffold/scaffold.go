// Package scaffold writes new sites and new content files: `journey new`.
//
// It imports config only.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/journey-ssg/journey/generator/config"
)

// ErrExists means the file or folder to create is already there.
var ErrExists = errors.New("already exists")

// Site writes the example site from example into dir, which must not exist
// or be empty, with a .gitignore for the output.
func Site(dir string, example fs.FS) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: %w and is not empty", dir, ErrExists)
	}
	err := fs.WalkDir(example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(example, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/public/\n/.journey/\n"), 0o644)
}

// Kinds lists what `journey new` can create besides a site, with the
// folder each goes in.
func Kinds() map[string]string {
	return map[string]string{"persona": "personas", "product": "products", "journey": "journeys", "landing": "landing"}
}

// Refs are the persona and product a new journey names, as slugs; empty
// ones are left out.
type Refs struct {
	Persona, Product string
}

// Content writes a new content file of kind named name under source and
// returns its path. The file is a draft, left out of builds until its
// author removes draft = true; its stages come from cfg, a journey's
// persona and product from refs.
func Content(source, kind, name string, cfg *config.Config, refs Refs) (string, error) {
	dir, ok := Kinds()[kind]
	if !ok {
		return "", fmt.Errorf("cannot create a %q: use persona, product, journey or landing", kind)
	}
	slug := Slugify(name)
	if slug == "" {
		return "", fmt.Errorf("name %q has no letters or digits to make a file name from", name)
	}
	return Write(source, dir, slug, archetype(kind, name, cfg.StageKeys(), refs))
}

// Write creates content/<dir>/<slug>.md under source with text, refusing to
// replace a file, and returns its path from source.
func Write(source, dir, slug, text string) (string, error) {
	rel := path.Join("content", dir, slug+".md")
	target := filepath.Join(source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s: %w", rel, ErrExists)
	}
	if err != nil {
		return "", err
	}
	_, werr := f.WriteString(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return rel, werr
}

func archetype(kind, name string, stages []string, refs Refs) string {
	first, second := "awareness", "consideration"
	if len(stages) > 0 {
		first = stages[0]
	}
	if len(stages) > 1 {
		second = stages[1]
	}
	q := config.Quote(name)
	switch kind {
	case "persona":
		return `+++
draft = true
name = ` + q + `
role = ""
age_range = ""
quote = ""
goals = []
frustrations = []
channels = []
motivations = []
+++

Who is ` + name + `? Tell their story in a few paragraphs.
`
	case "product":
		return `+++
draft = true
name = ` + q + `
tagline = ""
price = 0
currency = "EUR"
sku = ""
image = ""
features = []
stages = [` + config.Quote(first) + `, ` + config.Quote(second) + `]

[[faq]]
q = ""
a = ""
+++

What ` + name + ` is and who it is for.
`
	case "journey":
		return `+++
draft = true
title = ` + q + `
persona = ` + config.Quote(refs.Persona) + product(refs.Product) + `
description = ""

[[steps]]
stage = ` + config.Quote(first) + `
title = ""
actions = []
touchpoints = []
channels = []
thinking = ""
feeling = ""
emotion = 3
pains = []
opportunities = []
owner = ""
metrics = { visitors = 0 }

[[steps]]
stage = ` + config.Quote(second) + `
title = ""
emotion = 3
+++

The story of this journey.
`
	}
	return `+++
draft = true
title = ` + q + `
description = ""
stage = ` + config.Quote(first) + `
product = ""
headline = ` + q + `
subheadline = ""
cta = "Get started"
form = "lead"
campaign = ""
+++

## Why it matters

The page's copy.
`
}

// product is a journey's product line, or nothing without a product.
func product(slug string) string {
	if slug == "" {
		return ""
	}
	return "\nproduct = " + config.Quote(slug)
}

// Slugify makes a file name from a name: lower-case ASCII letters and
// digits joined by hyphens, with accents dropped ("Zoë Martín" gives
// "zoe-martin").
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		r = fold(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == 'ß':
			b.WriteString("ss")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Letters without an ASCII form are dropped.
		default:
			hyphen = true
		}
	}
	return b.String()
}

// fold maps common accented Latin letters to their base letter.
func fold(r rune) rune {
	const from = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿźżžłđ"
	const to = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzld"
	if i := strings.IndexRune(from, r); i >= 0 {
		return []rune(to)[len([]rune(from[:i]))]
	}
	return r
}

package generator

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/scaffold"
	"github.com/journey-ssg/journey/generator/sheet"
	"github.com/journey-ssg/journey/generator/site"
)

// CSVOptions say which spreadsheet to import into which site.
type CSVOptions struct {
	Source string
	// File is the spreadsheet, saved as CSV.
	File string
	// Persona is the persona's slug; it must name a persona of the site.
	Persona string
	// Title is the journey's title; empty means the file's name.
	Title string
}

// ImportCSV turns a spreadsheet in the format of journey.csv into a new
// journey file under Source/content/journeys and returns the file's path.
// Problems (an unknown stage or column, a bad number) come back as a
// diag.List with their rows and columns, and nothing is written.
func ImportCSV(ctx context.Context, opts CSVOptions) (string, error) {
	src, err := readLimited(opts.File, sheet.MaxSize)
	if err != nil {
		return "", err
	}
	cfg, _, err := config.Load(os.DirFS(opts.Source), config.FileName)
	if err != nil {
		return "", err
	}
	if err := CheckRef(ctx, opts.Source, content.KindPersona, opts.Persona); err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(opts.File), filepath.Ext(opts.File))
	title := cmp.Or(strings.TrimSpace(opts.Title), base)
	text, problems := sheet.Journey(opts.File, src, cfg, sheet.Options{Title: title, Persona: opts.Persona, Lanes: site.ConfigLanes(cfg)})
	if err := problems.Err(); err != nil {
		return "", err
	}
	return scaffold.Write(opts.Source, "journeys", cmp.Or(scaffold.Slugify(title), scaffold.Slugify(base), "journey"), text)
}

// readLimited reads the file at name, refusing one of more than limit
// bytes before reading it whole.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes; a journey's file is far smaller", name, limit)
	}
	return b, nil
}

// Slugs returns the slugs of the site's content of kind (persona or
// product), sorted, drafts included.
func Slugs(ctx context.Context, source string, kind content.Kind) ([]string, error) {
	set, _ := content.NewLoader(os.DirFS(source), "content").Load(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	switch kind {
	case content.KindPersona:
		for _, p := range set.Personas {
			out = append(out, p.Slug)
		}
	case content.KindProduct:
		for _, p := range set.Products {
			out = append(out, p.Slug)
		}
	}
	slices.Sort(out)
	return out, nil
}

// CheckRef reports an error, listing the known slugs, unless slug names
// content of kind (persona or product) in the site at source.
func CheckRef(ctx context.Context, source string, kind content.Kind, slug string) error {
	known, err := Slugs(ctx, source, kind)
	if err != nil {
		return err
	}
	switch {
	case slices.Contains(known, slug):
		return nil
	case len(known) == 0:
		return fmt.Errorf("unknown %s %q: the site has none yet; create one with: journey new %s NAME", kind, slug, kind)
	case slug == "":
		return fmt.Errorf("no %s given; the site's %ss are: %s", kind, kind, strings.Join(known, ", "))
	}
	hint := ""
	if s := config.Suggest(slug, known); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s)
	}
	return fmt.Errorf("unknown %s %q; %sthe site's %ss are: %s", kind, slug, hint, kind, strings.Join(known, ", "))
}

package generator

import (
	"bytes"
	"context"
	"io"
	"path/filepath"

	"github.com/journey-ssg/journey/generator/picture"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/theme"
)

// cacheDir is the folder of the resized images a build keeps for the
// next: .journey/cache/ in the site's folder.
func cacheDir(opts Options) string {
	return filepath.Join(opts.Source, ".journey", "cache")
}

// publishImages encodes the images the rendered pages of s planned, those
// the cache lacks, and writes them into the folders of the pages that
// show them (variants of images go to every folder, as static files do),
// counting in res those it encoded.
func (ss *Session) publishImages(ctx context.Context, res *Result, th *theme.Theme, s *site.Site, d dirs) error {
	team := string(s.Workspace.Folder())
	n, err := th.Pictures().Publish(ctx, func(folder, p string, r io.Reader) error {
		switch {
		case folder == picture.Every && d.team != nil:
			// Read once, written twice.
			data, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			if err := d.campaign.CopyFile(ctx, p, bytes.NewReader(data)); err != nil {
				return err
			}
			return d.team.CopyFile(ctx, p, bytes.NewReader(data))
		case folder == team && d.team != nil:
			return d.team.CopyFile(ctx, p, r)
		}
		return d.campaign.CopyFile(ctx, p, r)
	}, ss.opts.ImageProgress)
	res.Encoded = n
	return err
}

// removeStaleImages marks for removal the images of the last build that
// a rebuild may not write again: the variants of the static files that
// changed, and the cards of the pages it renders or drops, which may
// change format. Those it writes again stay.
func removeStaleImages(d dirs, changed []string, pages ...[]*site.Page) {
	sinks := d.sinks()
	cards := map[*publish.Dir]map[string]bool{}
	for _, list := range pages {
		for _, p := range list {
			dir, ok := sinks.For(p.Site).(*publish.Dir)
			if !ok {
				continue
			}
			if cards[dir] == nil {
				cards[dir] = map[string]bool{}
			}
			stem := picture.CardStem(p.OutPath)
			cards[dir][stem+".png"], cards[dir][stem+".jpg"] = true, true
		}
	}
	_ = d.each(func(dir *publish.Dir) error {
		dir.RemoveStale(func(p string) bool {
			if cards[dir][p] {
				return true
			}
			for _, c := range changed {
				if picture.VariantOf(p, c) {
					return true
				}
			}
			return false
		})
		return nil
	})
}

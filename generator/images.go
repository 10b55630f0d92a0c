package generator

import (
	"context"
	"io"
	"path/filepath"

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
// show them, counting in res those it encoded.
func (ss *Session) publishImages(ctx context.Context, res *Result, th *theme.Theme, s *site.Site, d dirs) error {
	team := string(s.Workspace.Folder())
	n, err := th.Pictures().Publish(ctx, func(folder, p string, r io.Reader) error {
		dir := d.campaign
		if folder == team && d.team != nil {
			dir = d.team
		}
		return dir.CopyFile(ctx, p, r)
	}, ss.opts.ImageProgress)
	res.Encoded = n
	return err
}

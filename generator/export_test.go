package generator

import (
	"context"
	"io"
	"net/http"
)

// LocalForms returns the handler journey serve uses for the local form
// provider, for the site in opts as it is now, so that the external tests
// can post to it without starting a preview.
func LocalForms(ctx context.Context, opts Options, log io.Writer) (http.Handler, error) {
	l, _, err := loadOnce(ctx, opts, forCheck)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(localForms(opts.Source, log, FormsOf(l.site)).Submit), nil
}

// RenderFirst makes ss render the pages viewed names first and leave the
// others for Idle, when a rebuild renders more than above pages, as the
// preview does.
func RenderFirst(ss *Session, viewed Viewed, above int) { ss.viewed, ss.deferAbove = viewed, above }

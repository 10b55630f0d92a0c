package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/journey-ssg/journey/generator/serve"
)

// ServeOptions say what to preview and where to listen.
type ServeOptions struct {
	Options
	// Bind and Port are where the server listens; port 0 picks a free one.
	Bind string
	Port int
	// Log receives the server's messages: its address, builds, forms.
	Log io.Writer
	// Ready, when set, receives the address the server listens on, once.
	Ready chan<- string
}

// FormsFile is the JSON-lines file where the local form provider's
// submissions go, under the site's folder.
const FormsFile = ".journey/forms.jsonl"

// previewDir is where a preview builds the site, under the site's folder,
// so that public/ keeps the last real build.
const previewDir = ".journey/preview"

// Serve builds the site into the site's .journey/ folder and serves it,
// with the local provider's forms, until ctx is done.
func Serve(ctx context.Context, opts ServeOptions) error {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, previewDir)
	}
	res, err := Build(ctx, opts.Options)
	for _, w := range res.Warnings {
		fmt.Fprintln(opts.Log, w)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Log, "built %d pages in %s\n", res.Pages, res.Duration.Round(time.Millisecond))
	basePath := res.BasePath
	files, err := serve.NewFiles(res.Dest)
	if err != nil {
		return err
	}
	defer files.Close()
	forms := &serve.Forms{File: filepath.Join(opts.Source, FormsFile), Log: opts.Log, Now: time.Now}

	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return fmt.Errorf("listen on %s:%d: %w (is another server using the port? choose one with --port, or --port 0 for any free one)", opts.Bind, opts.Port, err)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(opts.Log, "serving %s at http://%s%s (press Ctrl+C to stop)\n", opts.Source, addr, basePath)
	if opts.Ready != nil {
		opts.Ready <- addr
	}
	srv := &http.Server{Handler: serve.Handler(basePath, files, forms), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

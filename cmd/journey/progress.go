package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a one-line progress report on a terminal while a build
// that takes longer than a second renders, and erases it at the end.
type progress struct {
	w           io.Writer
	done, total atomic.Int64
	// images and imageTotal count the images encoded, once there are
	// any to encode.
	images, imageTotal atomic.Int64
	start              time.Time
	stop               chan struct{}
	wg                 sync.WaitGroup
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// startProgress starts drawing on w, when w is a terminal; otherwise it
// returns nil, whose methods do nothing.
func startProgress(w io.Writer) *progress {
	if !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{})}
	p.wg.Add(1)
	go p.draw()
	return p
}

// update records how many files of how many are rendered.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.done.Store(int64(done))
	p.total.Store(int64(total))
}

// encoded records how many images of how many are encoded.
func (p *progress) encoded(done, total int) {
	if p == nil {
		return
	}
	p.images.Store(int64(done))
	p.imageTotal.Store(int64(total))
}

func (p *progress) draw() {
	defer p.wg.Done()
	first := time.NewTimer(time.Second)
	defer first.Stop()
	select {
	case <-first.C:
	case <-p.stop:
		return
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		// Nothing renders yet while the build waits for the destination.
		if done, total := p.done.Load(), p.total.Load(); total > 0 {
			rate := float64(done) / time.Since(p.start).Seconds()
			fmt.Fprintf(p.w, "\r\033[Krendering: %d of %d files, %.0f/s", done, total, rate)
			if n := p.imageTotal.Load(); n > 0 {
				fmt.Fprintf(p.w, "; encoding images: %d of %d", p.images.Load(), n)
			}
		}
		select {
		case <-tick.C:
		case <-p.stop:
			fmt.Fprint(p.w, "\r\033[K")
			return
		}
	}
}

// end erases the line and waits for the drawing goroutine.
func (p *progress) end() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}

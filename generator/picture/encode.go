package picture

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/gen2brain/webp"
	xdraw "golang.org/x/image/draw"
)

// Encoding quality: what keeps a hero photo light on a phone without
// visible loss at its size.
const (
	jpegQuality = 78
	webpQuality = 72
)

// job is one file to encode: a variant of a source, or a card.
type job struct {
	src    *source
	w, h   int
	format string // "webp", "jpeg" or "png"
	card   *Card
}

// key is the job's cache key: the source's hash and every parameter.
func (j *job) key() string {
	if j.card != nil {
		return j.card.key()
	}
	return fmt.Sprintf("%s-%dx%d-v%s.%s", j.src.hash, j.w, j.h, version, j.format)
}

// task is what one worker does: the jobs of one source, which share its
// decoding, or one card.
type task struct {
	src  *source
	jobs []*job
}

// Publish encodes what the files planned since the last Forget need and
// the cache lacks, with one worker per CPU, and hands each file to write
// with the folder it was planned for, from those workers too: write must
// be safe for concurrent use. progress, when set, is told of each
// file encoded, with how many there are to encode. The first error stops
// the work and is returned; a source that cannot be decoded is an *Error.
// It returns how many files it encoded: those the cache lacked.
func (p *Processor) Publish(ctx context.Context, write func(folder, path string, r io.Reader) error, progress func(done, total int)) (int, error) {
	p.mu.Lock()
	outs := make([]output, 0, len(p.outs))
	for o := range p.outs {
		outs = append(outs, o)
	}
	jobs := make(map[output]*job, len(p.outs))
	for o, j := range p.outs {
		jobs[o] = j
	}
	p.mu.Unlock()
	slices.SortFunc(outs, func(a, b output) int {
		return cmp.Or(cmp.Compare(a.folder, b.folder), cmp.Compare(a.path, b.path))
	})

	// What the cache lacks, once per key, by source.
	fresh := map[string][]byte{}
	var tasks []*task
	bySource := map[*source]*task{}
	seen := map[string]bool{}
	keys := make([]string, len(outs))
	for i, o := range outs {
		j := jobs[o]
		k := j.key()
		keys[i] = k
		if seen[k] || p.cache.has(k) {
			continue
		}
		seen[k] = true
		if j.card != nil {
			tasks = append(tasks, &task{jobs: []*job{j}})
			continue
		}
		t := bySource[j.src]
		if t == nil {
			t = &task{src: j.src}
			bySource[j.src] = t
			tasks = append(tasks, t)
		}
		t.jobs = append(t.jobs, j)
	}
	total := len(seen)
	encoded, err := p.run(ctx, tasks, fresh, total, progress)
	if err != nil {
		return 0, err
	}
	// Every output, from fresh or else from the cache, on all cores: a
	// build writes one sharing card for each page.
	return encoded, onEveryCPU(ctx, len(outs), func(_ context.Context, i int) error {
		return p.writeOne(outs[i], keys[i], fresh, write)
	})
}

// onEveryCPU calls do with 0 to n-1 on one worker per CPU. The first error
// stops the work, cancelling the context do is given, and is returned;
// else the context's error.
func onEveryCPU(ctx context.Context, n int, do func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// writeOne hands the output o, of key k, to write.
func (p *Processor) writeOne(o output, k string, fresh map[string][]byte, write func(folder, path string, r io.Reader) error) error {
	if data, ok := fresh[k]; ok {
		return write(o.folder, o.path, bytes.NewReader(data))
	}
	f, err := p.cache.open(k)
	if err != nil {
		return fmt.Errorf("read cached %s: %w", o.path, err)
	}
	defer f.Close()
	return write(o.folder, o.path, f)
}

// run does tasks with bounded workers, keeping each file encoded in the
// cache, or in fresh when the cache cannot keep it (a large site's
// encoded images would not fit in memory), and returns how many it
// encoded.
func (p *Processor) run(ctx context.Context, tasks []*task, fresh map[string][]byte, total int, progress func(done, total int)) (int, error) {
	var (
		mu   sync.Mutex // guards fresh and done
		done int
	)
	err := onEveryCPU(ctx, len(tasks), func(ctx context.Context, i int) error {
		return p.do(ctx, tasks[i], func(j *job, data []byte) error {
			k := j.key()
			cached, err := p.cache.put(k, data)
			if err != nil {
				return err
			}
			mu.Lock()
			if !cached {
				fresh[k] = data
			}
			done++
			n := done
			mu.Unlock()
			if progress != nil {
				progress(n, total)
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	return done, nil
}

// do encodes a task's files, handing each to done.
func (p *Processor) do(ctx context.Context, t *task, done func(*job, []byte) error) error {
	if t.src == nil {
		j := t.jobs[0]
		data, err := p.drawCard(j.card)
		if err != nil {
			return err
		}
		return done(j, data)
	}
	m, err := p.decode(t.src)
	if err != nil {
		return err
	}
	// Widest first: each smaller variant is scaled from the one before,
	// which is quicker than from the source and looks the same.
	slices.SortFunc(t.jobs, func(a, b *job) int { return b.w - a.w })
	var last *image.RGBA
	sizes := map[int]*image.RGBA{}
	for _, j := range t.jobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		v, ok := sizes[j.w]
		switch {
		case ok:
		case last == nil:
			v = fromSource(m, t.src, j.w, j.h)
		default:
			v = resize(last, j.w, j.h)
		}
		sizes[j.w], last = v, v
		data, err := encode(v, j.format)
		if err != nil {
			return &Error{File: p.where(t.src.name), Err: fmt.Errorf("encode %s: %w", j.format, err)}
		}
		if err := done(j, data); err != nil {
			return err
		}
	}
	return nil
}

// decode reads and decodes a source.
func (p *Processor) decode(s *source) (image.Image, error) {
	data, err := p.read(s)
	if err != nil {
		return nil, err
	}
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{File: p.where(s.name), Err: fmt.Errorf("broken image: %w", err)}
	}
	switch m.(type) {
	case *image.YCbCr, *image.RGBA, *image.NRGBA, *image.Gray:
		// Scaling reads these directly.
		return m, nil
	}
	// Others (a GIF's palette, 16-bit PNGs) would be read a pixel at a
	// time, through an interface, for every tap of the filter.
	return rgba(m), nil
}

// fromSource returns the source m, as the camera stored it, upright at
// w×h.
func fromSource(m image.Image, s *source, w, h int) *image.RGBA {
	sw, sh := w, h
	if s.orient >= 5 {
		sw, sh = h, w
	}
	b := m.Bounds()
	if b.Dx() == sw && b.Dy() == sh {
		return upright(rgba(m), s.orient)
	}
	// The filter's buffer holds the width made by the height read, in
	// float64s: from a camera's photo, first average blocks of pixels
	// down to less than twice the size wanted.
	if k := min(b.Dx()/sw, b.Dy()/sh); k >= 2 {
		m = shrink(rgba(m), k)
		b = m.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, sw, sh))
	xdraw.CatmullRom.Scale(dst, dst.Rect, m, b, xdraw.Src, nil)
	return upright(dst, s.orient)
}

// shrink returns m made k times smaller, each pixel the average of a k×k
// block.
func shrink(m *image.RGBA, k int) *image.RGBA {
	w, h := m.Rect.Dx()/k, m.Rect.Dy()/k
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]uint32, 4*w)
	n := uint32(k * k)
	for y := 0; y < h; y++ {
		clear(sums)
		for dy := 0; dy < k; dy++ {
			row := m.Pix[(y*k+dy)*m.Stride:]
			for x := 0; x < w; x++ {
				px := row[x*k*4 : (x+1)*k*4]
				for i := 0; i < len(px); i += 4 {
					sums[x*4] += uint32(px[i])
					sums[x*4+1] += uint32(px[i+1])
					sums[x*4+2] += uint32(px[i+2])
					sums[x*4+3] += uint32(px[i+3])
				}
			}
		}
		dst := out.Pix[y*out.Stride:]
		for i, v := range sums {
			dst[i] = uint8((v + n/2) / n)
		}
	}
	return out
}

// resize returns m at w×h.
func resize(m *image.RGBA, w, h int) *image.RGBA {
	if m.Rect.Dx() == w && m.Rect.Dy() == h {
		return m
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Rect, m, m.Rect, xdraw.Src, nil)
	return dst
}

// encode writes m in format. The encoders write pixels only: no metadata
// of the source reaches the file.
func encode(m image.Image, format string) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "webp":
		err = webp.Encode(&b, m, webp.Options{Quality: webpQuality, Method: 2})
	case "jpeg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: jpegQuality})
	default:
		err = png.Encode(&b, m)
	}
	return b.Bytes(), err
}

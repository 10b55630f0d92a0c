package site

import (
	"hash/maphash"
	"reflect"
	"runtime"
	"sync"
)

// Deps is what every page of the last build read as it rendered, with the
// fingerprint each thing read had then: all that a rebuild needs to tell
// which pages a change touches. It is the one place rebuild decisions are
// made (Plan), from what the layouts actually read; nothing about what the
// default theme shows is written down anywhere.
type Deps struct {
	seed    maphash.Seed
	methods sync.Map // reflect.Type and name -> whether it is a method

	mu    sync.Mutex
	pages map[string]*PageReads // mu guards pages: by page ID, as last rendered
	// prints are the fingerprints of everything some page read, as the
	// model of the last build had them.
	prints map[Dep]uint64
	args   map[Dep][]any
}

// NewDeps returns an empty Deps: every page is rendered by its first Plan.
func NewDeps() *Deps {
	return &Deps{seed: maphash.MakeSeed(), pages: map[string]*PageReads{}, prints: map[Dep]uint64{}, args: map[Dep][]any{}}
}

// Reads returns a recorder for one page's rendering. Deps is safe for
// this to be called from several goroutines at once: pages render in
// parallel.
func (d *Deps) Reads() *PageReads {
	return &PageReads{methods: &d.methods, deps: map[Dep]struct{}{}, args: map[Dep][]any{}}
}

// A Plan says what a rebuild renders and removes.
type Plan struct {
	// Render lists the pages of the new model to render.
	Render []*Page
	// Gone lists the pages of the old model that are no more, whose files
	// go.
	Gone []*Page
}

// Plan decides what to render after a change, from the old model, the new
// one (the same, changed in place, when only landing pages changed) and
// the static files that changed (as the paths pages link them by, such as
// "/images/a.png"): every new page, every page that moved, every page that
// read something whose fingerprint is no longer what it was, and every page
// that read something that cannot be checked again.
func (d *Deps) Plan(old, m *Model, files []string) Plan {
	changed := d.changed(m, files)
	before := map[string]*Page{}
	if old != nil {
		for _, p := range old.Pages {
			before[p.ID] = p
		}
	}
	var plan Plan
	now := map[string]bool{}
	d.mu.Lock()
	for _, p := range m.Pages {
		now[string(p.Site.Folder())+p.OutPath] = true
		prev, existed := before[p.ID]
		r, traced := d.pages[p.ID]
		switch {
		case !existed || !traced || r.volatile || prev.OutPath != p.OutPath || prev.Site.Folder() != p.Site.Folder():
			plan.Render = append(plan.Render, p)
		default:
			for dep := range r.deps {
				if changed[dep] {
					plan.Render = append(plan.Render, p)
					break
				}
			}
		}
	}
	d.mu.Unlock()
	if old != nil {
		for _, p := range old.Pages {
			if !now[string(p.Site.Folder())+p.OutPath] {
				plan.Gone = append(plan.Gone, p)
			}
		}
	}
	return plan
}

// changed returns the Deps whose fingerprint in m differs from the one
// kept, and the files among them that changed.
func (d *Deps) changed(m *Model, files []string) map[Dep]bool {
	d.mu.Lock()
	deps := make([]Dep, 0, len(d.prints))
	for dep := range d.prints {
		deps = append(deps, dep)
	}
	d.mu.Unlock()
	prints := d.printAll(m, deps)
	out := map[Dep]bool{}
	for i, dep := range deps {
		if prints[i] != d.prints[dep] {
			out[dep] = true
		}
	}
	for _, f := range files {
		out[Dep{Node: "file:" + f}] = true
	}
	return out
}

// Update keeps what the pages rendered by a rebuild of m read, forgets the
// pages that are gone, and takes every fingerprint from m: after a
// successful rebuild, every page whose reads changed was rendered again.
func (d *Deps) Update(m *Model, rendered map[*Page]*PageReads) {
	d.mu.Lock()
	live := make(map[string]bool, len(m.Pages))
	for _, p := range m.Pages {
		live[p.ID] = true
	}
	for id := range d.pages {
		if !live[id] {
			delete(d.pages, id)
		}
	}
	for p, r := range rendered {
		d.pages[p.ID] = r
	}
	all := map[Dep][]any{}
	for _, r := range d.pages {
		for dep := range r.deps {
			all[dep] = r.args[dep]
		}
	}
	d.mu.Unlock()
	deps := make([]Dep, 0, len(all))
	for dep := range all {
		deps = append(deps, dep)
	}
	d.args = all
	prints := d.printAll(m, deps)
	fresh := make(map[Dep]uint64, len(deps))
	for i, dep := range deps {
		fresh[dep] = prints[i]
	}
	d.mu.Lock()
	d.prints = fresh
	d.mu.Unlock()
}

// printAll fingerprints deps in m, with one worker per CPU.
func (d *Deps) printAll(m *Model, deps []Dep) []uint64 {
	out := make([]uint64, len(deps))
	nodes := m.nodes()
	workers := min(runtime.GOMAXPROCS(0), len(deps)/256+1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var pr printer
			for i := w; i < len(deps); i += workers {
				out[i] = d.print(&pr, nodes, deps[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// print fingerprints one Dep in the model whose nodes are given: the value
// of a field, the results of a method. A node that is gone prints as zero,
// and so does a file (files changed are told to Plan).
func (d *Deps) print(pr *printer, nodes map[string]reflect.Value, dep Dep) (sum uint64) {
	defer func() {
		// A method that fails on the new model (a node it needs is
		// gone) prints as nothing it printed before.
		if recover() != nil {
			sum = 0
		}
	}()
	v, ok := nodes[dep.Node]
	if !ok {
		return 0
	}
	switch {
	case methodOf(&d.methods, v.Type(), dep.Member):
		args := d.args[dep]
		method := v.MethodByName(dep.Member)
		in := make([]reflect.Value, len(args))
		t := method.Type()
		for i, a := range args {
			pt := t.In(min(i, t.NumIn()-1))
			if t.IsVariadic() && i >= t.NumIn()-1 {
				pt = pt.Elem()
			}
			av := reflect.ValueOf(a)
			if !av.Type().ConvertibleTo(pt) {
				return 0
			}
			in[i] = av.Convert(pt)
		}
		return pr.values(d.seed, method.Call(in)...)
	default:
		return pr.values(d.seed, reflect.Indirect(v).FieldByName(dep.Member))
	}
}

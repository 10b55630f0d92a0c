package site

import (
	"hash/maphash"
	"reflect"
	"runtime"
	"slices"
	"sync"
)

// Deps is what every page of the last build read as it rendered, with the
// fingerprint each thing read had then: all that a rebuild needs to tell
// which pages a change touches. It is the one place rebuild decisions are
// made (Plan), from what the layouts actually read; nothing about what the
// default theme shows is written down anywhere.
//
// Deps are interned: a page keeps the numbers of what it read, and each
// number's fingerprint is kept once, however many pages read it.
type Deps struct {
	seed    maphash.Seed
	methods sync.Map // reflect.Type and name -> whether it is a method

	mu     sync.Mutex
	ids    map[Dep]int32 // mu guards all below
	deps   []Dep
	args   [][]any
	prints []uint64 // as the model of the last build had them
	refs   []int32  // how many pages read each
	byNode map[string][]int32
	// calls are the Deps that call a method, which may read anything.
	calls []int32
	pages map[string]pageDeps // by page ID, as last rendered
	// nodes are the fingerprints of every node's own fields, as the model
	// of the last build had them: what tells, after the model is built
	// again, which nodes changed.
	nodes map[string]uint64
}

// pageDeps is what one page read.
type pageDeps struct {
	ids []int32
	// volatile is set for a page that read something that cannot be
	// checked again: it renders on every rebuild.
	volatile bool
}

// NewDeps returns an empty Deps: every page is rendered by its first Plan.
func NewDeps() *Deps {
	return &Deps{seed: maphash.MakeSeed(), ids: map[Dep]int32{}, byNode: map[string][]int32{}, pages: map[string]pageDeps{}, nodes: map[string]uint64{}}
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
	// prints are the fingerprints the plan computed, for Update.
	prints map[int32]uint64
	// nodes are the new model's node fingerprints, when the model is new;
	// dirty the nodes a change in place touched, otherwise.
	nodes map[string]uint64
	dirty Dirty
}

// Dirty names the nodes of a model that a change may have touched; nil
// means any of them.
type Dirty []string

// A Change is what a rebuild plans from.
type Change struct {
	// Dirty names the nodes a change in place touched, when the model is
	// the old one changed in place (only landing pages changed); nil for
	// a new model.
	Dirty Dirty
	// Files are the static files that changed, as pages link them:
	// "/images/a.png".
	Files []string
	// Relaid says whether a page's layout, or anything its layout runs or
	// inlines, changed; nil when no layout did.
	Relaid func(*Page) bool
}

// Plan decides what to render after a change, from the old model and the
// new one (the same model, changed in place, when ch.Dirty is set): every
// new page, every page that moved, every page whose layout changed, every
// page that read something whose fingerprint is no longer what it was,
// and every page that read something that cannot be checked again.
func (d *Deps) Plan(old, m *Model, ch Change) Plan {
	d.mu.Lock()
	defer d.mu.Unlock()
	var plan Plan
	var dirty Dirty
	if ch.Dirty == nil {
		plan.nodes = printNodes(d.seed, m, nil)
		dirty = d.changedNodes(plan.nodes)
	} else {
		// What a change in place touched, and the two sites, which hold
		// the whole model's lists.
		dirty = append(slices.Clip(ch.Dirty), siteKeys(m)...)
		plan.dirty = dirty
	}
	ids := d.candidates(dirty)
	prints := d.printAll(m, ids)
	changed := make([]bool, len(d.deps))
	plan.prints = make(map[int32]uint64, len(ids))
	for i, id := range ids {
		plan.prints[id] = prints[i]
		if prints[i] != d.prints[id] {
			changed[id] = true
		}
	}
	for _, f := range ch.Files {
		if id, ok := d.ids[Dep{Node: "file:" + f}]; ok {
			changed[id] = true
		}
	}
	before := map[string]*Page{}
	if old != nil {
		for _, p := range old.Pages {
			before[p.ID] = p
		}
	}
	now := map[string]bool{}
	for _, p := range m.Pages {
		now[string(p.Site.Folder())+p.OutPath] = true
		prev, existed := before[p.ID]
		pd, traced := d.pages[p.ID]
		switch {
		case !existed || !traced || pd.volatile || prev.OutPath != p.OutPath || prev.Site.Folder() != p.Site.Folder(),
			ch.Relaid != nil && ch.Relaid(p):
			plan.Render = append(plan.Render, p)
		default:
			for _, id := range pd.ids {
				if changed[id] {
					plan.Render = append(plan.Render, p)
					break
				}
			}
		}
	}
	if old != nil {
		for _, p := range old.Pages {
			if !now[string(p.Site.Folder())+p.OutPath] {
				plan.Gone = append(plan.Gone, p)
			}
		}
	}
	return plan
}

// siteKeys names the nodes of m's two sites.
func siteKeys(m *Model) []string {
	var out []string
	for _, s := range []*Site{m.Campaign, m.Workspace} {
		if k, ok := nodeKey(reflect.ValueOf(s)); ok {
			out = append(out, k)
		}
	}
	return out
}

// changedNodes returns the nodes whose fingerprints differ from the last
// build's, with those that are new and those that are gone.
func (d *Deps) changedNodes(nodes map[string]uint64) Dirty {
	var out Dirty
	for k, p := range nodes {
		if old, ok := d.nodes[k]; !ok || old != p {
			out = append(out, k)
		}
	}
	for k := range d.nodes {
		if _, ok := nodes[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// candidates returns the Deps that may have changed: those of the dirty
// nodes, and every method call, which may read any node.
func (d *Deps) candidates(dirty Dirty) []int32 {
	var out []int32
	for _, id := range d.calls {
		if d.refs[id] > 0 {
			out = append(out, id)
		}
	}
	for _, node := range dirty {
		for _, id := range d.byNode[node] {
			if d.refs[id] > 0 && d.deps[id].Args == "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// Update keeps what the pages rendered by a rebuild of m read, forgets the
// pages that are gone, and takes the fingerprints the plan computed (nil
// for a full build): after a successful rebuild, every page whose reads
// changed was rendered again. What no page read before is fingerprinted
// now.
func (d *Deps) Update(m *Model, plan *Plan, rendered map[*Page]*PageReads) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case plan == nil:
		d.nodes = printNodes(d.seed, m, nil)
	case plan.nodes != nil:
		d.nodes = plan.nodes
	case len(plan.dirty) > 0:
		for k, p := range printNodes(d.seed, m, plan.dirty) {
			d.nodes[k] = p
		}
	}
	if plan != nil {
		for id, p := range plan.prints {
			d.prints[id] = p
		}
	}
	live := make(map[string]bool, len(m.Pages))
	for _, p := range m.Pages {
		live[p.ID] = true
	}
	for id, pd := range d.pages {
		if !live[id] {
			d.drop(pd)
			delete(d.pages, id)
		}
	}
	var fresh []int32
	for p, r := range rendered {
		if pd, ok := d.pages[p.ID]; ok {
			d.drop(pd)
		}
		pd := pageDeps{ids: make([]int32, 0, len(r.deps)), volatile: r.volatile}
		for dep := range r.deps {
			id, ok := d.ids[dep]
			if !ok {
				id = int32(len(d.deps))
				d.ids[dep] = id
				d.deps = append(d.deps, dep)
				d.args = append(d.args, r.args[dep])
				d.prints = append(d.prints, 0)
				d.refs = append(d.refs, 0)
				d.byNode[dep.Node] = append(d.byNode[dep.Node], id)
				if dep.Args != "" {
					d.calls = append(d.calls, id)
				}
				fresh = append(fresh, id)
			} else if d.refs[id] == 0 {
				fresh = append(fresh, id)
			}
			d.refs[id]++
			pd.ids = append(pd.ids, id)
		}
		d.pages[p.ID] = pd
	}
	for i, p := range d.printAll(m, fresh) {
		d.prints[fresh[i]] = p
	}
}

// Defer marks pages whose rendering a rebuild left for later: every plan
// renders them until they are rendered.
func (d *Deps) Defer(pages []*Page) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range pages {
		if pd, ok := d.pages[p.ID]; ok {
			pd.volatile = true
			d.pages[p.ID] = pd
		}
	}
}

// drop forgets that a page read pd. The caller holds d.mu.
func (d *Deps) drop(pd pageDeps) {
	for _, id := range pd.ids {
		d.refs[id]--
	}
}

// printAll fingerprints the Deps ids in m, with one worker per CPU. The
// caller holds d.mu.
func (d *Deps) printAll(m *Model, ids []int32) []uint64 {
	out := make([]uint64, len(ids))
	if len(ids) == 0 {
		return out
	}
	nodes := m.nodes()
	inParallel(len(ids), func(pr *printer, i int) { out[i] = d.print(pr, nodes, ids[i]) })
	return out
}

// inParallel calls f for each of 0 to n-1, with one worker per CPU (fewer
// for a short list), each with a printer of its own.
func inParallel(n int, f func(pr *printer, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/256+1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var pr printer
			for i := w; i < n; i += workers {
				f(&pr, i)
			}
		}()
	}
	wg.Wait()
}

// print fingerprints the Dep id in the model whose nodes are given: the
// value of a field, the results of a method. A node that is gone prints as
// zero, and so does a file (files changed are told to Plan).
func (d *Deps) print(pr *printer, nodes map[string]reflect.Value, id int32) (sum uint64) {
	defer func() {
		// A method that fails on the new model (a node it needs is
		// gone) prints as nothing it printed before.
		if recover() != nil {
			sum = 0
		}
	}()
	dep := d.deps[id]
	v, ok := nodes[dep.Node]
	if !ok {
		return 0
	}
	if !methodOf(&d.methods, v.Type(), dep.Member) {
		return pr.values(d.seed, reflect.Indirect(v).FieldByName(dep.Member))
	}
	method := v.MethodByName(dep.Member)
	t := method.Type()
	in := make([]reflect.Value, len(d.args[id]))
	for i, a := range d.args[id] {
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
}

// printNodes fingerprints the nodes of m named by keys, or all of them
// when keys is nil, with one worker per CPU: each node's exported fields,
// the only ones a layout can read, with the nodes they hold as keys. A
// node embedded in another (the model in each site) is part of it.
func printNodes(seed maphash.Seed, m *Model, keys []string) map[string]uint64 {
	index := m.nodes()
	if keys == nil {
		keys = make([]string, 0, len(index))
		for k := range index {
			keys = append(keys, k)
		}
	}
	sums := make([]uint64, len(keys))
	inParallel(len(keys), func(pr *printer, i int) {
		if v, ok := index[keys[i]]; ok {
			pr.h.SetSeed(seed)
			pr.exported(v.Elem(), 0)
			sums[i] = pr.h.Sum64()
		}
	})
	out := make(map[string]uint64, len(keys))
	for i, k := range keys {
		if _, ok := index[k]; ok {
			out[k] = sums[i]
		}
	}
	return out
}

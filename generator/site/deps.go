package site

import (
	"fmt"
	"reflect"
	"sync"
)

// A Dep is one thing a page's layout read when it was rendered: a field of
// a node of the model (a page, a persona, a review, one of the two
// sites...), the result of a method the layout called on one, or a static
// file it measured. What a page depends on is recorded from its layout as
// it runs, never listed by hand: a layout of the site's own that shows
// more, or less, than the default theme's gets exactly the rebuilds it
// needs.
type Dep struct {
	// Node names the node: "Landing:landing/ride", "Site:team",
	// "file:/images/city.svg".
	Node string
	// Member is the field read or the method called; empty for a file.
	Member string
	// Args are the method's arguments, written out.
	Args string
}

// nodeKey names the node a value of the model is, for the values that are
// nodes: pointers to the model's types.
func nodeKey(v reflect.Value) (string, bool) {
	kind, id, step, ok := nodeName(v)
	switch {
	case !ok:
		return "", false
	case kind == "Model":
		return kind, true
	case kind == "Step":
		return fmt.Sprintf("Step:%s#%d", id, step), true
	}
	return kind + ":" + id, true
}

// nodeName is nodeKey in parts, for fingerprints, which write them
// without making the key: the node's kind, its ID and, for a journey's
// step, its index.
func nodeName(v reflect.Value) (kind, id string, step int, ok bool) {
	if v.Kind() != reflect.Pointer || v.IsNil() || !v.CanInterface() {
		return "", "", 0, false
	}
	switch x := v.Interface().(type) {
	case *Page:
		return "Page", x.ID, 0, true
	case *Site:
		return "Site", string(x.Audience), 0, true
	case *Stage:
		return "Stage", x.Key, 0, true
	case *Persona:
		return "Persona", x.Page.ID, 0, true
	case *Product:
		return "Product", x.Page.ID, 0, true
	case *Journey:
		return "Journey", x.Page.ID, 0, true
	case *Step:
		return "Step", x.Journey.Page.ID, x.Index, true
	case *Landing:
		return "Landing", x.Page.ID, 0, true
	case *Variant:
		return "Variant", x.Page.ID, 0, true
	case *Review:
		return "Review", x.ID, 0, true
	case *Model:
		return "Model", "", 0, true
	}
	return "", "", 0, false
}

// nodes indexes the nodes of m by key.
func (m *Model) nodes() map[string]reflect.Value {
	m.nodeOnce.Do(func() {
		idx := map[string]reflect.Value{}
		add := func(v any) {
			rv := reflect.ValueOf(v)
			if k, ok := nodeKey(rv); ok {
				idx[k] = rv
			}
		}
		add(m.Campaign)
		add(m.Workspace)
		for _, p := range m.Pages {
			add(p)
		}
		for _, x := range m.Stages {
			add(x)
		}
		for _, x := range m.Personas {
			add(x)
		}
		for _, x := range m.Products {
			add(x)
		}
		for _, x := range m.Journeys {
			add(x)
			for _, st := range x.Steps {
				add(st)
			}
		}
		for _, x := range m.Landings {
			add(x)
			for _, v := range x.Variants {
				add(v)
			}
		}
		for _, x := range m.Reviews {
			add(x)
		}
		m.nodeIndex = idx
	})
	return m.nodeIndex
}

// PageReads hears what one page's layout reads as it renders (it is a
// theme.Recorder), and keeps it as the page's Deps.
type PageReads struct {
	methods *sync.Map // of the Deps the page's reads go to
	deps    map[Dep]struct{}
	// args are the arguments of each method call, to call it again.
	args map[Dep][]any
	// volatile is set when the page read something that cannot be told
	// again, such as a method called with a page for an argument: the
	// page is then rendered on every rebuild.
	volatile bool
}

// Read records one step of the layout: a field of recv read, or a method
// called with args; recv invalid and member "file" for a static file
// read (its size, its pixels).
func (r *PageReads) Read(recv reflect.Value, member string, args []reflect.Value, _ reflect.Value) {
	if !recv.IsValid() {
		if member == "file" && len(args) == 1 && args[0].Kind() == reflect.String {
			r.deps[Dep{Node: "file:" + args[0].String()}] = struct{}{}
		}
		return
	}
	for recv.Kind() == reflect.Interface && !recv.IsNil() {
		recv = recv.Elem()
	}
	if recv.Kind() != reflect.Pointer && recv.CanAddr() {
		recv = recv.Addr()
	}
	key, ok := nodeKey(recv)
	if !ok {
		// A value reached through a node or a method's result: what it
		// holds is part of that node, or of that result.
		return
	}
	isMethod := methodOf(r.methods, recv.Type(), member)
	switch {
	case isMethod:
		vals := make([]any, len(args))
		for i, a := range args {
			v, ok := plainArg(a)
			if !ok {
				r.volatile = true
				return
			}
			vals[i] = v
		}
		d := Dep{Node: key, Member: member, Args: fmt.Sprintf("%q", vals)}
		r.deps[d] = struct{}{}
		r.args[d] = vals
	default:
		r.deps[Dep{Node: key, Member: member}] = struct{}{}
	}
}

type methodKey struct {
	t    reflect.Type
	name string
}

// methodOf reports whether name is a method of t, a pointer type, keeping
// the answers in cache.
func methodOf(cache *sync.Map, t reflect.Type, name string) bool {
	k := methodKey{t, name}
	if v, ok := cache.Load(k); ok {
		return v.(bool)
	}
	_, ok := t.MethodByName(name)
	cache.Store(k, ok)
	return ok
}

// plainArg returns the value of an argument that can be given again to a
// method: a number, a string or a boolean.
func plainArg(v reflect.Value) (any, bool) {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return nil, false
}

package theme

import (
	"fmt"
	"html/template"
	"reflect"
	"sync"
)

// runner executes traced templates for one goroutine at a time: its own
// copy of the theme's templates, whose memberFunc reports to the recorder
// of the execution under way.
type runner struct {
	layout   map[string]*template.Template
	partials *template.Template
	rec      Recorder
}

// members caches, by receiver type and name, how to read a member.
type members struct {
	mu sync.Mutex
	m  map[memberKey]member // mu guards m
}

type memberKey struct {
	typ  reflect.Type
	name string
}

// member says how to read a member of a type: a method of the type
// itself, or of the pointer to it (ptr), or a field by its index.
type member struct {
	method int // -1: no method
	ptr    bool
	field  []int
	// unexported is set for a field that exists but cannot be read.
	unexported bool
}

func (ms *members) lookup(t reflect.Type, name string) member {
	k := memberKey{t, name}
	ms.mu.Lock()
	m, ok := ms.m[k]
	ms.mu.Unlock()
	if ok {
		return m
	}
	m = member{method: -1}
	if mt, ok := t.MethodByName(name); ok {
		m.method = mt.Index
	} else if t.Kind() != reflect.Interface && t.Kind() != reflect.Pointer {
		if mt, ok := reflect.PointerTo(t).MethodByName(name); ok {
			m.method, m.ptr = mt.Index, true
		}
	}
	if m.method < 0 && t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName(name); ok {
			m.field, m.unexported = f.Index, !f.IsExported()
		}
	}
	ms.mu.Lock()
	ms.m[k] = m
	ms.mu.Unlock()
	return m
}

// read does what text/template does for the field or method name of recv
// (its evalField), with args for a method, and reports the step.
func (t *Theme) read(r *runner, recv reflect.Value, name string, args ...reflect.Value) (reflect.Value, error) {
	v, err := t.evalMember(recv, name, args)
	if err == nil && r.rec != nil {
		r.rec.Read(recv, name, args, v)
	}
	return v, err
}

func (t *Theme) evalMember(recv reflect.Value, name string, args []reflect.Value) (reflect.Value, error) {
	if !recv.IsValid() {
		return reflect.Value{}, nil
	}
	typ := recv.Type()
	v, isNil := indirect(recv)
	if v.Kind() == reflect.Interface && isNil {
		return reflect.Value{}, fmt.Errorf("nil pointer evaluating %s.%s", typ, name)
	}
	ptr := v
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	m := t.members.lookup(v.Type(), name)
	if m.method >= 0 {
		switch {
		case m.ptr && ptr.Kind() == reflect.Pointer:
			return callMethod(ptr.Method(m.method), name, args)
		case !m.ptr:
			return callMethod(v.Method(m.method), name, args)
		}
		// A method of *T on a T that cannot be addressed: text/template
		// does not see it either.
	}
	switch v.Kind() {
	case reflect.Struct:
		if m.field != nil {
			if m.unexported {
				return reflect.Value{}, fmt.Errorf("%s is an unexported field of struct type %s", name, typ)
			}
			f, err := v.FieldByIndexErr(m.field)
			if err != nil {
				return reflect.Value{}, err
			}
			if len(args) > 0 {
				return reflect.Value{}, fmt.Errorf("%s has arguments but cannot be invoked as function", name)
			}
			return f, nil
		}
	case reflect.Map:
		key := reflect.ValueOf(name)
		if key.Type().AssignableTo(v.Type().Key()) {
			if len(args) > 0 {
				return reflect.Value{}, fmt.Errorf("%s is not a method but has arguments", name)
			}
			return v.MapIndex(key), nil
		}
	case reflect.Pointer:
		if et := v.Type().Elem(); et.Kind() == reflect.Struct {
			if _, ok := et.FieldByName(name); !ok {
				break
			}
		}
		if isNil {
			return reflect.Value{}, fmt.Errorf("nil pointer evaluating %s.%s", typ, name)
		}
	}
	return reflect.Value{}, fmt.Errorf("can't evaluate field %s in type %s", name, typ)
}

// indirect goes through pointers and interfaces to the value they hold, or
// the first nil one.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// callMethod calls method with args as text/template calls a method: the
// arguments converted to its parameters' types, an error result returned
// as an error.
func callMethod(method reflect.Value, name string, args []reflect.Value) (reflect.Value, error) {
	typ := method.Type()
	fixed := typ.NumIn()
	if typ.IsVariadic() {
		fixed--
		if len(args) < fixed {
			return reflect.Value{}, fmt.Errorf("wrong number of args for %s: want at least %d got %d", name, fixed, len(args))
		}
	} else if len(args) != fixed {
		return reflect.Value{}, fmt.Errorf("wrong number of args for %s: want %d got %d", name, fixed, len(args))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := typ.In(min(i, typ.NumIn()-1))
		if typ.IsVariadic() && i >= fixed {
			pt = pt.Elem()
		}
		v, err := convert(a, pt)
		if err != nil {
			return reflect.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		in[i] = v
	}
	out := method.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		return out[0], fmt.Errorf("error calling %s: %w", name, out[1].Interface().(error))
	}
	if len(out) == 0 {
		return reflect.Value{}, fmt.Errorf("can't call method %s with no result", name)
	}
	v := out[0]
	if v.Type() == reflect.TypeFor[reflect.Value]() {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// convert makes v fit a parameter of type t, as text/template's
// validateType does; numbers written in the template convert to the
// parameter's kind of number, as its constants do.
func convert(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		switch t.Kind() {
		case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("invalid value; expected %s", t)
	}
	if t == reflect.TypeFor[reflect.Value]() && v.Type() != t {
		return reflect.ValueOf(v), nil
	}
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		if v = v.Elem(); v.Type().AssignableTo(t) {
			return v, nil
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(t):
		return v.Elem(), nil
	case reflect.PointerTo(v.Type()).AssignableTo(t) && v.CanAddr():
		return v.Addr(), nil
	case isNumber(v.Kind()) && isNumber(t.Kind()):
		return v.Convert(t), nil
	}
	return reflect.Value{}, fmt.Errorf("wrong type for value; expected %s; got %s", t, v.Type())
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

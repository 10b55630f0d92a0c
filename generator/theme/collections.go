package theme

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// appendTo is the template function append, as Hugo has it: the last
// argument is the list, every other one an element added to its end, so
// that a range can grow a list with {{ $l = $l | append $x }}. A single
// element that is itself a list adds its items (append LIST1 LIST2),
// unless the list holds lists, when it is one item. The list is never
// changed: the result is a new one, of the list's type when every element
// fits it, else a []any. An empty or nil list gives the elements alone: a
// list of their type when they share one, or the one list given.
func appendTo(args ...any) (any, error) {
	if len(args) < 2 {
		return nil, errors.New("append needs one or more elements and a list")
	}
	to, from := reflect.ValueOf(args[len(args)-1]), args[:len(args)-1]
	for to.Kind() == reflect.Pointer || to.Kind() == reflect.Interface {
		if to.IsNil() {
			to = reflect.Value{}
			break
		}
		to = to.Elem()
	}
	if to.IsValid() && to.Kind() != reflect.Slice {
		return nil, fmt.Errorf("append: %s is not a list", to.Type())
	}
	var elem reflect.Type
	if to.IsValid() {
		elem = to.Type().Elem()
	}
	// The values to add: a list's items, or the elements themselves.
	var add []reflect.Value
	if one := reflect.ValueOf(from[0]); len(from) == 1 && one.Kind() == reflect.Slice && (elem == nil || elem.Kind() != reflect.Slice) {
		for i := range one.Len() {
			add = append(add, one.Index(i))
		}
		if !to.IsValid() || to.Len() == 0 {
			return reflect.AppendSlice(reflect.MakeSlice(one.Type(), 0, one.Len()), one).Interface(), nil
		}
	} else {
		for _, f := range from {
			add = append(add, reflect.ValueOf(f))
		}
	}
	if !to.IsValid() || to.Len() == 0 {
		return listOf(add), nil
	}
	if elem.Kind() == reflect.Slice {
		for _, v := range add {
			if !v.IsValid() || !v.Type().AssignableTo(elem) {
				return nil, fmt.Errorf("append: cannot add %s to a list of %s", typeName(v), elem)
			}
		}
	}
	fits := true
	for _, v := range add {
		fits = fits && v.IsValid() && v.Type().AssignableTo(elem)
	}
	out := reflect.MakeSlice(reflect.TypeFor[[]any](), 0, to.Len()+len(add))
	if fits {
		out = reflect.MakeSlice(to.Type(), 0, to.Len()+len(add))
	}
	for i := range to.Len() {
		out = reflect.Append(out, to.Index(i))
	}
	for _, v := range add {
		if !v.IsValid() {
			v = reflect.Zero(out.Type().Elem())
		}
		out = reflect.Append(out, v)
	}
	return out.Interface(), nil
}

// listOf returns vals as a list of their type when they all share one,
// else as a []any.
func listOf(vals []reflect.Value) any {
	t := reflect.TypeFor[any]()
	if vals[0].IsValid() {
		t = vals[0].Type()
	}
	for _, v := range vals {
		if !v.IsValid() || v.Type() != t {
			t = reflect.TypeFor[any]()
		}
	}
	out := reflect.MakeSlice(reflect.SliceOf(t), 0, len(vals))
	for _, v := range vals {
		if !v.IsValid() {
			v = reflect.Zero(t)
		}
		out = reflect.Append(out, v)
	}
	return out.Interface()
}

func typeName(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	return v.Type().String()
}

// merge is the template function merge, as Hugo has it: it returns a new
// map with the keys of every map given, from left to right, a later map's
// value replacing an earlier one's for the same key. Keys are compared
// without regard to case, the later spelling kept; when both values are
// maps, they are merged the same way. A nil or empty map adds nothing. A
// template adds a key to a map only when it has a value with
// {{ with .SKU }}{{ $o = merge $o (dict "sku" .) }}{{ end }}.
func merge(maps ...any) (map[string]any, error) {
	if len(maps) < 2 {
		return nil, errors.New("merge needs two or more maps")
	}
	out := map[string]any{}
	for _, m := range maps {
		v := reflect.ValueOf(m)
		if !v.IsValid() || (v.Kind() == reflect.Map && v.IsNil()) {
			continue
		}
		if v.Kind() != reflect.Map || v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("merge: %s is not a map with text keys", v.Type())
		}
		mergeInto(out, v)
	}
	return out, nil
}

// mergeInto adds the keys of m, a map with string keys, to out.
func mergeInto(out map[string]any, m reflect.Value) {
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		key, val := k.String(), m.MapIndex(k).Interface()
		for old, prev := range out {
			if !strings.EqualFold(old, key) {
				continue
			}
			delete(out, old)
			if isStringMap(prev) && isStringMap(val) {
				merged := map[string]any{}
				mergeInto(merged, reflect.ValueOf(prev))
				mergeInto(merged, reflect.ValueOf(val))
				val = merged
			}
			break
		}
		out[key] = val
	}
}

func isStringMap(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String
}

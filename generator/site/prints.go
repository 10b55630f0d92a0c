package site

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"sort"
	"time"
)

// printer fingerprints values of the model. A node met inside a value is
// written as its key and not followed: what a page read of another node
// is a Dep of its own. So a field's print changes exactly when what it
// holds does, and a method's when its result does.
type printer struct {
	h   maphash.Hash
	buf [8]byte
}

// modelPackages are the packages whose types a print follows pointers
// into; a pointer to anything else (a parsed template, a position index)
// is no part of what a page can show.
func followed(t reflect.Type) bool {
	switch t.PkgPath() {
	case "github.com/journey-ssg/journey/generator/site",
		"github.com/journey-ssg/journey/generator/content",
		"github.com/journey-ssg/journey/generator/config",
		"github.com/journey-ssg/journey/generator/chart":
		return true
	}
	return false
}

// values returns the fingerprint of vals (a field's value, a method's
// results), under seed; nodes among them are written as their keys.
func (pr *printer) values(seed maphash.Seed, vals ...reflect.Value) uint64 {
	pr.h.SetSeed(seed)
	for _, v := range vals {
		pr.value(v, 0)
	}
	return pr.h.Sum64()
}

func (pr *printer) u64(x uint64) {
	binary.LittleEndian.PutUint64(pr.buf[:], x)
	pr.h.Write(pr.buf[:])
}

func (pr *printer) str(s string) {
	pr.u64(uint64(len(s)))
	pr.h.WriteString(s)
}

// value writes v.
func (pr *printer) value(v reflect.Value, depth int) {
	if depth > 64 {
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		pr.u64(0)
	case reflect.Bool:
		if v.Bool() {
			pr.u64(1)
		} else {
			pr.u64(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		pr.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		pr.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		pr.u64(math.Float64bits(v.Float()))
	case reflect.String:
		pr.str(v.String())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			pr.u64(uint64(v.Len()))
			pr.h.Write(v.Bytes())
			return
		}
		pr.u64(uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			pr.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keyString(keys[i]) < keyString(keys[j]) })
		pr.u64(uint64(len(keys)))
		for _, k := range keys {
			pr.value(k, depth+1)
			pr.value(v.MapIndex(k), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			pr.u64(3)
			return
		}
		pr.value(v.Elem(), depth+1)
	case reflect.Pointer:
		if v.IsNil() {
			pr.u64(4)
			return
		}
		if kind, id, step, ok := nodeName(v); ok {
			pr.str(kind)
			pr.str(id)
			pr.u64(uint64(step))
			return
		}
		if !followed(v.Type().Elem()) {
			return
		}
		pr.value(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			if v.CanInterface() {
				pr.u64(uint64(v.Interface().(time.Time).UnixNano()))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			pr.value(v.Field(i), depth+1)
		}
	}
}

// exported writes the exported fields of the struct v, a node's, and
// those of a node it embeds.
func (pr *printer) exported(v reflect.Value, depth int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if f.Anonymous && depth == 0 && isNode(fv) {
			pr.exported(fv.Elem(), depth+1)
			continue
		}
		pr.str(f.Name)
		pr.value(fv, 1)
	}
}

// keyString orders map keys, which in the model are strings.
func keyString(v reflect.Value) string {
	if v.Kind() == reflect.String {
		return v.String()
	}
	return v.Type().String()
}

// isNode reports whether v is a node of the model.
func isNode(v reflect.Value) bool {
	_, _, _, ok := nodeName(v)
	return ok
}

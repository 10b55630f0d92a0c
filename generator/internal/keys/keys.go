// Package keys keeps the sorted keys of a map between builds.
//
// It imports nothing but the standard library.
package keys

import "sort"

// Sorted returns the keys of m in order. order is the answer for an
// earlier state of m: when m still has exactly those keys, as after most
// edits, it is returned without sorting again.
func Sorted[V any](order []string, m map[string]V) []string {
	same := len(order) == len(m)
	for i := 0; same && i < len(order); i++ {
		_, same = m[order[i]]
	}
	if same {
		return order
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

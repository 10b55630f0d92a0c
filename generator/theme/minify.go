package theme

import (
	"bytes"
	"slices"
)

// hidden stands for '&' while a layout is minified.
const hidden = "\uE000"

// minified returns a layout's source minified by minify, or the source
// itself when minifying would change what the layout does.
//
// The minifier decodes character references in text, which in a layout
// could turn "&#123;&#123;" into an action, or "&amp;" before an action
// into the start of a reference with the value after it: every '&' is
// hidden from it behind a private-use character and restored after. And
// the actions must come out exactly as they went in, in order: a comment
// the minifier drops may hold one, and it collapses whitespace in the
// text of a script or style, actions included.
func minified(src []byte, minify func([]byte) ([]byte, error)) []byte {
	if bytes.Contains(src, []byte(hidden)) {
		return src
	}
	out, err := minify(bytes.ReplaceAll(src, []byte("&"), []byte(hidden)))
	if err != nil {
		return src
	}
	out = bytes.ReplaceAll(out, []byte(hidden), []byte("&"))
	if !slices.EqualFunc(actions(src), actions(out), bytes.Equal) {
		return src
	}
	return out
}

// actions returns the actions of a layout's source in order, each from
// "{{" to the next "}}", as written.
func actions(src []byte) [][]byte {
	var list [][]byte
	for {
		start := bytes.Index(src, []byte("{{"))
		if start < 0 {
			return list
		}
		end := bytes.Index(src[start:], []byte("}}"))
		if end < 0 {
			return append(list, src[start:])
		}
		list = append(list, src[start:start+end+2])
		src = src[start+end+2:]
	}
}

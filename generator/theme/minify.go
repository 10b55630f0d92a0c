package theme

import (
	"bytes"
	"maps"
	"slices"
	"text/template/parse"
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
// the actions must come out as they went in, in order: a comment the
// minifier drops may hold one.
func minified(src []byte, minify func([]byte) ([]byte, error)) []byte {
	if bytes.Contains(src, []byte(hidden)) {
		return src
	}
	out, err := minify(bytes.ReplaceAll(src, []byte("&"), []byte(hidden)))
	if err != nil {
		return src
	}
	out = bytes.ReplaceAll(out, []byte(hidden), []byte("&"))
	before, ok := actions(src)
	if !ok {
		return src
	}
	if after, ok := actions(out); !ok || !slices.Equal(before, after) {
		return src
	}
	return out
}

// actions lists the actions of a layout's templates in order, as the
// parser prints them, without the text between them; ok is false when
// the source does not parse.
func actions(src []byte) (list []string, ok bool) {
	t := parse.New("layout")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(string(src), "", "", trees); err != nil {
		return nil, false
	}
	var walk func(n parse.Node)
	branch := func(kind string, b *parse.BranchNode) {
		list = append(list, kind+" "+b.Pipe.String())
		walk(b.List)
		if b.ElseList != nil {
			list = append(list, "else")
			walk(b.ElseList)
		}
		list = append(list, "end")
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.TextNode, *parse.CommentNode:
		case *parse.IfNode:
			branch("if", &n.BranchNode)
		case *parse.RangeNode:
			branch("range", &n.BranchNode)
		case *parse.WithNode:
			branch("with", &n.BranchNode)
		default:
			list = append(list, n.String())
		}
	}
	for _, name := range slices.Sorted(maps.Keys(trees)) {
		list = append(list, "define "+name)
		walk(trees[name].Root)
	}
	return list, true
}

package theme

import (
	"slices"
	"text/template/parse"
)

// Mentions reports whether the layout name, or any template it calls,
// reads a field called field (.Persona, $.Landing.Persona, .Reviews): what
// the layout can show. A layout the theme lacks mentions nothing.
//
// The site's dependency graph keeps every relation; rebuilds use this to
// skip pages whose layout cannot show the part that changed.
func (t *Theme) Mentions(name, field string) bool {
	key := name + "\x00" + field
	t.mu.Lock()
	found, ok := t.mentions[key]
	t.mu.Unlock()
	if ok {
		return found
	}
	found = t.mentions1(name, field)
	t.mu.Lock()
	t.mentions[key] = found
	t.mu.Unlock()
	return found
}

func (t *Theme) mentions1(name, field string) bool {
	set, ok := t.layout[name]
	if !ok {
		return false
	}
	entry := Base
	if t.whole[name] {
		entry = name + ".html"
	}
	seen := map[string]bool{}
	var visit func(tmpl string) bool
	visit = func(tmpl string) bool {
		if seen[tmpl] {
			return false
		}
		seen[tmpl] = true
		tt := set.Lookup(tmpl)
		if tt == nil || tt.Tree == nil {
			return false
		}
		found := false
		walk(tt.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.FieldNode:
				found = found || slices.Contains(n.Ident, field)
			case *parse.VariableNode:
				found = found || slices.Contains(n.Ident, field)
			case *parse.ChainNode:
				found = found || slices.Contains(n.Field, field)
			case *parse.TemplateNode:
				found = found || visit(n.Name)
			}
		})
		return found
	}
	return visit(entry)
}

// walk calls fn for n and every node below it.
func walk(n parse.Node, fn func(parse.Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, fn)
		}
	case *parse.ActionNode:
		walk(n.Pipe, fn)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walk(c, fn)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, fn)
		}
	case *parse.ChainNode:
		walk(n.Node, fn)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.TemplateNode:
		walk(n.Pipe, fn)
	}
}

func walkBranch(b *parse.BranchNode, fn func(parse.Node)) {
	walk(b.Pipe, fn)
	walk(b.List, fn)
	if b.ElseList != nil {
		walk(b.ElseList, fn)
	}
}

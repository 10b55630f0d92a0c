package theme

import (
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// A Recorder is told of every step a traced layout takes through its data:
// each field it reads and each method it calls, with the value it read the
// member of, the method's arguments, and the result. A theme loaded with
// Options.Trace reports them, so that the caller can derive what a page
// depends on from what its layout actually read. Templates run on several
// goroutines at once, but a Recorder hears of one execution only.
type Recorder interface {
	Read(recv reflect.Value, member string, args []reflect.Value, result reflect.Value)
}

// memberFunc is the function a traced template calls for every field it
// reads and every method it calls: the rewritten form of .A, $x.A and
// (pipeline).A, and of .A.B arg... in a command's first place.
const memberFunc = "_jm"

// rewrite turns every field and method access in the tree into a call of
// memberFunc, so that the access goes through code that can report it,
// and text/template still evaluates everything else (conditions, ranges,
// variables, functions, template calls) itself, exactly as it would.
func rewrite(tree *parse.Tree) {
	if tree == nil || tree.Root == nil {
		return
	}
	rewriteList(tree, tree.Root)
}

func rewriteList(tree *parse.Tree, l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			rewritePipe(tree, n.Pipe)
		case *parse.IfNode:
			rewriteBranch(tree, &n.BranchNode)
		case *parse.RangeNode:
			rewriteBranch(tree, &n.BranchNode)
		case *parse.WithNode:
			rewriteBranch(tree, &n.BranchNode)
		case *parse.TemplateNode:
			rewritePipe(tree, n.Pipe)
		case *parse.ListNode:
			rewriteList(tree, n)
		}
	}
}

func rewriteBranch(tree *parse.Tree, b *parse.BranchNode) {
	rewritePipe(tree, b.Pipe)
	rewriteList(tree, b.List)
	rewriteList(tree, b.ElseList)
}

func rewritePipe(tree *parse.Tree, p *parse.PipeNode) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		rewriteCommand(tree, c)
	}
}

// rewriteCommand rewrites a command's words. A field access in the first
// place may call a method with the command's other words (and the piped
// value) as its arguments: it becomes memberFunc(receiver, "Name", words...).
// Anywhere else, an access becomes (memberFunc receiver "Name").
func rewriteCommand(tree *parse.Tree, c *parse.CommandNode) {
	for i, arg := range c.Args {
		if i > 0 {
			c.Args[i] = rewriteArg(tree, arg)
			continue
		}
		recv, name, ok := split(tree, arg)
		if !ok {
			c.Args[0] = rewriteArg(tree, arg)
			continue
		}
		words := append([]parse.Node{identifier(tree, arg.Position()), recv, str(arg.Position(), name)}, c.Args[1:]...)
		for j := 3; j < len(words); j++ {
			words[j] = rewriteArg(tree, words[j])
		}
		c.Args = words
		return
	}
}

// rewriteArg rewrites one word that is not in a command's first place.
func rewriteArg(tree *parse.Tree, n parse.Node) parse.Node {
	switch n := n.(type) {
	case *parse.PipeNode:
		rewritePipe(tree, n)
		return n
	}
	recv, name, ok := split(tree, n)
	if !ok {
		return n
	}
	return pipe(n.Position(), &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{identifier(tree, n.Position()), recv, str(n.Position(), name)}})
}

// split takes an access apart into the node whose member is read (itself
// rewritten) and the member's name; ok is false for a word that reads no
// member.
func split(tree *parse.Tree, n parse.Node) (recv parse.Node, name string, ok bool) {
	var base parse.Node
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		base, idents = &parse.DotNode{NodeType: parse.NodeDot, Pos: n.Position()}, n.Ident
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return nil, "", false
		}
		base, idents = &parse.VariableNode{NodeType: parse.NodeVariable, Pos: n.Position(), Ident: n.Ident[:1]}, n.Ident[1:]
	case *parse.ChainNode:
		inner := n.Node
		if p, isPipe := inner.(*parse.PipeNode); isPipe {
			rewritePipe(tree, p)
		} else {
			inner = rewriteArg(tree, inner)
		}
		base, idents = inner, n.Field
	default:
		return nil, "", false
	}
	for _, id := range idents[:len(idents)-1] {
		base = pipe(n.Position(), &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{identifier(tree, n.Position()), base, str(n.Position(), id)}})
	}
	return base, idents[len(idents)-1], true
}

func identifier(tree *parse.Tree, pos parse.Pos) parse.Node {
	return parse.NewIdentifier(memberFunc).SetTree(tree).SetPos(pos)
}

func str(pos parse.Pos, s string) parse.Node {
	return &parse.StringNode{NodeType: parse.NodeString, Pos: pos, Quoted: strconv.Quote(s), Text: s}
}

func pipe(pos parse.Pos, c *parse.CommandNode) *parse.PipeNode {
	return &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{c}}
}

// traceError puts an execution error of a traced template in the words of
// an untraced one: "at <.Title>" rather than the call that reads it.
func traceError(err error) error {
	msg := err.Error()
	if !strings.Contains(msg, memberFunc) {
		return err
	}
	msg = strings.ReplaceAll(msg, "error calling "+memberFunc+": ", "")
	if i := strings.Index(msg, "<"+memberFunc+" "); i >= 0 {
		if j := strings.Index(msg[i:], ">"); j > 0 {
			if name, ok := memberName(msg[i+len(memberFunc)+2 : i+j]); ok {
				msg = msg[:i] + "<." + name + ">" + msg[i+j+1:]
			}
		}
	}
	return &tracedError{msg: msg, err: err}
}

// memberName finds the member's name in the words of a member call as
// text/template prints it, `. "Title"` or `(_jm . "Site") "URL" "/"`:
// the quoted word after the receiver.
func memberName(words string) (string, bool) {
	depth := 0
	for i, c := range words {
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ' ' && depth == 0:
			rest := strings.TrimSpace(words[i:])
			if q, err := strconv.QuotedPrefix(rest); err == nil {
				name, err := strconv.Unquote(q)
				return name, err == nil
			}
			return "", false
		}
	}
	return "", false
}

type tracedError struct {
	msg string
	err error
}

func (e *tracedError) Error() string { return e.msg }
func (e *tracedError) Unwrap() error { return e.err }

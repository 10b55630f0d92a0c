package theme

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
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

package theme

import (
	"hash/maphash"
	"html/template"
	"io/fs"
	"sort"
	"text/template/parse"

	"github.com/journey-ssg/journey/generator/sitefs"
)

// fingerprintSeed hashes every theme's layouts alike, so that two loads of
// one theme compare.
var fingerprintSeed = maphash.MakeSeed()

// uses is what a layout may run: the templates it may call and the assets
// it may inline, found by walking its templates from its entry. A call
// whose name is not written out may run any of them (all, allAssets).
type uses struct {
	templates map[string]bool
	assets    map[string]bool
	all       bool
	allAssets bool
}

// fingerprint hashes the source of everything the layout set may run from
// entry, and the assets it may inline: two loads of a theme give a layout
// the same fingerprint unless a change can show in its pages. It is taken
// before the set first runs, which rewrites its trees.
func (t *Theme) fingerprint(set *template.Template, entry string) uint64 {
	u := uses{templates: map[string]bool{}, assets: map[string]bool{}}
	u.walkTemplate(set, entry)
	if u.all {
		for _, tt := range set.Templates() {
			u.walkTemplate(set, tt.Name())
		}
	}
	var h maphash.Hash
	h.SetSeed(fingerprintSeed)
	names := sortedKeys(u.templates)
	for _, name := range names {
		h.WriteString(name)
		h.WriteByte(0)
		if tt := set.Lookup(name); tt != nil && tt.Tree != nil && tt.Tree.Root != nil {
			h.WriteString(tt.Tree.Root.String())
		}
		h.WriteByte(0)
	}
	assets := sortedKeys(u.assets)
	if u.allAssets {
		assets = nil
		// The walk function never fails; an unreadable asset fails the
		// page that inlines it.
		_ = sitefs.WalkDir(t.files.Sub("assets"), ".", sitefs.Ignored, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				assets = append(assets, p)
			}
			return nil
		})
	}
	for _, name := range assets {
		h.WriteString(name)
		h.WriteByte(0)
		b, _ := fs.ReadFile(t.files, "assets/"+name)
		h.Write(b)
		h.WriteByte(0)
	}
	return h.Sum64()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// walkTemplate adds the template name, and what it may run, to u.
func (u *uses) walkTemplate(set *template.Template, name string) {
	if u.templates[name] {
		return
	}
	u.templates[name] = true
	if tt := set.Lookup(name); tt != nil && tt.Tree != nil {
		u.walk(set, tt.Tree.Root)
	}
}

func (u *uses) walk(set *template.Template, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			u.walk(set, c)
		}
	case *parse.ActionNode:
		u.walk(set, n.Pipe)
	case *parse.IfNode:
		u.walkBranch(set, &n.BranchNode)
	case *parse.RangeNode:
		u.walkBranch(set, &n.BranchNode)
	case *parse.WithNode:
		u.walkBranch(set, &n.BranchNode)
	case *parse.TemplateNode:
		u.walk(set, n.Pipe)
		u.walkTemplate(set, n.Name)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			u.walk(set, c)
		}
	case *parse.ChainNode:
		u.walk(set, n.Node)
	case *parse.CommandNode:
		for _, a := range n.Args {
			u.walk(set, a)
		}
		if len(n.Args) == 0 {
			return
		}
		id, ok := n.Args[0].(*parse.IdentifierNode)
		if !ok {
			return
		}
		var arg *parse.StringNode
		if len(n.Args) > 1 {
			arg, _ = n.Args[1].(*parse.StringNode)
		}
		switch id.Ident {
		case "partial", "partialCached":
			if arg == nil {
				u.all = true
				return
			}
			u.walkTemplate(set, arg.Text)
		case "css", "js", "svg":
			if arg == nil {
				u.allAssets = true
				return
			}
			u.assets[arg.Text] = true
		}
	}
}

func (u *uses) walkBranch(set *template.Template, b *parse.BranchNode) {
	u.walk(set, b.Pipe)
	u.walk(set, b.List)
	u.walk(set, b.ElseList)
}

// Relaid returns the layouts of t whose pages a change from old may show
// differently: those whose templates or inlined assets changed, and those
// that only one of the two has.
func (t *Theme) Relaid(old *Theme) map[string]bool {
	out := map[string]bool{}
	for name, fp := range t.prints {
		if ofp, ok := old.prints[name]; !ok || ofp != fp {
			out[name] = true
		}
	}
	for name := range old.prints {
		if _, ok := t.prints[name]; !ok {
			out[name] = true
		}
	}
	return out
}

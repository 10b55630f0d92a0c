package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// emptyHeaderCells renders a table's empty header cells, such as the
// top-left corner of a comparison table (| | Ours | Theirs |), as <td>:
// a <th> must name the cells it heads (axe's empty-table-header rule),
// and an empty cell heads nothing. Every other cell is rendered by
// goldmark's table renderer, which the type embeds for its options.
type emptyHeaderCells struct {
	*extension.TableHTMLRenderer
}

// RegisterFuncs implements renderer.NodeRenderer for table cells only.
func (r emptyHeaderCells) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	var cell renderer.NodeRendererFunc
	r.TableHTMLRenderer.RegisterFuncs(registerFunc(func(kind ast.NodeKind, f renderer.NodeRendererFunc) {
		if kind == extast.KindTableCell {
			cell = f
		}
	}))
	reg.Register(extast.KindTableCell, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.HasChildren() || n.Parent().Kind() != extast.KindTableHeader {
			return cell(w, src, n, entering)
		}
		if entering {
			_, _ = w.WriteString("<td></td>\n")
		}
		return ast.WalkContinue, nil
	})
}

// registerFunc is a function that takes goldmark's node renderers.
type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

// Register implements renderer.NodeRendererFuncRegisterer.
func (f registerFunc) Register(kind ast.NodeKind, fn renderer.NodeRendererFunc) { f(kind, fn) }

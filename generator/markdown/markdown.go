// Package markdown turns the Markdown bodies of content files into HTML with
// one configured goldmark instance: GitHub-flavoured tables, strikethrough,
// autolinks and task lists, footnotes, typographic quotes and heading ids.
// Raw HTML is dropped unless the site turns it on, and goldmark's own URL
// check keeps javascript: and similar links out either way.
//
// Links are rewritten through a Resolver passed in by the caller, so this
// package knows nothing of the site. It imports diag and goldmark only.
package markdown

import (
	"bytes"
	stdhtml "html"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/journey-ssg/journey/generator/diag"
)

// Resolver rewrites the destination of a link or image written in a
// document. The error says why dest cannot be linked: it names a document
// that does not exist, or one the reader of this document cannot reach.
type Resolver interface {
	Resolve(dest string) (url string, err error)
}

// Options configure a Converter.
type Options struct {
	// Unsafe lets raw HTML through.
	Unsafe bool
}

// Converter converts Markdown to HTML. It is safe for concurrent use.
type Converter struct {
	md       goldmark.Markdown
	unsafe   bool
	brackets *bracketLimit
	bufs     sync.Pool
}

// New returns a Converter configured by opts.
func New(opts Options) *Converter {
	// emptyHeaderCells takes table cells ahead of GFM's table renderer
	// (priority 500).
	rendererOpts := []goldmark.Option{goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(emptyHeaderCells{&extension.TableHTMLRenderer{TableConfig: extension.NewTableConfig()}}, 400)))}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	// Before the link parser (200), after those of footnotes (101) and
	// task lists (0), which take their own brackets.
	brackets := &bracketLimit{key: bracketsKey}
	md := goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithInlineParsers(util.Prioritized(brackets, 199))),
	)...)
	return &Converter{md: md, unsafe: opts.Unsafe, brackets: brackets, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// Result is a converted document.
type Result struct {
	// HTML is the rendered body. It is the one place where journey marks
	// content as safe HTML: goldmark escapes text, drops raw HTML unless
	// the site allowed it, and drops dangerous URLs.
	HTML template.HTML
	// Summary is the plain text of the first paragraph.
	Summary string
}

// Convert renders src, the body of file starting at line firstLine. Links
// and images go through r; a link to a document r does not know is reported
// at its line, and the problems are returned with the result.
//
// A document that nests deeper than MaxDepth is refused with an error at the
// line where it does: block quotes and lists before goldmark parses it, link
// brackets as it parses them.
func (c *Converter) Convert(file string, firstLine int, src []byte, r Resolver) (Result, diag.List) {
	if n := tooDeep(src, MaxDepth); n >= 0 {
		return Result{}, diag.List{diag.Errorf(diag.Pos{File: file, Line: firstLine + n},
			"block quotes and lists nested more than %d levels deep; nest them less, or write \\> or \\- for the character itself", MaxDepth)}
	}
	pc := parser.NewContext()
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if over := c.brackets.state(pc).over; over >= 0 {
		return Result{}, diag.List{diag.Errorf(diag.Pos{File: file, Line: firstLine + bytes.Count(src[:over], []byte("\n"))},
			"link brackets nested more than %d levels deep; write \\[ for a bracket that opens no link", MaxDepth)}
	}
	var problems diag.List
	var res Result
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			// The page title is the only h1.
			if n.Level == 1 {
				n.Level = 2
			}
		case *ast.Paragraph:
			if res.Summary == "" && n.Parent() == doc {
				res.Summary = plainText(n, src)
			}
		case *ast.Link:
			if c.dangerous(n.Destination) {
				unwrap = append(unwrap, n)
				return ast.WalkContinue, nil
			}
			if url, err := rewrite(n.Destination, r); err == nil {
				n.Destination = url
			} else {
				problems.Add(diag.Errorf(diag.Pos{File: file, Line: firstLine + lineOf(n, src) - 1},
					"link to %q: %v", n.Destination, err))
			}
		case *ast.AutoLink:
			if c.dangerous(n.URL(src)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if c.dangerous(n.Destination) {
				unwrap = append(unwrap, n)
				return ast.WalkSkipChildren, nil
			}
			if url, err := rewrite(n.Destination, r); err == nil {
				n.Destination = url
			}
			n.SetAttributeString("loading", "lazy")
			n.SetAttributeString("decoding", "async")
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		unwrapNode(n, src)
	}
	buf := c.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer c.bufs.Put(buf)
	// Rendering into a bytes.Buffer cannot fail.
	_ = c.md.Renderer().Render(buf, src, doc)
	res.HTML = template.HTML(buf.String())
	return res, problems
}

// dangerous reports whether a link or image destination could run script.
// goldmark would render it as an empty URL; journey drops the link and
// keeps its text instead.
func (c *Converter) dangerous(dest []byte) bool {
	return !c.unsafe && html.IsDangerousURL(dest)
}

// unwrapNode replaces a link with its children, an autolink with its text,
// and an image with its alt text.
func unwrapNode(n ast.Node, src []byte) {
	parent := n.Parent()
	switch n := n.(type) {
	case *ast.AutoLink:
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
		return
	case *ast.Image:
		parent.ReplaceChild(parent, n, ast.NewString([]byte(plainText(n, src))))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

func rewrite(dest []byte, r Resolver) ([]byte, error) {
	if r == nil {
		return dest, nil
	}
	url, err := r.Resolve(string(dest))
	return []byte(url), err
}

// lineOf returns the 1-based line of n in src: the line of its first text,
// or of the block it sits in when it has no text.
func lineOf(n ast.Node, src []byte) int {
	offset := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			offset = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for p := n; offset < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			offset = p.Lines().At(0).Start
		}
	}
	if offset < 0 || offset > len(src) {
		return 1
	}
	return 1 + bytes.Count(src[:offset], []byte("\n"))
}

// plainText joins the text under n, with soft line breaks as spaces.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer writes entities such as &ldquo;.
			b.WriteString(stdhtml.UnescapeString(string(c.Value)))
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// Package mermaid reads Mermaid user-journey diagrams and turns them into
// journey files, so teams can move their existing diagrams over:
//
//	journey
//	    title My working day
//	    accDescr: How my day goes
//	    section Go to work
//	      Make tea: 5: Me
//	      Do work: 1: Me, Cat
//
// It reads what Mermaid's journey grammar reads: the keywords in any case,
// title, accTitle, accDescr on one line or as a { … } block, comments from
// %% or # to the end of a line, <br> line breaks in section titles, and
// tasks with no actors or an empty list of them. A front matter block
// between --- lines may give the title, as Mermaid allows for every
// diagram.
//
// Sections become stages (matched by key or name, ignoring case, or mapped
// by Options.Stages), tasks become steps with their score as the emotion,
// the first actor becomes the persona and the other actors fill the
// journey's "with" lane.
//
// It imports config and diag.
package mermaid

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
)

// Diagram is a parsed user-journey diagram.
type Diagram struct {
	Title string
	// AccTitle and Description are the diagram's accessible title
	// (accTitle) and description (accDescr).
	AccTitle    string
	Description string
	Sections    []Section
}

// Section is a section of tasks. Its name has its <br> line breaks made
// spaces.
type Section struct {
	Name  string
	Line  int
	Tasks []Task
}

// Task is one task: its name, its score and who takes part.
type Task struct {
	Name   string
	Score  int
	Actors []string
	Line   int
}

// maxLine is the longest line Parse reads, in bytes.
const maxLine = 1 << 20

var (
	// lineBreak matches the line breaks Mermaid allows in titles: <br>,
	// <br/>, <br />, </br> in any case.
	lineBreak = regexp.MustCompile(`(?i)<\s*/?\s*br\s*/?\s*>`)
	// keyword matches a statement's keyword at the start of a line, and
	// the space after it: title and section need some, as in Mermaid's
	// lexer, so that "title: 5: Me" is a task.
	keyword = regexp.MustCompile(`(?i)^(?:journey\b|(?:title|section)(?:\s+|$)|(?:acctitle|accdescr)\s*)`)
)

// parser holds the state of one Parse.
type parser struct {
	file     string
	d        *Diagram
	problems diag.List
	header   bool // the "journey" line has been read
	// descr gathers the lines of an accDescr { … } block while one is
	// open; descrLine is where it opened.
	descr     *strings.Builder
	descrLine int
}

// Parse reads a diagram from src, the contents of file. Every problem is
// reported with its line.
func Parse(file string, src []byte) (*Diagram, diag.List) {
	p := &parser{file: file, d: &Diagram{}}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	frontMatter := false
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		switch {
		case frontMatter:
			if text == "---" {
				frontMatter = false
			} else if v, ok := strings.CutPrefix(text, "title:"); ok {
				p.d.Title = unquote(strings.TrimSpace(v))
			}
			continue
		case !p.header && p.descr == nil && text == "---":
			frontMatter = true
			continue
		}
		p.line(line, sc.Text())
		if len(p.problems) > 0 && !p.header {
			return p.d, p.problems
		}
	}
	if err := sc.Err(); err != nil {
		p.problems.Add(diag.Errorf(diag.Pos{File: file, Line: line + 1}, "read: %v", err))
	}
	if p.descr != nil {
		p.problems.Add(diag.Errorf(p.pos(p.descrLine), "accDescr { has no closing }"))
	}
	if !p.header {
		p.problems.Add(diag.Errorf(p.pos(1), "empty diagram: a user-journey diagram starts with the line \"journey\""))
	}
	return p.d, p.problems
}

func (p *parser) pos(line int) diag.Pos { return diag.Pos{File: p.file, Line: line} }

// line reads one line of the diagram, or what follows the closing brace
// of an accDescr block on it.
func (p *parser) line(n int, raw string) {
	if p.descr != nil {
		body, rest, closed := strings.Cut(raw, "}")
		if t := strings.TrimSpace(body); t != "" {
			if p.descr.Len() > 0 {
				p.descr.WriteByte('\n')
			}
			p.descr.WriteString(t)
		}
		if !closed {
			return
		}
		p.d.Description = p.descr.String()
		p.descr = nil
		raw = rest
	}
	text := strings.TrimSpace(raw)
	if text == "" || strings.HasPrefix(text, "%%") || strings.HasPrefix(text, "#") {
		return
	}
	m := keyword.FindString(text)
	kw := strings.ToLower(strings.TrimSpace(m))
	rest := text[len(m):]
	if !p.header {
		if kw != "journey" {
			p.problems.Add(diag.Errorf(p.pos(n), "a user-journey diagram starts with the line \"journey\", not %q", text))
			return
		}
		p.header = true
		if rest = stripComment(rest); rest != "" {
			p.problems.Add(diag.Errorf(p.pos(n), "unexpected %q after \"journey\"; start a new line", rest))
		}
		return
	}
	switch kw {
	case "acctitle":
		// Like Mermaid, the value runs to the end of the line, # and %%
		// included.
		if v, ok := strings.CutPrefix(rest, ":"); ok {
			p.d.AccTitle = strings.TrimSpace(v)
			return
		}
	case "accdescr":
		if v, ok := strings.CutPrefix(rest, ":"); ok {
			p.d.Description = strings.TrimSpace(v)
			return
		}
		if v, ok := strings.CutPrefix(rest, "{"); ok {
			p.descr, p.descrLine = &strings.Builder{}, n
			p.line(n, v)
			return
		}
	case "title":
		if rest = stripComment(rest); rest != "" {
			p.d.Title = rest
			return
		}
	case "section":
		if rest = stripComment(rest); rest != "" {
			p.d.Sections = append(p.d.Sections, Section{Name: SectionName(rest), Line: n})
			return
		}
	case "journey":
		p.problems.Add(diag.Errorf(p.pos(n), "a second \"journey\" line; a file holds one diagram"))
		return
	}
	p.task(n, stripComment(text))
}

// task reads "Task name: score: actor, actor" at line n.
func (p *parser) task(n int, text string) {
	name, data, ok := strings.Cut(text, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		p.problems.Add(diag.Errorf(p.pos(n), "%q is not a task: write \"Task: score: actors\"", text))
		return
	}
	scoreText, actors, _ := strings.Cut(data, ":")
	scoreText = strings.TrimSpace(scoreText)
	score, err := strconv.Atoi(scoreText)
	if err != nil || score < 1 || score > 5 {
		p.problems.Add(diag.Errorf(p.pos(n), "task %q: score %q must be a whole number from 1 to 5", name, scoreText))
		return
	}
	t := Task{Name: name, Score: score, Line: n}
	for _, a := range strings.Split(actors, ",") {
		if a = strings.TrimSpace(a); a != "" {
			t.Actors = append(t.Actors, a)
		}
	}
	if len(p.d.Sections) == 0 {
		p.problems.Add(diag.Errorf(p.pos(n), "task %q comes before any section; add a \"section\" line above it", t.Name))
		return
	}
	s := &p.d.Sections[len(p.d.Sections)-1]
	s.Tasks = append(s.Tasks, t)
}

// stripComment cuts a trailing comment (from # or %%) off text and trims
// it.
func stripComment(text string) string {
	if i := strings.IndexByte(text, '#'); i >= 0 {
		text = text[:i]
	}
	if i := strings.Index(text, "%%"); i >= 0 {
		text = text[:i]
	}
	return strings.TrimSpace(text)
}

// SectionName is how a section title is compared and shown: its <br> line
// breaks become spaces, and runs of white space one space.
func SectionName(title string) string {
	return strings.Join(strings.Fields(lineBreak.ReplaceAllString(title, " ")), " ")
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// WithLane is the key of the lane that lists who else takes part in a
// step: the actors of a task besides the persona.
const WithLane = "with"

// Options guide the conversion.
type Options struct {
	// Persona is the persona's slug; empty means the first actor's name,
	// made into a slug.
	Persona string
	// Stages maps section titles (as SectionName gives them, ignoring
	// case) to stage keys or names, for sections that match no stage.
	Stages map[string]string
	// Slugify makes a slug from a name.
	Slugify func(string) string
}

// Journey converts d into the text of a journey file for a site with the
// stages of cfg. A section that matches no stage and is not mapped, a
// mapping to an unknown stage and a mapping of a section the diagram does
// not have are reported, and then no file is made: nothing of the diagram
// is silently dropped.
func Journey(file string, d *Diagram, cfg *config.Config, opts Options) (string, diag.List) {
	stages, problems := stagesOf(file, d, cfg, opts.Stages)
	if len(problems) > 0 {
		return "", problems
	}
	lead := ""
	for _, s := range d.Sections {
		for _, t := range s.Tasks {
			if lead == "" && len(t.Actors) > 0 {
				lead = t.Actors[0]
			}
		}
	}
	persona := opts.Persona
	if persona == "" {
		persona = opts.Slugify(lead)
	}
	others := func(t Task) []string {
		var out []string
		for _, a := range t.Actors {
			if opts.Slugify(a) != opts.Slugify(lead) {
				out = append(out, config.Quote(a))
			}
		}
		return out
	}
	description := d.Description
	if description == "" {
		description = "Imported from a Mermaid user-journey diagram."
	}
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", config.Quote(d.Title))
	fmt.Fprintf(&b, "persona = %s\n", config.Quote(persona))
	fmt.Fprintf(&b, "description = %s\n", config.Quote(description))
	if slices.ContainsFunc(d.Sections, func(s Section) bool {
		return slices.ContainsFunc(s.Tasks, func(t Task) bool { return len(others(t)) > 0 })
	}) {
		fmt.Fprintf(&b, "\n[[lanes]]\nkey = %q\nname = \"With\"\nkind = \"list\"\n", WithLane)
	}
	for i, s := range d.Sections {
		for _, t := range s.Tasks {
			b.WriteString("\n[[steps]]\n")
			fmt.Fprintf(&b, "stage = %s\n", config.Quote(stages[i]))
			fmt.Fprintf(&b, "title = %s\n", config.Quote(t.Name))
			fmt.Fprintf(&b, "emotion = %d\n", t.Score)
			if o := others(t); len(o) > 0 {
				fmt.Fprintf(&b, "%s = [%s]\n", WithLane, strings.Join(o, ", "))
			}
		}
	}
	b.WriteString("+++\n")
	return b.String(), nil
}

// stagesOf returns the stage key of each of d's sections.
func stagesOf(file string, d *Diagram, cfg *config.Config, mapping map[string]string) ([]string, diag.List) {
	var problems diag.List
	filePos := diag.Pos{File: file}
	mapped := map[string]string{} // lower-case section name -> stage key
	sections := slices.Sorted(maps.Keys(mapping))
	for _, section := range sections {
		stage := mapping[section]
		key, ok := matchStage(stage, cfg)
		if !ok {
			problems.Add(diag.Errorf(filePos, "--stage %q: no stage %q; use one of: %s", section+"="+stage, stage, strings.Join(cfg.StageKeys(), ", ")))
			continue
		}
		mapped[strings.ToLower(SectionName(section))] = key
	}
	used := map[string]bool{}
	stages := make([]string, len(d.Sections))
	for i, s := range d.Sections {
		name := strings.ToLower(s.Name)
		if key, ok := mapped[name]; ok {
			stages[i], used[name] = key, true
			continue
		}
		key, ok := matchStage(s.Name, cfg)
		if !ok {
			var names []string
			for _, st := range cfg.Stages {
				names = append(names, st.Name)
			}
			problems.Add(diag.Errorf(diag.Pos{File: file, Line: s.Line}, "section %q matches no stage; rename it to one of: %s, or map it with --stage %q (or add the stage to journey.toml)", s.Name, strings.Join(names, ", "), s.Name+"=STAGE"))
			continue
		}
		stages[i] = key
	}
	for _, section := range sections {
		if name := strings.ToLower(SectionName(section)); !used[name] {
			if _, ok := mapped[name]; ok {
				problems.Add(diag.Errorf(filePos, "--stage %q: the diagram has no section %q", section+"="+mapping[section], section))
			}
		}
	}
	problems.Sort()
	return stages, problems
}

func matchStage(name string, cfg *config.Config) (string, bool) {
	for _, st := range cfg.Stages {
		if strings.EqualFold(st.Key, name) || strings.EqualFold(st.Name, name) {
			return st.Key, true
		}
	}
	return "", false
}

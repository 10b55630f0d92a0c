// Package mermaid reads Mermaid user-journey diagrams and turns them into
// journey files, so teams can move their existing diagrams over:
//
//	journey
//	    title My working day
//	    section Go to work
//	      Make tea: 5: Me
//	      Do work: 1: Me, Cat
//
// Sections become stages (matched by key or name, ignoring case), tasks
// become steps with their score as the emotion, the first actor becomes the
// persona and the other actors the step's touchpoints.
//
// It imports config and diag.
package mermaid

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
)

// Diagram is a parsed user-journey diagram.
type Diagram struct {
	Title    string
	Sections []Section
}

// Section is a section of tasks.
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

// Parse reads a diagram from src, the contents of file. Every problem is
// reported with its line.
func Parse(file string, src []byte) (*Diagram, diag.List) {
	var problems diag.List
	d := &Diagram{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	seenHeader := false
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		pos := diag.Pos{File: file, Line: line}
		switch {
		case text == "" || strings.HasPrefix(text, "%%"):
			continue
		case !seenHeader:
			if text != "journey" {
				problems.Add(diag.Errorf(pos, "a user-journey diagram starts with the line \"journey\", not %q", text))
				return d, problems
			}
			seenHeader = true
		case strings.HasPrefix(text, "title ") || text == "title":
			d.Title = strings.TrimSpace(strings.TrimPrefix(text, "title"))
		case strings.HasPrefix(text, "accTitle") || strings.HasPrefix(text, "accDescr"):
			// Accessibility lines have no place in a journey file.
		case strings.HasPrefix(text, "section ") || text == "section":
			d.Sections = append(d.Sections, Section{Name: strings.TrimSpace(strings.TrimPrefix(text, "section")), Line: line})
		default:
			task, err := parseTask(text)
			if err != "" {
				problems.Add(diag.Errorf(pos, "%s", err))
				continue
			}
			task.Line = line
			if len(d.Sections) == 0 {
				problems.Add(diag.Errorf(pos, "task %q comes before any section; add a \"section\" line above it", task.Name))
				continue
			}
			s := &d.Sections[len(d.Sections)-1]
			s.Tasks = append(s.Tasks, task)
		}
	}
	if err := sc.Err(); err != nil {
		problems.Add(diag.Errorf(diag.Pos{File: file, Line: line + 1}, "read: %v", err))
	}
	if !seenHeader {
		problems.Add(diag.Errorf(diag.Pos{File: file, Line: 1}, "empty diagram: a user-journey diagram starts with the line \"journey\""))
	}
	return d, problems
}

// parseTask reads "Task name: score: actor, actor".
func parseTask(text string) (Task, string) {
	parts := strings.Split(text, ":")
	if len(parts) < 2 {
		return Task{}, fmt.Sprintf("%q is not a task: write \"Task: score: actors\"", text)
	}
	t := Task{Name: strings.TrimSpace(parts[0])}
	score, err := strconv.Atoi(strings.TrimSpace(parts[1]))
	if err != nil || score < 1 || score > 5 {
		return Task{}, fmt.Sprintf("task %q: score %q must be a whole number from 1 to 5", t.Name, strings.TrimSpace(parts[1]))
	}
	t.Score = score
	if len(parts) > 2 {
		for _, a := range strings.Split(strings.Join(parts[2:], ":"), ",") {
			if a = strings.TrimSpace(a); a != "" {
				t.Actors = append(t.Actors, a)
			}
		}
	}
	return t, ""
}

// Options guide the conversion.
type Options struct {
	// Persona is the persona's slug; empty means the first actor's name,
	// made into a slug.
	Persona string
	// Slugify makes a slug from a name.
	Slugify func(string) string
}

// Journey converts d into the text of a journey file for a site with the
// stages of cfg. A section that matches no stage is reported at its line,
// and then no file is made: nothing of the diagram is silently dropped.
func Journey(file string, d *Diagram, cfg *config.Config, opts Options) (string, diag.List) {
	var problems diag.List
	stages := make([]string, len(d.Sections))
	for i, s := range d.Sections {
		key, ok := matchStage(s.Name, cfg)
		if !ok {
			var names []string
			for _, st := range cfg.Stages {
				names = append(names, st.Name)
			}
			problems.Add(diag.Errorf(diag.Pos{File: file, Line: s.Line}, "section %q matches no stage; rename it to one of: %s (or add the stage to journey.toml)", s.Name, strings.Join(names, ", ")))
			continue
		}
		stages[i] = key
	}
	if len(problems) > 0 {
		return "", problems
	}
	persona := opts.Persona
	if persona == "" {
		for _, s := range d.Sections {
			for _, t := range s.Tasks {
				if persona == "" && len(t.Actors) > 0 {
					persona = opts.Slugify(t.Actors[0])
				}
			}
		}
	}
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", config.Quote(d.Title))
	fmt.Fprintf(&b, "persona = %s\n", config.Quote(persona))
	fmt.Fprintf(&b, "description = %s\n", config.Quote("Imported from a Mermaid user-journey diagram."))
	for i, s := range d.Sections {
		for _, t := range s.Tasks {
			b.WriteString("\n[[steps]]\n")
			fmt.Fprintf(&b, "stage = %s\n", config.Quote(stages[i]))
			fmt.Fprintf(&b, "title = %s\n", config.Quote(t.Name))
			fmt.Fprintf(&b, "emotion = %d\n", t.Score)
			var others []string
			for _, a := range t.Actors {
				if opts.Slugify(a) != persona {
					others = append(others, config.Quote(a))
				}
			}
			if len(others) > 0 {
				fmt.Fprintf(&b, "touchpoints = [%s]\n", strings.Join(others, ", "))
			}
		}
	}
	b.WriteString("+++\n")
	return b.String(), nil
}

func matchStage(name string, cfg *config.Config) (string, bool) {
	for _, st := range cfg.Stages {
		if strings.EqualFold(st.Key, name) || strings.EqualFold(st.Name, name) {
			return st.Key, true
		}
	}
	return "", false
}

package config

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/tomlpos"
)

// Load reads name from fsys. A missing file gives the defaults and no error.
// The returned list holds warnings (unknown keys, weak colors); the error, a
// diag.List, holds what makes the config unusable.
func Load(fsys fs.FS, name string) (*Config, diag.List, error) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil, nil
	}
	if err != nil {
		return nil, nil, diag.List{diag.FileError(name, err)}
	}
	return Parse(name, src)
}

// Parse decodes src, the contents of the config file called name.
func Parse(name string, src []byte) (*Config, diag.List, error) {
	text := string(src)
	keys, deep := ScanKeys(name, 0, text)
	if deep != nil {
		return nil, nil, diag.List{deep}
	}
	c := &Config{File: name, Keys: keys}
	md, err := toml.Decode(text, c)
	if err != nil {
		return nil, nil, diag.List{TOMLError(name, 0, err)}
	}
	problems := KeyWarnings(md, KnownKeys(reflect.TypeFor[Config]()), c.keyPos)
	c.applyDefaults()
	c.validate(&problems)
	problems.Sort()
	if err := problems.Err(); err != nil {
		return nil, problems.Warnings(), err
	}
	return c, problems, nil
}

func (c *Config) keyPos(k toml.Key) diag.Pos {
	p := diag.Pos{File: c.File}
	if pos, ok := c.Keys.LookupLoose(k); ok {
		p.Line, p.Col = pos.Line, pos.Col
	}
	return p
}

// ScanKeys indexes the keys of src, the TOML of file that starts after
// lineOffset lines. Call it before the decoder: it refuses a document nested
// deeper than tomlpos.MaxDepth, cheaply, where the decoder would spend time
// and memory that grow with the square of the depth.
func ScanKeys(file string, lineOffset int, src string) (*tomlpos.Index, *diag.Error) {
	keys, err := tomlpos.Scan(src, lineOffset)
	if err == nil {
		return keys, nil
	}
	pos := diag.Pos{File: file}
	var deep *tomlpos.DepthError
	if errors.As(err, &deep) {
		pos.Line, pos.Col = deep.Pos.Line, deep.Pos.Col
	}
	return nil, &diag.Error{Pos: pos, Msg: err.Error(), Err: err}
}

// TOMLError turns an error from the TOML decoder into a positioned error in
// file. lineOffset is added to the decoder's line, for front matter.
func TOMLError(file string, lineOffset int, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0]) + ")"
		}
		return &diag.Error{Pos: diag.Pos{File: file, Line: pe.Position.Line + lineOffset, Col: pe.Position.Col}, Msg: "TOML: " + msg, Err: err}
	}
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: "TOML: " + err.Error(), Err: err}
}

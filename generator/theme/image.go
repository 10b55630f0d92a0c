package theme

import (
	"encoding/xml"
	"image"
	_ "image/gif" // register decoders for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// ImageSize is the intrinsic size of an image, for width and height
// attributes that keep the layout from shifting while it loads.
type ImageSize struct {
	W, H int
	// OK is false when the size is unknown: a remote image, a missing
	// file or a format journey cannot read.
	OK bool
}

// imageSize returns the size of the static file at ref ("/images/a.png"),
// read once and kept.
func (t *Theme) imageSize(ref string) ImageSize {
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		return ImageSize{}
	}
	name := path.Clean("static" + ref)
	if !fs.ValidPath(name) {
		return ImageSize{}
	}
	t.mu.Lock()
	s, ok := t.sizes[name]
	t.mu.Unlock()
	if ok {
		return s
	}
	// Only the file's head is read, and outside the lock, which every
	// page's rendering shares.
	if f, err := t.files.Open(name); err == nil {
		s = decodeSize(name, f)
		f.Close()
	}
	t.mu.Lock()
	t.sizes[name] = s
	t.mu.Unlock()
	return s
}

func decodeSize(name string, r io.Reader) ImageSize {
	if strings.EqualFold(path.Ext(name), ".svg") {
		return svgSize(r)
	}
	cfg, _, err := image.DecodeConfig(r)
	if err != nil {
		return ImageSize{}
	}
	return ImageSize{W: cfg.Width, H: cfg.Height, OK: true}
}

// svgSize reads width and height from the root element, or the viewBox's
// when they are missing or not in pixels.
func svgSize(r io.Reader) ImageSize {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err != nil {
			return ImageSize{}
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var w, h, vb string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = a.Value
			case "height":
				h = a.Value
			case "viewBox":
				vb = a.Value
			}
		}
		if wi, ok := pixels(w); ok {
			if hi, ok := pixels(h); ok {
				return ImageSize{W: wi, H: hi, OK: true}
			}
		}
		f := strings.Fields(strings.ReplaceAll(vb, ",", " "))
		if len(f) == 4 {
			wf, err1 := strconv.ParseFloat(f[2], 64)
			hf, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil && wf > 0 && hf > 0 {
				return ImageSize{W: int(wf + 0.5), H: int(hf + 0.5), OK: true}
			}
		}
		return ImageSize{}
	}
}

func pixels(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0, false
	}
	return int(f + 0.5), true
}

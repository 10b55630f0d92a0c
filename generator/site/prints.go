package site

import (
	"math"
	"strconv"
)

// Prints returns, for each node whose data other pages show in cards,
// lists, ratings and the home page's matrix, a fingerprint of that data.
// A rebuild compares them with the last build's, so that a change that
// shows beyond the changed file's own pages (a persona's new name on
// journey cards, a product's new rating on its landing pages, a stage's
// step count on the home page) re-renders the pages that show it.
func (s *Site) Prints() map[string]uint64 {
	if s.prints != nil {
		return s.prints
	}
	out := make(map[string]uint64, len(s.Stages)+len(s.Personas)+len(s.Products)+len(s.Journeys)+len(s.Landings))
	var p printer
	for _, x := range s.Stages {
		p.reset()
		p.str(x.Page.URL, x.Name, x.Goal, x.Color, x.Page.Description)
		p.num(x.Index, len(x.Steps), len(x.Landings), len(x.Products))
		out[x.Page.ID] = p.sum()
	}
	for _, x := range s.Personas {
		p.reset()
		p.str(x.Page.URL, x.DisplayName(), x.Role, x.Quote, x.AgeRange, x.Avatar, x.Page.Description)
		p.num(x.Age, len(x.Journeys), len(x.Landings))
		out[x.Page.ID] = p.sum()
	}
	for _, x := range s.Products {
		p.reset()
		p.str(x.Page.URL, x.Sheet.URL, x.DisplayName(), x.Tagline, x.Currency, x.PricePeriod, x.Page.Image, x.Page.Description)
		p.num(x.Rating.Count, len(x.Stages), len(x.Journeys), len(x.Landings))
		p.float(x.Price, x.Rating.Average)
		out[x.Page.ID] = p.sum()
	}
	for _, x := range s.Journeys {
		p.reset()
		p.str(x.Page.URL, x.Page.Title, x.Page.Description)
		if x.Persona != nil {
			p.str(x.Persona.Page.ID, x.Persona.DisplayName(), x.Persona.Avatar)
		}
		if x.Product != nil {
			p.str(x.Product.Page.ID, x.Product.DisplayName())
		}
		for _, st := range x.Steps {
			if st.Stage != nil {
				p.str(st.Stage.Key, st.Stage.Color)
			}
			p.num(st.Emotion)
		}
		out[x.Page.ID] = p.sum()
	}
	for _, x := range s.Landings {
		p.reset()
		p.str(x.Page.URL, x.Page.Title, x.Page.Description)
		if x.Stage != nil {
			p.str(x.Stage.Name, x.Stage.Color)
		}
		if x.Product != nil {
			p.str(x.Product.DisplayName())
		}
		if x.Persona != nil {
			p.str(x.Persona.DisplayName())
		}
		p.num(len(x.Variants))
		out[x.Page.ID] = p.sum()
	}
	s.prints = out
	return out
}

// ChangedPrints returns the nodes whose fingerprints differ between two
// builds, or that only one of them has.
func ChangedPrints(old, now map[string]uint64) []string {
	var out []string
	for id, v := range now {
		if w, ok := old[id]; !ok || w != v {
			out = append(out, id)
		}
	}
	for id := range old {
		if _, ok := now[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// printer hashes fields, each ended so that "ab","c" and "a","bc" differ.
type printer struct {
	buf []byte
}

func (p *printer) reset() { p.buf = p.buf[:0] }

func (p *printer) str(vals ...string) {
	for _, v := range vals {
		p.buf = append(append(p.buf, v...), 0)
	}
}

func (p *printer) num(vals ...int) {
	for _, v := range vals {
		p.buf = append(strconv.AppendInt(p.buf, int64(v), 10), 0)
	}
}

func (p *printer) float(vals ...float64) {
	for _, v := range vals {
		p.buf = append(strconv.AppendUint(p.buf, math.Float64bits(v), 16), 0)
	}
}

func (p *printer) sum() uint64 { return bodyHash(p.buf) }

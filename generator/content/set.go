package content

// Set is every document of a site's content folder, each slice sorted by
// path.
type Set struct {
	Home     *Home
	Pages    []*Page
	Personas []*Persona
	Products []*Product
	Journeys []*Journey
	Landings []*Landing
	Reviews  []*Review
	Metrics  []*Metrics
	Thanks   []*Thanks
	// Broken holds the paths of files that could not be parsed, so that
	// references to them are not reported a second time as unknown.
	Broken map[string]bool
}

func (s *Set) add(doc any) {
	switch d := doc.(type) {
	case *Home:
		s.Home = d
	case *Page:
		s.Pages = append(s.Pages, d)
	case *Persona:
		s.Personas = append(s.Personas, d)
	case *Product:
		s.Products = append(s.Products, d)
	case *Journey:
		s.Journeys = append(s.Journeys, d)
	case *Landing:
		s.Landings = append(s.Landings, d)
	case *Review:
		s.Reviews = append(s.Reviews, d)
	case *Thanks:
		s.Thanks = append(s.Thanks, d)
	case *Metrics:
		s.Metrics = append(s.Metrics, d)
	}
}

// Shed forgets what only parsing and checking need: the Markdown bodies
// that are already converted and the positions of front-matter keys, for
// a build that will neither convert nor report on them again.
func (s *Set) Shed() {
	shed := func(f *File) {
		f.Keys = nil
		if !f.Deferred {
			f.Body = nil
		}
	}
	if s.Home != nil {
		shed(&s.Home.File)
	}
	for _, d := range s.Pages {
		shed(&d.File)
	}
	for _, d := range s.Personas {
		shed(&d.File)
	}
	for _, d := range s.Products {
		shed(&d.File)
	}
	for _, d := range s.Journeys {
		shed(&d.File)
	}
	for _, d := range s.Landings {
		shed(&d.File)
	}
	for _, d := range s.Thanks {
		shed(&d.File)
	}
	for _, d := range s.Reviews {
		d.File.Keys = nil
	}
	for _, d := range s.Metrics {
		d.File.Keys = nil
	}
}

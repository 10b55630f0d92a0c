package site

import "strconv"

// pagerSize is how many landing pages one page of a stage hub lists. A
// hub of a large site would otherwise be megabytes of table, and every
// edit to one of its rows would render all of it again.
const pagerSize = 50

// Pager is one page of a list split over several pages, as Hugo's
// paginator splits a section: a stage hub lists its landing pages
// pagerSize at a time, on its own page and then on /stages/<key>/page/2/
// and on.
type Pager struct {
	// Number is the page's place in the list, from 1.
	Number int
	// Pages are every page of the list, in order; the first is the list's
	// own page.
	Pages []*Page
	// Landings are the landing pages this page lists.
	Landings []*Landing
	// Total is how many the whole list has: what a page shows rather
	// than the whole list's length, so that a change to the list's order
	// elsewhere leaves it alone.
	Total int
	// offset is how many of the list's items come before this page's.
	offset int
}

// From is the place in the whole list of the page's first item, from 1.
func (p *Pager) From() int { return p.offset + 1 }

// To is the place in the whole list of the page's last item.
func (p *Pager) To() int { return p.offset + len(p.Landings) }

// Prev is the page before, nil on the first.
func (p *Pager) Prev() *Page {
	if p.Number <= 1 {
		return nil
	}
	return p.Pages[p.Number-2]
}

// Next is the page after, nil on the last.
func (p *Pager) Next() *Page {
	if p.Number >= len(p.Pages) {
		return nil
	}
	return p.Pages[p.Number]
}

// paginateStages gives each stage hub the further pages its landing pages
// need, after the landing pages are known.
func (b *builder) paginateStages() {
	for _, st := range b.s.Stages {
		pages := []*Page{st.Page}
		n := max(1, (len(st.Landings)+pagerSize-1)/pagerSize)
		for i := 2; i <= n; i++ {
			num := strconv.Itoa(i)
			p := b.newPage(b.team, st.Page.ID+"/page/"+num, KindStage, "stage", st.Page.RelURL+"page/"+num+"/")
			p.Stage = st
			p.Title = st.Name + ", page " + num + " of " + strconv.Itoa(n)
			p.Description = st.Page.Description
			p.Crumbs = b.crumbs(b.team, "Stages", "/stages/", st.Name, st.Page.RelURL)
			pages = append(pages, p)
		}
		for i, p := range pages {
			p.Pager = &Pager{Number: i + 1, Pages: pages}
		}
	}
	b.s.dealPagers()
}

// dealPagers deals each stage's landing pages out to the pages of its
// hub, in the order they are listed: again whenever that order changes.
func (s *Site) dealPagers() {
	for _, st := range s.Stages {
		if st.Page.Pager == nil {
			continue
		}
		for _, p := range st.Page.Pager.Pages {
			pg := p.Pager
			pg.Total = len(st.Landings)
			pg.offset = min((pg.Number-1)*pagerSize, len(st.Landings))
			pg.Landings = st.Landings[pg.offset:min(pg.offset+pagerSize, len(st.Landings))]
		}
	}
}

// PagerLink is one numbered link of a pager's navigation.
type PagerLink struct {
	Number int
	Page   *Page
	// Current marks the page the navigation is on.
	Current bool
	// Gap says pages were left out before this one.
	Gap bool
}

// Links are the numbered links a page shows to the others: the first, the
// last, and the two either side of its own, so a list of a hundred pages
// still fits a phone.
func (p *Pager) Links() []PagerLink {
	var out []PagerLink
	last := 0
	for i, pg := range p.Pages {
		n := i + 1
		if n != 1 && n != len(p.Pages) && (n < p.Number-2 || n > p.Number+2) {
			continue
		}
		out = append(out, PagerLink{Number: n, Page: pg, Current: n == p.Number, Gap: n > last+1})
		last = n
	}
	return out
}

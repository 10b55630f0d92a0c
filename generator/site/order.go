package site

import (
	"cmp"
	"slices"
	"strings"
)

// stageOrder is the position of st in the site's stage order; a missing
// stage comes last.
func stageOrder(st *Stage) int {
	if st == nil {
		return 1 << 30
	}
	return st.Index
}

// byStage orders landing pages by the site's stage order, then by title.
func byStage(a, b *Landing) int {
	return cmp.Or(cmp.Compare(stageOrder(a.Stage), stageOrder(b.Stage)), strings.Compare(a.Page.Title, b.Page.Title))
}

// sortLandingLists puts the landing pages that each stage, product and
// persona lists in stage order, then by title, and deals them out to the
// pages of the stage hubs. Call it again after titles change.
func (s *Site) sortLandingLists() {
	for _, st := range s.Stages {
		slices.SortStableFunc(st.Landings, byStage)
	}
	for _, p := range s.Products {
		slices.SortStableFunc(p.Landings, byStage)
	}
	for _, p := range s.Personas {
		slices.SortStableFunc(p.Landings, byStage)
	}
	s.dealPagers()
}

package collect

import (
	"context"
	"sort"
)

var _ ViewStore = (*SQLStore)(nil)

// AddViews adds counts to the stored ones in one transaction: a row per
// day, page, variant, campaign and source, however many views it holds.
func (s *SQLStore) AddViews(ctx context.Context, counts []ViewCount) error {
	// The same order in every transaction, so that two collectors on one
	// PostgreSQL never wait on each other's rows in a circle.
	sort.Slice(counts, func(i, j int) bool { return viewLess(counts[i], counts[j]) })
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO page_views (day, page, variant, campaign, source, hits, visitors)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (day, page, variant, campaign, source)
		DO UPDATE SET hits = page_views.hits + excluded.hits, visitors = page_views.visitors + excluded.visitors`)
	if err != nil {
		return unavailable(err)
	}
	defer stmt.Close()
	for _, c := range counts {
		if _, err := stmt.ExecContext(ctx, c.Day, c.Page, c.Variant, c.Campaign, c.Source, c.Views, c.Visitors); err != nil {
			return unavailable(err)
		}
	}
	return unavailable(tx.Commit())
}

func viewLess(a, b ViewCount) bool {
	for _, p := range [][2]string{{a.Day, b.Day}, {a.Page, b.Page}, {a.Variant, b.Variant}, {a.Campaign, b.Campaign}, {a.Source, b.Source}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	return false
}

// Views lists the stored counts of since and later.
func (s *SQLStore) Views(ctx context.Context, since string) ([]ViewCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, page, variant, campaign, source, hits, visitors FROM page_views
		WHERE day >= $1 ORDER BY day, page, variant, campaign, source`, since)
	if err != nil {
		return nil, unavailable(err)
	}
	defer rows.Close()
	var out []ViewCount
	for rows.Next() {
		var c ViewCount
		if err := rows.Scan(&c.Day, &c.Page, &c.Variant, &c.Campaign, &c.Source, &c.Views, &c.Visitors); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, unavailable(rows.Err())
}

package collect

import (
	"context"
	"fmt"
)

// migrations lists the schema changes in order, per dialect. A migration
// once released never changes; new ones are appended.
func migrations(dialect string) []string {
	id := "INTEGER PRIMARY KEY AUTOINCREMENT"
	if dialect == "postgres" {
		id = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
	}
	return []string{
		`CREATE TABLE submissions (
			id ` + id + `,
			received TIMESTAMP NOT NULL,
			form TEXT NOT NULL,
			page TEXT NOT NULL,
			spam BOOLEAN NOT NULL,
			status TEXT NOT NULL,
			email TEXT NOT NULL,
			fields TEXT NOT NULL,
			reasons TEXT NOT NULL
		)`,
		`CREATE INDEX submissions_form_status ON submissions (form, status)`,
		`CREATE INDEX submissions_email ON submissions (email)`,
		`ALTER TABLE submissions ADD COLUMN dedupe TEXT`,
		`CREATE UNIQUE INDEX submissions_dedupe ON submissions (dedupe)`,
		`CREATE TABLE page_views (
			day TEXT NOT NULL,
			page TEXT NOT NULL,
			variant TEXT NOT NULL,
			campaign TEXT NOT NULL,
			source TEXT NOT NULL,
			hits BIGINT NOT NULL,
			visitors BIGINT NOT NULL,
			PRIMARY KEY (day, page, variant, campaign, source)
		)`,
	}
}

func (s *SQLStore) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.dialect == "postgres" {
		// Collectors behind one load balancer start together: one
		// migrates while the others wait. The lock ends with the session
		// at the latest.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	var have int
	if err := queryRow(ctx, conn, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`, nil, &have); err != nil {
		return err
	}
	for i, m := range migrations(s.dialect) {
		v := i + 1
		if v <= have {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, v); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// migrationLock is the PostgreSQL advisory lock migrations hold.
const migrationLock = 0x6a6f75726e6579 // "journey"

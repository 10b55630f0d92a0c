package collect

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// SQLStore keeps submissions in SQLite or PostgreSQL.
type SQLStore struct {
	db      *sql.DB
	dialect string // "sqlite" or "postgres"
	// stop ends the checkpoints of a SQLite store opened to write, and
	// checkpoints is done once they have ended; stop is nil otherwise.
	stop        context.CancelFunc
	checkpoints sync.WaitGroup
}

var _ Store = (*SQLStore)(nil)

// Open opens the database at dsn: a postgres:// or postgresql:// URL, or
// the path of a SQLite file (created with its folder if missing). It runs
// the migrations the database lacks.
func Open(ctx context.Context, dsn string) (*SQLStore, error) {
	s, err := open(dsn, false)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("migrate %s: %w", s.dialect, err)
	}
	if s.dialect == "sqlite" {
		var run context.Context
		run, s.stop = context.WithCancel(context.WithoutCancel(ctx))
		s.checkpoints.Go(func() { s.checkpoint(run) })
	}
	return s, nil
}

// checkpointEvery is how often a SQLite store copies its write-ahead log
// into the database, besides SQLite's own checkpoint after a commit that
// finds the log over 1000 pages (4 MB).
const checkpointEvery = 30 * time.Second

// checkpoint copies the write-ahead log into the database every
// checkpointEvery until ctx is done: a log that readers (a backup, reviews
// pull --db) kept from SQLite's own checkpoints is folded in once they are
// gone, even if no submission comes to trigger one. It is PASSIVE, so it
// never waits for readers or holds up a submission; the next write then
// starts the log over, cut back to journal_size_limit.
func (s *SQLStore) checkpoint(ctx context.Context) {
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// A checkpoint that fails (the disk is gone) is tried again
			// at the next tick; saving reports the problem.
			var busy, frames, copied int
			_ = queryRow(ctx, s.db, `PRAGMA wal_checkpoint(PASSIVE)`, nil, &busy, &frames, &copied)
		}
	}
}

// OpenExisting opens a collector's database to read it: a SQLite file must
// exist and is opened read-only, and nothing is migrated.
func OpenExisting(ctx context.Context, dsn string) (*SQLStore, error) {
	s, err := open(dsn, true)
	if err != nil {
		return nil, err
	}
	var n int
	if err := queryRow(ctx, s.db, `SELECT COUNT(*) FROM schema_migrations`, nil, &n); err != nil || n == 0 {
		s.db.Close()
		return nil, fmt.Errorf("%s is not a journey collect database", Redact(dsn))
	}
	return s, nil
}

func open(dsn string, existing bool) (*SQLStore, error) {
	s := &SQLStore{dialect: "sqlite"}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = "postgres"
		s.db, err = sql.Open("pgx", dsn)
		// Collectors share the server with others: a burst waits for a
		// connection rather than using up max_connections.
		s.db.SetMaxOpenConns(20)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
		return s, err
	}
	// WAL for concurrent readers; synchronous=FULL so that a commit
	// survives a power cut or kill -9; a busy timeout rather than an
	// immediate "database is locked"; a write-ahead log that a long
	// reader let grow is cut back to 16 MB when it starts over; deleted
	// rows overwritten with zeros (secure_delete), not left in free space.
	params := "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_size_limit(16777216)&_pragma=secure_delete(1)"
	if existing {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no collector database at %s: %w", dsn, err)
		}
		params = "?mode=ro&_pragma=busy_timeout(10000)"
	} else if err := os.MkdirAll(filepath.Dir(dsn), 0o755); err != nil {
		return nil, err
	}
	s.db, err = sql.Open("sqlite", "file:"+dsn+params)
	// SQLite writes one transaction at a time; one connection keeps
	// writers in line instead of failing them.
	s.db.SetMaxOpenConns(1)
	return s, err
}

// unavailable wraps errors that mean the database cannot be reached, so
// the server answers 503 and the visitor tries again.
func unavailable(err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

func (s *SQLStore) Save(ctx context.Context, sub *Submission) (int64, error) {
	fields, err := json.Marshal(sub.Fields)
	if err != nil {
		return 0, err
	}
	reasons, err := json.Marshal(sub.Reasons)
	if err != nil {
		return 0, err
	}
	var key sql.NullString
	if sub.Key != "" {
		key = sql.NullString{String: sub.Key, Valid: true}
	}
	var id int64
	err = queryRow(ctx, s.db,
		`INSERT INTO submissions (received, form, page, spam, status, email, fields, reasons, dedupe)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe) DO NOTHING RETURNING id`,
		[]any{sub.Time.UTC(), sub.Form, sub.Page, sub.Spam, sub.Status, strings.ToLower(sub.Fields["email"]), string(fields), string(reasons), key},
		&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Sent before: its answer was lost on the way.
		err = queryRow(ctx, s.db, `SELECT id FROM submissions WHERE dedupe = $1`, []any{key}, &id)
	}
	if err != nil {
		return 0, unavailable(err)
	}
	sub.ID = id
	return id, nil
}

// queryer runs queries: a database or one of its connections.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryRow runs a query that answers at most one row, scans the row into
// dest and reads the answer to its end; sql.ErrNoRows when there is none.
// QueryRow would stop after the first row: SQLite then ends the statement
// by resetting it, which commits an INSERT … RETURNING but skips the
// automatic checkpoint that follows only a statement run to its end, so
// the write-ahead log would grow with every submission.
func queryRow(ctx context.Context, q queryer, query string, args []any, dest ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		found = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !found {
		return sql.ErrNoRows
	}
	return nil
}

func (s *SQLStore) List(ctx context.Context, f Filter) ([]Submission, error) {
	q := `SELECT id, received, form, page, spam, status, fields, reasons FROM submissions WHERE 1=1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Form != "" {
		q += " AND form = " + arg(f.Form)
	}
	if f.Status != "" {
		q += " AND status = " + arg(f.Status)
	}
	if f.Spam != nil {
		q += " AND spam = " + arg(*f.Spam)
	}
	if f.After > 0 {
		q += " AND id > " + arg(f.After)
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, unavailable(err)
	}
	defer rows.Close()
	var out []Submission
	for rows.Next() {
		var sub Submission
		var fields, reasons string
		var received time.Time
		if err := rows.Scan(&sub.ID, &received, &sub.Form, &sub.Page, &sub.Spam, &sub.Status, &fields, &reasons); err != nil {
			return nil, err
		}
		sub.Time = received.UTC()
		if err := json.Unmarshal([]byte(fields), &sub.Fields); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &sub.Reasons); err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, unavailable(rows.Err())
}

func (s *SQLStore) SetStatus(ctx context.Context, id int64, status string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE submissions SET status = $1 WHERE id = $2`, status, id)
	if err != nil {
		return unavailable(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Erase deletes a person's submissions. On SQLite their bytes are gone
// from both files when it returns: see scrub.
func (s *SQLStore) Erase(ctx context.Context, email string) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM submissions WHERE email = $1`, strings.ToLower(email))
	if err != nil {
		return 0, unavailable(err)
	}
	n, _ := res.RowsAffected()
	return int(n), s.scrub(ctx)
}

// Delete deletes one submission, scrubbed from SQLite's files as by Erase.
func (s *SQLStore) Delete(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM submissions WHERE id = $1`, id)
	if err != nil {
		return unavailable(err)
	}
	n, _ := res.RowsAffected()
	// Scrubbed even when there is none: sent again after a scrub that a
	// reader held up, the deletion finishes it.
	if err := s.scrub(ctx); err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// scrub removes deleted submissions' last copies from a SQLite store's
// files. secure_delete has zeroed them in the pages the deletion wrote,
// but the write-ahead log still holds the pages as they were before; a
// TRUNCATE checkpoint copies the log into the database and empties it. It
// waits for readers (up to the busy timeout): while one keeps the log, the
// copies stay, and the deletion is reported unfinished so that the
// operator sends it again. PostgreSQL keeps deleted rows until VACUUM:
// see the README.
func (s *SQLStore) scrub(ctx context.Context) error {
	if s.dialect != "sqlite" {
		return nil
	}
	var busy, frames, copied int
	if err := queryRow(ctx, s.db, `PRAGMA wal_checkpoint(TRUNCATE)`, nil, &busy, &frames, &copied); err != nil {
		return unavailable(err)
	}
	if busy != 0 {
		return fmt.Errorf("%w: deleted, but a reader keeps the write-ahead log, which still holds copies: send the deletion again", ErrUnavailable)
	}
	return nil
}

func (s *SQLStore) Ping(ctx context.Context) error { return unavailable(s.db.PingContext(ctx)) }

// Close stops the checkpoints and closes the database.
func (s *SQLStore) Close() error {
	if s.stop != nil {
		s.stop()
		s.checkpoints.Wait()
	}
	return s.db.Close()
}

// Redact hides a database URL's password, for logs and messages.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

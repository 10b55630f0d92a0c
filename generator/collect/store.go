// Package collect receives the forms of a static site: it checks each
// submission against the form of the page it came from, stores it
// durably before answering, and serves an admin API to list, export and
// moderate what came in. It also counts the landing pages' views from
// their beacons, in memory, and writes the counts in batches, one row per
// day, page, variant, campaign and source. Storage is SQLite, PostgreSQL
// or, for journey serve's local provider, a JSON-lines file.
//
// It knows nothing of the site model: the generator hands it the forms.
// Of journey it imports formwire alone, for the names of the fields that
// the site's pages send besides the visitor's answers.
package collect

import (
	"context"
	"errors"
	"time"
)

// Submission is one received form.
type Submission struct {
	ID      int64             `json:"id"`
	Time    time.Time         `json:"time"`
	Form    string            `json:"form"`
	Page    string            `json:"page"`
	Spam    bool              `json:"spam"`
	Status  string            `json:"status"` // StatusNew, StatusApproved or StatusRejected
	Fields  map[string]string `json:"fields"`
	Reasons []string          `json:"reasons,omitempty"` // why it counts as spam
	// Key, when set, names one act of sending: saving a submission whose
	// key is already stored saves nothing and returns the stored one's ID,
	// so a script may send again after a lost answer.
	Key string `json:"key,omitempty"`
}

// The statuses of a submission. Only reviews are moderated.
const (
	StatusNew      = "new"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Filter selects submissions, in the order they came. Zero values select
// everything.
type Filter struct {
	Form   string
	Status string
	// Spam selects spam (true) or not (false); nil selects both.
	Spam *bool
	// After selects the submissions that came after the one with this ID.
	After int64
	// Limit, when above zero, is the most to select: the first ones.
	Limit int
}

// Page is one page of the admin API's list of submissions.
type Page struct {
	Submissions []Submission `json:"data"`
	// Next is the path and query of the next page; empty on the last.
	Next string `json:"next,omitempty"`
}

// ErrUnavailable means the store cannot take a submission now: the
// visitor should try again.
var ErrUnavailable = errors.New("storage unavailable")

// ErrNotFound means no submission has the ID.
var ErrNotFound = errors.New("no such submission")

// Store keeps submissions. Save returns only once the submission is
// durable, and saves a submission with a known Key only once. Implementations are safe for concurrent use.
type Store interface {
	Save(ctx context.Context, s *Submission) (int64, error)
	List(ctx context.Context, f Filter) ([]Submission, error)
	SetStatus(ctx context.Context, id int64, status string) error
	// Erase deletes every submission whose email field is email and
	// returns how many it deleted.
	Erase(ctx context.Context, email string) (int, error)
	// Delete deletes one submission, such as a review, which carries no
	// email; ErrNotFound when there is none with id.
	Delete(ctx context.Context, id int64) error
	Ping(ctx context.Context) error
	Close() error
}

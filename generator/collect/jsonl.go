package collect

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// JSONLStore keeps submissions as lines of JSON in one file: what journey
// serve's local provider writes, easy to read with any tool.
type JSONLStore struct {
	path string
	mu   sync.Mutex // mu guards the file and torn
	// torn says the file ends in a line cut short, as read found it.
	torn bool
}

var _ Store = (*JSONLStore)(nil)

// OpenJSONL uses the file at path, created with its folder on first save.
func OpenJSONL(path string) *JSONLStore { return &JSONLStore{path: path} }

func (s *JSONLStore) Save(_ context.Context, sub *Submission) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.read()
	if err != nil {
		return 0, err
	}
	if s.torn {
		if err := s.write(all); err != nil {
			return 0, err
		}
	}
	for _, old := range all {
		if sub.Key != "" && old.Key == sub.Key {
			sub.ID = old.ID
			return old.ID, nil
		}
	}
	sub.ID = int64(len(all) + 1)
	if n := len(all); n > 0 && all[n-1].ID >= sub.ID {
		sub.ID = all[n-1].ID + 1
	}
	line, err := json.Marshal(sub)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, err
	}
	return sub.ID, f.Close()
}

// read returns every submission in the file; the caller holds s.mu.
func (s *JSONLStore) read() ([]Submission, error) {
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// A last line without its newline is a save cut short by a crash:
	// never acknowledged, so left out, and dropped by the next write.
	if i := bytes.LastIndexByte(b, '\n'); i < len(b)-1 {
		b = b[:i+1]
		s.torn = true
	}
	var out []Submission
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var sub Submission
		if err := json.Unmarshal(sc.Bytes(), &sub); err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, sc.Err()
}

// write replaces the file with all; the caller holds s.mu.
func (s *JSONLStore) write(all []Submission) error {
	var b bytes.Buffer
	for _, sub := range all {
		line, err := json.Marshal(sub)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	tmp := s.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	s.torn = false
	return os.Rename(tmp, s.path)
}

func (s *JSONLStore) List(_ context.Context, f Filter) ([]Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.read()
	if err != nil {
		return nil, err
	}
	var out []Submission
	for _, sub := range all {
		if f.matches(sub) {
			out = append(out, sub)
			if len(out) == f.Limit {
				break
			}
		}
	}
	return out, nil
}

func (f Filter) matches(s Submission) bool {
	return (f.Form == "" || s.Form == f.Form) && (f.Status == "" || s.Status == f.Status) && (f.Spam == nil || s.Spam == *f.Spam) && s.ID > f.After
}

func (s *JSONLStore) SetStatus(_ context.Context, id int64, status string) error {
	return s.change(id, func(all []Submission, i int) []Submission {
		all[i].Status = status
		return all
	})
}

// change rewrites the file with what edit makes of the submissions, given
// the index of the one with id; ErrNotFound when there is none.
func (s *JSONLStore) change(id int64, edit func(all []Submission, i int) []Submission) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.read()
	if err != nil {
		return err
	}
	for i := range all {
		if all[i].ID == id {
			return s.write(edit(all, i))
		}
	}
	return ErrNotFound
}

func (s *JSONLStore) Erase(_ context.Context, email string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.read()
	if err != nil {
		return 0, err
	}
	var keep []Submission
	for _, sub := range all {
		if !strings.EqualFold(sub.Fields["email"], email) {
			keep = append(keep, sub)
		}
	}
	if n := len(all) - len(keep); n > 0 {
		return n, s.write(keep)
	}
	return 0, nil
}

func (s *JSONLStore) Delete(_ context.Context, id int64) error {
	return s.change(id, func(all []Submission, i int) []Submission { return append(all[:i], all[i+1:]...) })
}

func (s *JSONLStore) Ping(context.Context) error { return nil }

// Close does nothing: the file is closed after every write.
func (s *JSONLStore) Close() error { return nil }

package collect

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// admin guards h with the bearer token, compared in constant time.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		want := sha256.Sum256([]byte(s.o.AdminToken))
		have := sha256.Sum256([]byte(got))
		if !ok || s.o.AdminToken == "" || subtle.ConstantTimeCompare(want[:], have[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="journey collect"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "a valid bearer token is required"})
			return
		}
		for _, vs := range r.URL.Query() {
			for _, v := range vs {
				if !isText(v) {
					writeJSON(w, http.StatusBadRequest, map[string]string{"error": "query values must be UTF-8 text without NUL"})
					return
				}
			}
		}
		h(w, r)
	}
}

// The admin list's pages: ?limit= submissions each, 100 unless it says.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// filterOf reads the submissions a request selects: ?form=, ?status=,
// ?spam= and ?after=, an ID.
func filterOf(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Form: q.Get("form"), Status: q.Get("status")}
	if v := q.Get("spam"); v != "" {
		b := v == "true" || v == "1"
		f.Spam = &b
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return f, fmt.Errorf("after=%s is not the id of a submission", v)
		}
		f.After = n
	}
	return f, nil
}

// limitOf reads ?limit=, the size of a page of the admin list.
func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, fmt.Errorf("limit=%s is not a number from 1 to %d", v, maxLimit)
	}
	return n, nil
}

// list answers a page of submissions, oldest first, and, while more
// remain, where the next page is: the same query, after the page's last.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	f, err := filterOf(r)
	if err == nil {
		f.Limit, err = limitOf(r)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	limit := f.Limit
	f.Limit++ // one more tells whether there is a next page
	subs, err := s.o.Store.List(r.Context(), f)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	p := Page{Submissions: subs}
	if len(subs) > limit {
		p.Submissions = subs[:limit]
		q := r.URL.Query()
		q.Set("after", strconv.FormatInt(subs[limit-1].ID, 10))
		q.Set("limit", strconv.Itoa(limit))
		p.Next = r.URL.Path + "?" + q.Encode()
	}
	if p.Submissions == nil {
		p.Submissions = []Submission{}
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) moderate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	status := map[string]string{"approve": StatusApproved, "reject": StatusRejected}[r.PathValue("action")]
	if err != nil || status == "" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "use POST /admin/submissions/{id}/approve or /reject"})
		return
	}
	switch err := s.o.Store.SetStatus(r.Context(), id, status); {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	default:
		s.o.Log.Info("moderated", "id", id, "status", status)
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "status": status})
	}
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "use DELETE /admin/submissions/{id}"})
		return
	}
	switch err := s.o.Store.Delete(r.Context(), id); {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	default:
		s.o.Log.Info("deleted", "id", id)
		writeJSON(w, http.StatusOK, map[string]any{"deleted": id})
	}
}

func (s *Server) erase(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	if email == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "name the person with ?email="})
		return
	}
	n, err := s.o.Store.Erase(r.Context(), email)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	s.o.Log.Info("erased", "submissions", n)
	writeJSON(w, http.StatusOK, map[string]int{"erased": n})
}

package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// FormPath is where forms of the local provider post, below the site's
// base path; the form's name follows.
const FormPath = "__journey/forms/"

// maxFormBytes bounds a submission's body.
const maxFormBytes = 64 << 10

// Submission is one received form, as written to the JSON-lines file.
type Submission struct {
	Time   time.Time         `json:"time"`
	Form   string            `json:"form"`
	Spam   bool              `json:"spam"`
	Fields map[string]string `json:"fields"`
}

// Forms records the submissions of the local provider: each as one line of
// JSON appended to a file, and a line in the log.
type Forms struct {
	// File is the JSON-lines file, created with its folder on first use.
	File string
	// Log receives one line per submission.
	Log io.Writer
	// Now is the clock; tests replace it.
	Now func() time.Time

	mu sync.Mutex // mu guards appends to File
}

// ServeHTTP takes a POST to .../__journey/forms/<name>, records it and
// redirects to the form's _next path (its thank-you page).
func (f *Forms) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "forms accept POST only", http.StatusMethodNotAllowed)
		return
	}
	i := strings.Index(r.URL.Path, FormPath)
	name := ""
	if i >= 0 {
		name = r.URL.Path[i+len(FormPath):]
	}
	if name == "" || strings.ContainsAny(name, "/\\") {
		http.Error(w, "unknown form", http.StatusNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read: "+err.Error(), http.StatusBadRequest)
		return
	}
	s := Submission{Time: f.Now().UTC(), Form: name, Fields: map[string]string{}}
	next := "/"
	for k, v := range r.PostForm {
		val := strings.Join(v, ", ")
		switch k {
		case "_next":
			if local(val) {
				next = val
			}
		case "_gotcha":
			s.Spam = val != ""
		default:
			s.Fields[k] = val
		}
	}
	if err := f.append(s); err != nil {
		http.Error(w, "the submission could not be saved: "+err.Error(), http.StatusInternalServerError)
		return
	}
	f.log(s)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// local reports whether next is a path on this site: the redirect must not
// send a visitor anywhere else.
func local(next string) bool {
	return strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n")
}

func (f *Forms) append(s Submission) error {
	line, err := json.Marshal(s)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(f.File), 0o755); err != nil {
		return err
	}
	file, err := os.OpenFile(f.File, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := file.Write(append(line, '\n')); err != nil {
		file.Close()
		return err
	}
	if err := file.Sync(); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func (f *Forms) log(s Submission) {
	if f.Log == nil {
		return
	}
	keys := make([]string, 0, len(s.Fields))
	for k := range s.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		if v := s.Fields[k]; v != "" {
			parts = append(parts, fmt.Sprintf("%s=%q", k, v))
		}
	}
	spam := ""
	if s.Spam {
		spam = " (spam: honeypot filled)"
	}
	fmt.Fprintf(f.Log, "form %s%s: %s\n", s.Form, spam, strings.Join(parts, " "))
}

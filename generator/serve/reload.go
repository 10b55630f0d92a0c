package serve

import (
	"bytes"
	_ "embed" // the live-reload script
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// EventsPath is where the live-reload stream is served, below the base
// path.
const EventsPath = "__journey/events"

//go:embed reload.js
var reloadScript []byte

// Event tells browsers what a build did.
type Event struct {
	// Type is "reload" (pages changed), "css" (only stylesheets changed),
	// "error" (the build failed) or "ok" (nothing to show).
	Type string `json:"type"`
	// Pages are the URL paths that changed, for "reload"; "*" means all.
	Pages []string `json:"pages,omitempty"`
	// Errors are the build's problems, one per line, for "error".
	Errors []string `json:"errors,omitempty"`
}

// Hub sends build events to every connected browser over server-sent
// events. Each server has its own hub.
type Hub struct {
	mu      sync.Mutex
	clients map[chan Event]bool // mu guards clients
	state   Event               // mu guards state: the last error, or "ok"
	closed  bool                // mu guards closed
}

// NewHub returns a hub with no clients.
func NewHub() *Hub {
	return &Hub{clients: map[chan Event]bool{}, state: Event{Type: "ok"}}
}

// Publish sends e to every browser. An error is also kept and sent to each
// browser that connects until a build succeeds.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e.Type == "error" {
		h.state = e
	} else {
		h.state = Event{Type: "ok"}
	}
	for c := range h.clients {
		select {
		case c <- e:
		default:
			// A browser that does not keep up is dropped; it reconnects.
			delete(h.clients, c)
			close(c)
		}
	}
}

// Close ends every stream, so that a server can shut down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

func (h *Hub) subscribe() (chan Event, Event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, Event{}, false
	}
	c := make(chan Event, 8)
	h.clients[c] = true
	return c, h.state, true
}

func (h *Hub) unsubscribe(c chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
}

// ServeHTTP streams events to one browser, starting with the current state.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c, state, ok := h.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(c)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(e Event) bool {
		b, _ := json.Marshal(e)
		_, err := fmt.Fprintf(w, "data: %s\n\n", b)
		flusher.Flush()
		return err == nil
	}
	if !send(state) {
		return
	}
	beat := time.NewTicker(20 * time.Second)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok || !send(e) {
				return
			}
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// injection is the script tag put into every HTML page served, before
// </body>. It is never part of a build's output.
func injection(basePath string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<script data-journey-base="%s">`, basePath)
	b.Write(reloadScript)
	b.WriteString("</script>")
	return b.Bytes()
}

// inject puts script into page before its last </body>, or at its end.
func inject(page, script []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

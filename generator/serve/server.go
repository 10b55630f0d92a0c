package serve

import (
	"net/http"
	"strings"

	"github.com/journey-ssg/journey/generator/formwire"
)

// Handler serves the site under basePath ("/" or "/docs/") from files, the
// local provider's forms through forms and the live-reload stream through
// events, each when not nil. It answers only requests sent to localhost, an
// IP address or one of hosts (".example.com" allows its subdomains too), and
// form posts only from its own pages.
func Handler(basePath string, files, forms, events http.Handler, hosts ...string) http.Handler {
	mux := http.NewServeMux()
	if forms != nil {
		mux.Handle("POST "+basePath+formwire.LocalPath, forms)
	}
	if events != nil {
		mux.Handle("GET "+basePath+EventsPath, events)
	}
	site := files
	if basePath != "/" {
		site = http.StripPrefix(strings.TrimSuffix(basePath, "/"), files)
	}
	mux.Handle(basePath, site)
	if basePath != "/" {
		mux.Handle("/", http.RedirectHandler(basePath, http.StatusFound))
	}
	return newGuard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refuse rather than clean a path that tries to climb out.
		if _, ok := fileName(r.URL.Path); !ok {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		mux.ServeHTTP(w, r)
	}), hosts)
}

package serve

import (
	"net/http"
	"strings"
)

// Handler serves the site under basePath ("/" or "/docs/") from files, and
// the local provider's forms through forms when it is not nil.
func Handler(basePath string, files http.Handler, forms http.Handler) http.Handler {
	mux := http.NewServeMux()
	if forms != nil {
		mux.Handle("POST "+basePath+FormPath, forms)
	}
	site := files
	if basePath != "/" {
		site = http.StripPrefix(strings.TrimSuffix(basePath, "/"), files)
	}
	mux.Handle(basePath, site)
	if basePath != "/" {
		mux.Handle("/", http.RedirectHandler(basePath, http.StatusFound))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refuse rather than clean a path that tries to climb out.
		if _, ok := fileName(r.URL.Path); !ok {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

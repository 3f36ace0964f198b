// Package webassets serves the browser pages the binary carries — GraphiQL,
// the live dashboard and the libraries they need, vendored from the npm registry by vendor.sh —
// from embedded files, so they work on a network with no internet.
package webassets

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed graphiql.html graphiql-page.js graphiql-page.css dashboard.html dashboard.js dashboard.css vendor
var files embed.FS

// contentSecurityPolicy lets the pages load nothing but what this server
// serves (data: URLs carry GraphiQL's fonts and icons).
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"

// GraphiQL serves the GraphiQL page.
func GraphiQL() http.Handler { return page("graphiql.html") }

// Dashboard serves the live dashboard (/dashboard): figures, charts and
// the feed of notices, for a big screen.
func Dashboard() http.Handler { return page("dashboard.html") }

func page(name string) http.Handler {
	page, err := files.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		w.Write(page)
	})
}

// Assets serves the files under /assets/. Vendored files carry their
// version in the path and are cached for good; the project's own are
// revalidated.
func Assets() http.Handler {
	sub, err := fs.Sub(files, ".")
	if err != nil {
		panic(err)
	}
	fileServer := http.StripPrefix("/assets/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/assets/")
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, "/") || name == "" {
			http.NotFound(w, r) // pages have their own routes; no directory listings
			return
		}
		if strings.HasPrefix(name, "vendor/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fileServer.ServeHTTP(w, r)
	})
}

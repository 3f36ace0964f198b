// Package webassets serves the browser pages the binary carries — GraphiQL,
// the live dashboard and the libraries they need, vendored from the npm registry by vendor.sh —
// from embedded files, so they work on a network with no internet.
package webassets

import (
	"compress/gzip"
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"chanjiao/internal/httpgzip"
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
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Header.Get("Range") == "" && httpgzip.Accepts(r.Header.Get("Accept-Encoding")) {
			if z := compressed(sub, name); z != nil {
				// Whole, without Accept-Ranges: a range is of the file as it
				// is (above), never of its compressed bytes.
				h := w.Header()
				h.Set("Content-Type", z.mediaType)
				h.Set("Content-Encoding", "gzip")
				h.Set("Content-Length", strconv.Itoa(len(z.data)))
				if r.Method != http.MethodHead {
					w.Write(z.data)
				}
				return
			}
		}
		fileServer.ServeHTTP(w, r)
	})
}

// gzipped is a file compressed once, for every client that accepts gzip:
// GraphiQL's page loads 1.5 MB of them as they are and 0.6 MB compressed,
// the dashboard 0.9 and 0.3 MB.
type gzipped struct {
	mediaType string
	data      []byte
}

var gzipCache sync.Map // name → func() *gzipped

// compressed is the named file compressed, or nil for one not worth it:
// missing, a directory, of a type without a name (a LICENSE), or smaller
// than a packet. A file is compressed at its first request.
func compressed(files fs.FS, name string) *gzipped {
	if info, err := fs.Stat(files, name); err != nil || info.IsDir() {
		return nil // not kept: the names a client makes up are not
	}
	once, _ := gzipCache.LoadOrStore(name, sync.OnceValue(func() *gzipped {
		mediaType := mime.TypeByExtension(path.Ext(name))
		b, err := fs.ReadFile(files, name)
		if err != nil || mediaType == "" || len(b) < 1400 {
			return nil
		}
		return &gzipped{mediaType, httpgzip.Append(nil, gzip.BestCompression, b)}
	}))
	return once.(func() *gzipped)()
}

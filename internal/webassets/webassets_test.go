package webassets

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestAssetsCompressed: to a client that accepts gzip, every file of a
// known type past a packet goes compressed, with its length and type, and
// unpacks to the embedded file; other clients, ranges and small or
// untyped files get the file as it is; every answer varies by
// Accept-Encoding; a name that is not a file is not kept.
func TestAssetsCompressed(t *testing.T) {
	h := Assets()
	serve := func(method, name string, header ...string) (*http.Response, []byte) {
		t.Helper()
		r := httptest.NewRequest(method, "/assets/"+name, nil)
		for i := 0; i < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		resp := w.Result()
		b, _ := io.ReadAll(resp.Body)
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("%s %s: Vary %q", method, name, resp.Header.Values("Vary"))
		}
		return resp, b
	}
	var sizes [2]int
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".html") {
			return err
		}
		want, _ := files.ReadFile(name)
		plain, body := serve("GET", name)
		if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, want) {
			t.Errorf("%s without gzip: %d %q, %d bytes of %d", name, plain.StatusCode, plain.Header.Get("Content-Encoding"), len(body), len(want))
		}
		resp, packed := serve("GET", name, "Accept-Encoding", "gzip, deflate, br")
		if strings.HasSuffix(name, "LICENSE") || len(want) < 1400 {
			if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(packed, want) {
				t.Errorf("%s (%d bytes): sent %q", name, len(want), resp.Header.Get("Content-Encoding"))
			}
			return nil
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" ||
			resp.Header.Get("Content-Length") != strconv.Itoa(len(packed)) ||
			resp.Header.Get("Content-Type") != plain.Header.Get("Content-Type") ||
			resp.Header.Get("Cache-Control") != plain.Header.Get("Cache-Control") {
			t.Fatalf("%s with gzip: %d, headers %v; as it is: %v", name, resp.StatusCode, resp.Header, plain.Header)
		}
		zr, err := gzip.NewReader(bytes.NewReader(packed))
		if err != nil {
			t.Fatal(err)
		}
		if unpacked, err := io.ReadAll(zr); err != nil || !bytes.Equal(unpacked, want) {
			t.Errorf("%s: unpacked %d bytes (%v), want %d", name, len(unpacked), err, len(want))
		}
		sizes[0] += len(want)
		sizes[1] += len(packed)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes compressed to %d", sizes[0], sizes[1])
	if sizes[1]*2 > sizes[0] {
		t.Errorf("%d bytes compressed to %d", sizes[0], sizes[1])
	}

	const big = "vendor/graphiql-4.1.2/graphiql.min.js"
	resp, b := serve("GET", big, "Accept-Encoding", "gzip", "Range", "bytes=0-99")
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Encoding") != "" || len(b) != 100 {
		t.Errorf("a range: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), len(b))
	}
	resp, b = serve("HEAD", big, "Accept-Encoding", "gzip")
	if n, _ := strconv.Atoi(resp.Header.Get("Content-Length")); resp.Header.Get("Content-Encoding") != "gzip" || len(b) != 0 || n == 0 {
		t.Errorf("HEAD: %q, Content-Length %d, %d bytes", resp.Header.Get("Content-Encoding"), n, len(b))
	}
	resp, _ = serve("GET", big, "Accept-Encoding", "gzip;q=0")
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip refused, sent %q", resp.Header.Get("Content-Encoding"))
	}
	if resp, _ = serve("GET", "vendor/made-up.js", "Accept-Encoding", "gzip"); resp.StatusCode != 404 {
		t.Errorf("a made-up name: %d", resp.StatusCode)
	}
	if _, kept := gzipCache.Load("vendor/made-up.js"); kept {
		t.Error("a made-up name is kept")
	}
}

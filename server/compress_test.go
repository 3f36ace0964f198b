package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
)

// TestResponseCompressed: a response of --compress-min bytes or more goes
// with gzip to a client that accepts it, with its compressed length, and
// unpacks to the bytes an uncompressed response carries; a smaller one, or
// one to a client that refuses gzip, goes as it is; every response says it
// varies by Accept-Encoding. With --compress-min 0 nothing is compressed.
func TestResponseCompressed(t *testing.T) {
	t.Parallel()
	cfg := demo(t, dialect.SQLite)
	flags, err := ParseConfig("serve", nil, func(string) string { return "" }, io.Discard)
	if err != nil || flags.CompressMin != 1024 {
		t.Fatalf("--compress-min is %d by default (%v)", flags.CompressMin, err)
	}
	m := startWith(t, cfg, "demo", func(c *Config) { c.CompressMin = flags.CompressMin })
	off := start(t, cfg, "demo") // --compress-min 0
	const page = `{ internships(first: 50) { edges { node { title description enterprise { name } } } } }`
	// send posts (or, with get, gets) the query, accepting the encoding
	// given, and returns the response and its body as sent.
	send := func(m *Main, get bool, query, accept string) (*http.Response, []byte) {
		t.Helper()
		var req *http.Request
		if get {
			req, _ = http.NewRequest("GET", "http://"+m.Addr()+"/graphql?query="+url.QueryEscape(query), nil)
		} else {
			body, _ := json.Marshal(map[string]any{"query": query})
			req, _ = http.NewRequest("POST", "http://"+m.Addr()+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
		}
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept) // set here, the transport leaves the body packed
		}
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength != int64(len(b)) || len(resp.TransferEncoding) != 0 {
			t.Errorf("%.40s: Content-Length %d for %d bytes, Transfer-Encoding %v", query, resp.ContentLength, len(b), resp.TransferEncoding)
		}
		return resp, b
	}
	varies := func(resp *http.Response) bool {
		return strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding")
	}

	_, plain := send(m, false, page, "")
	if len(plain) < 4096 || !json.Valid(plain) || bytes.Contains(plain, []byte(`"errors"`)) {
		t.Fatalf("the page uncompressed: %d bytes: %.200s", len(plain), plain)
	}
	for _, get := range []bool{false, true} {
		resp, packed := send(m, get, page, "gzip, deflate, br, zstd")
		if resp.Header.Get("Content-Encoding") != "gzip" || !varies(resp) {
			t.Fatalf("get %v: Content-Encoding %q, Vary %q", get, resp.Header.Get("Content-Encoding"), resp.Header.Values("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(packed))
		if err != nil {
			t.Fatal(err)
		}
		unpacked, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unpacked, plain) {
			t.Errorf("get %v: unpacked %d bytes (%v), want the %d of the uncompressed response", get, len(unpacked), err, len(plain))
		}
		if len(packed)*3 > len(plain) {
			t.Errorf("get %v: %d bytes compressed from %d", get, len(packed), len(plain))
		}
		if resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
		}
	}
	for name, c := range map[string]struct {
		m             *Main
		query, accept string
		vary          bool
	}{
		"small":           {m, `{ __typename }`, "gzip", true},
		"refused":         {m, page, "gzip;q=0, br", true},
		"not asked":       {m, page, "", true},
		"compression off": {off, page, "gzip", false},
	} {
		resp, b := send(c.m, false, c.query, c.accept)
		if resp.Header.Get("Content-Encoding") != "" || !json.Valid(b) || varies(resp) != c.vary {
			t.Errorf("%s: Content-Encoding %q, Vary %q, body %.80s", name, resp.Header.Get("Content-Encoding"), resp.Header.Values("Vary"), b)
		}
	}
}

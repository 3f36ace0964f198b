package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHTTPConn: the load generator's connection sends what a client sends,
// reads bodies of either framing, reconnects when the server closes, and
// reports a failed request.
func TestHTTPConn(t *testing.T) {
	var conns, requests atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method != "POST" || r.URL.Path != "/graphql" || r.Header.Get("Content-Type") != "application/json":
			http.Error(w, "bad request", http.StatusBadRequest)
		case r.Header.Get("Authorization") != "Bearer t0ken":
			http.Error(w, "no token", http.StatusUnauthorized)
		case string(body) == "fail":
			fmt.Fprint(w, `{"errors":[{"message":"no"}],"data":null}`)
		case n%3 == 0:
			w.Header().Set("Connection", "close") // the next request needs a new connection
			fmt.Fprint(w, `{"data":{}}`)
		default:
			w.(http.Flusher).Flush() // chunked
			fmt.Fprintf(w, `{"data":{"echo":%q}}`, strings.Repeat("x", 5000))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	h, err := newHTTPConn(srv.URL, "t0ken")
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	for i := range 9 {
		if err := h.post([]byte(`{"query":"{ echo }"}`)); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	if got := conns.Load(); got != 3 {
		t.Errorf("9 requests, every third answered with Connection: close: %d connections, want 3", got)
	}
	if !strings.Contains(h.body.String(), `"data"`) {
		t.Errorf("last body %q", h.body.String())
	}
	if err := h.post([]byte("fail")); err == nil || !strings.Contains(err.Error(), `"errors"`) {
		t.Errorf("a response with errors: %v, want an error", err)
	}
	anon, _ := newHTTPConn(srv.URL, "")
	defer anon.close()
	if err := anon.post([]byte("{}")); err == nil || !strings.HasPrefix(err.Error(), "401") {
		t.Errorf("refused: %v, want 401", err)
	}
	if _, err := newHTTPConn("https://example.test", ""); err == nil {
		t.Error("https accepted")
	}
}

// TestSameAnswers: a server measured in another's place must answer with
// the same bytes, or the load generator refuses to measure it.
func TestSameAnswers(t *testing.T) {
	answer := func(body string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			fmt.Fprint(w, body)
		}))
	}
	one, same, other := answer(`{"data":{"x":1}}`), answer(`{"data":{"x":1}}`), answer(`{"data":{"x":2}}`)
	defer one.Close()
	defer same.Close()
	defer other.Close()
	none := func(string, *rand.Rand) map[string]any { return nil }
	if err := sameAnswers(one.URL, same.URL, []string{"a", "b"}, none); err != nil {
		t.Errorf("the same answers: %v", err)
	}
	if err := sameAnswers(one.URL, other.URL, []string{"a"}, none); err == nil || !strings.Contains(err.Error(), "(a)") {
		t.Errorf("different answers: %v, want an error naming (a)", err)
	}
}

// TestHTTPConnGzip: asked for, a compressed response is unpacked, and an
// error inside it still fails the request.
func TestHTTPConnGzip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		out := fmt.Sprintf(`{"data":{"echo":%q}}`, strings.Repeat("x", 5000))
		if string(body) == "fail" {
			out = `{"errors":[{"message":"no"}],"data":null}`
		}
		if r.Header.Get("Accept-Encoding") != "gzip" {
			fmt.Fprint(w, out)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, out)
		zw.Close()
	}))
	defer srv.Close()
	h, _ := newHTTPConn(srv.URL, "")
	defer h.close()
	h.acceptGzip = true
	for i := range 3 {
		if err := h.post([]byte("{}")); err != nil || h.body.Len() != 5000+len(`{"data":{"echo":""}}`) {
			t.Fatalf("request %d: %v, %d bytes: %.40q", i+1, err, h.body.Len(), h.body.String())
		}
	}
	if err := h.post([]byte("fail")); err == nil || !strings.Contains(err.Error(), `"errors"`) {
		t.Errorf("a compressed response with errors: %v, want an error", err)
	}
}

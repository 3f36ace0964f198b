package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chanjiao/internal/database"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// start runs a server on port 0 over dbcfg and stops it when the test ends.
func start(t *testing.T, dbcfg database.Config, seed string) *Main {
	t.Helper()
	m := NewMain(Config{
		Addr:        "127.0.0.1:0",
		DatabaseURL: dbcfg.URL,
		SQLitePath:  dbcfg.SQLitePath,
		Seed:        seed,
		MaxDBConns:  4,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func gqlPost(t *testing.T, m *Main, query string) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post("http://"+m.Addr()+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || out["errors"] != nil {
		t.Fatalf("%s: %d %v", query, resp.StatusCode, out["errors"])
	}
	return out["data"].(map[string]any)
}

func get(t *testing.T, rawURL string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func count(t *testing.T, m *Main, connection string) int {
	t.Helper()
	data := gqlPost(t, m, "{ c: "+connection+" { totalCount } }")
	return int(data["c"].(map[string]any)["totalCount"].(float64))
}

func TestServerServesAndStops(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			m := start(t, demo(t, d), "demo")
			base := "http://" + m.Addr()

			if resp, body := get(t, base+"/healthz"); resp.StatusCode != 200 || strings.TrimSpace(body) != "ok" {
				t.Errorf("/healthz = %d %q", resp.StatusCode, body)
			}
			resp, body := get(t, base+"/readyz")
			if resp.StatusCode != 200 || !strings.Contains(body, `"ready":true`) {
				t.Errorf("/readyz = %d %s", resp.StatusCode, body)
			}
			if n := count(t, m, "internships"); n < 100 {
				t.Errorf("%d internships served", n)
			}
			// GET executes queries too.
			resp, body = get(t, base+"/graphql?query="+url.QueryEscape("{ regions(where: {code: \"370300\"}) { edges { node { nameEn } } } }"))
			if resp.StatusCode != 200 || !strings.Contains(body, `"nameEn":"Zibo"`) {
				t.Errorf("GET /graphql = %d %s", resp.StatusCode, body)
			}

			addr := m.Addr()
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
				t.Fatal("the server still answers after Close")
			}
		})
	}
}

// TestGraphiQLNeedsNoInternet loads the GraphiQL page and everything it
// references: every script and stylesheet comes from this server.
func TestGraphiQLNeedsNoInternet(t *testing.T) {
	m := start(t, testdb.New(t, dialect.SQLite), "none")
	base := "http://" + m.Addr()
	resp, page := get(t, base+"/")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 5 {
		t.Fatalf("the page references only %d files", len(refs))
	}
	for _, ref := range refs {
		if strings.HasPrefix(ref[1], "data:") {
			continue
		}
		if !strings.HasPrefix(ref[1], "/assets/") {
			t.Errorf("the page loads %s from elsewhere", ref[1])
			continue
		}
		resp, body := get(t, base+ref[1])
		if resp.StatusCode != 200 || len(body) == 0 {
			t.Errorf("%s = %d (%d bytes)", ref[1], resp.StatusCode, len(body))
		}
		if regexp.MustCompile(`(?i)(src|href)\s*=\s*["']https?://|@import\s+url\(["']?https?://`).MatchString(body) {
			t.Errorf("%s loads from the internet", ref[1])
		}
	}
	if resp, _ := get(t, base+"/assets/"); resp.StatusCode != 404 {
		t.Errorf("/assets/ lists a directory: %d", resp.StatusCode)
	}
}

func TestSeedDefaults(t *testing.T) {
	t.Run("embedded database gets the demo data once", func(t *testing.T) {
		t.Parallel()
		cfg := testdb.New(t, dialect.SQLite)
		m := start(t, cfg, "")
		n := count(t, m, "internships")
		if n == 0 {
			t.Fatal("an empty embedded database was not seeded")
		}
		m.Close()
		m = start(t, cfg, "demo")
		if again := count(t, m, "internships"); again != n {
			t.Fatalf("restarting with --seed demo changed %d internships to %d", n, again)
		}
	})
	t.Run("postgres only on request", func(t *testing.T) {
		t.Parallel()
		cfg := testdb.New(t, dialect.Postgres)
		m := start(t, cfg, "")
		if n := count(t, m, "regions"); n != 0 {
			t.Fatalf("PostgreSQL was seeded without --seed demo: %d regions", n)
		}
		m.Close()
		m = start(t, cfg, "demo")
		if n := count(t, m, "regions"); n == 0 {
			t.Fatal("--seed demo did not seed")
		}
	})
	t.Run("none means none", func(t *testing.T) {
		t.Parallel()
		m := start(t, testdb.New(t, dialect.SQLite), "none")
		if n := count(t, m, "regions"); n != 0 {
			t.Fatalf("--seed none seeded %d regions", n)
		}
	})
}

// TestMigrateCommand applies the migrations to an empty PostgreSQL database
// through the command line, twice.
func TestMigrateCommand(t *testing.T) {
	cfg := testdb.Empty(t, dialect.Postgres)
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return cfg.URL
		}
		return ""
	}
	var log bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, env, &log); err != nil {
		t.Fatalf("migrate: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "applied migration") {
		t.Fatalf("migrate applied nothing:\n%s", log.String())
	}
	log.Reset()
	if err := run(context.Background(), []string{"migrate"}, env, &log); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if strings.Contains(log.String(), "applied migration") {
		t.Fatalf("the second migrate applied again:\n%s", log.String())
	}
	if err := run(context.Background(), []string{"migrate"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Fatal("migrate without DATABASE_URL should fail")
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"ADDR": ":9000", "SEED": "none"}
	cfg, err := ParseConfig("serve", []string{"--sqlite", "x.db"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":9000" || cfg.SQLitePath != "x.db" || cfg.Seed != "none" || cfg.DatabaseURL != "" {
		t.Fatalf("config = %+v", cfg)
	}
	cfg, err = ParseConfig("serve", []string{"--addr", ":7000"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.Addr != ":7000" {
		t.Fatalf("--addr does not override ADDR: %+v %v", cfg, err)
	}
	cfg, err = ParseConfig("serve", nil, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.Addr != ":8080" || cfg.SQLitePath != "chanjiao.db" || cfg.Seed != "" {
		t.Fatalf("defaults = %+v %v", cfg, err)
	}
	if _, err := ParseConfig("serve", []string{"--seed", "all"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Fatal("--seed all accepted")
	}
}

// TestRunStopsWhenTheContextEnds is what SIGINT and SIGTERM do to the
// command: run returns cleanly.
func TestRunStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--sqlite", t.TempDir() + "/x.db", "--seed", "none"}, func(string) string { return "" }, log)
	}()
	for !strings.Contains(log.String(), "msg=serving") {
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v\n%s", err, log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	if !strings.Contains(log.String(), "shutting down") {
		t.Errorf("no shutdown logged:\n%s", log.String())
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestBearerTokens signs in over HTTP, uses the token, signs out, and shows
// that a bad token is refused with 401 rather than served anonymously.
func TestBearerTokens(t *testing.T) {
	m := start(t, demo(t, dialect.SQLite), "demo")
	post := func(token, query string) (int, map[string]any) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	_, out := post("", `mutation { login(email: "hr@rhein-koester.demo", password: "chanjiao-demo") { token } }`)
	token := out["data"].(map[string]any)["login"].(map[string]any)["token"].(string)

	status, out := post("Bearer "+token, `{ viewer { account { email role } person { name } } }`)
	if status != 200 || !strings.Contains(fmt.Sprint(out), "hr@rhein-koester.demo") {
		t.Fatalf("viewer with the token: %d %v", status, out)
	}
	for _, bad := range []string{"Bearer cjt_nonsense", "Basic dXNlcjpwYXNz", "Bearer " + token + "x"} {
		status, out := post(bad, `{ regions { totalCount } }`)
		if status != 401 || !strings.Contains(fmt.Sprint(out), "UNAUTHENTICATED") {
			t.Errorf("Authorization %q: %d %v", bad, status, out)
		}
	}
	if status, out := post("Bearer "+token, `mutation { logout }`); status != 200 || out["errors"] != nil {
		t.Fatalf("logout: %d %v", status, out)
	}
	if status, _ := post("Bearer "+token, `{ viewer { account { id } } }`); status != 401 {
		t.Fatalf("the token still works after logout: %d", status)
	}
}

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }

// TestResponseBody: a response is the executor's data as written, in an
// envelope of its own (respondResult), JSON a client parses, with errors
// first when there are any, and marked nosniff.
func TestResponseBody(t *testing.T) {
	t.Parallel()
	m := start(t, demo(t, dialect.SQLite), "demo")
	post := func(query string) (*http.Response, []byte) {
		body, _ := json.Marshal(map[string]any{"query": query})
		resp, err := http.Post("http://"+m.Addr()+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !json.Valid(b) {
			t.Fatalf("%s: not JSON: %s", query, b)
		}
		return resp, b
	}
	resp, body := post(`{ regions(where: {code: "370300"}) { edges { node { nameEn } } } }`)
	if want := `{"data":{"regions":{"edges":[{"node":{"nameEn":"Zibo"}}]}}}`; string(body) != want {
		t.Errorf("body %s, want %s", body, want)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("headers %v", resp.Header)
	}
	// A field's error beside the data.
	_, body = post(`{ regions(where: {code: "370300"}) { totalCount } n: node(id: "999999999") { id } }`)
	var out struct {
		Errors []struct{ Path []any }
		Data   map[string]any
	}
	if err := json.Unmarshal(body, &out); err != nil || !bytes.HasPrefix(body, []byte(`{"errors":[`)) || len(out.Errors) != 1 || out.Data["regions"] == nil {
		t.Errorf("body %s: %+v %v", body, out, err)
	}
	// A body past net/http's 2 KiB buffer goes with its length, not in
	// chunks.
	resp, body = post(`{ internships(first: 50) { edges { node { title description } } } }`)
	if len(body) < 4096 || resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) != 0 {
		t.Errorf("a body of %d bytes: Content-Length %d, Transfer-Encoding %v", len(body), resp.ContentLength, resp.TransferEncoding)
	}
}

// TestResponseWrittenOnce: an executed operation's response, envelope and
// data, reaches net/http in one write, which it sends in two system calls
// at most (write); written in parts, the closing brace took one more of its
// own. The buffer it is joined in is reused without mixing responses.
func TestResponseWrittenOnce(t *testing.T) {
	t.Parallel()
	for i, data := range []string{strings.Repeat(`{"a":"xxxxxxxx"},`, 400) + `{}`, `{"b":2}`} {
		w := &countingWriter{ResponseRecorder: httptest.NewRecorder()}
		respondResult(w, mediaJSON, &graphql.Response{
			Data:   json.RawMessage(`[` + data + `]`),
			Errors: gqlerror.List{{Message: "m"}},
		})
		want := `{"errors":[{"message":"m"}],"data":[` + data + `]}`
		if w.writes != 1 || w.Body.String() != want || w.Header().Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Errorf("response %d: %d writes, Content-Length %s, body %.80s…", i, w.writes, w.Header().Get("Content-Length"), w.Body)
		}
	}
}

type countingWriter struct {
	*httptest.ResponseRecorder
	writes int
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.writes++
	return w.ResponseRecorder.Write(b)
}

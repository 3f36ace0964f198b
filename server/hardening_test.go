package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chanjiao/internal/gqlws"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

// httpResult is a raw answer.
type httpResult struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r httpResult) code() string {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	c, _ := field(errs[0].(map[string]any), "extensions", "code").(string)
	return c
}

func send(t *testing.T, req *http.Request) httpResult {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := httpResult{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	json.Unmarshal(b, &r.body)
	return r
}

func postJSON(t *testing.T, m *Main, body any, headers ...string) httpResult {
	t.Helper()
	b, ok := body.([]byte)
	if !ok {
		b, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return send(t, req)
}

func q(query string) map[string]any { return map[string]any{"query": query} }

// TestRequestLimits sends every kind of oversized, over-deep, over-complex
// or malformed request: each is refused with a 4xx or a coded GraphQL
// error, and the server answers the next request normally.
func TestRequestLimits(t *testing.T) {
	m := start(t, demo(t, dialect.SQLite), "demo")
	introspection, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	deep := "query { regions { edges { node { ...A } } } } fragment A on Region { children { edges { node { ...B } } } } " +
		"fragment B on Region { children { edges { node { children { edges { node { children { edges { node { children { edges { node { id } } } } } } } } } } } } }"
	aliases := "{"
	for i := range 31 {
		aliases += fmt.Sprintf(" a%d: __typename", i)
	}
	aliases += " }"
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint(42949672961 + i)
	}
	for _, tc := range []struct {
		name   string
		res    func() httpResult
		status int
		code   string
	}{
		{"body over the cap", func() httpResult {
			return postJSON(t, m, q("{ __typename "+strings.Repeat("__typename ", 30000)+"}"))
		}, 413, "BAD_REQUEST"},
		{"body over the cap without a length", func() httpResult {
			req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", io.MultiReader(strings.NewReader(`{"query":"{`), strings.NewReader(strings.Repeat(" ", 300<<10)), strings.NewReader(`}"}`)))
			req.ContentLength = -1
			req.Header.Set("Content-Type", "application/json")
			return send(t, req)
		}, 413, "BAD_REQUEST"},
		{"too many tokens", func() httpResult {
			return postJSON(t, m, q("{ "+strings.Repeat("__typename ", 16000)+"}"), "Accept", mediaGraphQLResponse)
		}, 400, "GRAPHQL_PARSE_FAILED"},
		{"a form post", func() httpResult {
			req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", strings.NewReader("query=%7B__typename%7D"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return send(t, req)
		}, 415, "BAD_REQUEST"},
		{"a multipart post", func() httpResult {
			req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", strings.NewReader("--x--"))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return send(t, req)
		}, 415, "BAD_REQUEST"},
		{"a batch", func() httpResult {
			return postJSON(t, m, []byte(`[{"query":"{__typename}"},{"query":"{__typename}"}]`))
		}, 400, "BAD_REQUEST"},
		{"not JSON", func() httpResult { return postJSON(t, m, []byte(`{"query":`)) }, 400, "BAD_REQUEST"},
		{"variables not an object", func() httpResult { return postJSON(t, m, []byte(`{"query":"{__typename}","variables":[1]}`)) }, 400, "BAD_REQUEST"},
		{"a mutation over GET", func() httpResult {
			req, _ := http.NewRequest("GET", "http://"+m.Addr()+"/graphql?query="+url.QueryEscape(`mutation { logout }`), nil)
			return send(t, req)
		}, 405, "BAD_REQUEST"},
		{"a subscription over HTTP", func() httpResult { return postJSON(t, m, q(`subscription { notices { id } }`)) }, 400, "BAD_REQUEST"},
		{"too deep, through fragments", func() httpResult { return postJSON(t, m, q(deep)) }, 200, "BAD_USER_INPUT"},
		{"too deep, as graphql-response+json", func() httpResult { return postJSON(t, m, q(deep), "Accept", mediaGraphQLResponse) }, 400, "BAD_USER_INPUT"},
		{"too many aliases", func() httpResult { return postJSON(t, m, q(aliases)) }, 200, "BAD_USER_INPUT"},
		{"too complex", func() httpResult {
			return postJSON(t, m, q(`{ enterprises(first: 100) { edges { node { internships(first: 100) { edges { node { programs(first: 100) { edges { node { id } } } } } } } } } }`))
		}, 200, "BAD_USER_INPUT"},
		{"a page over the maximum", func() httpResult { return postJSON(t, m, q(`{ internships(first: 101) { totalCount } }`)) }, 200, "BAD_USER_INPUT"},
		{"a negative page", func() httpResult { return postJSON(t, m, q(`{ internships(last: -1) { totalCount } }`)) }, 200, "BAD_USER_INPUT"},
		{"a null page size", func() httpResult {
			return postJSON(t, m, map[string]any{"query": `query($n: Int) { internships(first: $n) { totalCount } }`, "variables": map[string]any{"n": nil}})
		}, 200, "BAD_USER_INPUT"},
		{"too many nodes", func() httpResult {
			return postJSON(t, m, map[string]any{"query": `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, "variables": map[string]any{"ids": ids}})
		}, 200, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.res()
			if r.status != tc.status || r.code() != tc.code {
				t.Errorf("got %d %s, want %d %s: %.300s", r.status, r.code(), tc.status, tc.code, r.raw)
			}
			if r.status >= 400 && r.body != nil {
				if _, has := r.body["data"]; has {
					t.Errorf("a refused request has a data entry: %.200s", r.raw)
				}
			}
			// And the server answers the next request normally.
			if ok := postJSON(t, m, q(`{ regions(first: 1) { totalCount } }`)); ok.status != 200 || ok.code() != "" {
				t.Fatalf("after %s: %d %s", tc.name, ok.status, ok.raw)
			}
		})
	}

	t.Run("GraphiQL's introspection query passes", func(t *testing.T) {
		r := postJSON(t, m, q(string(introspection)))
		if r.status != 200 || r.code() != "" || field(r.body, "data", "__schema", "queryType", "name") != "Query" {
			t.Fatalf("%d %.300s", r.status, r.raw)
		}
	})
	t.Run("connections without first get the default page, nested too", func(t *testing.T) {
		r := postJSON(t, m, q(`{ internships { totalCount edges { node { id } } } regions { edges { node { internships { edges { node { id } } } } } } }`))
		edges := field(r.body, "data", "internships", "edges").([]any)
		if total := field(r.body, "data", "internships", "totalCount").(float64); total < 100 || len(edges) != 20 {
			t.Fatalf("%d of %v internships without first, want 20", len(edges), total)
		}
		for _, region := range field(r.body, "data", "regions", "edges").([]any) {
			if n := len(field(region.(map[string]any), "node", "internships", "edges").([]any)); n > 20 {
				t.Fatalf("a nested connection without first returned %d", n)
			}
		}
	})
}

func TestCORS(t *testing.T) {
	m := startWith(t, testdb.New(t, dialect.SQLite), "none", func(c *Config) { c.AllowedOrigins = []string{"https://dashboard.example.cn"} })
	for origin, allowed := range map[string]bool{"https://dashboard.example.cn": true, "https://evil.example.com": false} {
		req, _ := http.NewRequest("OPTIONS", "http://"+m.Addr()+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,authorization")
		r := send(t, req)
		got := r.header.Get("Access-Control-Allow-Origin") == origin && strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Authorization")
		if r.status != 204 || got != allowed {
			t.Errorf("preflight from %s: %d %v, want allowed=%v", origin, r.status, r.header, allowed)
		}
		p := postJSON(t, m, q(`{ __typename }`), "Origin", origin)
		if (p.header.Get("Access-Control-Allow-Origin") == origin) != allowed {
			t.Errorf("POST from %s: Access-Control-Allow-Origin %q", origin, p.header.Get("Access-Control-Allow-Origin"))
		}
	}
}

func TestRateLimits(t *testing.T) {
	m := startWith(t, demo(t, dialect.SQLite), "demo", func(c *Config) { c.RatePerAddress = 5; c.RatePerToken = 2 })
	limited := func(token string, n int) httpResult {
		var last httpResult
		for range n {
			h := []string{}
			if token != "" {
				h = []string{"Authorization", "Bearer " + token}
			}
			if last = postJSON(t, m, q(`{ __typename }`), h...); last.status == 429 {
				return last
			}
		}
		return last
	}
	r := limited("", 30) // a burst of 10 at 5 a second
	if r.status != 429 || r.code() != "RATE_LIMITED" || r.header.Get("Retry-After") == "" {
		t.Fatalf("address: %d %s Retry-After %q", r.status, r.raw, r.header.Get("Retry-After"))
	}
	time.Sleep(2 * time.Second)
	token := signIn(t, m, "hr@wonfull.demo")
	r = limited(token, 8) // a burst of 4 at 2 a second, within the address's allowance
	if r.status != 429 || r.code() != "RATE_LIMITED" {
		t.Fatalf("token: %d %s", r.status, r.raw)
	}
}

func TestWebsocketCaps(t *testing.T) {
	m := startWith(t, testdb.New(t, dialect.SQLite), "none", func(c *Config) { c.MaxWebsocketsPerAddress = 2; c.MaxSubscriptionsPerConnection = 2 })
	a, b := dial(t, m, gqlws.Options{}), dial(t, m, gqlws.Options{})
	_ = b
	if _, err := gqlws.Dial(context.Background(), "ws://"+m.Addr()+"/graphql", gqlws.Options{}); err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("a third websocket from one address: %v", err)
	}
	for i := int64(1); i <= 2; i++ {
		subscribe(t, a, `subscription { notices { id } }`, nil)
		for m.hub.Subscribers() < i { // operations start concurrently: keep their order
			time.Sleep(5 * time.Millisecond)
		}
	}
	third := subscribe(t, a, `subscription { notices { id } }`, nil)
	if msg := <-third; len(msg.Errors) == 0 || msg.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Fatalf("a third subscription on one connection: %+v", msg)
	}
	b.Close()
	for m.ws.Open() > 1 {
		time.Sleep(10 * time.Millisecond)
	}
	dial(t, m, gqlws.Options{}) // a place is free again
}

func TestProductionProfile(t *testing.T) {
	var logs syncBuffer
	m := startWith(t, testdb.New(t, dialect.SQLite), "none", func(c *Config) {
		c.Production = true
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	if r, _ := get(t, "http://"+m.Addr()+"/"); r.StatusCode != 404 {
		t.Errorf("GraphiQL in production: %d", r.StatusCode)
	}
	if r := postJSON(t, m, q(`{ __schema { types { name } } }`)); r.code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("introspection in production: %s", r.raw)
	}
	if r := postJSON(t, m, q(`{ regionz { totalCount } }`)); strings.Contains(r.raw, "Did you mean") {
		t.Errorf("field suggestions in production: %s", r.raw)
	}
	// Automatic persisted queries work.
	query := `{ regions(first: 1) { totalCount } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	if r := postJSON(t, m, map[string]any{"extensions": ext}); r.code() != "PERSISTED_QUERY_NOT_FOUND" || r.status != 200 {
		t.Errorf("unknown persisted query: %d %s", r.status, r.raw)
	}
	if r := postJSON(t, m, map[string]any{"query": query, "extensions": ext}); r.code() != "" {
		t.Errorf("registering a persisted query: %s", r.raw)
	}
	if r := postJSON(t, m, map[string]any{"extensions": ext}); r.code() != "" || field(r.body, "data", "regions") == nil {
		t.Errorf("running a persisted query: %s", r.raw)
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(strings.TrimSpace(logs.String()), "\n", 2)[0]), &line); err != nil {
		t.Errorf("production logs are not JSON: %v\n%s", err, logs.String())
	}
}

func TestTrustedDocuments(t *testing.T) {
	trusted := `query Regions { regions(first: 2) { totalCount } }`
	file := filepath.Join(t.TempDir(), "trusted.json")
	sum := sha256.Sum256([]byte(trusted))
	hash := hex.EncodeToString(sum[:])
	b, _ := json.Marshal(map[string]string{hash: trusted})
	os.WriteFile(file, b, 0o644)
	m := startWith(t, testdb.New(t, dialect.SQLite), "none", func(c *Config) { c.Production = true; c.TrustedDocuments = file })

	if r := postJSON(t, m, q(trusted)); r.code() != "" {
		t.Errorf("a trusted document: %s", r.raw)
	}
	if r := postJSON(t, m, q(`{ regions(first: 3) { totalCount } }`)); r.code() != "FORBIDDEN" {
		t.Errorf("another document: %s", r.raw)
	}
	if r := postJSON(t, m, map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}); r.code() != "" {
		t.Errorf("a trusted document by hash: %s", r.raw)
	}
	if r := postJSON(t, m, map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}}); r.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("an unknown hash: %s", r.raw)
	}
	os.WriteFile(file, []byte(`{"`+strings.Repeat("1", 64)+`": "{ __typename }"}`), 0o644)
	bad := NewMain(Config{Addr: "127.0.0.1:0", SQLitePath: t.TempDir() + "/x.db", Seed: "none", TrustedDocuments: file, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := bad.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("a file with a wrong hash: %v", err)
	}
	bad.Close()
}

// TestObservability: request IDs in and out, one log line per request
// with the operation and no secret, metrics by operation and error code.
func TestObservability(t *testing.T) {
	var logs syncBuffer
	m := startWith(t, demo(t, dialect.SQLite), "demo", func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		c.TrustedProxies = []string{"127.0.0.1"}
	})
	r := postJSON(t, m, q(`query Wanted { regions(first: 1) { totalCount } }`), "X-Request-ID", "abc-123", "X-Forwarded-For", "203.0.113.7")
	if r.header.Get("X-Request-ID") != "abc-123" {
		t.Errorf("X-Request-ID not echoed: %q", r.header.Get("X-Request-ID"))
	}
	if r := postJSON(t, m, q(`{ __typename }`), "X-Request-ID", "not allowed!"); len(r.header.Get("X-Request-ID")) != 16 {
		t.Errorf("a bad X-Request-ID was not replaced: %q", r.header.Get("X-Request-ID"))
	}
	token := signIn(t, m, "hr@wonfull.demo")
	postJSON(t, m, q(`query Broken { node(id: "1") { id } }`), "Authorization", "Bearer "+token)

	out := logs.String()
	for _, want := range []string{"request_id=abc-123", "operation=Wanted", "status=200", "duration=", "client=203.0.113.7"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log misses %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{seed_password, token, "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains a secret (%.12s…)", secret)
		}
	}
	_, metrics := get(t, "http://"+m.Addr()+"/metrics")
	for _, want := range []string{
		`chanjiao_graphql_requests_total{operation="Wanted",outcome="ok"} 1`,
		`chanjiao_graphql_errors_total{code="NOT_FOUND"} 1`,
		`chanjiao_graphql_request_duration_seconds_bucket{operation="Wanted"`,
		`chanjiao_websockets_open 0`, `chanjiao_subscriptions_open 0`,
		`chanjiao_notices_published_total`, `go_sql_open_connections{db_name="chanjiao"}`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics misses %s", want)
		}
	}
}

const seed_password = "chanjiao-demo"

// TestDatabaseOutage cuts the server's PostgreSQL database off: requests
// fail fast with UNAVAILABLE, /readyz says so, and both recover by
// themselves when the database returns.
func TestDatabaseOutage(t *testing.T) {
	cfg := demo(t, dialect.Postgres)
	m := startWith(t, cfg, "demo", nil)
	u, _ := url.Parse(cfg.URL)
	name := strings.TrimPrefix(u.Path, "/")
	adm := testdb.Admin(t)
	if _, err := adm.Exec(fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS false", name)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adm.Exec(fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS true", name)) })
	if _, err := adm.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
		t.Fatal(err)
	}

	r := postJSON(t, m, q(`{ internships(first: 1) { totalCount } }`))
	if r.code() != "UNAVAILABLE" || strings.Contains(r.raw, "pq:") || strings.Contains(r.raw, "SQL") {
		t.Fatalf("during the outage: %d %s", r.status, r.raw)
	}
	if resp, body := get(t, "http://"+m.Addr()+"/readyz"); resp.StatusCode != 503 {
		t.Fatalf("/readyz during the outage: %d %s", resp.StatusCode, body)
	}

	if _, err := adm.Exec(fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS true", name)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, _ := get(t, "http://"+m.Addr()+"/readyz")
		r := postJSON(t, m, q(`{ internships(first: 1) { totalCount } }`))
		if resp.StatusCode == 200 && r.code() == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery: /readyz %d, query %s", resp.StatusCode, r.raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestShutdownFinishesInFlightRequests closes the server while a request is
// still arriving: it is served, and then the server stops.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	m := start(t, testdb.New(t, dialect.SQLite), "none")
	conn, err := net.Dial("tcp", m.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"query":"{ __typename }"}`
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(100 * time.Millisecond) // the request is in flight
	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-closed:
		t.Fatalf("Close returned before the request finished: %v", err)
	default:
	}
	fmt.Fprint(conn, body[10:])
	resp, err := http.ReadResponse(bufioReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Query") {
		t.Fatalf("the in-flight request got %d %s", resp.StatusCode, b)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

// TestStatementTimeout: every PostgreSQL connection of the server carries
// the statement timeout, and a statement that runs past it ends its
// request with UNAVAILABLE and a message that says the request took too
// long (not that the database is down), the SQL unshown; the next request
// is served.
func TestStatementTimeout(t *testing.T) {
	cfg := demo(t, dialect.Postgres)
	m := startWith(t, cfg, "demo", func(c *Config) { c.DBStatementTimeout = 700 * time.Millisecond })
	var v string
	if err := m.DB().SQL.QueryRow("SHOW statement_timeout").Scan(&v); err != nil || v != "700ms" {
		t.Fatalf("statement_timeout = %q, %v", v, err)
	}

	// A statement waiting for a lock runs until the timeout stops it.
	lock, err := sql.Open("postgres", cfg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	tx, err := lock.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("LOCK TABLE internships IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	r := postJSON(t, m, q(`{ internships(first: 1) { totalCount } }`))
	msg, _ := r.body["errors"].([]any)
	if r.code() != "UNAVAILABLE" || len(msg) == 0 || !strings.Contains(r.raw, "took too long") ||
		strings.Contains(r.raw, "pq:") || strings.Contains(r.raw, "statement") {
		t.Fatalf("a statement past the timeout: %d %s", r.status, r.raw)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if r := postJSON(t, m, q(`{ internships(first: 1) { totalCount } }`)); r.code() != "" {
		t.Fatalf("after the lock: %s", r.raw)
	}
}

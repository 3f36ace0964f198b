package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/graph"
	"chanjiao/internal/auth"
	"chanjiao/internal/notices"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
	"chanjiao/internal/viewer"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// seedTime is the reference time of the demo data in tests.
var seedTime = time.Date(2026, 11, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// sys is a context in which privacy rules are skipped, for tests that
// arrange and inspect the database behind the API's back.
var sys = rule.System(context.Background())

// env is a test's database with the GraphQL schema over it, queried as one
// viewer.
type env struct {
	*testdb.DB
	srv    http.Handler
	auth   *auth.Service
	viewer *viewer.Viewer
	gql    *client.Client
	hub    *notices.Hub
}

// newEnv serves the real schema over db's statement-counting client, the
// way the server does (one transaction per mutation, one error presenter),
// to an anonymous caller.
func newEnv(t *testing.T, db *testdb.DB) *env {
	t.Helper()
	authn := auth.New(db.Counted, auth.DefaultConfig)
	// The hub reads through the uncounted client: its reads are not the
	// statements of the queries under test.
	hub := notices.NewHub(db.Client, slog.New(slog.NewTextHandler(io.Discard, nil)), notices.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go hub.Run(ctx)
	srv := handler.New(graph.NewSchema(db.Counted, authn, hub, 2*time.Second))
	srv.AddTransport(transport.POST{})
	srv.Use(entgql.Transactioner{TxOpener: db.Counted})
	srv.SetErrorPresenter(graph.ErrorPresenter(slog.New(slog.NewTextHandler(io.Discard, nil))))
	e := &env{DB: db, srv: srv, auth: authn, hub: hub}
	return e.as(nil)
}

// as returns the env queried by v (nil: anonymous).
func (e *env) as(v *viewer.Viewer) *env {
	c := *e
	c.viewer = v
	c.gql = client.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := auth.WithClientAddr(r.Context(), "192.0.2.1")
		if v != nil {
			ctx = viewer.NewContext(ctx, v)
		}
		e.srv.ServeHTTP(w, r.WithContext(ctx))
	}))
	return &c
}

// eachDemo runs f on a copy of the demo data, on every dialect in parallel.
func eachDemo(t *testing.T, f func(t *testing.T, db *testdb.DB)) {
	t.Helper()
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, testdb.Seeded(t, d, "demo", func(ctx context.Context, c *ent.Client) error {
				return seed.Demo(ctx, c, seedTime)
			}))
		})
	}
}

// seeded returns an env over db (which holds the demo data), queried by
// the demo administrator.
func seeded(t *testing.T, db *testdb.DB) *env {
	t.Helper()
	e := newEnv(t, db)
	return e.as(e.demoViewer(t, "admin@zibo.demo"))
}

// demoViewer is the viewer of a demo account, as signing in makes it.
func (e *env) demoViewer(t *testing.T, email string) *viewer.Viewer {
	t.Helper()
	session, err := e.auth.Login(context.Background(), email, seed.DemoPassword, "192.0.2.9")
	if err != nil {
		t.Fatalf("signing in as %s: %v", email, err)
	}
	v, err := e.auth.Authenticate(context.Background(), session.Token)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string
	Path       []any
	Extensions struct {
		Code  string
		Field string
	}
}

// do runs a query and decodes data into out (if not nil); it returns the
// response's errors.
func (e *env) do(t *testing.T, query string, out any, vars map[string]any) []gqlError {
	t.Helper()
	var opts []client.Option
	for k, v := range vars {
		opts = append(opts, client.Var(k, v))
	}
	resp, err := e.gql.RawPost(query, opts...)
	if err != nil {
		// A request refused before execution has a 4xx status; its body is
		// a response all the same.
		body, ok := strings.CutPrefix(err.Error(), "http 422: ")
		if !ok {
			t.Fatalf("posting %s: %v", query, err)
		}
		resp = &client.Response{}
		if err := json.Unmarshal([]byte(body), resp); err != nil {
			t.Fatalf("posting %s: %v", query, err)
		}
	}
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatalf("decoding errors %s: %v", resp.Errors, err)
		}
	}
	if out != nil && resp.Data != nil {
		b, err := json.Marshal(resp.Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decoding data %s: %v", b, err)
		}
	}
	return errs
}

// must runs a query that must succeed.
func (e *env) must(t *testing.T, query string, out any, vars map[string]any) {
	t.Helper()
	if errs := e.do(t, query, out, vars); len(errs) > 0 {
		t.Fatalf("query failed: %+v\n%s", errs, query)
	}
}

// ids of a connection's nodes.
type conn struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   map[string]any
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

func (c conn) field(name string) []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		out[i], _ = e.Node[name].(string)
	}
	return out
}

// recordStatements records the statements db sends from now until the test
// ends, with SQLite's quotes written as PostgreSQL's; take returns those
// sent since the last take.
func recordStatements(t *testing.T, db *testdb.DB) (take func() []string) {
	var (
		mu   sync.Mutex
		sent []string
	)
	db.Watch(t, func(q string) {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, strings.ReplaceAll(q, "`", `"`))
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		taken := sent
		sent = nil
		return taken
	}
}

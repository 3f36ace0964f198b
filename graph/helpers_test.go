package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"chanjiao/graph"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// seedTime is the reference time of the demo data in tests.
var seedTime = time.Date(2026, 11, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// env is a test's database with the GraphQL schema over it.
type env struct {
	*testdb.DB
	gql *client.Client
}

// newEnv serves the real schema over db's statement-counting client, the
// way the server does (one transaction per mutation, one error presenter).
func newEnv(t *testing.T, db *testdb.DB) *env {
	t.Helper()
	srv := handler.New(graph.NewSchema(db.Counted))
	srv.AddTransport(transport.POST{})
	srv.Use(entgql.Transactioner{TxOpener: db.Counted})
	srv.SetErrorPresenter(graph.ErrorPresenter(slog.New(slog.NewTextHandler(io.Discard, nil))))
	return &env{DB: db, gql: client.New(srv)}
}

// seeded returns an env over a database holding the demo data.
func seeded(t *testing.T, db *testdb.DB) *env {
	t.Helper()
	if err := seed.Demo(context.Background(), db.Client, seedTime); err != nil {
		t.Fatal(err)
	}
	return newEnv(t, db)
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
		t.Fatalf("posting %s: %v", query, err)
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

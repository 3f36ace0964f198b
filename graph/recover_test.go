package graph_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"chanjiao/graph"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// TestPanicIsInternal: a resolver that panics gives the client INTERNAL and
// nothing of the panic, and leaves its stack in the log.
func TestPanicIsInternal(t *testing.T) {
	db := testdb.Open(t, dialect.SQLite)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	srv := handler.New(graph.NewSchema(db.Client, nil, nil, 0))
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(graph.ErrorPresenter(log))
	srv.SetRecoverFunc(graph.Recover(log))
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		if graphql.GetFieldContext(ctx).Field.Name == "regions" {
			panic("boom: secret detail")
		}
		return next(ctx)
	})
	resp, err := client.New(srv).RawPost(`{ regions(first: 1) { totalCount } }`)
	if err != nil {
		t.Fatal(err)
	}
	body := string(resp.Errors)
	if !strings.Contains(body, `"code":"INTERNAL"`) || strings.Contains(body, "boom") {
		t.Fatalf("the client got %s", body)
	}
	if !strings.Contains(logs.String(), "boom: secret detail") || !strings.Contains(logs.String(), "runtime/debug.Stack") {
		t.Fatalf("the log has no panic and stack:\n%s", logs.String())
	}
}

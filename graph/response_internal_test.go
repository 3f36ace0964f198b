package graph

import (
	"bytes"
	"context"
	"testing"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
)

// TestResponseBuffer: an operation writes its result into the buffer lent
// with its context, emptied first, and only its first response does; with
// none lent, into a buffer of its own.
func TestResponseBuffer(t *testing.T) {
	exec := executor.New(NewExecutableSchema(Config{Resolvers: &Resolver{}}))
	run := func(ctx context.Context) *graphql.Response {
		ctx = graphql.StartOperationTrace(ctx)
		rc, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: "{ __typename }"})
		if errs != nil {
			t.Fatal(errs)
		}
		responses, ctx := exec.DispatchOperation(ctx, rc)
		return responses(ctx)
	}

	buf := bytes.NewBufferString("left over from the last request")
	resp := run(WithResponseBuffer(context.Background(), buf))
	if string(resp.Data) != `{"__typename":"Query"}` {
		t.Fatalf("data %s", resp.Data)
	}
	if unsafe.SliceData(resp.Data) != unsafe.SliceData(buf.Bytes()) || buf.String() != string(resp.Data) {
		t.Fatalf("the result was not written into the lent buffer, which holds %q", buf)
	}
	if resp := run(context.Background()); string(resp.Data) != `{"__typename":"Query"}` {
		t.Fatalf("without a lent buffer: data %s", resp.Data)
	}

	ctx := WithResponseBuffer(context.Background(), buf)
	if first, second := responseBuffer(ctx), responseBuffer(ctx); first != buf || second == buf || second == nil {
		t.Fatal("the lent buffer is handed out once, to the first response")
	}
}

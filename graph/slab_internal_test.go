package graph

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestSlab: every value a slab hands out is its own and zero, from
// goroutines at once too, and a thousand of them take a few dozen
// allocations, not a thousand.
func TestSlab(t *testing.T) {
	var s slab[fieldSet]
	var mu sync.Mutex
	seen := map[*fieldSet]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 125 {
				v := s.next()
				if v.fields != nil || v.Values != nil || v.Invalids != 0 {
					t.Errorf("a value handed out is not zero: %+v", v)
				}
				v.Invalids = 1 // what a second hand-out of v would see
				mu.Lock()
				seen[v] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 1000 {
		t.Fatalf("1,000 values handed out, %d distinct", len(seen))
	}

	if n := testing.AllocsPerRun(10, func() {
		var s slab[fieldScope]
		for range 1000 {
			s.next()
		}
	}); n > 40 {
		t.Errorf("a thousand values: %v allocations", n)
	}
	var few slab[fieldScope]
	few.next()
	if cap(few.chunk) != minChunk {
		t.Errorf("the first chunk holds %d values, want %d", cap(few.chunk), minChunk)
	}
}

// TestValues: a field set's values are as many as its fields, zero, its
// own (no room past them that an append could write into its
// neighbour's), and a page's worth take a few allocations.
func TestValues(t *testing.T) {
	var v values
	var all [][]graphql.Marshaler
	for i := range 500 {
		n := 1 + i%9
		if i == 250 {
			n = maxValues // more than a chunk holds
		}
		got := v.take(n)
		if len(got) != n || cap(got) != n {
			t.Fatalf("take(%d): len %d, cap %d", n, len(got), cap(got))
		}
		for j := range got {
			if got[j] != nil {
				t.Fatalf("take(%d): value %d not zero", n, j)
			}
			got[j] = graphql.MarshalInt(i)
		}
		all = append(all, got)
	}
	for i, got := range all {
		for j := range got {
			if marshalled(got[j]) != fmt.Sprint(i) {
				t.Fatalf("values %d overwritten by another's", i)
			}
		}
	}
	if n := testing.AllocsPerRun(10, func() {
		var v values
		for range 1000 {
			v.take(5)
		}
	}); n > 25 {
		t.Errorf("a thousand objects' values: %v allocations", n)
	}
}

// TestSlabsOfOneGoroutine: an operation of one root field and no @defer
// makes its objects without the locks, until a field set dispatches
// fields to goroutines; every other operation takes them from the start.
// The fields dispatched here make objects and scopes at once, which go
// test -race watches.
func TestSlabsOfOneGoroutine(t *testing.T) {
	schema := (&executableSchema{}).Schema()
	operation := func(query string) *graphql.OperationContext {
		doc, err := gqlparser.LoadQuery(schema, query)
		if err != nil {
			t.Fatal(err)
		}
		return &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0]}
	}
	for query, alone := range map[string]bool{
		`{ internships(first: 2) { edges { node { id } } } }`: true,
		`mutation { logout }`: true,
		`{ a: internships(first: 2) { totalCount } b: enterprises(first: 2) { totalCount } }`: false,
		`{ ... on Query { internships(first: 2) { totalCount } } }`:                           false,
		`{ internships(first: 2) { edges { node { id ... @defer { title } } } } }`:            false,
		`query { ...F } fragment F on Query { internships(first: 2) { totalCount } }`:         false,
	} {
		op := operation(query)
		var o operationSlabs
		o.fieldSet(op, []graphql.CollectedField{collected("id")})
		if got := !o.p.Load().shared.Load(); got != alone {
			t.Errorf("%s: without the locks %v, want %v", query, got, alone)
		}
	}
	persisted := operation(`{ internships(first: 2) { totalCount } }`)
	persisted.RawQuery = ""
	if oneGoroutine(persisted) {
		t.Error("an operation without its text taken as marshalled in one goroutine")
	}

	op := operation(`{ internships(first: 2) { edges { node { id } } } }`)
	ec := newExecutionContext(op, &executableSchema{}, nil)
	ctx := graphql.WithOperationContext(context.Background(), op)
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	fields := []graphql.CollectedField{collected("a"), collected("b"), collected("c")}
	parent := ec.slabs.fieldSet(op, fields)
	if parent.slabs.shared.Load() {
		t.Fatal("one root field: the locks taken from the start")
	}
	for i := range fields {
		parent.ResolveConcurrently(op, nil, i, false, true, func(ctx context.Context) graphql.Marshaler {
			for range 200 {
				ec.slabs.fieldSet(op, fields[:1])
				ec.slabs.scope(op, ctx, graphql.FieldContext{}, nil)
			}
			return graphql.MarshalInt(i)
		})
	}
	parent.Dispatch(ctx)
	if !parent.slabs.shared.Load() {
		t.Error("fields dispatched to goroutines, and the locks not taken since")
	}
	if got := marshalled(parent); got != `{"a":0,"b":1,"c":2}` {
		t.Errorf("the object: %s", got)
	}
}

// TestSlabsOfASubscription: a subscription's objects and scopes are made
// one by one, so that the executor, which lives as long as the
// subscriber, keeps no chunk between events; a query's come from chunks.
func TestSlabsOfASubscription(t *testing.T) {
	fields := []graphql.CollectedField{collected("id")}
	for kind, chunked := range map[ast.Operation]bool{ast.Subscription: false, ast.Query: true, ast.Mutation: true} {
		op := &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: kind}}
		var o operationSlabs
		o.fieldSet(op, fields)
		o.scope(op, context.Background(), graphql.FieldContext{}, nil)
		if got := o.p.Load() != nil && o.p.Load().sets.chunk != nil && o.p.Load().scopes.chunk != nil; got != chunked {
			t.Errorf("%s: made from chunks: %v, want %v", kind, got, chunked)
		}
	}
}

package graph

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"chanjiao/ent"
)

// executing gives an executor and the context of a field "node" under
// which to run the executor's functions for one field or object, as a
// query would (internal/execgen rewrites those functions).
func executing(t *testing.T) (*executionContext, context.Context) {
	t.Helper()
	oc := &graphql.OperationContext{
		RecoverFunc:        graphql.DefaultRecover,
		ResolverMiddleware: func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) },
	}
	ctx := graphql.WithOperationContext(context.Background(), oc)
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: collected("node")})
	return newExecutionContext(oc, &executableSchema{}, nil), ctx
}

func collected(name string) graphql.CollectedField {
	return graphql.CollectedField{Field: &ast.Field{Name: name, Alias: name}}
}

func marshalled(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}

// TestLeafFieldFastPath: a leaf field read from its struct is marshalled at
// once, and a null in it — here a zero time in a non-null Time — is still
// reported once, at the field's own path, as gqlgen reports it.
func TestLeafFieldFastPath(t *testing.T) {
	ec, ctx := executing(t)
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	if got := marshalled(ec._Account_createdAt(ctx, collected("createdAt"), &ent.Account{CreatedAt: at})); got != `"2026-11-24T08:00:00Z"` {
		t.Fatalf("createdAt = %s", got)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 0 {
		t.Fatalf("errors for a value: %v", errs)
	}

	if m := ec._Account_createdAt(ctx, collected("createdAt"), &ent.Account{}); m != graphql.Null {
		t.Fatalf("a zero time marshals to %s, want null", marshalled(m))
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Path.String() != "node.createdAt" {
		t.Fatalf("errors for a null in a non-null field: %v, want one at node.createdAt", errs)
	}

	// A nullable field's null is no error.
	if m := ec._Account_regionID(ctx, collected("regionID"), &ent.Account{}); m != graphql.Null {
		t.Fatalf("a nil region ID marshals to %s", marshalled(m))
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Fatalf("errors after a nullable null: %v", errs)
	}
}

// TestMarshalSliceInOrder: every element has its own field context, with
// its index, and a panic in one is that element's error and null.
func TestMarshalSliceInOrder(t *testing.T) {
	_, ctx := executing(t)
	list := marshalSliceInOrder(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 1 {
			panic("element 1")
		}
		return graphql.MarshalString(fmt.Sprint(graphql.GetPath(ctx)))
	})
	if got, want := marshalled(list), `["node[0]",null,"node[2]"]`; got != want {
		t.Fatalf("list = %s, want %s", got, want)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Path.String() != "node[1]" {
		t.Fatalf("errors: %v, want the panic at node[1]", errs)
	}

	// The list, its field contexts and their indexes: three allocations;
	// then each element's context.
	allocs := testing.AllocsPerRun(10, func() {
		marshalSliceInOrder(ctx, 50, 0, true, func(context.Context, int) graphql.Marshaler { return graphql.Null })
	})
	if allocs > 3+50 {
		t.Errorf("a list of 50: %.0f allocations, want at most %d", allocs, 3+50)
	}
}

// TestObjectWriter writes fields in the query's order, each response name
// once, with the value of its first occurrence.
func TestObjectWriter(t *testing.T) {
	o := object{
		fields: []graphql.CollectedField{collected("id"), collected("title"), collected("id"), collected("__typename")},
		values: []graphql.Marshaler{graphql.MarshalInt(7), graphql.MarshalString(`a "b"`), graphql.MarshalInt(8), graphql.MarshalString("Internship")},
	}
	if got, want := marshalled(o), `{"id":7,"title":"a \"b\"","__typename":"Internship"}`; got != want {
		t.Fatalf("object = %s, want %s", got, want)
	}
	// Written elsewhere than into a response's buffer, the same.
	var other strings.Builder
	o.MarshalGQL(&other)
	if got, want := other.String(), marshalled(o); got != want {
		t.Fatalf("object into a strings.Builder = %s, into a bytes.Buffer %s", got, want)
	}
	if got := marshalled(object{}); got != "{}" {
		t.Fatalf("empty object = %s", got)
	}
}

// TestDeferredGroup: an object with no deferred field gets a group without
// the work gqlgen's takes; one with a deferred field gets gqlgen's, which
// knows its path.
func TestDeferredGroup(t *testing.T) {
	_, ctx := executing(t)
	plain := deferredGroup(ctx, []graphql.CollectedField{collected("id")})
	if plain.Defers != nil || plain.FieldSet != nil || plain.Path != nil {
		t.Fatalf("group without deferred fields: %+v", plain)
	}
	deferred := collected("title")
	deferred.Deferrables = []*graphql.Deferrable{{Label: "later"}}
	group := deferredGroup(ctx, []graphql.CollectedField{collected("id"), deferred})
	if group.Defers == nil || group.FieldSet == nil || group.Path.String() != "node" {
		t.Fatalf("group with a deferred field: %+v", group)
	}
}

// TestCollectedFields: an object's fields are collected once an operation
// for each selection set and list of types, found again without an
// allocation, and what is found is what graphql.CollectFields collects —
// past the selection sets searched in turn too.
func TestCollectedFields(t *testing.T) {
	ec, _ := executing(t)
	selection := func(names ...string) ast.SelectionSet {
		var set ast.SelectionSet
		for _, n := range names {
			set = append(set, &ast.Field{Name: n, Alias: n})
		}
		return set
	}
	sets := make([]ast.SelectionSet, 3*opCached)
	for i := range sets {
		sets[i] = selection("id", fmt.Sprint("f", i))
	}
	for range 2 {
		for i, set := range sets {
			for _, types := range [][]string{internshipImplementors, enterpriseImplementors} {
				got := ec.collected.collect(ec.OperationContext, set, types)
				want := graphql.CollectFields(ec.OperationContext, set, types)
				if len(got) != 2 || got[1].Name != want[1].Name || got[1].Name != fmt.Sprint("f", i) {
					t.Fatalf("set %d: collected %v, want %v", i, got, want)
				}
			}
		}
	}
	if n := int(ec.collected.cache.p.Load().n.Load()) + len(ec.collected.cache.many); n != 2*len(sets) {
		t.Errorf("%d selection sets collected, want %d", n, 2*len(sets))
	}
	// The room starts small: a subscriber's executor keeps its cache for
	// as long as the subscriber stays (the live notices' 32 KiB each).
	small, _ := executing(t)
	small.collected.collect(small.OperationContext, sets[0], internshipImplementors)
	if n := len(small.collected.cache.p.Load().e); n != 4 {
		t.Errorf("a cache of one entry has room for %d, want 4", n)
	}
	// Objects are collected from several goroutines at once (a field
	// set's concurrent fields): one finds a set again and again while
	// another adds sets; go test -race watches this.
	ec2, _ := executing(t)
	ec2.collected.collect(ec2.OperationContext, sets[0], internshipImplementors)
	var wg sync.WaitGroup
	started := make(chan struct{})
	wg.Go(func() {
		for i := range 20000 {
			if i == 100 {
				close(started)
			}
			ec2.collected.collect(ec2.OperationContext, sets[0], internshipImplementors)
		}
	})
	wg.Go(func() {
		<-started
		for _, set := range sets[1:] {
			ec2.collected.collect(ec2.OperationContext, set, internshipImplementors)
		}
	})
	wg.Wait()

	for _, set := range []ast.SelectionSet{sets[0], sets[len(sets)-1]} {
		first := ec.collected.collect(ec.OperationContext, set, internshipImplementors)
		if allocs := testing.AllocsPerRun(10, func() {
			if again := ec.collected.collect(ec.OperationContext, set, internshipImplementors); &again[0] != &first[0] {
				t.Fatal("collected again")
			}
		}); allocs != 0 {
			t.Errorf("found again with %.0f allocations", allocs)
		}
	}
}

// TestSharedFields: what is collected from a document's selection sets is
// collected once for every operation of the document, unless a directive
// makes it depend on the operation's variables; then each operation
// collects its own, and the fields below are not shared either.
func TestSharedFields(t *testing.T) {
	schema := (&executableSchema{}).Schema()
	operation := func(doc *ast.QueryDocument, vars map[string]any) *executionContext {
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars}
		return newExecutionContext(oc, &executableSchema{}, nil)
	}
	load := func(query string) *ast.QueryDocument {
		doc, err := gqlparser.LoadQuery(schema, query)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	// collect walks the operation as the executor does: the root, the
	// connection, its edges and their nodes.
	collect := func(ec *executionContext) (root, node []graphql.CollectedField) {
		op := ec.OperationContext
		root = ec.collected.collect(op, op.Operation.SelectionSet, queryImplementors)
		conn := ec.collected.collect(op, root[0].Selections, internshipConnectionImplementors)
		edge := ec.collected.collect(op, conn[0].Selections, internshipEdgeImplementors)
		node = ec.collected.collect(op, edge[0].Selections, internshipImplementors)
		return root, node
	}
	names := func(fields []graphql.CollectedField) (out []string) {
		for _, f := range fields {
			out = append(out, f.Alias)
		}
		return out
	}

	plain := load(`query { internships(first: 2) { edges { node { id ...F ... on Internship { status } } } } } fragment F on Internship { title }`)
	root1, node1 := collect(operation(plain, nil))
	root2, node2 := collect(operation(plain, nil))
	if &root1[0] != &root2[0] || &node1[0] != &node2[0] {
		t.Error("a document without directives: its fields collected again by its second operation")
	}
	if got := names(node2); fmt.Sprint(got) != "[id title status]" {
		t.Errorf("node's fields %v", got)
	}

	for _, query := range []string{
		`query($v: Boolean!) { internships(first: 2) { edges { node { id title @include(if: $v) } } } }`,
		`query($v: Boolean!) { internships(first: 2) { edges { node { id ...F @include(if: $v) } } } } fragment F on Internship { title }`,
		`query($v: Boolean!, $notV: Boolean!) { internships(first: 2) { edges { node { id ... @skip(if: $notV) { title } ... @include(if: $v) { id } } } } }`,
	} {
		doc := load(query)
		for range 2 {
			for _, v := range []bool{true, false} {
				_, node := collect(operation(doc, map[string]any{"v": v, "notV": !v}))
				want := "[id]"
				if v {
					want = "[id title]"
				}
				if got := fmt.Sprint(names(node)); got != want {
					t.Errorf("%s with $v %v: node's fields %s, want %s", query, v, got, want)
				}
			}
		}
	}

	// A directive on the root: nothing of the document shared, and so no
	// key kept for each operation's copies of the fields' selections.
	atRoot := load(`query($v: Boolean!) { internships(first: 2) @include(if: $v) { edges { node { id } } } }`)
	shared.mu.Lock()
	before := shared.n
	shared.mu.Unlock()
	for range 10 {
		collect(operation(atRoot, map[string]any{"v": true}))
	}
	shared.mu.Lock()
	after := shared.n
	shared.mu.Unlock()
	if after > before {
		t.Errorf("ten operations of a document with a directive at its root shared %d keys", after-before)
	}
}

// TestObjectFieldFastPath: an object read from a struct field (an edge's
// node) is marshalled in a field context of its own, holding the object as
// its result, as gqlgen makes it; a panic below it is the field's error, at
// its path, and the field null; a nil node is null without an error.
func TestObjectFieldFastPath(t *testing.T) {
	ec, ctx := executing(t)
	node := collected("node")
	node.Selections = ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}}
	in := &ent.Internship{ID: 7}
	if got := marshalled(ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: in})); got != `{"id":"7"}` {
		t.Fatalf("node = %s", got)
	}

	// What a field below the node sees: the node's field context, with
	// the node as its result.
	var parent *graphql.FieldContext
	ec2, ctx2 := executing(t)
	ec2.OperationContext.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		parent = graphql.GetFieldContext(ctx).Parent
		return &ent.Enterprise{ID: 9}, nil
	}
	node.Selections = ast.SelectionSet{&ast.Field{Name: "enterprise", Alias: "enterprise", SelectionSet: ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}}}}
	if got := marshalled(ec2._InternshipEdge_node(ctx2, node, &ent.InternshipEdge{Node: in})); got != `{"enterprise":{"id":"9"}}` {
		t.Fatalf("node = %s", got)
	}
	if parent == nil || parent.Field.Alias != "node" || parent.Result != in || parent.Path().String() != "node.node" {
		t.Fatalf("the node's field context as its fields see it: %+v", parent)
	}
	// Its Child gives its fields' contexts, an Internship's; the
	// operation keeps one Child a type, each the type's own.
	if fc, err := parent.Child(ctx2, collected("title")); err != nil || fc.Object != "Internship" || fc.Field.Name != "title" {
		t.Fatalf("the node's child title: %+v, %v", fc, err)
	}
	other, _ := ec2.fieldContext_EnterpriseEdge_node(ctx2, collected("node"))
	if fc, err := other.Child(ctx2, collected("name")); err != nil || fc.Object != "Enterprise" {
		t.Fatalf("an enterprise's child name: %+v, %v", fc, err)
	}
	if fc, err := parent.Child(ctx2, collected("title")); err != nil || fc.Object != "Internship" {
		t.Fatalf("the node's child title, again: %+v, %v", fc, err)
	}

	node.Selections = ast.SelectionSet{&ast.Field{Name: "noSuchField", Alias: "noSuchField"}}
	if m := ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: in}); m != graphql.Null {
		t.Fatalf("a panicking node = %s, want null", marshalled(m))
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Path.String() != "node.node" {
		t.Fatalf("errors: %v, want the panic at node.node", errs)
	}

	if m := ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{}); m != graphql.Null {
		t.Fatalf("a nil node = %s, want null", marshalled(m))
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Fatalf("errors after a nil node: %v", errs)
	}
}

// TestEdgeFieldFastPath: an internship's enterprise loaded with it is
// marshalled at once in its field context (the enterprise its result, the
// field's path), without ResolveField and its middleware, by the object
// too, and a panic below it is that field's error; an enterprise not
// loaded, or deferred, takes gqlgen's path, where its method loads it
// (here the middleware answers instead).
func TestEdgeFieldFastPath(t *testing.T) {
	ec, ctx := executing(t)
	resolved := 0
	ec.OperationContext.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		resolved++
		return &ent.Enterprise{ID: 5}, nil
	}
	enterprise := collected("enterprise")
	enterprise.Selections = ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}}
	loaded := &ent.Internship{ID: 7}
	loaded.Edges.Enterprise = &ent.Enterprise{ID: 9}
	if got := marshalled(ec._Internship_enterprise(ctx, enterprise, loaded)); got != `{"id":"9"}` || resolved != 0 {
		t.Fatalf("the loaded enterprise = %s, resolved %d times", got, resolved)
	}
	if got := marshalled(ec._Internship_enterprise(ctx, enterprise, &ent.Internship{ID: 8})); got != `{"id":"5"}` || resolved != 1 {
		t.Fatalf("an enterprise not loaded = %s, resolved %d times", got, resolved)
	}

	sel := ast.SelectionSet{enterprise.Field}
	enterprise.Field.SelectionSet = enterprise.Selections
	if got := marshalled(ec._Internship(ctx, sel, loaded)); got != `{"enterprise":{"id":"9"}}` || resolved != 1 {
		t.Fatalf("the internship with its loaded enterprise = %s, resolved %d times", got, resolved)
	}
	if got := marshalled(ec._Internship(ctx, sel, &ent.Internship{ID: 8})); got != `{"enterprise":{"id":"5"}}` || resolved != 2 {
		t.Fatalf("the internship with its enterprise not loaded = %s, resolved %d times", got, resolved)
	}

	// What a field below the enterprise sees: its field context.
	var parent *graphql.FieldContext
	ec.OperationContext.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		parent = graphql.GetFieldContext(ctx).Parent
		return &ent.Region{ID: 3}, nil
	}
	enterprise.Selections = ast.SelectionSet{&ast.Field{Name: "region", Alias: "region", SelectionSet: ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}}}}
	if got := marshalled(ec._Internship_enterprise(ctx, enterprise, loaded)); got != `{"region":{"id":"3"}}` {
		t.Fatalf("the loaded enterprise = %s", got)
	}
	if parent == nil || parent.Field.Alias != "enterprise" || parent.Result != loaded.Edges.Enterprise || parent.Path().String() != "node.enterprise" {
		t.Fatalf("the enterprise's field context as its fields see it: %+v", parent)
	}

	enterprise.Selections = ast.SelectionSet{&ast.Field{Name: "noSuchField", Alias: "noSuchField"}}
	if m := ec._Internship_enterprise(ctx, enterprise, loaded); m != graphql.Null {
		t.Fatalf("a panicking enterprise = %s, want null", marshalled(m))
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 || errs[0].Path.String() != "node.enterprise" {
		t.Fatalf("errors: %v, want the panic at node.enterprise", errs)
	}
}

// scopesMade is how many field scopes the executor has made from its
// operation's chunks (fewer than a chunk's worth).
func scopesMade(ec *executionContext) int {
	if s := ec.slabs.p.Load(); s != nil {
		return len(s.scopes.chunk)
	}
	return 0
}

// TestLeafObjectFastPath: an edge's node or a to-one edge's object that
// selects leaves only is marshalled without a field context of its own
// (internal/execgen, leafObject), and writes what its own path writes; a
// null in a non-null leaf, a field that is not a leaf and a deferred leaf
// take that path, which makes the field context, so that an error has
// the field's path.
func TestLeafObjectFastPath(t *testing.T) {
	ec, ctx := executing(t)
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	node := collected("node")
	node.Selections = ast.SelectionSet{
		&ast.Field{Name: "id", Alias: "id"},
		&ast.Field{Name: "title", Alias: "title"},
		&ast.Field{Name: "__typename", Alias: "kind"},
		&ast.Field{Name: "publishedAt", Alias: "publishedAt"},
		&ast.Field{Name: "createdAt", Alias: "createdAt"},
	}
	in := &ent.Internship{ID: 7, Title: "焊工\"实习\"", CreatedAt: at}
	want := `{"id":"7","title":"焊工\"实习\"","kind":"Internship","publishedAt":null,"createdAt":"2026-11-24T08:00:00Z"}`
	if got := marshalled(ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: in})); got != want {
		t.Fatalf("node = %s, want %s", got, want)
	}
	// Its own path writes the same.
	if got := marshalled(ec._Internship(ctx, node.Selections, in)); got != want {
		t.Fatalf("the internship on its own path = %s, want %s", got, want)
	}
	if n := scopesMade(ec); n != 0 {
		t.Fatalf("%d field contexts made for leaves", n)
	}
	enterprise := collected("enterprise")
	enterprise.Selections = ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}, &ast.Field{Name: "name", Alias: "name"}}
	in.Edges.Enterprise = &ent.Enterprise{ID: 9, Name: "鲁南机床"}
	if got := marshalled(ec._Internship_enterprise(ctx, enterprise, in)); got != `{"id":"9","name":"鲁南机床"}` || scopesMade(ec) != 0 {
		t.Fatalf("the loaded enterprise = %s, with %d field contexts", got, scopesMade(ec))
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}

	// A zero time in the non-null createdAt: the node is null, and the
	// error is at the field's path, under the node's field context.
	if m := ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: &ent.Internship{ID: 8}}); m != graphql.Null {
		t.Fatalf("a node with a null createdAt = %s, want null", marshalled(m))
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 || errs[0].Path.String() != "node.node.createdAt" {
		t.Fatalf("errors: %v, want one at node.node.createdAt", errs)
	}
	if n := scopesMade(ec); n != 1 {
		t.Fatalf("%d field contexts made, want the node's", n)
	}

	// Its enterprise, loaded with it, an object of leaves: one too.
	node.Selections = ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}, &ast.Field{Name: "enterprise", Alias: "enterprise", SelectionSet: enterprise.Selections}}
	if got := marshalled(ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: in})); got != `{"id":"7","enterprise":{"id":"9","name":"鲁南机床"}}` || scopesMade(ec) != 1 {
		t.Fatalf("node = %s, with %d field contexts, want the one before", got, scopesMade(ec))
	}
	// Its enterprise not loaded, which its method loads (here the
	// middleware answers instead): the node's own path.
	ec.OperationContext.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		return &ent.Enterprise{ID: 5, Name: "鲁中"}, nil
	}
	if got := marshalled(ec._InternshipEdge_node(ctx, node, &ent.InternshipEdge{Node: &ent.Internship{ID: 6}})); got != `{"id":"6","enterprise":{"id":"5","name":"鲁中"}}` || scopesMade(ec) != 2 {
		t.Fatalf("node = %s, with %d field contexts, want 2", got, scopesMade(ec))
	}

	// A deferred leaf.
	doc, err := gqlparser.LoadQuery((&executableSchema{}).Schema(), `{ internships(first: 2) { edges { node { id ... @defer { title } } } } }`)
	if err != nil {
		t.Fatal(err)
	}
	edges := doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet[0].(*ast.Field)
	deferred := edges.SelectionSet[0].(*ast.Field).SelectionSet
	if m := ec._Internship_leaves(deferred, in); m != nil {
		t.Fatalf("a deferred leaf marshalled as a leaf: %s", marshalled(m))
	}
	if m := ec._Internship_leaves(deferred[:1], in); m == nil || marshalled(m) != `{"id":"7"}` {
		t.Fatal("the same node without its deferred fragment not marshalled as leaves")
	}
}

// TestLeavesList: a list of edges whose nodes select leaves only is
// marshalled without a field context for any element, edge or node; a nil
// element, or a node that selects more, takes the list's own path from
// its start, and writes the same.
func TestLeavesList(t *testing.T) {
	ec, ctx := executing(t)
	node := &ast.Field{Name: "node", Alias: "node", SelectionSet: ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}, &ast.Field{Name: "title", Alias: "title"}}}
	sel := ast.SelectionSet{&ast.Field{Name: "__typename", Alias: "__typename"}, node}
	edges := []*ent.InternshipEdge{{Node: &ent.Internship{ID: 1, Title: "a"}}, {Node: &ent.Internship{ID: 2, Title: "b"}}, {}}
	want := `[{"__typename":"InternshipEdge","node":{"id":"1","title":"a"}},{"__typename":"InternshipEdge","node":{"id":"2","title":"b"}},{"__typename":"InternshipEdge","node":null}]`
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, edges)); got != want || scopesMade(ec) != 0 {
		t.Fatalf("edges = %s with %d field contexts, want %s with none", got, scopesMade(ec), want)
	}
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, nil)); got != "null" {
		t.Fatalf("no edges = %s", got)
	}
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, []*ent.InternshipEdge{})); got != "[]" {
		t.Fatalf("an empty list of edges = %s", got)
	}

	// A nil edge: the list's own path (marshalSliceInOrder, whose
	// elements' field contexts are its own), a null for it.
	nilEdge := []*ent.InternshipEdge{edges[0], nil}
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, nilEdge)); got != `[{"__typename":"InternshipEdge","node":{"id":"1","title":"a"}},null]` {
		t.Fatalf("edges with a nil one = %s", got)
	}

	// Nodes that select their enterprise, loaded with them: leaves too.
	ec, ctx = executing(t)
	node.SelectionSet = append(node.SelectionSet, &ast.Field{Name: "enterprise", Alias: "enterprise", SelectionSet: ast.SelectionSet{&ast.Field{Name: "__typename", Alias: "__typename"}}})
	for _, e := range edges[:2] {
		e.Node.Edges.Enterprise = &ent.Enterprise{ID: 9}
	}
	want = `[{"__typename":"InternshipEdge","node":{"id":"1","title":"a","enterprise":{"__typename":"Enterprise"}}},{"__typename":"InternshipEdge","node":{"id":"2","title":"b","enterprise":{"__typename":"Enterprise"}}}]`
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, edges[:2])); got != want || scopesMade(ec) != 0 {
		t.Fatalf("edges = %s with %d field contexts, want %s with none", got, scopesMade(ec), want)
	}
	// The second's not loaded (its method loads it; here the middleware
	// answers): the list's own path, from its start, the same answer.
	ec.OperationContext.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		return &ent.Enterprise{ID: 9}, nil
	}
	edges[1].Node.Edges.Enterprise = nil
	if got := marshalled(ec.marshalOInternshipEdge2ᚕᚖchanjiaoᚋentᚐInternshipEdge(ctx, sel, edges[:2])); got != want || scopesMade(ec) == 0 {
		t.Fatalf("edges = %s with %d field contexts, want %s with the second node's", got, scopesMade(ec), want)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
}

// TestLeavesListElements: leavesList gives every element, or nil as soon
// as one is nil, asking no element after it.
func TestLeavesListElements(t *testing.T) {
	asked := 0
	elements := func(nilAt int) func(int) graphql.Marshaler {
		asked = 0
		return func(i int) graphql.Marshaler {
			asked++
			if i == nilAt {
				return nil
			}
			return graphql.MarshalInt(i)
		}
	}
	if got := leavesList(0, elements(-1)); got == nil || marshalled(got) != "[]" {
		t.Fatalf("no elements: %v", got)
	}
	if got := leavesList(3, elements(-1)); got == nil || marshalled(got) != "[0,1,2]" || asked != 3 {
		t.Fatalf("three elements: %v, asked %d times", got, asked)
	}
	for at := range 3 {
		if got := leavesList(3, elements(at)); got != nil || asked != at+1 {
			t.Fatalf("a nil at %d: %v, asked %d times", at, got, asked)
		}
	}
}

// TestChildFuncs: an operation keeps each type's Child function once,
// from goroutines at once too, and hands out each type's own.
func TestChildFuncs(t *testing.T) {
	var c childFuncs
	of := func(k int) func() childFunc {
		return func() childFunc {
			return func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
				return &graphql.FieldContext{Object: strconv.Itoa(k)}, nil
			}
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for k := range 10 {
				if fc, _ := c.get(k, of(k))(context.Background(), graphql.CollectedField{}); fc.Object != strconv.Itoa(k) {
					t.Errorf("type %d's Child is type %s's", k, fc.Object)
				}
			}
		})
	}
	wg.Wait()
	for k := range 10 {
		kept := c.get(k, func() childFunc { t.Fatalf("type %d's Child made again", k); return nil })
		if fc, _ := kept(context.Background(), graphql.CollectedField{}); fc.Object != strconv.Itoa(k) {
			t.Errorf("type %d's Child is type %s's", k, fc.Object)
		}
	}
}

// TestFieldArgsParsedOnce: a field's arguments are parsed once an operation
// — every enterprise of a list has the same `internships(first: 10)` — and
// handed to each object as the same values; arguments that fail to parse
// fail, and are reported, every time; a subscription's are parsed for
// each event, not kept for as long as the subscriber stays.
func TestFieldArgsParsedOnce(t *testing.T) {
	def := parsedSchema.Types["Enterprise"].Fields.ForName("internships")
	field := func(first *ast.Value) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Name: "internships", Alias: "internships", Definition: def,
			Arguments: ast.ArgumentList{{Name: "first", Value: first}}}}
	}
	ec, ctx := executing(t)
	ten := field(&ast.Value{Kind: ast.IntValue, Raw: "10"})
	fc1, err1 := ec.fieldContext_Enterprise_internships(ctx, ten)
	fc2, err2 := ec.fieldContext_Enterprise_internships(ctx, ten)
	if err1 != nil || err2 != nil || *fc1.Args["first"].(*int) != 10 || fc1.Args["first"] != fc2.Args["first"] {
		t.Fatalf("args %v, %v (%v, %v): want one parse of first: 10", fc1.Args, fc2.Args, err1, err2)
	}
	if allocs := testing.AllocsPerRun(10, func() { ec.fieldContext_Enterprise_internships(ctx, ten) }); allocs > 2 {
		t.Errorf("%.0f allocations for arguments parsed before, want two: the field context and the context carrying it", allocs)
	}
	other := field(&ast.Value{Kind: ast.IntValue, Raw: "3"})
	if fc, err := ec.fieldContext_Enterprise_internships(ctx, other); err != nil || *fc.Args["first"].(*int) != 3 {
		t.Fatalf("another field's args %v (%v)", fc.Args, err)
	}
	bad := field(&ast.Value{Kind: ast.StringValue, Raw: "ten"})
	for i := range 2 {
		if _, err := ec.fieldContext_Enterprise_internships(ctx, bad); err == nil {
			t.Fatalf("bad arguments accepted the %d time", i+1)
		}
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 2 {
		t.Errorf("bad arguments reported %d times, want 2: %v", len(errs), errs)
	}

	sub, ctx := executing(t)
	sub.OperationContext.Operation = &ast.OperationDefinition{Operation: ast.Subscription}
	fc1, _ = sub.fieldContext_Enterprise_internships(ctx, ten)
	fc2, _ = sub.fieldContext_Enterprise_internships(ctx, ten)
	if fc1.Args["first"] == fc2.Args["first"] || sub.args.cache.p.Load() != nil {
		t.Error("a subscription's arguments are kept")
	}
}

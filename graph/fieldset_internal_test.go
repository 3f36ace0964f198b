package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestFieldSet: an object's fields resolved concurrently are resolved when
// it is dispatched, every one of them; a null in a non-null field makes
// the object invalid, a null in a nullable one does not; a panic is the
// field's error and null; and the object is written as object writes it.
func TestFieldSet(t *testing.T) {
	ec, ctx := executing(t)
	fields := []graphql.CollectedField{collected("id"), collected("enterprise"), collected("region"), collected("note"), collected("owner")}
	value := func(m graphql.Marshaler) func(context.Context) graphql.Marshaler {
		return func(context.Context) graphql.Marshaler { return m }
	}

	s := newFieldSet(fields)
	var deferred graphql.DeferredGroup
	s.Values[0] = graphql.MarshalInt(7)
	s.ResolveConcurrently(ec.OperationContext, &deferred, 1, true, true, value(graphql.MarshalString("E")))
	s.ResolveConcurrently(ec.OperationContext, &deferred, 2, true, true, value(graphql.MarshalString("R")))
	s.ResolveConcurrently(ec.OperationContext, &deferred, 3, true, false, value(graphql.Null))
	s.ResolveConcurrently(ec.OperationContext, &deferred, 4, true, false, value(graphql.MarshalString("O")))
	if s.Values[1] != nil {
		t.Fatal("a field resolved before the object is dispatched")
	}
	s.Dispatch(ctx)
	if s.Invalids != 0 {
		t.Fatalf("%d invalid fields, want none: a nullable field's null is no error", s.Invalids)
	}
	want := `{"id":7,"enterprise":"E","region":"R","note":null,"owner":"O"}`
	if got := marshalled(s); got != want || marshalled(object{fields, s.Values}) != want {
		t.Fatalf("object = %s, want %s", got, want)
	}

	s = newFieldSet(fields[:2])
	s.ResolveConcurrently(ec.OperationContext, &deferred, 1, true, true, value(graphql.Null))
	if s.Dispatch(ctx); s.Invalids != 1 {
		t.Fatalf("a null in a non-null field: %d invalid fields, want 1", s.Invalids)
	}
	s = newFieldSet(fields[:3])
	s.ResolveConcurrently(ec.OperationContext, &deferred, 1, true, false, value(graphql.RequiredNull))
	s.ResolveConcurrently(ec.OperationContext, &deferred, 2, true, true, func(context.Context) graphql.Marshaler { panic("boom") })
	s.Dispatch(ctx)
	if s.Invalids != 2 || s.Values[2] != graphql.Null {
		t.Fatalf("a nullable field with a null below it and a panicking non-null one: %d invalid fields, %v", s.Invalids, s.Values[2])
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 || errs[0].Message != "internal system error" {
		t.Fatalf("errors after a panic: %v", errs)
	}
}

// TestFieldSetDeferred: a deferred field is left null in the object and
// resolved in its @defer group, as gqlgen's FieldSet does.
func TestFieldSetDeferred(t *testing.T) {
	ec, ctx := executing(t)
	later := collected("enterprise")
	later.Deferrables = []*graphql.Deferrable{{Label: "later"}}
	fields := []graphql.CollectedField{collected("id"), later}
	group := deferredGroup(ctx, fields)
	s := newFieldSet(fields)
	s.ResolveConcurrently(ec.OperationContext, &group, 1, true, true, func(context.Context) graphql.Marshaler { return graphql.MarshalString("E") })
	if s.Dispatch(ctx); s.Values[1] != graphql.Null || s.Invalids != 0 {
		t.Fatalf("the deferred field in the object: %v, %d invalid", s.Values[1], s.Invalids)
	}
	if group.Defers["later"] == nil || len(group.FieldSet.Values) != 1 {
		t.Fatalf("the deferred field is not in its group: %+v", group)
	}
	group.FieldSet.Dispatch(ctx)
	if got := marshalled(group.FieldSet); got != `{"enterprise":"E"}` {
		t.Fatalf("the group resolves %s", got)
	}
}

// TestFieldSetAllocations: an object of up to eight fields, one of them
// resolved concurrently, is one allocation; gqlgen's field set with the
// values and object takes three, and a fourth for that field.
func TestFieldSetAllocations(t *testing.T) {
	fields := make([]graphql.CollectedField, inlineValues)
	var sink graphql.Marshaler
	if n := testing.AllocsPerRun(100, func() { sink = newFieldSet(fields) }); n != 1 {
		t.Errorf("an object of %d fields: %.0f allocations, want 1", len(fields), n)
	}
	fields = append(fields, collected("ninth"))
	if s := newFieldSet(fields); len(s.Values) != len(fields) {
		t.Fatalf("%d values for %d fields", len(s.Values), len(fields))
	}

	// One field resolved concurrently (an internship's enterprise) is
	// kept in the object's allocation too.
	ec, ctx := executing(t)
	one := []graphql.CollectedField{collected("enterprise")}
	e := graphql.MarshalString("E")
	resolve := func(context.Context) graphql.Marshaler { return e }
	if n := testing.AllocsPerRun(100, func() {
		s := newFieldSet(one)
		s.ResolveConcurrently(ec.OperationContext, nil, 0, false, true, resolve)
		s.Dispatch(ctx)
		sink = s
	}); n != 1 {
		t.Errorf("an object of a field resolved concurrently: %.0f allocations, want 1", n)
	}
	if got := marshalled(sink); got != `{"enterprise":"E"}` {
		t.Errorf("the object: %s", got)
	}
	_ = sink
}

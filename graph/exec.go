package graph

import (
	"context"
	"io"
	"slices"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals a list of objects element after element, in
// the calling goroutine; the executor calls it where gqlgen generates
// graphql.MarshalSliceConcurrently, which starts a goroutine for every
// element (internal/execgen says why). Each element has its own field
// context, with its index, as there, and a panic in one is that element's
// error.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		ctx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(ctx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(ctx, graphql.Recover(ctx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(ctx, i)
		}()
	}
	return ret
}

// deferredGroup is the @defer group of an object with the given fields; the
// executor calls it where gqlgen generates graphql.NewDeferredGroup. When no
// field is deferred, the group is never used but for the number of its
// views (none), so it is made without the object's path, field set and
// map, which gqlgen computes for every object of a response.
func deferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{Context: ctx}
}

// object writes an object's fields, in the order of the query, each
// response name once, as graphql.FieldSet's MarshalGQL does; the executor
// returns one where gqlgen generates `return out`. FieldSet's keeps a map
// of the names it has written and copies every field to the heap, for
// every object of a response; the fields of an object are few, and
// CollectFields has already merged those that share a name.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
	w.Write(openBrace)
	first := true
	for i := range o.fields {
		name := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == name }) {
			continue
		}
		if !first {
			w.Write(comma)
		}
		first = false
		// A response name is a GraphQL name, [_A-Za-z][_0-9A-Za-z]*:
		// nothing to escape.
		w.Write(quote)
		io.WriteString(w, name)
		w.Write(quoteColon)
		o.values[i].MarshalGQL(w)
	}
	w.Write(closeBrace)
}

var (
	openBrace  = []byte{'{'}
	closeBrace = []byte{'}'}
	comma      = []byte{','}
	quote      = []byte{'"'}
	quoteColon = []byte{'"', ':'}
)

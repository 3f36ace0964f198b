package graph

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
)

// fieldSet is graphql.FieldSet for an object but Query, written as the
// object itself; the executor makes one where gqlgen generates
// graphql.NewFieldSet, and returns it where gqlgen returns the field set
// (internal/execgen). Per object gqlgen allocates its field set, the
// slice of values and, once written by object, the object: three
// allocations of the 6,800 a request for twenty enterprises with ten
// internships each makes for 460 objects. A query's field sets and their
// values come from the operation's chunks (operationSlabs), each holding
// as many values as its object has fields; a subscription's are one
// allocation each (newFieldSet).
//
// It schedules the fields resolved concurrently (methods, resolvers) as
// FieldSet does, counting a result against Invalids when it is the value
// that makes the object invalid. A deferred field goes to the object's
// @defer group through gqlgen's own FieldSet.ResolveConcurrently, on a
// field set that stands in for this one for that call.
type fieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	delayed  []delayedField
	slabs    *slabs // made from; told before a field goes to a goroutine
}

// inlineValues is how many values newFieldSet makes in the field set's
// own allocation: most objects of a query select a few fields.
const inlineValues = 8

type delayedField struct {
	i       int
	invalid graphql.Marshaler // the result that makes the object invalid
	recover bool
	oc      *graphql.OperationContext
	resolve func(ctx context.Context) graphql.Marshaler
}

// newFieldSet is the field set of fields, with its values and room for
// one field resolved concurrently (an internship's enterprise) in one
// allocation when it has at most inlineValues fields.
func newFieldSet(fields []graphql.CollectedField) *fieldSet {
	if len(fields) > inlineValues {
		return &fieldSet{fields: fields, Values: make([]graphql.Marshaler, len(fields))}
	}
	b := new(struct {
		s fieldSet
		v [inlineValues]graphql.Marshaler
		d [1]delayedField
	})
	b.s.fields, b.s.Values, b.s.delayed = fields, b.v[:len(fields):len(fields)], b.d[:0]
	return &b.s
}

// ResolveConcurrently is graphql.FieldSet's: field i is resolved when the
// set is dispatched, a panic (when recoverFromPanic) being its error and
// null; a null in a non-null field makes the object invalid.
func (s *fieldSet) ResolveConcurrently(oc *graphql.OperationContext, deferred *graphql.DeferredGroup, i int,
	recoverFromPanic, nonNull bool, resolve func(ctx context.Context) graphql.Marshaler,
) {
	if s.fields[i].IsDeferred() {
		stand := graphql.NewFieldSet(s.fields)
		stand.ResolveConcurrently(oc, deferred, i, recoverFromPanic, nonNull, resolve)
		s.Values[i] = stand.Values[i]
		return
	}
	invalid := graphql.RequiredNull
	if nonNull {
		invalid = graphql.Null
	}
	s.delayed = append(s.delayed, delayedField{i: i, invalid: invalid, recover: recoverFromPanic, oc: oc, resolve: resolve})
}

// Dispatch resolves the fields scheduled, as graphql.FieldSet's does: one
// in the calling goroutine, the others each in a goroutine of its own.
func (s *fieldSet) Dispatch(ctx context.Context) {
	switch len(s.delayed) {
	case 0:
	case 1:
		s.resolve(ctx, &s.delayed[0])
	default:
		if s.slabs != nil {
			s.slabs.shared.Store(true)
		}
		var wg sync.WaitGroup
		for i := range s.delayed[1:] {
			d := &s.delayed[1+i]
			wg.Go(func() { s.resolve(ctx, d) })
		}
		s.resolve(ctx, &s.delayed[0])
		wg.Wait()
	}
}

func (s *fieldSet) resolve(ctx context.Context, d *delayedField) {
	v := resolveRecovering(ctx, d)
	s.Values[d.i] = v
	if v == d.invalid {
		atomic.AddUint32(&s.Invalids, 1)
	}
}

func resolveRecovering(ctx context.Context, d *delayedField) (v graphql.Marshaler) {
	if d.recover {
		defer func() {
			if r := recover(); r != nil {
				d.oc.Error(ctx, d.oc.Recover(ctx, r))
				v = graphql.Null
			}
		}()
	}
	return d.resolve(ctx)
}

// MarshalGQL writes the object, as object does.
func (s *fieldSet) MarshalGQL(w io.Writer) {
	writeObject(w, s.fields, s.Values)
}

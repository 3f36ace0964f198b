package graph

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// operationSlabs makes the objects of an operation's response and the
// field scopes they are marshalled in from chunks, not one allocation
// each: a page of 20 enterprises with 10 internships each has 460 objects
// and 231 scopes. All of them live until the response is written, so a
// chunk kept alive by one of them costs nothing the response would not
// hold anyway — but for a subscription's (outlives). The executor keeps one
// an operation (executionContext's slabs, internal/execgen).
//
// Resolvers may run concurrently, hence the locks; but an operation of one
// root field and no @defer marshals in one goroutine until an object
// dispatches fields to goroutines of their own (fieldSet.Dispatch), and
// until then takes no lock: an uncontended lock, taken for every object
// and scope, cost 4 % of the server's time for twenty enterprises with
// ten internships each.
type operationSlabs struct {
	p atomic.Pointer[slabs] // made on first use: a subscriber's executor never does
}

type slabs struct {
	// shared: goroutines other than the first may be making objects, so
	// every one takes the locks. Stored before such a goroutine starts.
	shared atomic.Bool
	sets   slab[fieldSet]
	values values // the field sets' values, under sets' lock
	scopes slab[fieldScope]
}

func (o *operationSlabs) slabs(op *graphql.OperationContext) *slabs {
	if s := o.p.Load(); s != nil {
		return s
	}
	s := new(slabs)
	s.shared.Store(!oneGoroutine(op))
	if o.p.CompareAndSwap(nil, s) {
		return s
	}
	return o.p.Load()
}

// oneGoroutine reports whether the executor marshals op in the goroutine
// that first makes an object, until a field set dispatches fields to
// goroutines: gqlgen resolves a query's root fields concurrently when
// there are several, and @defer's groups in goroutines of their own. The
// query's text is searched, as the fragments of a document may hold the
// directive; an operation without its text (a persisted query not yet
// read) is taken as concurrent.
func oneGoroutine(op *graphql.OperationContext) bool {
	if op == nil || op.Operation == nil || op.RawQuery == "" || strings.Contains(op.RawQuery, "defer") {
		return false
	}
	root := op.Operation.SelectionSet
	if len(root) != 1 {
		return false
	}
	_, field := root[0].(*ast.Field)
	return field
}

// fieldSet is newFieldSet(fields), made from the operation's chunks.
func (o *operationSlabs) fieldSet(op *graphql.OperationContext, fields []graphql.CollectedField) *fieldSet {
	if outlives(op) {
		return newFieldSet(fields)
	}
	sl := o.slabs(op)
	shared := sl.shared.Load()
	if shared {
		sl.sets.mu.Lock()
	}
	s := sl.sets.nextLocked()
	s.fields, s.Values, s.slabs = fields, sl.values.take(len(fields)), sl
	if shared {
		sl.sets.mu.Unlock()
	}
	return s
}

// scope is graphql.WithFieldContext(ctx, &fc) with fc.Result set to
// result, as one value made from the operation's chunks.
func (o *operationSlabs) scope(op *graphql.OperationContext, ctx context.Context, fc graphql.FieldContext, result any) context.Context {
	var s *fieldScope
	if outlives(op) {
		s = new(fieldScope)
	} else {
		sl := o.slabs(op)
		if sl.shared.Load() {
			s = sl.scopes.next()
		} else {
			s = sl.scopes.nextLocked()
		}
	}
	s.init(ctx, fc, result)
	return s
}

// outlives reports whether the operation outlives its responses: a
// subscription's executor serves every event it sends, for as long as the
// subscriber stays, so its objects are made one by one: what it keeps
// between events is then nothing, not the chunks of the last ones (up to
// 14 KiB a subscriber).
func outlives(op *graphql.OperationContext) bool {
	return op != nil && op.Operation != nil && op.Operation.Operation == ast.Subscription
}

// slab hands out zero values of T from chunks that double in size, from
// minChunk up to maxChunk values.
type slab[T any] struct {
	mu    sync.Mutex
	chunk []T
}

const (
	minChunk = 8
	maxChunk = 32
)

func (s *slab[T]) next() *T {
	s.mu.Lock()
	v := s.nextLocked()
	s.mu.Unlock()
	return v
}

// nextLocked is next with s.mu held.
func (s *slab[T]) nextLocked() *T {
	if len(s.chunk) == cap(s.chunk) {
		s.chunk = make([]T, 0, min(max(2*cap(s.chunk), minChunk), maxChunk))
	}
	s.chunk = s.chunk[:len(s.chunk)+1]
	return &s.chunk[len(s.chunk)-1]
}

// values hands out the values of field sets, as many as each has fields,
// from chunks that double in size from minValues up to maxValues values;
// a chunk's room too small for the next is left unused.
type values struct {
	chunk []graphql.Marshaler
}

const (
	minValues = 32
	maxValues = 256
)

func (v *values) take(n int) []graphql.Marshaler {
	if n > maxValues/4 {
		return make([]graphql.Marshaler, n)
	}
	if cap(v.chunk)-len(v.chunk) < n {
		v.chunk = make([]graphql.Marshaler, 0, min(max(2*cap(v.chunk), minValues), maxValues))
	}
	at := len(v.chunk)
	v.chunk = v.chunk[:at+n]
	return v.chunk[at : at+n : at+n]
}

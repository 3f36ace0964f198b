package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// operationSlabs makes the objects of an operation's response and the
// field scopes they are marshalled in from chunks, not one allocation
// each: a page of 20 enterprises with 10 internships each has 460 objects
// and 231 scopes. All of them live until the response is written, so a
// chunk kept alive by one of them costs nothing the response would not
// hold anyway. The executor keeps one an operation (executionContext's
// slabs, internal/execgen); resolvers run concurrently, hence the locks.
type operationSlabs struct {
	sets   slab[fieldSet]
	scopes slab[fieldScope]
}

// fieldSet is newFieldSet(fields), made from the operation's chunks.
func (o *operationSlabs) fieldSet(fields []graphql.CollectedField) *fieldSet {
	s := o.sets.next()
	s.init(fields)
	return s
}

// scope is graphql.WithFieldContext(ctx, &fc) with fc.Result set to
// result, as one value made from the operation's chunks.
func (o *operationSlabs) scope(ctx context.Context, fc graphql.FieldContext, result any) context.Context {
	s := o.scopes.next()
	s.init(ctx, fc, result)
	return s
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
	if len(s.chunk) == cap(s.chunk) {
		s.chunk = make([]T, 0, min(max(2*cap(s.chunk), minChunk), maxChunk))
	}
	s.chunk = s.chunk[:len(s.chunk)+1]
	v := &s.chunk[len(s.chunk)-1]
	s.mu.Unlock()
	return v
}

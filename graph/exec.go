package graph

import (
	"context"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// marshalSliceInOrder marshals a list of objects element after element, in
// the calling goroutine; the executor calls it where gqlgen generates
// graphql.MarshalSliceConcurrently, which starts a goroutine for every
// element (internal/execgen says why). Each element has its own field
// context, with its index, as there, and a panic in one is that element's
// error. The elements' field contexts, indexes and the contexts that carry
// them are made together (fieldScope): one allocation a list rather than
// two an element.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	scopes := make([]fieldScope, length)
	parent := graphql.GetFieldContext(ctx)
	for i := range length {
		s := &scopes[i]
		s.Context, s.index = ctx, i
		s.fc.Parent, s.fc.Index = parent, &s.index
		ctx := context.Context(s)
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

// fieldScope is a field's context (graphql.FieldContext) and the
// context.Context that carries it, made in one allocation where
// graphql.WithFieldContext makes the context a second one beside the field
// context's own. Every object of a response is marshalled in one, a list's
// element's or the edge's node's (internal/execgen), so these were two
// allocations in every object. index holds a list element's index, which
// its field context points to.
type fieldScope struct {
	context.Context
	fc    graphql.FieldContext
	index int
}

// Value is the field context for graphql's key, and the parent's value for
// any other.
func (s *fieldScope) Value(key any) any {
	if key == fieldContextKey {
		return &s.fc
	}
	return s.Context.Value(key)
}

// init makes s, a zero fieldScope, graphql.WithFieldContext(ctx, &fc)
// with fc.Result set to result.
func (s *fieldScope) init(ctx context.Context, fc graphql.FieldContext, result any) {
	s.Context, s.fc = ctx, fc
	s.fc.Parent, s.fc.Result = graphql.GetFieldContext(ctx), result
}

// fieldContextKey is the key graphql.WithFieldContext keeps a field's
// context under (unexported in gqlgen): the one graphql.GetFieldContext
// asks a context for.
var fieldContextKey = func() any {
	var k keyProbe
	graphql.GetFieldContext(&k)
	return k.key
}()

// keyProbe is a context that remembers the key it was last asked for.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	p.key = key
	return nil
}

// childFunc is a field context's Child: the field context of one of the
// field's own fields.
type childFunc = func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)

// childFuncs keeps, for an operation (executionContext's children), the
// Child function of each object type's field contexts, made once: gqlgen's
// executor allocates a closure for it in every field context of an object,
// for every object of a response. It keeps those of the types the
// operation has met so far (a query, a few), so that a subscriber's
// executor, which lives as long as the subscriber, keeps little more than
// the one closure it kept before.
type childFuncs struct {
	fns atomic.Pointer[[]childEntry] // replaced, never changed
}

type childEntry struct {
	k int // the type (internal/execgen numbers them)
	f childFunc
}

// get is the Child function of object type k, made by newChild if it is
// the first.
func (c *childFuncs) get(k int, newChild func() childFunc) childFunc {
	for {
		old := c.fns.Load()
		var kept []childEntry
		if old != nil {
			kept = *old
		}
		for _, e := range kept {
			if e.k == k {
				return e.f
			}
		}
		f := newChild()
		fns := append(kept[:len(kept):len(kept)], childEntry{k, f})
		if c.fns.CompareAndSwap(old, &fns) {
			return f
		}
	}
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
	writeObject(w, o.fields, o.values)
}

// writeObject writes the object of the fields with the values.
func writeObject(w io.Writer, fields []graphql.CollectedField, values []graphql.Marshaler) {
	w.Write(openBrace)
	first := true
	for i := range fields {
		name := fields[i].Alias
		if slices.ContainsFunc(fields[:i], func(f graphql.CollectedField) bool { return f.Alias == name }) {
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
		values[i].MarshalGQL(w)
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

// collectedFields keeps, for one operation, the fields graphql.CollectFields
// collected for each selection set and the types it applies to; the
// executor's objects collect their fields through it (internal/execgen).
// Every object of a list has the same selection set, and gqlgen's own cache
// (on the operation context) builds its key with an allocated hash of the
// type names and takes a lock, for every object. Here the key is the
// addresses of the selection set and of the generated list of type names,
// which live as long as the operation; what CollectFields returns does not
// change within an operation (its variables are fixed).
type collectedFields struct {
	mu   sync.Mutex
	few  []collectedSet                            // the first ones, searched in turn
	many map[collectedKey][]graphql.CollectedField // beyond: a query of many selection sets
}

type collectedKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

type collectedSet struct {
	collectedKey
	fields []graphql.CollectedField
}

// manyCollected is how many selection sets are searched in turn before a
// map takes the rest.
const manyCollected = 16

// collect is graphql.CollectFields(op, sel, satisfies), collected once.
func (c *collectedFields) collect(op *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	key := collectedKey{sel: unsafe.SliceData(sel), n: len(sel), satisfies: unsafe.SliceData(satisfies)}
	c.mu.Lock()
	for i := range c.few {
		if c.few[i].collectedKey == key {
			fields := c.few[i].fields
			c.mu.Unlock()
			return fields
		}
	}
	fields, ok := c.many[key]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(op, sel, satisfies)
	c.mu.Lock()
	if len(c.few) < manyCollected {
		c.few = append(c.few, collectedSet{key, fields})
	} else {
		if c.many == nil {
			c.many = map[collectedKey][]graphql.CollectedField{}
		}
		c.many[key] = fields
	}
	c.mu.Unlock()
	return fields
}

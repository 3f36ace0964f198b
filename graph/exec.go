package graph

import (
	"bytes"
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

// leavesList marshals a list of n objects whose elements all take their
// leaves' path (the executor's ec._T_leaves, internal/execgen): made
// without a field context of their own, the elements need none for the
// list either. It returns nil as soon as one does not — a nil element, or
// one that selects more than leaves — and the list then takes
// marshalSliceInOrder's path from its start. An object of a list selects
// what every other one selects, so the first element decides for most.
func leavesList(n int, element func(i int) graphql.Marshaler) graphql.Array {
	if n == 0 {
		return graphql.Array{}
	}
	first := element(0)
	if first == nil {
		return nil
	}
	ret := make(graphql.Array, n)
	ret[0] = first
	for i := 1; i < n; i++ {
		if ret[i] = element(i); ret[i] == nil {
			return nil
		}
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

// writeObject writes the object of the fields with the values: into the
// buffer a response is written to (responseBuffer) at once, and into any
// other writer (a test's) through a buffer of its own.
func writeObject(w io.Writer, fields []graphql.CollectedField, values []graphql.Marshaler) {
	if buf, ok := w.(*bytes.Buffer); ok {
		writeObjectTo(buf, fields, values)
		return
	}
	var buf bytes.Buffer
	writeObjectTo(&buf, fields, values)
	w.Write(buf.Bytes())
}

// writeObjectTo writes the object into buf a byte or a string at a time,
// not through io.Writer: a page of twenty enterprises with ten internships
// each writes 460 objects and 1,500 fields, four writes a field name. A
// response name is a GraphQL name, [_A-Za-z][_0-9A-Za-z]*: nothing to
// escape.
func writeObjectTo(buf *bytes.Buffer, fields []graphql.CollectedField, values []graphql.Marshaler) {
	buf.WriteByte('{')
	first := true
	for i := range fields {
		name := fields[i].Alias
		if slices.ContainsFunc(fields[:i], func(f graphql.CollectedField) bool { return f.Alias == name }) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteByte('"')
		buf.WriteString(name)
		buf.WriteString(`":`)
		values[i].MarshalGQL(buf)
	}
	buf.WriteByte('}')
}

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
	cache opCache[collectedKey, []graphql.CollectedField]
}

type collectedKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// collect is graphql.CollectFields(op, sel, satisfies), collected once an
// operation, and once for every operation of the same document when no
// directive can change what is collected (sharedFields).
func (c *collectedFields) collect(op *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	key := collectedKey{sel: unsafe.SliceData(sel), n: len(sel), satisfies: unsafe.SliceData(satisfies)}
	if fields, ok := c.cache.get(key); ok {
		return fields
	}
	fields, ok := shared.get(key)
	if !ok {
		fields = graphql.CollectFields(op, sel, satisfies)
		if shared.shareable(op, key) && noDirectives(op.Doc, sel, 0) {
			shared.put(key, fields)
		}
	}
	c.cache.put(key, fields)
	return fields
}

// sharedFields keeps what graphql.CollectFields collected from one
// operation for the next operations of the same document: the server
// keeps the documents it parsed (routes.go's query cache), so a query
// sent again has the same selection sets, and each of its first objects
// of a type collected its fields again (3 % of the server's time for a
// page of fifty internships). What is collected depends on the operation's
// variables only through directives (@skip, @include, @defer's if), so a
// selection set is shared only when no selection or fragment it collects
// from has a directive. And only a selection set that is the same for the
// next operation is: the operation's own, or a field's selections
// collected into fields that are shared (CollectFields copies them into
// a new slice each time). A key holds on to its selection set, so an
// address cannot be reused while it is kept; at maxShared keys the cache
// starts again.
type sharedFields struct {
	mu     sync.Mutex // held by put
	m      sync.Map   // collectedKey → []graphql.CollectedField
	stable sync.Map   // collectedKey{sel, n}, a shared field's selections → struct{}
	n      int
}

var shared sharedFields

const maxShared = 4096

func (s *sharedFields) get(key collectedKey) ([]graphql.CollectedField, bool) {
	v, ok := s.m.Load(key)
	if !ok {
		return nil, false
	}
	return v.([]graphql.CollectedField), true
}

// shareable reports whether the selection set of key is one the next
// operation of the same document collects from too.
func (s *sharedFields) shareable(op *graphql.OperationContext, key collectedKey) bool {
	if op == nil || op.Operation == nil {
		return false
	}
	if root := op.Operation.SelectionSet; key.sel == unsafe.SliceData(root) && key.n == len(root) {
		return true
	}
	_, ok := s.stable.Load(collectedKey{sel: key.sel, n: key.n})
	return ok
}

func (s *sharedFields) put(key collectedKey, fields []graphql.CollectedField) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n += 1 + len(fields); s.n > maxShared {
		s.m.Clear()
		s.stable.Clear()
		s.n = 1 + len(fields)
	}
	for _, f := range fields {
		if len(f.Selections) > 0 {
			s.stable.Store(collectedKey{sel: unsafe.SliceData(f.Selections), n: len(f.Selections)}, struct{}{})
		}
	}
	s.m.Store(key, fields)
}

// noDirectives reports whether no selection graphql.CollectFields
// collects from sel — its fields, and the inline fragments and the
// fragments spread in it, and theirs — has a directive. Validation
// rejects a fragment that spreads itself; depth stops one anyway.
func noDirectives(doc *ast.QueryDocument, sel ast.SelectionSet, depth int) bool {
	if depth > 32 {
		return false
	}
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Directives) > 0 {
				return false
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !noDirectives(doc, s.SelectionSet, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 || doc == nil {
				return false
			}
			f := doc.Fragments.ForName(s.Name)
			if f == nil || len(f.Directives) > 0 || !noDirectives(doc, f.SelectionSet, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// opCache maps keys to values for one operation, which reads them for
// every object of its lists and writes each once. The first opCached are
// read without a lock — an uncontended mutex, taken for every object, cost
// 3 % of the server's time for twenty enterprises with ten internships
// each — and searched in turn; a map under the lock takes the rest (an
// operation of many selection sets). The resolvers of one operation may
// run concurrently. The entries' room starts at four and doubles: a
// subscription's executor keeps its cache as long as the subscriber
// stays, and room for sixteen at once took 0.7 KiB a subscriber.
type opCache[K comparable, V any] struct {
	p    atomic.Pointer[opBlock[K, V]] // made on the first put
	mu   sync.Mutex                    // held by put, and by get to read many
	many map[K]V
}

// opBlock is an opCache's first entries: e[:n] are written, and are not
// written again; put writes e[n] before it stores n+1, and when e is full
// publishes a block with more room instead.
type opBlock[K comparable, V any] struct {
	n atomic.Int32
	e []opEntry[K, V]
}

type opEntry[K comparable, V any] struct {
	k K
	v V
}

const opCached = 16

func (c *opCache[K, V]) get(k K) (v V, ok bool) {
	b := c.p.Load()
	if b == nil {
		return v, false
	}
	n := int(b.n.Load())
	for i := range n {
		if b.e[i].k == k {
			return b.e[i].v, true
		}
	}
	if n < opCached {
		return v, false
	}
	c.mu.Lock()
	v, ok = c.many[k]
	c.mu.Unlock()
	return v, ok
}

// put keeps v for k; a value already kept for k (put by a concurrent
// resolver that found none either) stays.
func (c *opCache[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.p.Load()
	n := 0
	if b != nil {
		n = int(b.n.Load())
		for i := range n {
			if b.e[i].k == k {
				return
			}
		}
	}
	if n < opCached {
		if b == nil || n == len(b.e) {
			grown := &opBlock[K, V]{e: make([]opEntry[K, V], min(max(2*n, 4), opCached))}
			if b != nil {
				copy(grown.e, b.e[:n])
			}
			grown.n.Store(int32(n))
			b = grown
			c.p.Store(b)
		}
		b.e[n] = opEntry[K, V]{k, v}
		b.n.Store(int32(n + 1))
		return
	}
	if c.many == nil {
		c.many = map[K]V{}
	}
	if _, ok := c.many[k]; !ok {
		c.many[k] = v
	}
}

// fieldArgs keeps, for one operation, the arguments of each field of its
// document as the executor parsed them the first time (internal/execgen):
// for every object of a list gqlgen builds the map of a field's arguments
// from the document and the variables and parses each value again — the
// same values, since neither changes within an operation — which took
// eight allocations for each of twenty enterprises' `internships(first:
// 10)`. The values are shared by the objects: nothing below the executor
// changes an argument it is handed. Arguments that fail to parse are
// parsed, and reported, each time, as before; a subscription's are not
// kept, the executor serving it for as long as the subscriber stays.
type fieldArgs struct {
	cache opCache[*ast.Field, map[string]any]
}

func (a *fieldArgs) parse(op *graphql.OperationContext, f *ast.Field, parse func() (map[string]any, error)) (map[string]any, error) {
	if outlives(op) {
		return parse()
	}
	if args, ok := a.cache.get(f); ok {
		return args, nil
	}
	args, err := parse()
	if err == nil {
		a.cache.put(f, args)
	}
	return args, err
}

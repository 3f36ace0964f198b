package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits bound what one GraphQL operation may ask for.
type Limits struct {
	// MaxDepth is the deepest nesting of fields, counted through fragments
	// and introspection (GraphiQL's own introspection query needs 13).
	MaxDepth int
	// MaxAliases is how many aliased fields an operation may have.
	MaxAliases int
	// MaxComplexity is the most an operation may cost: every field costs 1,
	// times the page size of each connection above it (first, last, or the
	// default page size).
	MaxComplexity int
	// DefaultPage is the page size of a connection queried without first
	// or last; MaxPage is the largest first or last accepted (and the most
	// IDs nodes(ids:) takes).
	DefaultPage, MaxPage int
}

// operationLimits refuses operations over the limits before they run
// (and, in production, introspection),
// with BAD_USER_INPUT naming the limit. It works on the parsed operation
// and its variables, so a limit cannot be dodged with fragments or
// variables.
type operationLimits struct {
	Limits
	noIntrospection bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationLimits{}

func (operationLimits) ExtensionName() string                   { return "OperationLimits" }
func (operationLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (l operationLimits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	w := &walk{limits: l.Limits, vars: rc.Variables, fragments: rc.Doc.Fragments, noIntrospection: l.noIntrospection}
	cost := w.selection(rc.Operation.SelectionSet, 1)
	switch {
	case w.err != nil:
		return w.err
	case w.depth > l.MaxDepth:
		return limitError("depth", l.MaxDepth, w.depth, "the operation nests fields %d deep; at most %d are allowed", w.depth, l.MaxDepth)
	case w.aliases > l.MaxAliases:
		return limitError("aliases", l.MaxAliases, w.aliases, "the operation has %d aliases; at most %d are allowed", w.aliases, l.MaxAliases)
	case cost > l.MaxComplexity:
		return limitError("complexity", l.MaxComplexity, cost, "the operation could return up to %d fields (each connection counts its page size); at most %d are allowed: ask for smaller pages or fewer nested connections", cost, l.MaxComplexity)
	}
	return nil
}

func limitError(limit string, max, actual int, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": "BAD_USER_INPUT", "limit": limit, "max": max, "actual": actual},
	}
}

// walk measures an operation: its depth, aliases and cost, and checks its
// page sizes.
type walk struct {
	limits    Limits
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	// noIntrospection refuses __schema and __type (__typename stays).
	noIntrospection bool
	depth           int
	aliases         int
	err             *gqlerror.Error
}

// selection returns the cost of a selection set at the given depth.
func (w *walk) selection(set ast.SelectionSet, depth int) int {
	if w.err != nil || depth > w.limits.MaxDepth+1 {
		w.depth = max(w.depth, depth) // deep enough to refuse: stop walking
		return 0
	}
	cost := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if w.noIntrospection && (sel.Name == "__schema" || sel.Name == "__type") {
				w.err = &gqlerror.Error{
					Message:    "introspection is turned off on this server",
					Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"},
				}
				return 0
			}
			w.depth = max(w.depth, depth)
			if sel.Alias != "" && sel.Alias != sel.Name {
				w.aliases++
			}
			cost += 1 + w.multiplier(sel)*w.selection(sel.SelectionSet, depth+1)
		case *ast.InlineFragment:
			cost += w.selection(sel.SelectionSet, depth)
		case *ast.FragmentSpread:
			if f := w.fragments.ForName(sel.Name); f != nil {
				cost += w.selection(f.SelectionSet, depth)
			}
		}
	}
	return cost
}

// multiplier is how many objects a field may return for its selection: a
// connection's page size, the number of IDs of nodes, else 1. It checks
// page sizes on the way.
func (w *walk) multiplier(f *ast.Field) int {
	if f.Definition == nil {
		return 1
	}
	args := f.ArgumentMap(w.vars)
	if f.Name == "nodes" && f.Definition.Arguments.ForName("ids") != nil {
		ids, _ := args["ids"].([]any)
		if len(ids) > w.limits.MaxPage {
			w.err = limitError("page", w.limits.MaxPage, len(ids), "nodes takes at most %d IDs", w.limits.MaxPage)
		}
		return max(1, len(ids))
	}
	if !isConnection(f.Definition) {
		return 1
	}
	first, hasFirst := intArg(args["first"])
	last, hasLast := intArg(args["last"])
	switch {
	case !hasFirst && !hasLast:
		w.err = limitError("page", w.limits.MaxPage, 0, "%s: give first or last (at most %d)", f.Alias, w.limits.MaxPage)
		return 0
	case first < 0 || last < 0:
		w.err = limitError("page", w.limits.MaxPage, min(first, last), "%s: first and last cannot be negative", f.Alias)
		return 0
	case first > w.limits.MaxPage || last > w.limits.MaxPage:
		w.err = limitError("page", w.limits.MaxPage, max(first, last), "%s: pages hold at most %d items", f.Alias, w.limits.MaxPage)
		return 0
	}
	return max(first, last, 1)
}

func intArg(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), true
	}
	return 0, false
}

// isConnection reports whether a field is a Relay connection with
// first/last arguments.
func isConnection(def *ast.FieldDefinition) bool {
	return strings.HasSuffix(def.Type.Name(), "Connection") && def.Arguments.ForName("first") != nil
}

// pagingCache is the parsed-query cache, giving every connection queried
// without first or last the default page size as it stores a document.
// gqlgen stores a document once it is parsed and validated, before running
// it, so the default applies from the first request on — also to nested
// connections, which entgql loads from the document's arguments.
type pagingCache struct {
	graphql.Cache[*ast.QueryDocument]
	defaultPage int
}

func (c pagingCache) Add(ctx context.Context, key string, doc *ast.QueryDocument) {
	def := &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(c.defaultPage)}
	var visit func(ast.SelectionSet)
	visit = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if sel.Definition != nil && isConnection(sel.Definition) &&
					sel.Arguments.ForName("first") == nil && sel.Arguments.ForName("last") == nil {
					sel.Arguments = append(sel.Arguments, &ast.Argument{Name: "first", Value: def, Position: sel.Position})
				}
				visit(sel.SelectionSet)
			case *ast.InlineFragment:
				visit(sel.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		visit(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		visit(f.SelectionSet)
	}
	c.Cache.Add(ctx, key, doc)
}

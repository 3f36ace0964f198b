// Command execgen is the last step of `go generate ./...`: it rewrites the
// executor gqlgen generates (graph/generated.go) where gqlgen's general
// machinery, run for every field of every object of a response, costs more
// than the data does. Profiles of a page of fifty internships with their
// enterprises (BENCHMARKS.md, "What changed the figures") put most of the
// server's time in that machinery, not in SQL or JSON.
//
// Twelve rewrites, each keeping what the client sees:
//
//   - A leaf field read straight from a struct field (a scalar or enum, no
//     arguments, no resolver, no method, no middleware of its own) is
//     marshalled at once when its value is not null, instead of going
//     through graphql.ResolveField, which allocates a field context, a
//     context, four closures and two interface values for it. A String,
//     Int, Boolean, ID or Time, or a pointer to one, and an enum, is
//     marshalled from a pointer to where it is stored (graph/scalar/at.go),
//     which costs no allocation. A null value still takes gqlgen's own
//     path, so a null in a non-null field is reported with the field's
//     path exactly as before. What a rewritten
//     field skips is field middleware (handler.Server.AroundFields): the
//     server installs none, and one that must see every field has to be
//     added with this rewrite removed.
//   - Lists of objects are marshalled one element after another, in the
//     calling goroutine, instead of one new goroutine per element
//     (graphql.MarshalSliceConcurrently). Nothing below a list element
//     waits on I/O of its own — edges are loaded with the list, which the
//     N+1 test (graph/nplusone_test.go) holds — and the goroutines' stacks,
//     grown again for every element, cost 15 % of the server's time.
//   - An object's @defer group is made only when one of its fields is
//     deferred; gqlgen computes the object's path and allocates a field set
//     and a map for every object.
//   - An object's fields are written by the graph package's object instead
//     of graphql.FieldSet's MarshalGQL, which keeps a map of the names it has
//     written and copies every field to the heap.
//   - An object's fields are collected (graphql.CollectFields) once an
//     operation for each selection set and type, and found again by the
//     selection set's address (graph/exec.go, collectedFields): gqlgen's own
//     cache allocates a hash and locks for its key, for every object.
//   - An object read from a struct field (an edge's node: a pointer, no
//     arguments, no resolver, no method, no middleware of its own) is
//     marshalled in a field context made as ResolveField makes it (the
//     object as its result, a panic below it the field's error) but without
//     ResolveField's closures; a nil takes gqlgen's path. Like a leaf, it
//     skips field middleware.
//   - So is a to-one edge read through its method (an internship's
//     enterprise, `obj.Enterprise(ctx)`) when the node was eager-loaded
//     with it (`obj.Edges.Enterprise`, which entgql's method returns, read
//     from ent/gql_edge.go), and its object resolves it at once instead of
//     scheduling it with its concurrent fields; an edge not loaded, or
//     deferred, takes gqlgen's path and its method loads it.
//   - An object is made as the graph package's fieldSet,
//     one allocation with its values, and written as the object, instead
//     of graphql.FieldSet, its values and the object, three (13 % of the
//     allocations of a request of (a) or (b)). It resolves the fields gqlgen
//     resolves concurrently as FieldSet does, and hands a deferred one to
//     gqlgen's FieldSet. Query keeps graphql.FieldSet, whose
//     ResolveRootConcurrently it calls.
//   - A field's arguments are parsed once an operation (graph/exec.go,
//     fieldArgs), not for every object of a list: gqlgen builds a map of
//     them from the document and the variables, and parses each value,
//     for each of twenty enterprises' `internships(first: 10)`.
//   - The result of a query or a mutation is written into the buffer the
//     server lends the operation (graph.WithResponseBuffer) instead of a
//     bytes.Buffer grown from nothing for every response: 11 % of the
//     bytes allocated for twenty enterprises with ten internships each.
//   - An object those two fast paths marshal (an edge's node, a loaded
//     to-one edge) whose selected fields are all leaves marshalled where
//     they are stored, or __typename, is made without a field context of
//     its own (ec._T_leaves): nothing below it resolves, fails or asks
//     for its path. A deferred field, any other field, or a null in a
//     non-null leaf (whose error has the field's path) takes the object's
//     own path. The field context of each node of twenty enterprises' ten
//     internships was 3.7 % of that page's profile (BENCHMARKS.md, "The
//     eighteenth session"). An edge whose node is such an object is
//     one too, and so is an object whose to-one edges loaded with it are
//     (an internship and its enterprise); one not loaded, which its
//     method loads, takes the object's own path.
//   - A list of pointers to objects (a connection's edges) whose
//     elements all take that path is marshalled without a field context
//     for any element (graph's leavesList); a nil element, or one that
//     selects more, sends the list down its own path from its start.
//
// The functions the rewritten executor calls are in graph/exec.go,
// graph/fieldset.go and graph/response.go.
//
// Usage: go run ./internal/execgen graph/generated.go ent/gql_edge.go
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: execgen <gqlgen's generated executor> <entgql's ent/gql_edge.go>")
		os.Exit(2)
	}
	path := os.Args[1]
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	edgeSrc, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	edges, err := edgeMethods(edgeSrc)
	if err != nil {
		fmt.Fprintf(os.Stderr, "execgen: %s: %v\n", os.Args[2], err)
		os.Exit(1)
	}
	out, err := rewrite(src, edges)
	if err != nil {
		fmt.Fprintf(os.Stderr, "execgen: %s: %v\n", path, err)
		os.Exit(1)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

package ent_test

import (
	"encoding/json"
	"slices"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

// TestEveryOrderHasItsIndex: every ordering a connection offers (an
// entgql.OrderField) has an index that reads the list in its order, the
// field then the id that breaks ties (or a unique field alone), so that
// the first page of a million internships by CREATED_AT, or a page after
// a cursor, is read from the index and not sorted whole: 62 ms a page
// before, at the province's scale (BENCHMARKS.md). A field made orderable
// without its index fails here.
func TestEveryOrderHasItsIndex(t *testing.T) {
	graph, err := entc.LoadGraph("./schema", &gen.Config{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, n := range graph.Nodes {
		for _, f := range n.Fields {
			ant := &entgql.Annotation{}
			if raw, ok := f.Annotations[ant.Name()]; !ok || ant.Decode(raw) != nil || ant.OrderField == "" {
				continue
			}
			checked++
			col := f.StorageKey()
			if f.Unique {
				continue
			}
			if !slices.ContainsFunc(n.Indexes, func(i *gen.Index) bool {
				return !partial(t, i) && (slices.Equal(i.Columns, []string{col, n.ID.StorageKey()}) ||
					i.Unique && slices.Equal(i.Columns, []string{col}))
			}) {
				t.Errorf("%s is ordered by %s (%s) without an index on (%s, %s)", n.Name, ant.OrderField, col, col, n.ID.StorageKey())
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d orderings found: the annotations are not read", checked)
	}
}

// partial reports whether an index holds some rows only (a WHERE), which
// an unfiltered list cannot be read from.
func partial(t *testing.T, i *gen.Index) bool {
	raw, ok := i.Annotations["EntSQL"]
	if !ok {
		return false
	}
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	var ant entsql.IndexAnnotation
	if err := json.Unmarshal(b, &ant); err != nil {
		t.Fatal(err)
	}
	return ant.Where != ""
}

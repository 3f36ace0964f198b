package ent_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"chanjiao/ent/migrate"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql/schema"
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
	return annotation(t, i).Where != ""
}

// annotation is an index's entsql annotation (WHERE, INCLUDE), if any.
func annotation(t *testing.T, i *gen.Index) entsql.IndexAnnotation {
	var ant entsql.IndexAnnotation
	raw, ok := i.Annotations[ant.Name()]
	if !ok {
		return ant
	}
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ant); err != nil {
		t.Fatal(err)
	}
	return ant
}

// TestEveryNestedOrderHasItsIndex: every nested connection (a to-many edge
// offered as a Relay connection) is read, N rows a parent, through an index
// on the parent's key then the ordering's field then the id: its default
// order (the id) and each ordering of the listed type. Without one,
// PostgreSQL either reads and sorts all of each parent's rows (20
// enterprises' first 10 internships by TITLE: 291 ms at the province's
// scale, the largest enterprise with 20,225 postings) or, worse, walks the
// ordering's own index until it meets N rows of the parent (20
// institutions' first 10 people by NAME: 7.6 s; 20 cities' first 10
// internships: 2.8 s) (BENCHMARKS.md, "the twelfth session"). A
// many-to-many edge is read through its join table, which must be indexed
// with the parent's column first; the listed rows are then few a parent and
// sorted.
func TestEveryNestedOrderHasItsIndex(t *testing.T) {
	graph, err := entc.LoadGraph("./schema", &gen.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]*schema.Table{}
	for _, tb := range migrate.Tables {
		tables[tb.Name] = tb
	}
	checked := 0
	for _, n := range graph.Nodes {
		for _, e := range n.Edges {
			if e.Unique || !relayConnection(t, e) {
				continue
			}
			checked++
			child, id := e.Type, e.Type.ID.StorageKey()
			switch e.Rel.Type {
			case gen.O2M:
				fk := e.Rel.Column()
				orders := []string{id}
				for _, f := range child.Fields {
					ant := &entgql.Annotation{}
					if raw, ok := f.Annotations[ant.Name()]; ok && ant.Decode(raw) == nil && ant.OrderField != "" {
						orders = append(orders, f.StorageKey())
					}
				}
				for _, col := range orders {
					want := []string{fk, col, id}
					if col == id {
						want = []string{fk, id}
					}
					if !slices.ContainsFunc(child.Indexes, func(i *gen.Index) bool {
						return !partial(t, i) && (slices.Equal(i.Columns, want) || i.Unique && slices.Equal(i.Columns, want[:2]))
					}) {
						t.Errorf("%s.%s in order of %s: %s has no index on (%s)", n.Name, e.Name, col, child.Name, strings.Join(want, ", "))
					}
				}
			case gen.M2M:
				// The column of the join table that holds the parent.
				parent := e.Rel.Columns[0]
				if e.IsInverse() {
					parent = e.Rel.Columns[1]
				}
				tb := tables[e.Rel.Table]
				if tb == nil {
					t.Fatalf("%s.%s: no join table %s", n.Name, e.Name, e.Rel.Table)
				}
				led := len(tb.PrimaryKey) > 0 && tb.PrimaryKey[0].Name == parent
				for _, i := range tb.Indexes {
					led = led || len(i.Columns) > 0 && i.Columns[0].Name == parent
				}
				if !led {
					t.Errorf("%s.%s: the join table %s has no index led by %s", n.Name, e.Name, e.Rel.Table, parent)
				}
			default:
				t.Errorf("%s.%s: a connection over a %s edge", n.Name, e.Name, e.Rel.Type)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d nested connections found: the annotations are not read", checked)
	}
}

// relayConnection reports whether an edge is offered as a connection.
func relayConnection(t *testing.T, e *gen.Edge) bool {
	ant := &entgql.Annotation{}
	raw, ok := e.Annotations[ant.Name()]
	if !ok {
		return false
	}
	if err := ant.Decode(raw); err != nil {
		t.Fatal(err)
	}
	return ant.RelayConnection
}

// TestJoinTablesIndexedBothWays: every join table of a many-to-many edge
// has an index led by each of its columns, so that the edge is read from
// either side, and a `hasProgramsWith` filter through it, without reading
// the table whole.
func TestJoinTablesIndexedBothWays(t *testing.T) {
	joins := 0
	for _, tb := range migrate.Tables {
		if len(tb.PrimaryKey) != 2 || len(tb.Columns) != 2 {
			continue
		}
		joins++
		for _, c := range tb.Columns {
			led := tb.PrimaryKey[0] == c
			for _, i := range tb.Indexes {
				led = led || i.Columns[0] == c
			}
			if !led {
				t.Errorf("the join table %s has no index led by %s", tb.Name, c.Name)
			}
		}
	}
	if joins < 3 {
		t.Fatalf("only %d join tables found", joins)
	}
}

// TestVisibleInternshipsCountedFromIndexes: the counts every reader asks
// of internships (a region's or an enterprise's, under the privacy rule's
// `status <> 'DRAFT'`; a search's open postings in a region subtree and an
// industry, counted as COUNT("id")) are read from an index alone: the
// columns they test and count are in it.
func TestVisibleInternshipsCountedFromIndexes(t *testing.T) {
	graph, err := entc.LoadGraph("./schema", &gen.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var internship *gen.Type
	for _, n := range graph.Nodes {
		if n.Name == "Internship" {
			internship = n
		}
	}
	holds := func(columns []string, include ...string) bool {
		return slices.ContainsFunc(internship.Indexes, func(i *gen.Index) bool {
			if !slices.Equal(i.Columns, columns) {
				return false
			}
			ant := annotation(t, i)
			for _, c := range include {
				if !slices.Contains(ant.IncludeColumns, c) {
					return false
				}
			}
			return true
		})
	}
	for _, key := range []string{"region_id", "enterprise_id"} {
		if !holds([]string{key, "id"}, "status") {
			t.Errorf("no index on (%s, id) holds the status", key)
		}
	}
	if !holds([]string{"region_id", "industry"}, "id", "positions") {
		t.Error("the open postings' index on (region_id, industry) does not hold the id and positions")
	}
}

package ent

import (
	"database/sql"
	"strings"
	"testing"

	"entgo.io/ent/dialect/sql/sqlgraph"
	"entgo.io/ent/schema/field"
)

// TestJoinEdge: the columns of two joined edges are split off the end of a
// row in turn; a row without an edge's columns is an error, not a panic;
// a column name PostgreSQL would cut is not joined.
func TestJoinEdge(t *testing.T) {
	target := func(columns ...string) *sqlgraph.QuerySpec {
		return sqlgraph.NewQuerySpec("targets", columns, sqlgraph.NewFieldSpec("id", field.TypeInt))
	}
	spec := sqlgraph.NewQuerySpec("nodes", []string{"id", "a_id", "b_id"}, sqlgraph.NewFieldSpec("id", field.TypeInt))
	var own []string
	spec.ScanValues = func(columns []string) ([]any, error) {
		values := make([]any, len(columns))
		for i := range values {
			values[i] = new(sql.NullInt64)
		}
		return values, nil
	}
	spec.Assign = func(columns []string, _ []any) error {
		own = columns
		return nil
	}
	scan := spec.ScanValues
	got := map[string][]string{}
	for _, alias := range []string{joinAlias("a"), joinAlias("b")} {
		if !joinEdge(spec, alias[2:]+"_id", target("id", "name"), alias, scan, func(columns []string, _ []any) error {
			got[alias] = columns
			return nil
		}) {
			t.Fatalf("%s not joined", alias)
		}
	}
	if len(spec.Modifiers) != 2 {
		t.Fatalf("%d modifiers, want 2", len(spec.Modifiers))
	}
	columns := []string{"id", "a_id", "b_id", "j_a__id", "j_a__name", "j_b__id", "j_b__name"}
	values, err := spec.ScanValues(columns)
	if err != nil || len(values) != len(columns) {
		t.Fatalf("%d values, %v", len(values), err)
	}
	for _, v := range values {
		*v.(*sql.NullInt64) = sql.NullInt64{Int64: 1, Valid: true}
	}
	if err := spec.Assign(columns, values); err != nil {
		t.Fatal(err)
	}
	if strings.Join(own, ",") != "id,a_id,b_id" || strings.Join(got["j_a"], ",") != "id,name" || strings.Join(got["j_b"], ",") != "id,name" {
		t.Errorf("own %v, joined %v", own, got)
	}
	if err := spec.Assign(columns[:5], values[:5]); err == nil {
		t.Error("a row without the columns of j_b: no error")
	}

	long := sqlgraph.NewQuerySpec("nodes", []string{"id"}, sqlgraph.NewFieldSpec("id", field.TypeInt))
	if joinEdge(long, "c_id", target("id", strings.Repeat("x", 60)), joinAlias("c"), nil, nil) || len(long.Modifiers) != 0 {
		t.Error("a column whose joined name is over 63 bytes was joined")
	}
}

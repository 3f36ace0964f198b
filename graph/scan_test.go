package graph_test

import (
	"testing"

	"chanjiao/ent"
	"chanjiao/ent/internship"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect/sql"
)

// TestRowsScannedIntoReusedValues: a query scans all its rows into the
// values made for the first (ent/scanonce.go), and each node still holds
// its own row — a NULL after a value is NULL, a value after a NULL is
// itself — and a column the node keeps as it was scanned (a modifier's,
// read back with Value) is made anew for every row.
func TestRowsScannedIntoReusedValues(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		q := db.Client.Internship.Query().Order(ent.Asc(internship.FieldID))
		q.Modify(func(s *sql.Selector) { s.AppendSelectAs(s.C(internship.FieldTitle), "title_again") })
		list := q.AllX(sys)
		if len(list) < 10 {
			t.Fatalf("%d internships", len(list))
		}
		var nullAfterValue, valueAfterNull bool
		for i, in := range list {
			alone := db.Client.Internship.GetX(sys, in.ID)
			if in.String() != alone.String() {
				t.Errorf("internship %d in a list:\n %s\nalone:\n %s", in.ID, in, alone)
			}
			if again, err := in.Value("title_again"); err != nil || again != in.Title {
				t.Errorf("internship %d: title_again %v (%v), want %q", in.ID, again, err, in.Title)
			}
			if i > 0 {
				before := list[i-1]
				nullAfterValue = nullAfterValue || (before.Stipend != nil && in.Stipend == nil)
				valueAfterNull = valueAfterNull || (before.Stipend == nil && in.Stipend != nil)
			}
		}
		if !nullAfterValue || !valueAfterNull {
			t.Errorf("the demo internships no longer mix stipends and none (null after value %v, value after null %v): the test needs both", nullAfterValue, valueAfterNull)
		}
	})
}

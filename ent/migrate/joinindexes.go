package migrate

import "entgo.io/ent/dialect/sql/schema"

// init indexes every join table of a many-to-many edge from its second
// side too. ent declares a join table with its primary key alone, (first,
// second), which finds a posting's programmes but not a programme's
// postings: `program.internships`, `program.partnerships`, a
// `hasProgramsWith` filter of internships or notices, and the live notices
// of a programme read their join table whole (internship_programs holds
// 1.2 million rows at the province's scale: 70 ms for 20 programmes'
// internships; BENCHMARKS.md, "the twelfth session"). A table is a join table when its
// primary key is two columns, each a foreign key, and it has no other
// (TestEveryNestedOrderHasItsIndex, TestJoinTablesIndexedBothWays).
func init() {
	for _, t := range Tables {
		if !joinTable(t) {
			continue
		}
		first, second := t.PrimaryKey[0], t.PrimaryKey[1]
		t.Indexes = append(t.Indexes, &schema.Index{
			Name:    t.Name + "_" + second.Name + "_" + first.Name,
			Columns: []*schema.Column{second, first},
		})
	}
}

// joinTable reports whether t is the join table of a many-to-many edge.
func joinTable(t *schema.Table) bool {
	if len(t.Columns) != 2 || len(t.PrimaryKey) != 2 || len(t.ForeignKeys) != 2 {
		return false
	}
	for _, fk := range t.ForeignKeys {
		if len(fk.Columns) != 1 {
			return false
		}
	}
	return true
}

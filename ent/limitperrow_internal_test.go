package ent

import (
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestLimitPerRow: on PostgreSQL a nested page reads each parent's rows
// through a LATERAL join when a list of parents is one of the conditions
// every row meets — the list becomes the join's condition, the parents one
// array argument, every other condition and argument kept in order — and
// through entgql's window function when it is not.
func TestLimitPerRow(t *testing.T) {
	page := func(where ...*sql.Predicate) (string, []any) {
		s := sql.Dialect(dialect.Postgres).Select("id", "title").From(sql.Table("internships"))
		for _, p := range where {
			s.Where(p)
		}
		limitPerRow(dialect.Postgres, "enterprise_id", 3, sql.Expr(s.C("id")+" ASC"))(s)
		return s.Query()
	}
	t0 := sql.Table("internships")
	loader := sql.InInts(t0.C("enterprise_id"), 7, 8, 9)
	draft := sql.NEQ(t0.C("status"), "DRAFT")

	query, args := page(sql.EQ(t0.C("title"), "x"), loader, draft)
	want := `SELECT "internships"."id", "internships"."title" FROM unnest($1::bigint[]) AS "parent"("id") CROSS JOIN LATERAL ` +
		`(SELECT "id", "title" FROM "internships" WHERE ("internships"."title" = $2 AND "internships"."enterprise_id" = "parent"."id") AND "internships"."status" <> $3 ORDER BY "internships"."id" ASC LIMIT 3) AS "internships"`
	if query != want || !slices.Equal(args, []any{"{7,8,9}", "x", "DRAFT"}) {
		t.Errorf("a page with the loader's list:\n%s\n%v\nwant\n%s", query, args, want)
	}

	// A user's list under NOT, and the loader's: the loader's gives the
	// parents, the user's stays.
	query, args = page(sql.Not(sql.InInts(t0.C("enterprise_id"), 8)), loader)
	if !strings.Contains(query, `unnest($1::bigint[])`) || !strings.Contains(query, `NOT ("internships"."enterprise_id" IN ($2))`) ||
		!strings.Contains(query, `"internships"."enterprise_id" = "parent"."id"`) || !slices.Equal(args, []any{"{7,8,9}", 8}) {
		t.Errorf("a page with a list under NOT:\n%s\n%v", query, args)
	}

	// A many-to-many edge: the parents are a list of the join table's
	// column, under the join's alias; the join stays in each parent's
	// statement, and the join table's column is selected first.
	m2m := sql.Dialect(dialect.Postgres).Select().From(sql.Table("internships"))
	m2m.Select(m2m.C("id"), m2m.C("title")) // as ent selects a node's columns
	joinT := sql.Table("internship_programs")
	m2m.Join(joinT).On(m2m.C("id"), joinT.C("internship_id"))
	m2m.Where(sql.InValues(joinT.C("program_id"), 4, 5))
	columns := m2m.SelectedColumns()
	m2m.Select(joinT.C("program_id"))
	m2m.AppendSelect(columns...)
	m2m.Where(sql.NEQ(m2m.C("status"), "DRAFT"))
	limitPerRow(dialect.Postgres, "program_id", 2, sql.Expr(`"title" ASC, "id" ASC`))(m2m)
	query, args = m2m.Query()
	want = `SELECT "internships"."program_id", "internships"."id", "internships"."title" FROM unnest($1::bigint[]) AS "parent"("id") CROSS JOIN LATERAL ` +
		`(SELECT "t1"."program_id", "internships"."id", "internships"."title" FROM "internships" JOIN "internship_programs" AS "t1" ON "internships"."id" = "t1"."internship_id" ` +
		`WHERE "t1"."program_id" = "parent"."id" AND "internships"."status" <> $2 ORDER BY "title" ASC, "id" ASC LIMIT 2) AS "internships"`
	if query != want || !slices.Equal(args, []any{"{4,5}", "DRAFT"}) {
		t.Errorf("a many-to-many page:\n%s\n%v\nwant\n%s", query, args, want)
	}

	// A list of a joined table's column of that name that the rows are
	// not assigned by (not selected) is not the parents: the window.
	other := sql.Dialect(dialect.Postgres).Select().From(sql.Table("internships"))
	other.Select(other.C("id"), other.C("title"))
	otherT := sql.Table("internship_programs")
	other.Join(otherT).On(other.C("id"), otherT.C("internship_id"))
	other.Where(sql.InValues(otherT.C("program_id"), 4, 5))
	limitPerRow(dialect.Postgres, "program_id", 2, sql.Expr(`"id" ASC`))(other)
	if query, _ := other.Query(); !strings.Contains(query, "ROW_NUMBER()") || strings.Contains(query, "LATERAL") {
		t.Errorf("a joined list not selected: %s", query)
	}

	// Where no list holds for every row, the window function.
	for name, where := range map[string][]*sql.Predicate{
		"no list":     {draft},
		"a top OR":    {sql.Or(loader, draft)},
		"texts":       {sql.In(t0.C("enterprise_id"), "a", "b")},
		"another key": {sql.InInts(t0.C("region_id"), 1, 2)},
	} {
		if query, _ := page(where...); !strings.Contains(query, "ROW_NUMBER()") || strings.Contains(query, "LATERAL") {
			t.Errorf("%s: %s", name, query)
		}
	}
}

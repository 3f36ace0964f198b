package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

// TestNestedPagesMatchOneByOne checks the first N (or last N) of a nested
// connection loaded for many parents at once — on PostgreSQL through a
// LATERAL join per parent (ent/limitperrow.go), on SQLite through a
// window function — against the same connection asked of each parent
// alone, with filters and orders, for the administrator and for an
// anonymous reader (whom privacy hides drafts from). A user's own list of
// the parents' column, alone, under OR or under NOT, keeps both right.
func TestNestedPagesMatchOneByOne(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		admin := seeded(t, db)
		take := recordStatements(t, db)
		for _, args := range []string{
			`first: 3`,
			`first: 2, orderBy: {field: PUBLISHED_AT, direction: DESC}`,
			`last: 2, orderBy: {field: TITLE}`,
			`first: 4, where: {status: OPEN, industryHasPrefix: "C"}`,
			`first: 1, where: {enterpriseIDIn: [$probe]}`,
			// A list of the parents' column that is not the loader's, and
			// not one of the conditions all rows meet: every parent's
			// rows, not the listed parents' only.
			`first: 2, where: {or: [{enterpriseIDIn: [$probe]}, {status: OPEN}]}`,
			`first: 2, where: {not: {enterpriseIDIn: [$probe]}}`,
		} {
			for who, e := range map[string]*env{"admin": admin, "anonymous": admin.as(nil)} {
				var page struct{ Enterprises conn }
				var probe struct{ Enterprises conn }
				e.must(t, `{ enterprises(first: 1) { edges { node { id } } } }`, &probe, nil)
				q := strings.ReplaceAll(`{ enterprises(first: 50) { edges { node { id internships(ARGS) { edges { node { id } } } } } } }`, "ARGS", args)
				q = strings.ReplaceAll(q, "$probe", probe.Enterprises.field("id")[0])
				take()
				e.must(t, q, &page, nil)
				// On PostgreSQL, every page reads its parents' rows
				// through the LATERAL join, the user's list too.
				sent := take()
				lateral := slices.ContainsFunc(sent, func(q string) bool { return strings.Contains(q, "CROSS JOIN LATERAL") })
				window := slices.ContainsFunc(sent, func(q string) bool { return strings.Contains(q, "ROW_NUMBER()") })
				if want := db.Dialect == dialect.Postgres; lateral != want || window == want {
					t.Errorf("%s, %s, %s: LATERAL %v, ROW_NUMBER %v", db.Dialect, who, args, lateral, window)
				}
				if len(page.Enterprises.Edges) < 10 {
					t.Fatalf("only %d enterprises", len(page.Enterprises.Edges))
				}
				nonEmpty := 0
				for _, edge := range page.Enterprises.Edges {
					got := internshipIDs(edge.Node["internships"])
					var alone struct {
						Node map[string]any
					}
					one := strings.ReplaceAll(`query($id: ID!) { node(id: $id) { ... on Enterprise { internships(ARGS) { edges { node { id } } } } } }`, "ARGS", args)
					one = strings.ReplaceAll(one, "$probe", probe.Enterprises.field("id")[0])
					e.must(t, one, &alone, map[string]any{"id": edge.Node["id"]})
					want := internshipIDs(alone.Node["internships"])
					if !slices.Equal(got, want) {
						t.Errorf("%s, %s: enterprise %s has %v nested, %v alone", who, args, edge.Node["id"], got, want)
					}
					if len(got) > 0 {
						nonEmpty++
					}
				}
				if nonEmpty < 2 && !strings.Contains(args, "$probe") && !strings.Contains(args, "enterpriseIDIn") {
					t.Errorf("%s, %s: only %d enterprises with internships: the check means nothing", who, args, nonEmpty)
				}
			}
		}
	})
}

func internshipIDs(c any) []string {
	var ids []string
	edges, _ := c.(map[string]any)["edges"].([]any)
	for _, e := range edges {
		ids = append(ids, fmt.Sprint(e.(map[string]any)["node"].(map[string]any)["id"]))
	}
	return ids
}

package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"chanjiao/ent"
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

// TestPageEdgesLoadedForThePageOnly: a page reads one node beyond itself
// to know whether another page follows, and drops it; the edges it eager-
// loads are read for the page's nodes only, not for that one (pageRows,
// ent/entc.go), forwards and backwards.
func TestPageEdgesLoadedForThePageOnly(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		var mu sync.Mutex
		var readFor []int // the enterprise of every internship read
		db.Counted.Internship.Intercept(ent.InterceptFunc(func(next ent.Querier) ent.Querier {
			return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
				v, err := next.Query(ctx, q)
				if nodes, ok := v.([]*ent.Internship); ok {
					mu.Lock()
					for _, n := range nodes {
						readFor = append(readFor, n.EnterpriseID)
					}
					mu.Unlock()
				}
				return v, err
			})
		}))
		for _, args := range []string{`first: 2`, `last: 2`} {
			// The page and the enterprise beyond it, each with internships:
			// else the check means nothing.
			var wider struct{ Enterprises conn }
			e.must(t, `{ enterprises(`+strings.Replace(args, "2", "3", 1)+`) { edges { node { id internships(first: 1) { totalCount } } } } }`, &wider, nil)
			for _, edge := range wider.Enterprises.Edges {
				if n := edge.Node["internships"].(map[string]any)["totalCount"].(float64); n == 0 {
					t.Fatalf("%s: enterprise %v has no internships", args, edge.Node["id"])
				}
			}
			mu.Lock()
			readFor = nil
			mu.Unlock()
			var page struct{ Enterprises conn }
			e.must(t, `{ enterprises(`+args+`) { pageInfo { hasNextPage hasPreviousPage } edges { node { id internships(first: 3) { edges { node { id } } } } } } }`, &page, nil)
			if len(page.Enterprises.Edges) != 2 || !(page.Enterprises.PageInfo.HasNextPage || page.Enterprises.PageInfo.HasPreviousPage) {
				t.Fatalf("%s: %d enterprises, %+v", args, len(page.Enterprises.Edges), page.Enterprises.PageInfo)
			}
			onPage := page.Enterprises.field("id")
			mu.Lock()
			read := slices.Clone(readFor)
			mu.Unlock()
			if len(read) == 0 {
				t.Fatalf("%s: no internships read", args)
			}
			for _, id := range read {
				if !slices.Contains(onPage, strconv.Itoa(id)) {
					t.Errorf("%s: internships of enterprise %d read, not on the page %v", args, id, onPage)
				}
			}
		}
	})
}

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
				if lateral, window := readThrough(take()); lateral != (db.Dialect == dialect.Postgres) || window == lateral {
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

// TestNestedManyToManyPagesMatchOneByOne: a nested connection through a
// join table (a programme's internships, an internship's programmes) reads
// every parent's first N in one statement — on PostgreSQL a LATERAL join
// per parent through the join table's index led by the parent's column, on
// SQLite a window function — and each parent's page is the one it has
// alone, in every order, for the administrator and an anonymous reader.
func TestNestedManyToManyPagesMatchOneByOne(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		admin := seeded(t, db)
		take := recordStatements(t, db)
		for _, c := range []struct{ parents, typ, edge, args string }{
			{"programs", "Program", "internships", `first: 3`},
			{"programs", "Program", "internships", `first: 2, orderBy: {field: TITLE}`},
			{"programs", "Program", "internships", `last: 2, orderBy: {field: PUBLISHED_AT}`},
			{"programs", "Program", "internships", `first: 2, where: {status: OPEN}`},
			{"programs", "Program", "partnerships", `first: 2, orderBy: {field: NAME, direction: DESC}`},
			{"internships", "Internship", "programs", `first: 1, orderBy: {field: CODE}`},
		} {
			for who, e := range map[string]*env{"admin": admin, "anonymous": admin.as(nil)} {
				var page map[string]conn
				q := fmt.Sprintf(`{ page: %s(first: 50) { edges { node { id %s(%s) { edges { node { id } } } } } } }`, c.parents, c.edge, c.args)
				take()
				e.must(t, q, &page, nil)
				if lateral, window := readThrough(take()); lateral != (db.Dialect == dialect.Postgres) || window == lateral {
					t.Errorf("%s, %s, %s.%s(%s): LATERAL %v, ROW_NUMBER %v", db.Dialect, who, c.parents, c.edge, c.args, lateral, window)
				}
				nonEmpty := 0
				for _, edge := range page["page"].Edges {
					got := internshipIDs(edge.Node[c.edge])
					var alone struct{ Node map[string]any }
					one := fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s(%s) { edges { node { id } } } } } }`, c.typ, c.edge, c.args)
					e.must(t, one, &alone, map[string]any{"id": edge.Node["id"]})
					if want := internshipIDs(alone.Node[c.edge]); !slices.Equal(got, want) {
						t.Errorf("%s, %s.%s(%s): %s has %v nested, %v alone", who, c.parents, c.edge, c.args, edge.Node["id"], got, want)
					}
					if len(got) > 0 {
						nonEmpty++
					}
				}
				if nonEmpty < 2 {
					t.Errorf("%s, %s.%s(%s): only %d parents with any: the check means nothing", who, c.parents, c.edge, c.args, nonEmpty)
				}
			}
		}
	})
}

// readThrough tells how the statements sent read nested pages: through a
// LATERAL join per parent, through entgql's window function.
func readThrough(sent []string) (lateral, window bool) {
	lateral = slices.ContainsFunc(sent, func(q string) bool { return strings.Contains(q, "CROSS JOIN LATERAL") })
	window = slices.ContainsFunc(sent, func(q string) bool { return strings.Contains(q, "ROW_NUMBER()") })
	return lateral, window
}

func internshipIDs(c any) []string {
	var ids []string
	edges, _ := c.(map[string]any)["edges"].([]any)
	for _, e := range edges {
		ids = append(ids, fmt.Sprint(e.(map[string]any)["node"].(map[string]any)["id"]))
	}
	return ids
}

// TestPageEdgesLoadedForThePageOnly: a page that asks whether another
// page follows reads one node beyond itself to know it, and drops it; the edges it eager-
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

// TestPageReadsBeyondOnlyWhenAsked: a page reads the row beyond it, which
// tells whether another page follows, only where the operation asks that
// (pageAsks, ent/pageasks.go): pageInfo's hasNextPage (hasPreviousPage
// with last), under an alias, in a fragment or kept by @include; not for
// an endCursor alone nor for a hasNextPage that @include drops. At the
// top and nested, forwards and backwards. A page read without that row
// still loads the edges of its last node, and what is asked is answered
// right.
func TestPageReadsBeyondOnlyWhenAsked(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		var mu sync.Mutex
		var reads [][]int // the enterprise of every internship read, a query each
		db.Counted.Internship.Intercept(ent.InterceptFunc(func(next ent.Querier) ent.Querier {
			return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
				v, err := next.Query(ctx, q)
				if nodes, ok := v.([]*ent.Internship); ok {
					of := make([]int, len(nodes))
					for i, n := range nodes {
						of[i] = n.EnterpriseID
					}
					mu.Lock()
					reads = append(reads, of)
					mu.Unlock()
				}
				return v, err
			})
		}))
		taken := func() [][]int {
			mu.Lock()
			defer mu.Unlock()
			r := reads
			reads = nil
			return r
		}
		// The first five enterprises, each with at least four internships
		// an anonymous reader sees: else the counts below mean nothing.
		anonymous := e.as(nil)
		var five struct{ Enterprises conn }
		anonymous.must(t, `{ enterprises(first: 5) { edges { node { id internships { totalCount } } } } }`, &five, nil)
		for _, edge := range five.Enterprises.Edges {
			if n := edge.Node["internships"].(map[string]any)["totalCount"].(float64); n < 4 {
				t.Fatalf("enterprise %v has %v internships, the test needs 4", edge.Node["id"], n)
			}
		}
		const page = `fragment Page on InternshipConnection { pageInfo { hasNextPage } }`
		for _, c := range []struct {
			args, sel, vars, frag string
			beyond                bool
		}{
			{args: `first: 3`},
			{args: `first: 3`, sel: `pageInfo { endCursor startCursor }`},
			{args: `first: 3`, sel: `pageInfo { hasPreviousPage }`},
			{args: `first: 3`, sel: `pageInfo { hasNextPage }`, beyond: true},
			{args: `first: 3`, sel: `pageInfo { more: hasNextPage }`, beyond: true},
			{args: `first: 3`, sel: `info: pageInfo { endCursor } pageInfo { hasNextPage }`, beyond: true},
			{args: `first: 3`, sel: `... on InternshipConnection { pageInfo { hasNextPage } }`, beyond: true},
			{args: `first: 3`, sel: `...Page`, frag: page, beyond: true},
			{args: `first: 3`, sel: `pageInfo { hasNextPage @include(if: $ask) }`, vars: `($ask: Boolean = true)`, beyond: true},
			{args: `first: 3`, sel: `pageInfo { hasNextPage @include(if: $ask) }`, vars: `($ask: Boolean = false)`},
			{args: `first: 3`, sel: `pageInfo { hasNextPage @skip(if: true) endCursor }`},
			{args: `last: 3`, sel: `pageInfo { hasNextPage }`},
			{args: `last: 3`, sel: `pageInfo { hasPreviousPage }`, beyond: true},
		} {
			want := 3
			if c.beyond {
				want = 4
			}
			name := c.args + " " + c.sel + " " + c.vars
			var top struct{ Internships conn }
			anonymous.must(t, `query`+c.vars+` { internships(`+c.args+`) { `+c.sel+` edges { node { id } } } } `+c.frag, &top, nil)
			if r := taken(); len(r) != 1 || len(r[0]) != want {
				t.Errorf("%s: internships read %v, want one query of %d rows", name, r, want)
			}
			if len(top.Internships.Edges) != 3 {
				t.Errorf("%s: %d internships, want 3", name, len(top.Internships.Edges))
			}

			var nested struct{ Enterprises conn }
			anonymous.must(t, `query`+c.vars+` { enterprises(first: 5) { edges { node { id internships(`+c.args+`) { `+c.sel+` edges { node { id } } } } } } } `+c.frag, &nested, nil)
			perEnterprise := map[int]int{}
			queries := taken()
			for _, q := range queries {
				for _, of := range q {
					perEnterprise[of]++
				}
			}
			// One statement for all five: else an enterprise of the page
			// went without its internships loaded, and asked for them.
			if len(queries) != 1 {
				t.Errorf("%s: nested, %d internship queries, want 1", name, len(queries))
			}
			if len(perEnterprise) != 5 {
				t.Errorf("%s: nested, the internships of %d enterprises read, want 5", name, len(perEnterprise))
			}
			for of, n := range perEnterprise {
				if n != want {
					t.Errorf("%s: nested, %d internships of enterprise %d read, want %d", name, n, of, want)
				}
			}
			for _, edge := range nested.Enterprises.Edges {
				if got := internshipIDs(edge.Node["internships"]); len(got) != 3 {
					t.Errorf("%s: nested, enterprise %v has %d internships, want 3", name, edge.Node["id"], len(got))
				}
			}
		}

		// What is asked is answered, of pageInfo alone too: another page
		// follows the first 3 of an enterprise with 4 or more, and
		// precedes the last 3.
		var asked struct{ Enterprises conn }
		anonymous.must(t, `{ enterprises(first: 5) { edges { node {
			f: internships(first: 3) { pageInfo { hasNextPage } }
			l: internships(last: 3) { pageInfo { hasPreviousPage } } } } } }`, &asked, nil)
		for _, edge := range asked.Enterprises.Edges {
			f := edge.Node["f"].(map[string]any)["pageInfo"].(map[string]any)
			l := edge.Node["l"].(map[string]any)["pageInfo"].(map[string]any)
			if f["hasNextPage"] != true || l["hasPreviousPage"] != true {
				t.Errorf("enterprise %v: first 3 hasNextPage %v, last 3 hasPreviousPage %v, want true", edge.Node["id"], f["hasNextPage"], l["hasPreviousPage"])
			}
		}
	})
}

// TestPageCountsOnlyWhenAsked: a connection's total is counted where
// totalCount is asked, under an alias too, or pageInfo of a page of none
// (first: 0, whose hasNextPage is whether any exist, nested too); not for a page's
// `pageInfo { hasNextPage endCursor }`, which entgql answered with a count
// of the whole list (pageAsks, ent/pageasks.go). pageInfo alone reads the
// page: its cursors are the edges'. At the top and nested.
func TestPageCountsOnlyWhenAsked(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db).as(nil)
		take := recordStatements(t, db)
		counted := func() bool {
			return slices.ContainsFunc(take(), func(q string) bool { return strings.Contains(q, "COUNT(") })
		}
		var all struct{ Internships conn }
		e.must(t, `{ internships(first: 3) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`, &all, nil)
		if !counted() || all.Internships.TotalCount < 4 || len(all.Internships.Edges) != 3 || !all.Internships.PageInfo.HasNextPage {
			t.Fatalf("totalCount: %+v", all.Internships)
		}
		endCursor := all.Internships.Edges[2].Cursor
		for _, c := range []struct {
			sel   string
			count bool
		}{
			{sel: `edges { cursor } pageInfo { hasNextPage endCursor }`},
			{sel: `pageInfo { hasNextPage endCursor }`},
			{sel: `pageInfo { hasPreviousPage startCursor endCursor }`},
			{sel: `edges { cursor } total: totalCount`, count: true},
			{sel: `... on InternshipConnection { totalCount } pageInfo { endCursor }`, count: true},
		} {
			var got struct{ Internships conn }
			e.must(t, `{ internships(first: 3) { `+c.sel+` } }`, &got, nil)
			if was := counted(); was != c.count {
				t.Errorf("%s: counted %v, want %v", c.sel, was, c.count)
			}
			if p := got.Internships.PageInfo; strings.Contains(c.sel, "endCursor") && (p.EndCursor == nil || *p.EndCursor != endCursor) {
				t.Errorf("%s: endCursor %v, want %s", c.sel, p.EndCursor, endCursor)
			}
			if strings.Contains(c.sel, "hasNextPage") && !got.Internships.PageInfo.HasNextPage {
				t.Errorf("%s: hasNextPage false", c.sel)
			}
		}
		var aliased struct{ Internships map[string]any }
		e.must(t, `{ internships(first: 3) { total: totalCount } }`, &aliased, nil)
		if !counted() || aliased.Internships["total"] != float64(all.Internships.TotalCount) {
			t.Errorf("total: totalCount is %v, want %d", aliased.Internships["total"], all.Internships.TotalCount)
		}
		for _, sel := range []string{`pageInfo { hasNextPage }`, `edges { cursor } pageInfo { hasNextPage }`} {
			var none struct{ Internships conn }
			e.must(t, `{ internships(first: 0) { `+sel+` } }`, &none, nil)
			if !counted() || !none.Internships.PageInfo.HasNextPage || len(none.Internships.Edges) != 0 {
				t.Errorf("first: 0, %s: hasNextPage %v, %d edges, want true (from a count) and none", sel, none.Internships.PageInfo.HasNextPage, len(none.Internships.Edges))
			}
		}

		// Nested: the counts are one GROUP BY for all the parents, where
		// totalCount is asked, and none for pageInfo.
		var nested struct{ Enterprises conn }
		e.must(t, `{ enterprises(first: 3) { edges { node { internships(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor } } } } } }`, &nested, nil)
		if counted() {
			t.Errorf("nested pageInfo counted")
		}
		for _, edge := range nested.Enterprises.Edges {
			c := edge.Node["internships"].(map[string]any)
			p := c["pageInfo"].(map[string]any)
			edges := c["edges"].([]any)
			if p["hasNextPage"] != true || len(edges) != 2 || p["endCursor"] != edges[1].(map[string]any)["cursor"] {
				t.Errorf("nested: pageInfo %v of edges %v", p, edges)
			}
		}
		// A nested page of none tells, as one at the top, whether any
		// follow (or precede).
		e.must(t, `{ enterprises(first: 3) { edges { node {
			f: internships(first: 0) { edges { cursor } pageInfo { hasNextPage } }
			l: internships(last: 0) { pageInfo { hasPreviousPage } } } } } }`, &nested, nil)
		if !counted() {
			t.Errorf("nested pages of none not counted")
		}
		for _, edge := range nested.Enterprises.Edges {
			f := edge.Node["f"].(map[string]any)
			l := edge.Node["l"].(map[string]any)["pageInfo"].(map[string]any)
			if f["pageInfo"].(map[string]any)["hasNextPage"] != true || l["hasPreviousPage"] != true || len(f["edges"].([]any)) != 0 {
				t.Errorf("nested first: 0 %v, last: 0 %v: want hasNextPage, hasPreviousPage true and no edges", f, l)
			}
		}
		e.must(t, `{ enterprises(first: 3) { edges { node { internships(first: 2) { n: totalCount } } } } }`, &nested, nil)
		if !counted() {
			t.Errorf("nested totalCount not counted")
		}
		for _, edge := range nested.Enterprises.Edges {
			if n := edge.Node["internships"].(map[string]any)["n"].(float64); n < 4 {
				t.Errorf("nested: n: totalCount %v, want the enterprise's total (4 or more)", n)
			}
		}
	})
}

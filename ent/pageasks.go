package ent

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// pageAsks is what the operation asks of a connection that decides the
// statements of its page; the generated Paginate and field collection
// (ent/entc.go) follow it where entgql asked for fields by alias:
//
//   - limit: the rows read are the page, first (or last) N, and one more
//     only where pageInfo asks whether another page follows (hasNextPage,
//     hasPreviousPage with last), which that row alone tells. entgql read
//     it always: a page of 20 enterprises with their first 10 internships
//     read 21 and 220 rows, 5 % and 10 % more than it returns.
//   - countsTotal: the total is counted where totalCount is asked, or
//     pageInfo of a page of none (first: 0, whose hasNextPage is whether
//     any exist). entgql counted it wherever pageInfo was asked: every
//     page of a front end's `pageInfo { hasNextPage endCursor }` counted
//     the whole list, 50 ms for a page of the province's internships
//     against 0.8 ms without it (BENCHMARKS.md).
//   - readsPage: the page is read where its edges are asked, or pageInfo
//     of a page of N > 0, whose cursors and hasNextPage the page gives;
//     a page of none is not read. entgql answered pageInfo alone from the
//     count: an endCursor of nil, and a nested connection's hasNextPage
//     false.
//
// A field counts by its name, under any alias, fragment or directive that
// keeps it (entgql matched aliases: `total: totalCount` was not counted).
type pageAsks struct {
	limit                  int
	countsTotal, readsPage bool
}

// pageAsksOf is pageAsks for the connection at path from ctx's field, by
// alias, as collectedField's path; without an operation (a call from Go)
// or where path leads nowhere, everything is asked.
func pageAsksOf(ctx context.Context, first, last *int, path ...string) pageAsks {
	limit := paginateLimit(first, last)
	var edges, pageInfo, totalCount, beyond bool
	conn := collectedField(ctx, path...)
	if conn == nil {
		edges, pageInfo, totalCount, beyond = true, true, true, true
	} else {
		want := "hasNextPage"
		if last != nil {
			want = "hasPreviousPage"
		}
		oc := graphql.GetOperationContext(ctx)
		for _, f := range graphql.CollectFields(oc, conn.Selections, nil) {
			switch f.Name {
			case edgesField:
				edges = true
			case totalCountField:
				totalCount = true
			case pageInfoField:
				pageInfo = true
				for _, g := range graphql.CollectFields(oc, f.Selections, nil) {
					beyond = beyond || g.Name == want
				}
			}
		}
	}
	none := first != nil && *first == 0 || last != nil && *last == 0
	a := pageAsks{limit: limit, readsPage: !none && (edges || pageInfo && limit > 0)}
	a.countsTotal = totalCount || pageInfo && !a.readsPage
	if limit > 0 && !beyond {
		a.limit--
	}
	return a
}

// pageOfNone answers a nested page of none (first: 0, last: 0) as Paginate
// answers one at the top: another page follows (precedes) where the list
// holds any node at all, which its count tells (pageAsks counts it where
// pageInfo is asked). The generated edge resolvers call it after build,
// which knew no nodes and said none follows (ent/entc.go).
func pageOfNone(p *PageInfo, first, last *int, total int) {
	if first != nil && *first == 0 {
		p.HasNextPage = total > 0
	}
	if last != nil && *last == 0 {
		p.HasPreviousPage = total > 0
	}
}

package ent

import (
	"strconv"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// limitPerRow limits the rows of an eager-loaded to-many edge to limit per
// parent (a nested connection's `first: N`), in the given order. The
// generated field collection calls it (see collectionTemplate in
// ent/entc.go).
//
// entgql.LimitPerRow numbers every child of every parent with ROW_NUMBER()
// and keeps the first N: for 20 enterprises of which one has posted 20,000
// internships, it reads and sorts all of them to return 200. On PostgreSQL
// this reads N rows per parent instead, each through the index on the
// foreign key:
//
//	SELECT cols FROM unnest(ARRAY[$1, …]::bigint[]) AS "parent"(id)
//	CROSS JOIN LATERAL (SELECT cols FROM t WHERE <the query's predicates> AND t.fk = "parent".id ORDER BY … LIMIT N) AS t
//
// The parents are the values of the loader's `fk IN (…)` predicate. The
// subquery keeps every predicate, so if the list found is another `IN` on
// the same column (a user's filter), the result is still the same. Where no
// such list is found (SQLite, or a many-to-many edge partitioned by a join
// table's column), entgql's window function is used.
func limitPerRow(d string, partitionBy string, limit int, orderBy ...sql.Querier) func(*sql.Selector) {
	window := entgql.LimitPerRow(partitionBy, limit, orderBy...)
	if d != dialect.Postgres {
		return window
	}
	return func(s *sql.Selector) {
		parents, ok := inList(s, partitionBy)
		if !ok || s.TableName() == "" {
			window(s)
			return
		}
		columns, table := s.UnqualifiedColumns(), s.TableName()
		inner := s.Clone()
		inner.SetDistinct(false)
		inner.Where(sql.ExprP(inner.C(partitionBy) + ` = "parent"."id"`))
		inner.OrderExpr(orderBy...)
		inner.Limit(limit)
		from := sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("unnest(ARRAY[")
			for i, id := range parents {
				if i > 0 {
					b.Comma()
				}
				b.Arg(id)
			}
			b.WriteString(`]::bigint[]) AS "parent"("id") CROSS JOIN LATERAL (`).Join(inner).WriteString(") AS ").Ident(table)
		})
		t := sql.Table(table)
		for i, c := range columns {
			columns[i] = t.C(c) // not the parent's "id"
		}
		*s = *sql.Dialect(d).Select(columns...).FromExpr(from)
	}
}

// inList finds the values of `column IN (…)` among the selector's
// predicates.
func inList(s *sql.Selector, column string) ([]int64, bool) {
	p := s.P()
	if p == nil {
		return nil, false
	}
	p.SetDialect(dialect.Postgres) // numbered placeholders: $n is args[n-1]
	text, args := p.Query()
	prefix := s.C(column) + " IN ("
	i := strings.Index(text, prefix)
	if i < 0 {
		return nil, false
	}
	rest := text[i+len(prefix):]
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		return nil, false
	}
	var ids []int64
	for _, ph := range strings.Split(rest[:end], ", ") {
		n, err := strconv.Atoi(strings.TrimPrefix(ph, "$"))
		if err != nil || !strings.HasPrefix(ph, "$") || n < 1 || n > len(args) {
			return nil, false
		}
		switch v := args[n-1].(type) {
		case int:
			ids = append(ids, int64(v))
		case int64:
			ids = append(ids, v)
		default:
			return nil, false
		}
	}
	return ids, len(ids) > 0
}

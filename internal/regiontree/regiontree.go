// Package regiontree matches regions by subtree: "in Zibo" means in Zibo or
// in any district, county or zone below it, however deep the tree.
package regiontree

import (
	"chanjiao/ent/region"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// Contains returns a predicate that holds when column, a region ID of the
// selected table, is root or a region below it.
//
// The subtree is computed by a recursive query over the (small) regions
// table, so the predicate stays one statement and needs no denormalised
// path kept up to date. On PostgreSQL the subtree is made an array first,
// `column = ANY(ARRAY(subtree))`: PostgreSQL cannot estimate a recursive
// query's rows and took `column IN (subtree)` for 901 regions, where Zibo
// has 10, so it counted Zibo's open C-industry postings by reading all
// million (145 ms at the province's scale); over an array computed before
// the scan it reads the 7,697 through the open postings' index (15 ms), and
// the page of (c) is a quarter faster (BENCHMARKS.md, "the twelfth
// session"). SQLite has no arrays, and keeps the IN.
func Contains(column string, root int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			open, close := " IN (", ")"
			if b.Dialect() == dialect.Postgres {
				open, close = " = ANY(ARRAY(", "))"
			}
			b.WriteString(s.C(column)).WriteString(open).WriteString("WITH RECURSIVE subtree(id) AS (SELECT ").
				Ident(region.FieldID).WriteString(" FROM ").Ident(region.Table).
				WriteString(" WHERE ").Ident(region.FieldID).WriteString(" = ").Arg(root).
				WriteString(" UNION ALL SELECT r.").Ident(region.FieldID).WriteString(" FROM ").Ident(region.Table).
				WriteString(" r JOIN subtree ON r.").Ident(region.FieldParentID).WriteString(" = subtree.id) SELECT id FROM subtree").
				WriteString(close)
		}))
	}
}

// Package regiontree matches regions by subtree: "in Zibo" means in Zibo or
// in any district, county or zone below it, however deep the tree.
package regiontree

import (
	"chanjiao/ent/region"

	"entgo.io/ent/dialect/sql"
)

// Contains returns a predicate that holds when column, a region ID of the
// selected table, is root or a region below it.
//
// The subtree is computed by a recursive query over the (small) regions
// table, so the predicate stays one statement and needs no denormalised
// path kept up to date.
func Contains(column string, root int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString(s.C(column)).WriteString(" IN (WITH RECURSIVE subtree(id) AS (SELECT ").
				Ident(region.FieldID).WriteString(" FROM ").Ident(region.Table).
				WriteString(" WHERE ").Ident(region.FieldID).WriteString(" = ").Arg(root).
				WriteString(" UNION ALL SELECT r.").Ident(region.FieldID).WriteString(" FROM ").Ident(region.Table).
				WriteString(" r JOIN subtree ON r.").Ident(region.FieldParentID).WriteString(" = subtree.id) SELECT id FROM subtree)")
		}))
	}
}

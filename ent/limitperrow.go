package ent

import (
	"slices"
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
//	SELECT cols FROM unnest($1::bigint[]) AS "parent"(id)
//	CROSS JOIN LATERAL (SELECT cols FROM t WHERE <the query's predicates, with t.fk = "parent".id for the list> ORDER BY … LIMIT N) AS t
//
// The parents are the values of a `fk IN (…)` that all the query's rows
// meet: one of the conjuncts at the top of its predicates (the loader's,
// or a user's filter, whose list then gives the parents looked for and the
// loader's list still holds). The list becomes `t.fk = "parent".id`; the
// parents are one argument, an array, so that the statement is the same
// for any number of them and PostgreSQL plans it once for all (a generic
// plan), which it would not do with the list and its predicates kept, one
// argument each (BENCHMARKS.md). A many-to-many edge's list is of the join
// table's column, under the join's alias, which the loader selects to
// assign each row to its parent: the join stays in each parent's
// statement, read through the join table's index led by that column.
// Where no such list is found (SQLite, predicates of a top-level OR),
// entgql's window function is used.
func limitPerRow(d string, partitionBy string, limit int, orderBy ...sql.Querier) func(*sql.Selector) {
	window := entgql.LimitPerRow(partitionBy, limit, orderBy...)
	if d != dialect.Postgres {
		return window
	}
	return func(s *sql.Selector) {
		if s.TableName() == "" {
			window(s)
			return
		}
		parents, where, ok := parentList(s, partitionBy)
		if !ok {
			window(s)
			return
		}
		columns, table := s.UnqualifiedColumns(), s.TableName()
		inner := s.Clone()
		inner.SetDistinct(false)
		inner.SetP(where)
		inner.OrderExpr(orderBy...)
		inner.Limit(limit)
		from := sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("unnest(").Arg(parents).WriteString(`::bigint[]) AS "parent"("id") CROSS JOIN LATERAL (`).Join(inner).WriteString(") AS ").Ident(table)
		})
		t := sql.Table(table)
		for i, c := range columns {
			columns[i] = t.C(c) // not the parent's "id"
		}
		*s = *sql.Dialect(d).Select(columns...).FromExpr(from)
	}
}

// parentList finds, among the selector's predicates, a `column IN (…)` of
// integers that every row meets (conjunct), and gives its values as a
// PostgreSQL array and the predicates with `column = "parent"."id"` in its
// place.
func parentList(s *sql.Selector, column string) (parents string, where *sql.Predicate, ok bool) {
	p := s.P()
	if p == nil {
		return "", nil, false
	}
	p.SetDialect(dialect.Postgres) // numbered placeholders: $n is args[n-1]
	text, args := p.Query()
	col := s.C(column)
	at := listOf(text, col)
	if at < 0 {
		// A many-to-many edge: the parents are a list of the join
		// table's column, under the join's alias ("t1"."program_id"),
		// which the rows are assigned by, so it is selected; a list
		// of another table's column of that name is not the parents.
		at, col = joinedListOf(text, column)
		if at >= 0 && !slices.Contains(s.SelectedColumns(), col) {
			return "", nil, false
		}
	}
	if at < 0 {
		return "", nil, false
	}
	rest := text[at+len(col+" IN ("):]
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		return "", nil, false
	}
	var list strings.Builder
	list.WriteByte('{')
	for i, ph := range strings.Split(rest[:end], ", ") {
		n, err := strconv.Atoi(strings.TrimPrefix(ph, "$"))
		if err != nil || !strings.HasPrefix(ph, "$") || n < 1 || n > len(args) {
			return "", nil, false
		}
		var id int64
		switch v := args[n-1].(type) {
		case int:
			id = int64(v)
		case int64:
			id = v
		default:
			return "", nil, false
		}
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString(strconv.FormatInt(id, 10))
	}
	list.WriteByte('}')
	before, after := text[:at], rest[end+1:]
	where = sql.P(func(b *sql.Builder) {
		rewrite(b, before, args)
		b.WriteString(col + ` = "parent"."id"`)
		rewrite(b, after, args)
	})
	return list.String(), where, true
}

// listOf gives where, in a predicate's SQL, a `col IN (` stands that every
// row meets (conjunct), or -1.
func listOf(text, col string) int {
	prefix := col + " IN ("
	for i := 0; ; {
		j := strings.Index(text[i:], prefix)
		if j < 0 {
			return -1
		}
		if conjunct(text, i+j) {
			return i + j
		}
		i += j + len(prefix)
	}
}

// joinedListOf is listOf for the column under any table's name or alias:
// where `"alias"."column" IN (` stands that every row meets, and the
// qualified column.
func joinedListOf(text, column string) (int, string) {
	suffix := `."` + column + `" IN (`
	for i := 0; ; {
		j := strings.Index(text[i:], suffix)
		if j < 0 {
			return -1, ""
		}
		dot := i + j
		// The name before the dot, quoted (ent quotes every name).
		if dot > 0 && text[dot-1] == '"' {
			if open := strings.LastIndexByte(text[:dot-1], '"'); open >= 0 && conjunct(text, open) {
				return open, text[open : dot+len(suffix)-len(" IN (")]
			}
		}
		i = dot + len(suffix)
	}
}

// conjunct reports whether the condition at text[i:], in a predicate's
// SQL, is one that every row the predicate holds for meets: it and each
// parenthesised group around it stand at the start, after "(" or after
// " AND " (not after "NOT ", nor a function's name), and no OR stands at
// the level of the text or of any of those groups. ent writes an AND of
// ANDs in parentheses: ("a" = $1 AND "b" IN ($2, $3)) AND "c" <> $4.
func conjunct(text string, i int) bool {
	opens := []int{-1} // the text itself, then each group open at i
	for k := 0; k < i; k++ {
		switch text[k] {
		case '(':
			opens = append(opens, k)
		case ')':
			if len(opens) == 1 {
				return false
			}
			opens = opens[:len(opens)-1]
		}
	}
	starts := func(at int) bool {
		before := text[:at]
		return before == "" || strings.HasSuffix(before, "(") || strings.HasSuffix(before, " AND ")
	}
	if !starts(i) {
		return false
	}
	for _, open := range opens {
		if open >= 0 && !starts(open) {
			return false
		}
		depth := 0
	group:
		for k := open + 1; k < len(text); k++ {
			switch text[k] {
			case '(':
				depth++
			case ')':
				if depth == 0 {
					break group
				}
				depth--
			case ' ':
				if depth == 0 && strings.HasPrefix(text[k:], " OR ") {
					return false
				}
			}
		}
	}
	return true
}

// rewrite writes text, a predicate's SQL, into b with each of its
// placeholders ($n) as b's own argument args[n-1].
func rewrite(b *sql.Builder, text string, args []any) {
	for {
		i := strings.IndexByte(text, '$')
		if i < 0 {
			b.WriteString(text)
			return
		}
		b.WriteString(text[:i])
		j := i + 1
		for j < len(text) && '0' <= text[j] && text[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(text[i+1 : j])
		if err != nil || n < 1 || n > len(args) {
			b.WriteString(text[i:j]) // not a placeholder
		} else {
			b.Arg(args[n-1])
		}
		text = text[j:]
	}
}

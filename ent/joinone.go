package ent

import (
	"fmt"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// A query that eager-loads a to-one edge whose foreign key is one of its
// own fields (an internship's enterprise, an enterprise's region) reads the
// edge's rows in its own statement, through a LEFT JOIN, instead of a
// second statement of `id IN (…)` after the first:
//
//	SELECT "internships"."id", …, "j_enterprise"."j_enterprise__id", "j_enterprise"."j_enterprise__name"
//	FROM "internships" LEFT JOIN (SELECT "enterprises"."id" AS "j_enterprise__id", … FROM "enterprises") AS "j_enterprise"
//	ON "internships"."enterprise_id" = "j_enterprise"."j_enterprise__id" WHERE … ORDER BY … LIMIT 51
//
// The joined table's columns are renamed in a subquery (PostgreSQL and
// SQLite flatten it), so that no column of the query's own predicates can
// become ambiguous. A page of fifty internships with their enterprise is
// then one statement and one round trip, not two (BENCHMARKS.md).
//
// Only an edge query with nothing of its own is joined: no predicates, no
// order or limit, no interceptors, no edges of its own to load, no
// modifiers; its privacy policy is evaluated first, as the edge query
// would, and a policy that filters (adds predicates) or refuses leaves it
// to the second statement. The generated code is in ent/template
// (joinone.tmpl) and the query template it extends (ent/entc.go).

// joinAlias is the name of the subquery that joins an edge's table.
func joinAlias(edge string) string { return "j_" + edge }

// joinOne is the modifier that joins the rows of target (its table and
// columns) to the selector's, on fk = target's ID.
func joinOne(fk string, target *sqlgraph.QuerySpec, alias string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		d := sql.Dialect(s.Dialect())
		t := d.Table(target.Node.Table)
		columns := make([]string, len(target.Node.Columns))
		for i, c := range target.Node.Columns {
			columns[i] = sql.As(t.C(c), alias+"__"+c)
		}
		joined := d.Table(alias)
		s.LeftJoin(d.Select(columns...).From(t).As(alias)).
			On(s.C(fk), joined.C(alias+"__"+target.Node.ID.Column))
		for _, c := range target.Node.Columns {
			s.AppendSelect(joined.C(alias + "__" + c))
		}
	}
}

// joinEdge makes spec read the rows of target, joined on fk, after its
// own columns, and reports whether it did: scan makes the values the
// joined columns are scanned into, and set takes them, for the node spec
// has just assigned, unless the row has nothing joined (a foreign key that
// is NULL, or that points nowhere, leaves the edge empty, as a second
// statement would). A column whose joined name would be longer than
// PostgreSQL keeps of a name (63 bytes) leaves the edge to a second
// statement.
func joinEdge(spec *sqlgraph.QuerySpec, fk string, target *sqlgraph.QuerySpec, alias string,
	scan func(columns []string) ([]any, error), set func(columns []string, values []any) error) bool {
	for _, c := range target.Node.Columns {
		if len(alias)+len("__")+len(c) > maxIdentifier {
			return false
		}
	}
	j := &joinedColumns{alias: alias}
	spec.Modifiers = append(spec.Modifiers, joinOne(fk, target, alias))
	ownScan, ownAssign := spec.ScanValues, spec.Assign
	spec.ScanValues = func(columns []string) ([]any, error) {
		own, cols := j.split(columns)
		values, err := ownScan(own)
		if err != nil {
			return nil, err
		}
		joined, err := scan(cols)
		if err != nil {
			return nil, err
		}
		return append(values, joined...), nil
	}
	spec.Assign = func(columns []string, values []any) error {
		own, cols := j.split(columns)
		if err := ownAssign(own, values[:len(own)]); err != nil {
			return err
		}
		values = values[len(own):]
		if len(values) == 0 {
			return fmt.Errorf("ent: the columns joined as %s are missing from the result", alias)
		}
		if id, ok := values[0].(*sql.NullInt64); !ok || !id.Valid {
			return nil
		}
		return set(cols, values)
	}
	return true
}

// maxIdentifier is the longest name PostgreSQL keeps; it cuts longer ones.
const maxIdentifier = 63

// joinedColumns splits the columns of a result into those before the
// joined columns of alias and those, without their prefix. A query
// joining several edges has the columns of each after its own, in the
// order of the joins; each edge's split peels its own off the end.
// The split is made once: a query's rows all have the same columns.
type joinedColumns struct {
	alias string
	of    int // the number of columns split
	at    int
	names []string
}

func (j *joinedColumns) split(columns []string) (own, joined []string) {
	if j.names == nil || j.of != len(columns) {
		j.of = len(columns)
		prefix := j.alias + "__"
		j.at = len(columns)
		for j.at > 0 && strings.HasPrefix(columns[j.at-1], prefix) {
			j.at--
		}
		j.names = make([]string, 0, len(columns)-j.at)
		for _, c := range columns[j.at:] {
			j.names = append(j.names, strings.TrimPrefix(c, prefix))
		}
	}
	return columns[:j.at], j.names
}

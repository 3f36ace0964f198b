package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"chanjiao/graph"
	"chanjiao/internal/testdb"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestNoNPlusOne walks every to-many edge of the schema, two levels deep
// below each root connection and with the required to-one edges on the way,
// and requires that a page of 20 costs as many SQL statements as a page of
// 2: the statements must not grow with the number of parents (N+1).
//
// ent skips an eager load that has no parent IDs, so the root is filtered
// to objects that have the edge, and nullable to-one edges are left out:
// otherwise a page of 2 could send fewer statements for lack of data.
func TestNoNPlusOne(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	queries := nestedQueries(schema)
	if len(queries) < 20 {
		t.Fatalf("only %d nested queries built from the schema", len(queries))
	}
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		admin := seeded(t, db)
		// Privacy rules filter and mask as they load: they must not add
		// statements per object either. For other viewers than the
		// administrator the root filter cannot see through privacy, so the
		// first two objects may have nothing visible below them: those
		// viewers compare pages of 20 and 40.
		for who, e := range map[string]*env{"admin": admin, "hr": admin.as(admin.demoViewer(t, "hr@rhein-koester.demo")), "anonymous": admin.as(nil)} {
			grew := 0
			n, m := 2, 20
			if who != "admin" {
				n, m = 20, 40
			}
			for name, q := range queries {
				small, smallNodes := e.statements(t, q, n)
				large, largeNodes := e.statements(t, q, m)
				if large != small {
					t.Errorf("%s as %s: %d statements at first: %d, %d at first: %d\n%s", name, who, small, n, large, m, q)
				}
				if largeNodes > smallNodes {
					grew++
				}
			}
			// The check means something only if the larger pages hold more.
			if grew < len(queries)/3 {
				t.Fatalf("as %s only %d of %d queries returned more objects at first: %d", who, grew, len(queries), m)
			}
		}
	})
}

// statements runs q with $n and returns the statements it sent and the
// number of objects it returned.
func (e *env) statements(t *testing.T, q string, n int) (int64, int) {
	t.Helper()
	before := e.Statements.Load()
	var out map[string]any
	e.must(t, q, &out, map[string]any{"n": n})
	b, _ := json.Marshal(out)
	return e.Statements.Load() - before, strings.Count(string(b), `"id"`)
}

// nestedQueries builds, for each root connection and each to-many edge of
// its node type, a query that pages through the edge and every to-many
// edge below it, selecting every to-one edge on the way.
func nestedQueries(s *ast.Schema) map[string]string {
	queries := map[string]string{}
	for _, root := range s.Query.Fields {
		node := connectionNode(s, root)
		if node == nil {
			continue
		}
		for _, edge := range s.Types[node.Name].Fields {
			child := connectionNode(s, edge)
			if child == nil {
				continue
			}
			var inner strings.Builder
			for _, grand := range child.Fields {
				if connectionNode(s, grand) != nil {
					fmt.Fprintf(&inner, " %s(first: $n) { totalCount edges { node { id } } }", grand.Name)
				}
			}
			where := ""
			has := "has" + strings.ToUpper(edge.Name[:1]) + edge.Name[1:]
			if in := s.Types[node.Name+"WhereInput"]; in != nil && in.Fields.ForName(has) != nil {
				where = fmt.Sprintf(", where: {%s: true}", has)
			}
			queries[root.Name+"."+edge.Name] = fmt.Sprintf(
				`query($n: Int) { %s(first: $n%s) { totalCount edges { node { id%s %s(first: $n) { totalCount edges { node { id%s%s } } } } } } }`,
				root.Name, where, toOne(s, node), edge.Name, toOne(s, child), inner.String())
		}
	}
	return queries
}

// connectionNode returns the node type of a Relay connection field, or nil.
func connectionNode(s *ast.Schema, f *ast.FieldDefinition) *ast.Definition {
	if !strings.HasSuffix(f.Type.Name(), "Connection") || f.Arguments.ForName("first") == nil {
		return nil
	}
	edges := s.Types[f.Type.Name()].Fields.ForName("edges")
	edge := s.Types[edges.Type.Name()]
	return s.Types[edge.Fields.ForName("node").Type.Name()]
}

// toOne selects the required to-one edges (non-null object-typed fields
// without arguments) of t.
func toOne(s *ast.Schema, t *ast.Definition) string {
	var b strings.Builder
	for _, f := range t.Fields {
		if def := s.Types[f.Type.Name()]; def != nil && def.Kind == ast.Object && len(f.Arguments) == 0 && f.Type.NonNull {
			fmt.Fprintf(&b, " %s { id }", f.Name)
		}
	}
	return b.String()
}

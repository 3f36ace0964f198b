//go:build ignore

// entc generates the ent client and, through entgql, the GraphQL schema of
// the domain graph (graph/ent.graphqls). Run from the module root, by
// `go generate ./...`: run from elsewhere, entgql drops `scalar Time`.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithTemplates(collectionTemplate(), enumTemplate(), entgql.NodeTemplate, paginationTemplate(),
			entgql.TransactionTemplate, edgeTemplate(), entgql.MutationInputTemplate),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphqls"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(describe),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureIntercept,
			gen.FeatureVersionedMigration,
			gen.FeatureGlobalID,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureLock,
			gen.FeatureUpsert,
		},
		Templates: []*gen.Template{queryTemplate(), namedEdgesTemplate()},
	}, entc.Extensions(ex), entc.TemplateDir("./ent/template"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// collectionTemplate is entgql's field-collection template with two
// changes: a nested connection's "first N per parent" goes through
// limitPerRow (ent/limitperrow.go), which on PostgreSQL reads N rows per
// parent through a LATERAL join instead of numbering every row of every
// parent with a window function; and what the connection's page reads
// and counts follows what the operation asks of it (pageAsks,
// ent/pageasks.go). The template is read from the module
// that go.mod pins, so it follows entgql's upgrades.
func collectionTemplate() *gen.Template {
	src := moduleFile("entgo.io/contrib", "entgql/template/collection.tmpl")
	text := replaceOnce(src, "entgql's collection template", "entgql.LimitPerRow(", "limitPerRow(_q.driver.Dialect(), ")
	text = replaceOnce(text, "entgql's collection template",
		"ignoredEdges := !hasCollectedField(ctx, append(path, edgesField)...)\n"+
			"\t\t\t\t\t\t\tif hasCollectedField(ctx, append(path, totalCountField)...) || hasCollectedField(ctx, append(path, pageInfoField)...) {",
		"asks := pageAsksOf(ctx, args.first, args.last, path...)\n"+
			"\t\t\t\t\t\t\tignoredEdges := !asks.readsPage\n"+
			"\t\t\t\t\t\t\tif asks.countsTotal {")
	text = replaceOnce(text, "entgql's collection template",
		"if limit := paginateLimit(args.first, args.last); limit > 0 {",
		"if limit := asks.limit; limit > 0 {")
	return gen.MustParse(gen.NewTemplate("template/collection.tmpl").Funcs(entgql.TemplateFuncs).Parse(text))
}

// paginationTemplate is entgql's pagination template with three changes:
// a page's edges are made in one allocation, not one an edge (a page of
// 20 enterprises with 10 internships each has 220); what the page reads
// and counts follows what the operation asks of it (pageAsks,
// ent/pageasks.go): the row beyond the page, which tells whether another
// page follows, is read only where pageInfo asks that; and where it is read,
// the query is told how many of the nodes it reads are the page (pageRows,
// ent/template/pagerows.tmpl), so that that one has no edges loaded: the
// 21st enterprise of that page took 11 internships more, a twentieth of
// the page's rows.
func paginationTemplate() *gen.Template {
	src := moduleFile("entgo.io/contrib", "entgql/template/pagination.tmpl")
	text := replaceOnce(src, "entgql's pagination template",
		"\tc.Edges = make([]*{{ $edge }}, len(nodes))\n\tfor i := range nodes {\n\t\tnode := nodeAt(i)\n\t\tc.Edges[i] = &{{ $edge }}{\n",
		"\tc.Edges = make([]*{{ $edge }}, len(nodes))\n\tedges := make([]{{ $edge }}, len(nodes))\n\tfor i := range nodes {\n\t\tnode := nodeAt(i)\n\t\tc.Edges[i] = &edges[i]\n\t\tedges[i] = {{ $edge }}{\n")
	text = replaceOnce(text, "entgql's pagination template",
		"\tif limit != 0 {\n\t\t{{ $r }}.Limit(limit)\n",
		"\tif limit != 0 {\n\t\t{{ $r }}.pageRows = limit - 1\n\t\tlimit = asks.limit\n\t\t{{ $r }}.Limit(limit)\n")
	text = replaceOnce(text, "entgql's pagination template",
		"\tignoredEdges := !hasCollectedField(ctx, edgesField)\n\tif hasCollectedField(ctx, totalCountField) || hasCollectedField(ctx, pageInfoField) {\n",
		"\tasks := pageAsksOf(ctx, first, last)\n\tignoredEdges := !asks.readsPage\n\tif asks.countsTotal {\n")
	return gen.MustParse(gen.NewTemplate("template/pagination.tmpl").Funcs(entgql.TemplateFuncs).Parse(text))
}

// edgeTemplate is entgql's template of a node's connection edges with one
// change: a page of none (first: 0) answers whether another page follows
// from the count, as Paginate does (pageOfNone, ent/pageasks.go); entgql
// built it from no nodes, and answered that none follows an enterprise
// with 18,163 internships.
func edgeTemplate() *gen.Template {
	src := moduleFile("entgo.io/contrib", "entgql/template/edge.tmpl")
	text := replaceOnce(src, "entgql's edge template",
		"\t\t\tconn.build(nodes, pager, after, first, before, last)\n\t\t\treturn conn, nil\n",
		"\t\t\tconn.build(nodes, pager, after, first, before, last)\n\t\t\tpageOfNone(&conn.PageInfo, first, last, totalCount)\n\t\t\treturn conn, nil\n")
	return gen.MustParse(gen.NewTemplate("template/edge.tmpl").Funcs(entgql.TemplateFuncs).Parse(text))
}

// enumTemplate is entgql's enum template with one change: an enum's value
// is written as gqlgen writes a String (graphql.MarshalString, inlined: no
// allocation, and JSON's escapes), not through strconv.Quote's copy. Every
// internship of a page has its status.
func enumTemplate() *gen.Template {
	src := moduleFile("entgo.io/contrib", "entgql/template/enum.tmpl")
	text := replaceOnce(src, "entgql's enum template", "io.WriteString(w, strconv.Quote(e.String()))", "graphql.MarshalString(e.String()).MarshalGQL(w)")
	return gen.MustParse(gen.NewTemplate("template/enum.tmpl").Funcs(entgql.TemplateFuncs).Parse(text))
}

// queryTemplate is ent's template of a query's sqlAll (it overrides ent's
// own, by name) with five changes: before the query runs, the to-one edges
// it eager-loads are joined into its statement where they can be
// (ent/template/joinone.tmpl, ent/joinone.go), and an edge so joined
// (joined[i]) is not loaded again by a second statement; the rows are
// scanned into the same values, made once, through scanners that skip
// database/sql's reflection (ent/scanonce.go); and the nodes are made in
// chunks (ent/nodechunks.go). And the edges are loaded for the nodes of a
// page alone (pageRows, set by Paginate), not for the one read beyond it.
func queryTemplate() *gen.Template {
	src := moduleFile("entgo.io/ent", "entc/gen/template/dialect/sql/query.tmpl")
	const what = "ent's query template"
	text := replaceOnce(src, what, "\tfor i := range hooks {\n", "\t{{- template \"helper/joinone\" $ }}\n\tfor i := range hooks {\n")
	text = replaceOnce(text, what, "\tif err := sqlgraph.QueryNodes(ctx, {{ $receiver }}.driver, _spec); err != nil {\n",
		"\treuseScanValues(_spec)\n\tif err := sqlgraph.QueryNodes(ctx, {{ $receiver }}.driver, _spec); err != nil {\n")
	text = replaceOnce(text, what,
		"\t_spec.Assign = func(columns []string, values []any) error {\n\t\tnode := &{{ $.Name }}{config: {{ $receiver }}.config}\n",
		"\tvar chunk []{{ $.Name }}\n\t_spec.Assign = func(columns []string, values []any) error {\n\t\tnode := nextNode(&chunk, {{ $receiver }}.ctx.Limit)\n\t\tnode.config = {{ $receiver }}.config\n")
	text = replaceOnce(text, what,
		"{{- range $e := $.Edges }}\n\t\tif query := {{ $receiver }}.{{ $e.EagerLoadField }}; query != nil {",
		"{{- range $i, $e := $.Edges }}\n\t\tif query := {{ $receiver }}.{{ $e.EagerLoadField }}; query != nil && !joined[{{ $i }}] {")
	text = replaceOnce(text, what, "\tif len(nodes) == 0 {\n\t\treturn nodes, nil\n\t}\n",
		"\tif len(nodes) == 0 {\n\t\treturn nodes, nil\n\t}\n\tall := nodes\n\tif n := {{ $receiver }}.pageRows; n > 0 && len(nodes) > n {\n\t\tnodes = nodes[:n] // a page's edges are loaded; the node read beyond it is dropped (pageRows)\n\t}\n")
	text = replaceOnce(text, what, "\t{{- end }}\n\treturn nodes, nil\n}\n", "\t{{- end }}\n\treturn all, nil\n}\n")
	// A many-to-many edge's nodes are assigned to their parents in the
	// order of the statement's rows, which is each parent's order (its
	// nested page's ORDER BY), not in the order each node was first met,
	// under whichever parent: a programme's internships came out of order
	// where one was on an earlier programme's page too.
	text = replaceOnce(text, what,
		"\t\t\tnids := make(map[{{ $e.Type.ID.Type }}]map[*{{ $.Name }}]struct{})\n",
		"\t\t\tnids := make(map[{{ $e.Type.ID.Type }}]map[*{{ $.Name }}]struct{})\n\t\t\tvar pairs []struct{ out {{ $.ID.Type }}; in {{ $e.Type.ID.Type }} } // in the rows' order\n")
	text = replaceOnce(text, what,
		"\t\t\t\t\t\tif nids[inValue] == nil {\n",
		"\t\t\t\t\t\tpairs = append(pairs, struct{ out {{ $.ID.Type }}; in {{ $e.Type.ID.Type }} }{outValue, inValue})\n\t\t\t\t\t\tif nids[inValue] == nil {\n")
	text = replaceOnce(text, what,
		"\t\t\tfor _, n := range neighbors {\n\t\t\t\tnodes, ok := nids[n.ID]\n\t\t\t\tif !ok {\n\t\t\t\t\treturn fmt.Errorf(`unexpected \"{{ $e.Name }}\" node returned %v`, n.ID)\n\t\t\t\t}\n\t\t\t\tfor kn := range nodes {\n\t\t\t\t\tassign(kn, n)\n\t\t\t\t}\n\t\t\t}\n",
		"\t\t\tbyNeighbor := make(map[{{ $e.Type.ID.Type }}]*{{ $e.Type.Name }}, len(neighbors))\n\t\t\tfor _, n := range neighbors {\n\t\t\t\tif _, ok := nids[n.ID]; !ok {\n\t\t\t\t\treturn fmt.Errorf(`unexpected \"{{ $e.Name }}\" node returned %v`, n.ID)\n\t\t\t\t}\n\t\t\t\tbyNeighbor[n.ID] = n\n\t\t\t}\n\t\t\tfor _, p := range pairs {\n\t\t\t\tif n, ok := byNeighbor[p.in]; ok {\n\t\t\t\t\tassign(byID[p.out], n)\n\t\t\t\t}\n\t\t\t}\n")
	return gen.MustParse(gen.NewTemplate("template/query.tmpl").Parse(text))
}

// namedEdgesTemplate is ent's template of named edges (a nested
// connection's, under its alias) with one change: a node's list of an
// edge starts with room for 16, not growing one by one from nothing as
// the loader appends them (five allocations for the 11 rows of a nested
// `first: 10`).
func namedEdgesTemplate() *gen.Template {
	src := moduleFile("entgo.io/ent", "entc/gen/template/dialect/sql/feature/namedges.tmpl")
	text := replaceOnce(src, "ent's named edges template",
		"{{ $receiver }}.Edges.named{{ $e.StructField }}[name] = append({{ $receiver }}.Edges.named{{ $e.StructField }}[name], edges...)",
		`named := {{ $receiver }}.Edges.named{{ $e.StructField }}[name]
			if cap(named) == 0 {
				named = make([]*{{ $e.Type.Name }}, 0, max(len(edges), 16))
			}
			{{ $receiver }}.Edges.named{{ $e.StructField }}[name] = append(named, edges...)`)
	return gen.MustParse(gen.NewTemplate("template/namedges.tmpl").Parse(text))
}

// moduleFile reads a file of a module at the version go.mod pins, so that
// a template taken from it follows the module's upgrades.
func moduleFile(module, path string) string {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		log.Fatalf("locating %s: %v", module, err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), path))
	if err != nil {
		log.Fatalf("reading %s: %v", path, err)
	}
	return string(src)
}

// replaceOnce replaces old, which must occur once in src.
func replaceOnce(src, what, old, new string) string {
	if n := strings.Count(src, old); n != 1 {
		log.Fatalf("%s has %q %d times, want 1: revisit ent/entc.go", what, old, n)
	}
	return strings.Replace(src, old, new, 1)
}

// describe gives every generated GraphQL type and enum value a description,
// because GraphiQL shows them to the people exploring the graph: object
// types take their ent schema comment, enums the comment of their field and
// the EnumValueDocs annotation for their values.
func describe(g *gen.Graph, s *ast.Schema) error {
	var missing []string
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		c, ok := n.Annotations["Comment"].(map[string]any)
		if !ok || c["Text"] == "" {
			missing = append(missing, n.Name)
			continue
		}
		def.Description = fmt.Sprint(c["Text"])
		for _, e := range n.Edges {
			if f := def.Fields.ForName(camel(e.Name)); f != nil && f.Description == "" {
				f.Description = e.Comment()
			}
		}
		describeInputs(s, n)
		for _, f := range n.Fields {
			if !f.IsEnum() {
				continue
			}
			enum := s.Types[n.Name+pascal(f.Name)]
			if enum == nil {
				continue
			}
			enum.Description = f.Comment()
			docs, _ := f.Annotations["EnumValueDocs"].(map[string]any)
			for _, v := range enum.EnumValues {
				if d, ok := docs[v.Name]; ok {
					v.Description = fmt.Sprint(d)
				}
			}
		}
	}
	if q := s.Types["Query"]; q != nil {
		q.Description = "The entry points for reading the graph: `node`/`nodes` by ID, and a paginated connection per kind of object."
	}
	for _, def := range s.Types {
		describeFields(def)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("ent types without a schema.Comment annotation: %s", strings.Join(missing, ", "))
	}
	return nil
}

// describeInputs describes the fields entgql adds to the create and update
// inputs of n without a description: edge IDs and clear flags.
func describeInputs(s *ast.Schema, n *gen.Type) {
	singular := gen.Funcs["singular"].(func(string) string)
	docs := map[string]string{}
	for _, f := range n.Fields {
		docs["clear"+pascal(f.Name)] = "Set " + camel(f.Name) + " to null."
	}
	for _, e := range n.Edges {
		one := pascal(singular(e.Name))
		what := strings.TrimSuffix(e.Comment(), ".")
		if e.Unique {
			docs[camel(e.Name)+"ID"] = "ID of " + lowerFirst(what) + "."
			docs["clear"+pascal(e.Name)] = "Unset " + camel(e.Name) + "."
			continue
		}
		docs[lowerFirst(one)+"IDs"] = "IDs of " + lowerFirst(what) + "."
		docs["add"+one+"IDs"] = "Add IDs to " + camel(e.Name) + ": " + lowerFirst(what) + "."
		docs["remove"+one+"IDs"] = "Remove IDs from " + camel(e.Name) + "."
		docs["clear"+pascal(e.Name)] = "Remove all of " + camel(e.Name) + "."
	}
	for _, name := range []string{"Create" + n.Name + "Input", "Update" + n.Name + "Input"} {
		in := s.Types[name]
		if in == nil {
			continue
		}
		for _, f := range in.Fields {
			if f.Description == "" {
				f.Description = docs[f.Name]
			}
		}
	}
}

func camel(s string) string { return lowerFirst(pascal(s)) }

func pascal(s string) string {
	var b strings.Builder
	for _, w := range strings.Split(s, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// predicateDocs explains the predicates entgql generates in WhereInputs, by
// the suffix it gives their names.
var predicateDocs = []struct{ suffix, doc string }{
	{"NEQ", "differs from the value"},
	{"NotIn", "is none of the values"},
	{"In", "is one of the values"},
	{"GTE", "is greater than or equal to the value"},
	{"GT", "is greater than the value"},
	{"LTE", "is less than or equal to the value"},
	{"LT", "is less than the value"},
	{"ContainsFold", "contains the value, ignoring case"},
	{"EqualFold", "equals the value, ignoring case"},
	{"Contains", "contains the value"},
	{"HasPrefix", "starts with the value"},
	{"HasSuffix", "ends with the value"},
	{"IsNil", "is null"},
	{"NotNil", "is not null"},
}

// describeFields fills in the descriptions entgql leaves empty: the id of
// every node, and each predicate of a WhereInput.
func describeFields(def *ast.Definition) {
	for _, f := range def.Fields {
		if f.Description != "" {
			continue
		}
		switch {
		case f.Name == "id" && def.Kind == ast.Object:
			f.Description = "Globally unique ID: `node(id:)` resolves it to this " + def.Name + "."
		case def.Kind != ast.InputObject || !strings.HasSuffix(def.Name, "WhereInput"):
		case f.Name == "not" || f.Name == "and" || f.Name == "or":
			f.Description = strings.ToUpper(f.Name) + " of the given conditions."
		case strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With"):
			f.Description = "Has at least one " + lowerFirst(strings.TrimSuffix(strings.TrimPrefix(f.Name, "has"), "With")) + " matching all the conditions."
		case strings.HasPrefix(f.Name, "has"):
			f.Description = "Whether it has at least one " + lowerFirst(strings.TrimPrefix(f.Name, "has")) + "."
		default:
			f.Description = predicateDoc(f.Name)
		}
	}
}

func predicateDoc(name string) string {
	for _, p := range predicateDocs {
		if field, ok := strings.CutSuffix(name, p.suffix); ok && field != "" {
			return "The " + field + " " + p.doc + "."
		}
	}
	return "The " + name + " equals the value."
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

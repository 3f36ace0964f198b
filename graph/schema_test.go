package graph_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"chanjiao/graph"

	"github.com/vektah/gqlparser/v2/formatter"
)

var update = flag.Bool("update", false, "rewrite the golden schema in testdata/")

// TestSchemaGolden keeps the whole GraphQL contract, generated and
// hand-written, in testdata/schema.graphql, so that every change to what
// clients see shows up in review. After an intended change:
//
//	go test ./graph -run TestSchemaGolden -update
func TestSchemaGolden(t *testing.T) {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(graph.NewExecutableSchema(graph.Config{}).Schema())
	const golden = "testdata/schema.graphql"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("the GraphQL schema differs from %s; if the change is intended, run: go test ./graph -run TestSchemaGolden -update", golden)
	}
}

// TestEverythingIsDescribed requires a description on every type, field,
// input field and argument the project defines, because GraphiQL shows them
// to the people exploring the graph.
func TestEverythingIsDescribed(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	var missing []string
	for name, def := range s.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if def.Description == "" {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if f.Description == "" && !strings.HasPrefix(f.Name, "__") {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" && !strings.HasPrefix(f.Name, "__") {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d definitions without a description:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

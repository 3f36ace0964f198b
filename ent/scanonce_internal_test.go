package ent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/dialect/sql"
)

// TestReuseScanValues: the values of the first row are handed out for
// every later row when Scan overwrites each of them, made again when one
// is kept by its node (sql.UnknownType) or when the columns change.
func TestReuseScanValues(t *testing.T) {
	made := 0
	scan := func(kept bool) func([]string) ([]any, error) {
		return func(columns []string) ([]any, error) {
			made++
			values := []any{new(sql.NullInt64), new(sql.NullString), new(sql.NullTime), new(sql.NullFloat64), new(sql.NullBool), new([]byte)}
			if kept {
				values = append(values, new(sql.UnknownType))
			}
			return values[:len(columns)], nil
		}
	}
	columns := []string{"a", "b", "c", "d", "e", "f"}

	values := reuseScanValues(scan(false))
	first, _ := values(columns)
	for range 3 {
		if next, _ := values(columns); &next[0] != &first[0] {
			t.Fatal("a later row got values of its own")
		}
	}
	if made != 1 {
		t.Errorf("values made %d times for four rows, want 1", made)
	}
	made = 0
	values(columns[:2])
	values(columns[:2])
	if made != 1 {
		t.Errorf("other columns: values made %d times, want once more", made)
	}

	made = 0
	values = reuseScanValues(scan(true))
	columns = append(columns, "selected")
	first, _ = values(columns)
	if next, _ := values(columns); &next[0] == &first[0] || made != 2 {
		t.Errorf("with a column kept as scanned, values made %d times for two rows, want 2", made)
	}
}

// TestQueriesReuseScanValues: every query's sqlAll hands its rows the
// values made once (the query template, ent/entc.go); without it the
// generated code allocates per column per row again, unnoticed.
func TestQueriesReuseScanValues(t *testing.T) {
	files, err := filepath.Glob("*_query.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d query files: %v", len(files), err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), ") sqlAll(") && !strings.Contains(string(src), "_spec.ScanValues = reuseScanValues(_spec.ScanValues)\n\tif err := sqlgraph.QueryNodes(") {
			t.Errorf("%s: sqlAll does not reuse its scan values: run go generate ./...", f)
		}
	}
}

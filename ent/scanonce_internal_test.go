package ent

import (
	stdsql "database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// TestReuseScanValues: the values of the first row are handed out for
// every later row when Scan overwrites each of them, made again when one
// is kept by its node (sql.UnknownType) or when the columns change; and
// the node's assign is given the sql.Null values it expects, holding what
// was scanned.
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
	var assigned []any
	spec := func(kept bool) *sqlgraph.QuerySpec {
		s := &sqlgraph.QuerySpec{ScanValues: scan(kept), Assign: func(_ []string, values []any) error {
			assigned = values
			return nil
		}}
		reuseScanValues(s)
		return s
	}
	columns := []string{"a", "b", "c", "d", "e", "f"}

	s := spec(false)
	first, _ := s.ScanValues(columns)
	for range 3 {
		if next, _ := s.ScanValues(columns); &next[0] != &first[0] {
			t.Fatal("a later row got values of its own")
		}
	}
	if made != 1 {
		t.Errorf("values made %d times for four rows, want 1", made)
	}
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	for i, src := range []any{int64(42), "name", at, 2.5, true} {
		if err := first[i].(stdsql.Scanner).Scan(src); err != nil {
			t.Fatalf("scanning %T: %v", src, err)
		}
	}
	*first[5].(*[]byte) = []byte("raw")
	if err := s.Assign(columns, first); err != nil {
		t.Fatal(err)
	}
	want := []any{
		&sql.NullInt64{Int64: 42, Valid: true}, &sql.NullString{String: "name", Valid: true},
		&sql.NullTime{Time: at, Valid: true}, &sql.NullFloat64{Float64: 2.5, Valid: true},
		&sql.NullBool{Bool: true, Valid: true}, &[]byte{'r', 'a', 'w'},
	}
	if !reflect.DeepEqual(assigned, want) {
		t.Errorf("assigned %#v, want %#v", assigned, want)
	}
	// NULL, and a value of another type than the driver's own, are the
	// sql.Null types' to scan.
	for i, src := range []any{nil, []byte("bytes"), nil, "1.5", "f"} {
		if err := first[i].(stdsql.Scanner).Scan(src); err != nil {
			t.Fatalf("scanning %T: %v", src, err)
		}
	}
	s.Assign(columns, first)
	want = []any{
		&sql.NullInt64{}, &sql.NullString{String: "bytes", Valid: true}, &sql.NullTime{},
		&sql.NullFloat64{Float64: 1.5, Valid: true}, &sql.NullBool{Bool: false, Valid: true},
	}
	if !reflect.DeepEqual(assigned[:5], want) {
		t.Errorf("assigned %#v, want %#v", assigned[:5], want)
	}

	made = 0
	s.ScanValues(columns[:2])
	s.ScanValues(columns[:2])
	if made != 1 {
		t.Errorf("other columns: values made %d times, want once more", made)
	}

	made = 0
	s = spec(true)
	columns = append(columns, "selected")
	first, _ = s.ScanValues(columns)
	if next, _ := s.ScanValues(columns); &next[0] == &first[0] || made != 2 {
		t.Errorf("with a column kept as scanned, values made %d times for two rows, want 2", made)
	}
	s.Assign(columns, first)
	if &assigned[0] != &first[0] {
		t.Error("values not reused were not assigned as they were scanned")
	}
}

// TestScanners: rows are scanned into this file's scanners over the same
// memory as the sql.Null values, not into the sql.Null values themselves,
// which convert the numbers by reflection (BenchmarkScanRow); and scanning
// a row allocates nothing.
func TestScanners(t *testing.T) {
	null := []any{new(sql.NullInt64), new(sql.NullFloat64), new(sql.NullBool), new(sql.NullString), new(sql.NullTime)}
	values := scanners(null)
	for i, v := range values {
		switch v.(type) {
		case *int64Value, *float64Value, *boolValue, *stringValue:
		case *sql.NullTime: // its Scan takes a time.Time by a type assertion already
		default:
			t.Errorf("%T scanned as %T", null[i], v)
		}
		if reflect.ValueOf(v).Pointer() != reflect.ValueOf(null[i]).Pointer() {
			t.Errorf("%T scanned into other memory", null[i])
		}
	}
	src := []any{int64(1 << 40), 2.5, true, "s", time.Now()}
	if n := testing.AllocsPerRun(100, func() {
		for i, v := range values {
			v.(stdsql.Scanner).Scan(src[i])
		}
	}); n != 0 {
		t.Errorf("scanning a row allocates %.0f times, want 0", n)
	}
}

// BenchmarkScanRow: a row of an int64, a float64, a bool and a string
// scanned through database/sql's conversion, into the sql.Null values
// (null) and into this file's scanners (scanners).
func BenchmarkScanRow(b *testing.B) {
	src := []any{int64(1 << 40), 2.5, true, "s"}
	for _, bench := range []struct {
		name   string
		values func([]any) []any
	}{{"null", func(v []any) []any { return v }}, {"scanners", scanners}} {
		b.Run(bench.name, func(b *testing.B) {
			values := bench.values([]any{new(sql.NullInt64), new(sql.NullFloat64), new(sql.NullBool), new(sql.NullString)})
			for b.Loop() {
				for i, v := range values {
					v.(stdsql.Scanner).Scan(src[i])
				}
			}
		})
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
		if strings.Contains(string(src), ") sqlAll(") && !strings.Contains(string(src), "reuseScanValues(_spec)\n\tif err := sqlgraph.QueryNodes(") {
			t.Errorf("%s: sqlAll does not reuse its scan values: run go generate ./...", f)
		}
	}
}

package ent

import (
	"entgo.io/ent/dialect/sql"
)

// reuseScanValues makes the values a query's rows are scanned into once,
// for its first row, and hands out the same for every later row, when
// each of them is of a type whose Scan overwrites all of it, NULL
// included, and whose value the node's assign copies out rather than
// keeps. ent's generated scanValues allocates one value per column per
// row: for a page of 200 internships, 1,800 of the 11,000 allocations of
// the request (BENCHMARKS.md). sqlgraph scans and assigns one row before
// it asks for the values of the next, so a row's values are never in use
// when they are handed out again.
//
// A column of any other type (sql.UnknownType, which the node keeps in its
// selected values; a type of a schema's own) makes new values for every
// row, as ent does.
func reuseScanValues(scan func(columns []string) ([]any, error)) func(columns []string) ([]any, error) {
	var values []any
	return func(columns []string) ([]any, error) {
		if values != nil && len(values) == len(columns) {
			return values, nil
		}
		v, err := scan(columns)
		if err != nil {
			return nil, err
		}
		if overwritten(v) {
			values = v
		}
		return v, nil
	}
}

// overwritten reports whether every value is of a type that Scan sets
// entirely, to a value of its own: the sql.Null types copy what they are
// given, and a *[]byte is given a fresh copy of the column's bytes
// (database/sql's convertAssign), so a node that keeps the slice keeps
// its own.
func overwritten(values []any) bool {
	for _, v := range values {
		switch v.(type) {
		case *sql.NullInt64, *sql.NullString, *sql.NullTime, *sql.NullFloat64, *sql.NullBool, *[]byte:
		default:
			return false
		}
	}
	return true
}

package ent

import (
	stdsql "database/sql"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
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
// The values so reused are scanned through scanners of this file, which
// take the driver's own type (int64, float64, bool, string) by a type
// switch: database/sql's sql.NullInt64 converts an int64 to its int64 by
// reflection, 4 % of the server's CPU for twenty enterprises with ten
// internships each (BENCHMARKS.md). The node's assign is given the
// sql.Null values it expects, which the scanners share their memory with.
//
// A column of any other type (sql.UnknownType, which the node keeps in its
// selected values; a type of a schema's own) makes new values for every
// row, as ent does.
func reuseScanValues(spec *sqlgraph.QuerySpec) {
	scan, assign := spec.ScanValues, spec.Assign
	var values, scanned []any
	spec.ScanValues = func(columns []string) ([]any, error) {
		if values != nil && len(values) == len(columns) {
			return scanned, nil
		}
		v, err := scan(columns)
		if err != nil {
			return nil, err
		}
		if len(v) > 0 && overwritten(v) {
			values, scanned = v, scanners(v)
			return scanned, nil
		}
		return v, nil
	}
	spec.Assign = func(columns []string, v []any) error {
		if len(v) > 0 && len(v) == len(scanned) && &v[0] == &scanned[0] {
			v = values
		}
		return assign(columns, v)
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

// scanners returns what rows are scanned into for values: the same
// pointers, as the scanners below where there is one.
func scanners(values []any) []any {
	s := make([]any, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case *sql.NullInt64:
			s[i] = (*int64Value)(v)
		case *sql.NullFloat64:
			s[i] = (*float64Value)(v)
		case *sql.NullBool:
			s[i] = (*boolValue)(v)
		case *sql.NullString:
			s[i] = (*stringValue)(v)
		default:
			s[i] = v
		}
	}
	return s
}

// int64Value, float64Value, boolValue and stringValue are the sql.Null
// types with a Scan that takes the value of the driver's type as it is
// and leaves anything else (NULL, another type) to the sql.Null type's
// own Scan.
type (
	int64Value   sql.NullInt64
	float64Value sql.NullFloat64
	boolValue    sql.NullBool
	stringValue  sql.NullString
)

func (n *int64Value) Scan(src any) error {
	if v, ok := src.(int64); ok {
		n.Int64, n.Valid = v, true
		return nil
	}
	return (*sql.NullInt64)(n).Scan(src)
}

func (n *float64Value) Scan(src any) error {
	if v, ok := src.(float64); ok {
		n.Float64, n.Valid = v, true
		return nil
	}
	return (*sql.NullFloat64)(n).Scan(src)
}

func (n *boolValue) Scan(src any) error {
	if v, ok := src.(bool); ok {
		n.Bool, n.Valid = v, true
		return nil
	}
	return (*sql.NullBool)(n).Scan(src)
}

func (n *stringValue) Scan(src any) error {
	if v, ok := src.(string); ok {
		n.String, n.Valid = v, true
		return nil
	}
	return (*sql.NullString)(n).Scan(src)
}

// The scanners are database/sql's Scanners.
var (
	_ stdsql.Scanner = (*int64Value)(nil)
	_ stdsql.Scanner = (*float64Value)(nil)
	_ stdsql.Scanner = (*boolValue)(nil)
	_ stdsql.Scanner = (*stringValue)(nil)
)

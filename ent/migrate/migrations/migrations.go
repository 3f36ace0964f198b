// Package migrations holds the versioned PostgreSQL migrations of the ent
// schema and applies them.
//
// The .sql files are written by `go run -mod=mod ./ent/migrate/main.go
// <name>` (ent's Atlas integration) and checked in; atlas.sum guards them
// against hand edits. Apply runs the pending ones in order, each in its own
// transaction, under an advisory lock so that replicas starting together
// apply each file once.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	atlas "ariga.io/atlas/sql/migrate"
)

//go:embed *.sql atlas.sum
var files embed.FS

// lockKey is the advisory lock replicas take while migrating.
const lockKey = 0x6368616e6a69616f // "chanjiao"

// table records the applied migrations.
const table = "chanjiao_schema_migrations"

// Versions returns the versions (file names without .sql) of all migrations,
// in order, after checking them against atlas.sum.
func Versions() ([]string, error) {
	dir := &atlas.MemDir{}
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range append(names, atlas.HashFileName) {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(name, b); err != nil {
			return nil, err
		}
	}
	if err := atlas.Validate(dir); err != nil {
		return nil, fmt.Errorf("migrations do not match atlas.sum (regenerate with ent/migrate/main.go, never edit by hand): %w", err)
	}
	versions := make([]string, len(names))
	for i, name := range names {
		versions[i] = strings.TrimSuffix(name, ".sql")
	}
	return versions, nil
}

// Pending returns the versions not yet applied to db.
func Pending(ctx context.Context, db *sql.DB) ([]string, error) {
	versions, err := Versions()
	if err != nil {
		return nil, err
	}
	applied, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, v := range versions {
		if !applied[v] {
			pending = append(pending, v)
		}
	}
	return pending, nil
}

// Apply applies the pending migrations to db and returns their versions.
func Apply(ctx context.Context, db *sql.DB) ([]string, error) {
	versions, err := Versions()
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return nil, fmt.Errorf("taking the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey)

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+table+` (
		version text PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return nil, fmt.Errorf("creating %s: %w", table, err)
	}
	applied, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, v := range versions {
		if applied[v] {
			continue
		}
		body, err := files.ReadFile(v + ".sql")
		if err != nil {
			return done, err
		}
		if err := applyOne(ctx, conn, v, string(body)); err != nil {
			return done, fmt.Errorf("applying migration %s: %w", v, err)
		}
		done = append(done, v)
	}
	return done, nil
}

func applyOne(ctx context.Context, conn *sql.Conn, version, body string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Without arguments, lib/pq sends the file as one simple query, which
	// PostgreSQL runs statement by statement inside the transaction.
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+table+" (version) VALUES ($1)", version); err != nil {
		return err
	}
	return tx.Commit()
}

func appliedVersions(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&exists); err != nil {
		return nil, fmt.Errorf("looking for %s: %w", table, err)
	}
	applied := make(map[string]bool)
	if !exists {
		return applied, nil
	}
	rows, err := db.QueryContext(ctx, "SELECT version FROM "+table)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// Sum returns the content of atlas.sum, which changes with every migration.
func Sum() string {
	b, _ := files.ReadFile(atlas.HashFileName)
	return string(b)
}

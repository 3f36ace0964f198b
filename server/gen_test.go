package main

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"

	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	_ "github.com/lib/pq"
)

// TestGenerateLeavesTablesVisible: the gen command vacuums what it loads,
// so that every page of the generated tables is marked all-visible and
// the index-only scans of the dashboards' statistics read no table rows;
// a table loaded by COPY and only analysed has none marked (PostgreSQL's
// autovacuum may come to it late, or not at all where it is off).
func TestGenerateLeavesTablesVisible(t *testing.T) {
	url := testdb.New(t, dialect.Postgres).URL
	cfg := Config{DatabaseURL: url, GenScale: "city", GenSeed: 1, GenNow: "2026-11-01T00:00:00Z", Logger: slog.New(slog.DiscardHandler)}
	if err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"internships", "people", "partnerships", "enterprises", "events", "notices"} {
		var pages, visible int
		if err := db.QueryRow(`SELECT relpages, relallvisible FROM pg_class WHERE relname = $1`, table).Scan(&pages, &visible); err != nil {
			t.Fatal(err)
		}
		if pages == 0 || visible < pages {
			t.Errorf("%s: %d of %d pages all-visible after gen, want all", table, visible, pages)
		}
	}
}

package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"chanjiao/ent/migrate"
	"chanjiao/ent/migrate/migrations"
	"chanjiao/internal/testdb"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
)

// TestMigrationsMatchTheSchema replays the checked-in migrations into an
// empty database and asks Atlas for the changes still needed to reach the
// ent schema: there must be none. When it fails, generate the migration:
//
//	go run -mod=mod ./ent/migrate/main.go <name>
func TestMigrationsMatchTheSchema(t *testing.T) {
	cfg := testdb.Empty(t, dialect.Postgres)
	u, err := url.Parse(cfg.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "public")
	u.RawQuery = q.Encode()

	tmp := t.TempDir()
	files, _ := filepath.Glob("*.sql")
	for _, f := range append(files, atlas.HashFileName) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir, err := atlas.NewLocalDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	err = migrate.NamedDiff(context.Background(), u.String(), "check",
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(atlas.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
	if !errors.Is(err, atlas.ErrNoPlan) {
		written, _ := filepath.Glob(filepath.Join(tmp, "*check.sql"))
		for _, f := range written {
			b, _ := os.ReadFile(f)
			t.Logf("missing migration:\n%s", b)
		}
		t.Fatalf("the migrations do not produce the ent schema (%v); run go run -mod=mod ./ent/migrate/main.go <name>", err)
	}
}

// TestApplyOnceAcrossReplicas starts several replicas' migrations at once on
// an empty database: each file is applied exactly once, and a second run
// has nothing to do.
func TestApplyOnceAcrossReplicas(t *testing.T) {
	cfg := testdb.Empty(t, dialect.Postgres)
	versions, err := migrations.Versions()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	applied := make([][]string, 4)
	errs := make([]error, 4)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := sql.Open("postgres", cfg.URL)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			applied[i], errs[i] = migrations.Apply(ctx, db)
		}()
	}
	wg.Wait()
	total := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(versions) {
		t.Fatalf("%d migrations applied in all, want each of the %d once", total, len(versions))
	}
	db, err := sql.Open("postgres", cfg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if pending, err := migrations.Pending(ctx, db); err != nil || len(pending) != 0 {
		t.Fatalf("pending after migrating = %v, %v", pending, err)
	}
	if again, err := migrations.Apply(ctx, db); err != nil || len(again) != 0 {
		t.Fatalf("second run applied %v, %v", again, err)
	}
}

//go:build ignore

// main writes a new versioned PostgreSQL migration for the changes between
// ent/migrate/migrations and the ent schema:
//
//	go run -mod=mod ./ent/migrate/main.go <name>
//
// It replays the existing migrations into a scratch database (created and
// dropped on the server of DEV_DATABASE_URL, by default the local
// PostgreSQL) and diffs the result against the schema with Atlas.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/url"
	"os"

	"chanjiao/ent/migrate"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatalln("usage: go run -mod=mod ./ent/migrate/main.go <name>")
	}
	server := os.Getenv("DEV_DATABASE_URL")
	if server == "" {
		server = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	ctx := context.Background()
	admin, err := sql.Open("postgres", server)
	if err != nil {
		log.Fatalf("opening %s: %v", server, err)
	}
	defer admin.Close()
	name := fmt.Sprintf("chanjiao_migrate_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		log.Fatalf("creating the scratch database: %v", err)
	}
	defer admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")

	u, err := url.Parse(server)
	if err != nil {
		log.Fatalf("parsing %s: %v", server, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", "public") // unqualified table names in the files
	u.RawQuery = q.Encode()

	dir, err := atlas.NewLocalDir("ent/migrate/migrations")
	if err != nil {
		log.Fatalf("opening the migrations directory: %v", err)
	}
	err = migrate.NamedDiff(ctx, u.String(), os.Args[1],
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(atlas.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		log.Fatalf("generating the migration: %v", err)
	}
}

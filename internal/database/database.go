// Package database opens the platform's database — PostgreSQL when a URL
// is configured, an embedded SQLite file otherwise — and brings its schema
// up to date: the versioned migrations on PostgreSQL, ent's auto-migration
// on SQLite.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/migrate/migrations"
	_ "chanjiao/ent/runtime" // registers the schema's hooks

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"
)

// Config says which database to open.
type Config struct {
	// URL is a postgres:// URL. Empty selects SQLite.
	URL string
	// SQLitePath is the SQLite file, used when URL is empty.
	SQLitePath string
	// MaxConns caps the pool; idle connections are kept up to the same
	// number, because database/sql's default of 2 idle connections makes a
	// busy server open and close connections all the time.
	MaxConns int
}

// DB is an open database with its ent client.
type DB struct {
	SQL     *sql.DB
	Dialect string
	Client  *ent.Client
}

// Open opens the database described by cfg and checks that it answers.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	var (
		db  *sql.DB
		drv string
		err error
	)
	switch {
	case cfg.URL == "":
		drv = dialect.SQLite
		db, err = sql.Open("sqlite", SQLiteDSN(cfg.SQLitePath))
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		drv = dialect.Postgres
		db, err = sql.Open("postgres", cfg.URL)
	default:
		return nil, errors.New("DATABASE_URL must start with postgres:// (or be empty for the embedded SQLite database)")
	}
	if err != nil {
		return nil, err
	}
	maxConns := cfg.MaxConns
	if maxConns <= 0 {
		maxConns = 16
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to the %s database %s: %w", drv, Redact(cfg), err)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(drv, db)))
	return &DB{SQL: db, Dialect: drv, Client: client}, nil
}

// SQLiteDSN is the modernc.org/sqlite data source for the file at path:
// foreign keys on, WAL so readers do not block the writer, a busy timeout
// instead of immediate SQLITE_BUSY, BEGIN IMMEDIATE so that a transaction
// never fails upgrading its read lock, and times stored in UTC without
// Go's monotonic-clock suffix.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite&_timezone=UTC"
}

// Redact describes the configured database without its password.
func Redact(cfg Config) string {
	if cfg.URL == "" {
		return "sqlite:" + cfg.SQLitePath
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return "postgres://(unparseable URL)"
	}
	return u.Redacted()
}

var autoMigrate sync.Mutex

// Migrate brings the schema up to date and returns what it applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if db.Dialect == dialect.Postgres {
		return migrations.Apply(ctx, db.SQL)
	}
	// ent's auto-migration writes to the package-level table definitions,
	// so two databases must not migrate at once.
	autoMigrate.Lock()
	defer autoMigrate.Unlock()
	if err := db.Client.Schema.Create(ctx); err != nil {
		return nil, fmt.Errorf("creating the SQLite schema: %w", err)
	}
	return nil, nil
}

// PendingMigrations returns the migrations not yet applied (always none on
// SQLite, which migrates automatically).
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	if db.Dialect != dialect.Postgres {
		return nil, nil
	}
	return migrations.Pending(ctx, db.SQL)
}

// Empty reports whether the database holds no regions yet: a fresh
// database, to be seeded.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	n, err := db.Client.Region.Query().Limit(1).Count(ctx)
	return n == 0, err
}

// Close closes the client and its connections.
func (db *DB) Close() error { return db.Client.Close() }

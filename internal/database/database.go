// Package database opens the platform's database — PostgreSQL when a URL
// is configured, an embedded SQLite file otherwise — and brings its schema
// up to date: the versioned migrations on PostgreSQL, ent's auto-migration
// on SQLite.
package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/migrate/migrations"
	_ "chanjiao/ent/runtime" // registers the schema's hooks

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
	_ "modernc.org/sqlite"
)

// Config says which database to open.
type Config struct {
	// URL is a postgres:// URL. Empty selects SQLite.
	URL string
	// SQLitePath is the SQLite file, used when URL is empty.
	SQLitePath string
	// StatementTimeout bounds each SQL statement on PostgreSQL.
	StatementTimeout time.Duration
	// MaxConns caps the pool; idle connections are kept up to the same
	// number, because database/sql's default of 2 idle connections makes a
	// busy server open and close connections all the time.
	MaxConns int
	// Unprepared runs PostgreSQL statements without preparing them (for a
	// pooler in transaction mode, which cannot keep prepared statements).
	Unprepared bool
}

// DB is an open database with its ent client.
type DB struct {
	SQL     *sql.DB
	Dialect string
	// Driver is the client's driver, for wrapping (tests count statements).
	Driver dialect.Driver
	Client *ent.Client
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
		db, err = sql.Open("postgres", postgresDSN(cfg))
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
	var ed dialect.Driver = entsql.OpenDB(drv, db)
	if drv == dialect.Postgres && !cfg.Unprepared {
		ed = newPreparedDriver(drv, db)
	}
	return &DB{SQL: db, Dialect: drv, Driver: ed, Client: ent.NewClient(ent.Driver(ed))}, nil
}

// postgresDSN adds to the configured URL what the server needs of every
// connection: a statement timeout, a connection timeout so that a
// database that is down fails requests fast instead of hanging them, and
// arguments sent with the statement.
// Settings already in the URL win.
func postgresDSN(cfg Config) string {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return cfg.URL
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", "3")
	}
	if !q.Has("binary_parameters") {
		// A statement with arguments in one round trip instead of two: lib/pq
		// otherwise asks the server to describe every statement before it
		// binds the arguments.
		q.Set("binary_parameters", "yes")
	}
	if cfg.StatementTimeout > 0 && !q.Has("statement_timeout") {
		// lib/pq sends unknown parameters as run-time settings.
		q.Set("statement_timeout", fmt.Sprint(cfg.StatementTimeout.Milliseconds()))
	}
	u.RawQuery = q.Encode()
	return u.String()
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

// IsTimeout reports whether err is a statement PostgreSQL stopped before
// it ended: past the statement timeout (57014, query_canceled), which
// IsUnavailable counts too. The request asked for more than a request may
// take; the database itself is up.
func IsTimeout(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "57014"
}

// IsUnavailable reports whether err means the database cannot be reached
// or cannot serve now — a lost or refused connection, a server shutting
// down or starting, too many connections, a statement timed out — rather
// than a problem with the request.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch class := pqErr.Code.Class(); {
		case pqErr.Code == "55000", // the database is not accepting connections
			pqErr.Code == "3D000", // the database does not exist (yet, or any more)
			class == "08",         // connection exception
			class == "53",         // insufficient resources (too many connections)
			class == "57":         // operator intervention: shutdown, cannot connect now, statement timeout (57014)
			return true
		}
	}
	return false
}

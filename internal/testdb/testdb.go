// Package testdb gives each test its own database, on SQLite and on
// PostgreSQL, so tests run in parallel and never see each other's rows.
//
// PostgreSQL tests use the server of TEST_DATABASE_URL (default: the local
// server, user postgres). Each test gets a database created from a template
// that already holds the migrated schema, and dropped when the test ends.
// Without a reachable server the PostgreSQL tests skip — unless CI is set,
// where a skip would hide a failure, so they fail instead.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/migrate/migrations"
	"chanjiao/internal/database"

	"entgo.io/ent/dialect"
)

// Dialects are the databases every database test runs on.
var Dialects = []string{dialect.SQLite, dialect.Postgres}

// DB is a test's database.
type DB struct {
	*database.DB
	// Config opens the same database again (for a server under test).
	Config database.Config
	// Counted is a client on the same database that counts the statements
	// it sends in Statements.
	Counted    *ent.Client
	Statements *atomic.Int64
	// watch, when set, sees every statement Counted sends.
	watch *atomic.Pointer[func(string)]
}

// Each runs f as one subtest per dialect, each with a fresh, migrated
// database. The subtests run in parallel.
func Each(t *testing.T, f func(t *testing.T, db *DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, Open(t, d))
		})
	}
}

// Open returns a fresh, migrated database of the dialect for t, closed and
// dropped when t ends.
func Open(t testing.TB, d string) *DB {
	t.Helper()
	return open(t, New(t, d))
}

// Seeded returns a fresh database of the dialect holding what fill writes.
// fill runs once per test process and dialect for each name; each test gets
// a copy (PostgreSQL: a database made from a template; SQLite: a copy of
// the file), which is much faster than filling every test's database.
func Seeded(t testing.TB, d, name string, fill func(context.Context, *ent.Client) error) *DB {
	t.Helper()
	return open(t, SeededConfig(t, d, name, fill))
}

// SeededConfig is Seeded for a test that opens the database itself (a
// server under test).
func SeededConfig(t testing.TB, d, name string, fill func(context.Context, *ent.Client) error) database.Config {
	t.Helper()
	seededMu.Lock()
	s := seeded[d+"/"+name]
	if s == nil {
		s = &seededSource{}
		seeded[d+"/"+name] = s
	}
	seededMu.Unlock()
	s.once.Do(func() { s.err = s.build(t, d, name, fill) })
	if s.err != nil {
		t.Fatalf("preparing the %s data: %v", name, s.err)
	}
	if d == dialect.SQLite {
		cfg := New(t, d)
		b, err := os.ReadFile(s.file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cfg.SQLitePath, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	return database.Config{URL: newPostgres(t, s.template), MaxConns: 8}
}

var (
	seededMu sync.Mutex
	seeded   = map[string]*seededSource{}
)

// seededSource is a filled database that tests copy.
type seededSource struct {
	once     sync.Once
	err      error
	file     string // SQLite
	template string // PostgreSQL
}

func (s *seededSource) build(t testing.TB, d, name string, fill func(context.Context, *ent.Client) error) error {
	ctx := context.Background()
	var cfg database.Config
	if d == dialect.SQLite {
		dir, err := os.MkdirTemp("", "chanjiao-seeded-")
		if err != nil {
			return err
		}
		s.file = dir + "/" + name + ".db"
		cfg = database.Config{SQLitePath: s.file}
	} else {
		if _, err := prepare(t); err != nil {
			return err
		}
		s.template = "chanjiao_seed_" + randomHex(6)
		if _, err := admin.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", s.template, template)); err != nil {
			return err
		}
		// Marked with the time, so that later runs drop it (see prepareServer).
		admin.ExecContext(ctx, fmt.Sprintf("COMMENT ON DATABASE %s IS 'chanjiao test seed %d'", s.template, time.Now().Unix()))
		u := *adminURL
		u.Path = "/" + s.template
		cfg = database.Config{URL: u.String(), MaxConns: 4}
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		return err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	if err := fill(ctx, db.Client); err != nil {
		db.Close()
		return err
	}
	if d == dialect.SQLite {
		// Fold the write-ahead log into the file before it is copied.
		if _, err := db.SQL.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			db.Close()
			return err
		}
	}
	return db.Close()
}

func open(t testing.TB, cfg database.Config) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	watch := new(atomic.Pointer[func(string)])
	counted := ent.NewClient(ent.Driver(&counter{Driver: db.Driver, n: &n, watch: watch}))
	return &DB{DB: db, Config: cfg, Counted: counted, Statements: &n, watch: watch}
}

// New creates an empty database of the dialect for t and returns its
// configuration: a file in t's temporary directory for SQLite; for
// PostgreSQL a database with the migrations applied.
func New(t testing.TB, d string) database.Config {
	t.Helper()
	if d == dialect.SQLite {
		return database.Config{SQLitePath: t.TempDir() + "/test.db", MaxConns: 4}
	}
	return database.Config{URL: newPostgres(t, ""), MaxConns: 8}
}

// Empty creates an empty database of the dialect for t — on PostgreSQL
// without the migrations — and returns its configuration.
func Empty(t testing.TB, d string) database.Config {
	t.Helper()
	if d == dialect.SQLite {
		return New(t, d)
	}
	return database.Config{URL: newPostgres(t, "template0"), MaxConns: 8}
}

var (
	serverOnce sync.Once
	serverErr  error
	admin      *sql.DB
	adminURL   *url.URL
	template   string
)

// newPostgres creates a database for t from the template (the migrated
// template unless told otherwise) and returns its URL.
func newPostgres(t testing.TB, from string) string {
	t.Helper()
	if _, err := prepare(t); err != nil {
		t.Fatal(err)
	}
	name := "chanjiao_t_" + randomHex(6)
	ctx := context.Background()
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		// Concurrent copies of one template can collide briefly.
		if from == "" {
			from = template
		}
		if _, err = admin.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s LC_COLLATE 'C'", name, from)); err == nil {
			break
		}
		time.Sleep(time.Duration(50+attempt*25) * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
		}
	})
	u := *adminURL
	u.Path = "/" + name
	return u.String()
}

// prepare connects to the PostgreSQL server once per process; without one
// it skips t (or fails it, when CI is set).
func prepare(t testing.TB) (bool, error) {
	serverOnce.Do(func() { serverErr = prepareServer() })
	if serverErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required when CI is set: %v", serverErr)
		}
		t.Skipf("PostgreSQL not available (set TEST_DATABASE_URL): %v", serverErr)
	}
	return true, nil
}

// prepareServer connects to the server and makes sure the template
// database for the current migrations exists. Its name carries a hash of
// the migrations, so a changed migration gets a new template; the advisory
// lock keeps test processes running at once from building it twice.
func prepareServer() error {
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		raw = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	adminURL = u
	admin, err = sql.Open("postgres", raw)
	if err != nil {
		return err
	}
	admin.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		return err
	}
	versions, err := migrations.Versions()
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(strings.Join(versions, "\n") + migrations.Sum()))
	template = "chanjiao_tmpl_" + hex.EncodeToString(sum[:6])

	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7201)"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(7201)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", template).Scan(&exists); err != nil {
		return err
	}
	// Seeded copies of earlier test runs (an hour old: surely over).
	rows0, err := conn.QueryContext(ctx, `SELECT datname FROM pg_database d
		WHERE datname LIKE 'chanjiao_seed_%'
		AND coalesce(substring(shobj_description(d.oid, 'pg_database') from 'chanjiao test seed ([0-9]+)')::bigint, 0) < $1`,
		time.Now().Add(-time.Hour).Unix())
	if err != nil {
		return err
	}
	var old []string
	for rows0.Next() {
		var name string
		rows0.Scan(&name)
		old = append(old, name)
	}
	rows0.Close()
	for _, name := range old {
		conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	if exists {
		return nil
	}
	// Old templates of earlier migrations are no longer needed.
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'chanjiao_tmpl_%'")
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		stale = append(stale, name)
	}
	rows.Close()
	for _, name := range stale {
		conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	building := template + "_building"
	conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	// Byte-order collation, as SQLite's, so both sort names alike.
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"); err != nil {
		return err
	}
	bu := *u
	bu.Path = "/" + building
	db, err := sql.Open("postgres", bu.String())
	if err != nil {
		return err
	}
	_, err = migrations.Apply(ctx, db)
	db.Close()
	if err != nil {
		return fmt.Errorf("migrating the template: %w", err)
	}
	_, err = conn.ExecContext(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, template))
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// counter is a driver that counts the statements it sends.
// Watch calls f with every statement the Counted client sends from now
// until the test ends.
func (db *DB) Watch(t testing.TB, f func(query string)) {
	db.watch.Store(&f)
	t.Cleanup(func() { db.watch.Store(nil) })
}

type counter struct {
	dialect.Driver
	n     *atomic.Int64
	watch *atomic.Pointer[func(string)]
}

func (c *counter) sent(query string) {
	c.n.Add(1)
	if f := c.watch.Load(); f != nil {
		(*f)(query)
	}
}

func (c *counter) Exec(ctx context.Context, query string, args, v any) error {
	c.sent(query)
	return c.Driver.Exec(ctx, query, args, v)
}

func (c *counter) Query(ctx context.Context, query string, args, v any) error {
	c.sent(query)
	return c.Driver.Query(ctx, query, args, v)
}

func (c *counter) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := c.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &counterTx{Tx: tx, c: c}, nil
}

type counterTx struct {
	dialect.Tx
	c *counter
}

func (c *counterTx) Exec(ctx context.Context, query string, args, v any) error {
	c.c.sent(query)
	return c.Tx.Exec(ctx, query, args, v)
}

func (c *counterTx) Query(ctx context.Context, query string, args, v any) error {
	c.c.sent(query)
	return c.Tx.Query(ctx, query, args, v)
}

// Admin returns a connection to the PostgreSQL server (not to a test's
// database), for tests that act on databases from outside: cutting one off,
// terminating its backends.
func Admin(t testing.TB) *sql.DB {
	t.Helper()
	if _, err := prepare(t); err != nil {
		t.Fatal(err)
	}
	return admin
}

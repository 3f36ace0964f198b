package database_test

import (
	"context"
	"errors"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"chanjiao/ent/region"
	"chanjiao/internal/database"
	"chanjiao/internal/rule"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
)

// TestPreparedStatements: on PostgreSQL, statements with arguments, and
// queries without, are prepared once per connection and reused, in and out of transactions;
// after the connection's backend is terminated they are prepared again on
// the new one; with Unprepared, nothing is prepared.
func TestPreparedStatements(t *testing.T) {
	t.Parallel()
	ctx := rule.System(context.Background())
	for _, unprepared := range []bool{false, true} {
		cfg := testdb.New(t, dialect.Postgres)
		cfg.MaxConns, cfg.Unprepared = 1, unprepared // one session: pg_prepared_statements is per session
		db, err := database.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		prepared := func() int {
			t.Helper()
			var n int
			if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM pg_prepared_statements`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		find := func() {
			t.Helper()
			for range 3 {
				if n, err := db.Client.Region.Query().Where(region.Code("370000")).Count(ctx); err != nil || n != 0 {
					t.Fatalf("counting: %d, %v", n, err)
				}
			}
		}
		find()
		if n := prepared(); unprepared && n != 0 || !unprepared && n != 1 {
			t.Fatalf("unprepared=%v: %d statements prepared after one statement run three times", unprepared, n)
		}
		if unprepared {
			continue
		}
		// A search whose plan depends on its arguments is not prepared.
		for range 6 {
			if _, err := db.Client.Region.Query().Where(region.CodeHasPrefix("37")).Count(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := prepared(); n != 1 {
			t.Errorf("a LIKE search was prepared: %d statements", n)
		}
		// A query without arguments (a list's first page) is prepared too.
		for range 3 {
			if _, err := db.Client.Region.Query().Count(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := prepared(); n != 2 {
			t.Errorf("after a query without arguments: %d statements prepared, want 2", n)
		}

		// In a transaction: a new statement runs unprepared and is
		// prepared in the background; the next transaction uses it.
		create := func(code string) {
			t.Helper()
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Region.Create().SetName(code).SetCode(code).SetLevel(region.LevelProvince).Save(ctx); err != nil {
				tx.Rollback()
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		create("650000")
		deadline := time.Now().Add(10 * time.Second)
		for prepared() < 3 {
			if time.Now().After(deadline) {
				t.Fatal("the insert was not prepared in the background")
			}
			time.Sleep(10 * time.Millisecond)
		}
		before := prepared()
		create("640000")
		if n := prepared(); n != before {
			t.Errorf("a second transaction prepared %d more statements", n-before)
		}
		if n := db.Client.Region.Query().Where(region.CodeIn("650000", "640000")).CountX(ctx); n != 2 {
			t.Errorf("%d regions written, want 2", n)
		}

		// The backend goes away: the pool opens a new connection and
		// prepares the statement there again.
		u, _ := url.Parse(cfg.URL)
		if _, err := testdb.Admin(t).ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, u.Path[1:]); err != nil {
			t.Fatal(err)
		}
		var err2 error
		for range 3 { // the first use of the dead connection may fail
			if _, err2 = db.Client.Region.Query().Where(region.Code("370000")).Count(ctx); err2 == nil {
				break
			}
		}
		if err2 != nil {
			t.Fatalf("after the backend was terminated: %v", err2)
		}
		find()
		if n := prepared(); n != 1 {
			t.Errorf("after the backend was terminated: %d statements prepared on the new connection, want 1", n)
		}
	}
}

// TestReadsDoNotWatchTheirContext: with a statement timeout, a read outside
// a transaction starts no goroutine to watch its context (database/sql and
// lib/pq each start one for a context that can be cancelled), runs to its
// end when its context ends while it runs, and is ended by the timeout; a
// context already done starts none. Without a timeout, a read still stops
// when its context ends.
func TestReadsDoNotWatchTheirContext(t *testing.T) {
	t.Parallel()
	sys := rule.System(context.Background())
	// One after the other: each counts the goroutines of the process that
	// watch a statement's context (the package's other test's statements
	// have contexts that cannot be cancelled).
	for _, bounded := range []bool{true, false} {
		t.Run(map[bool]string{true: "timeout", false: "none"}[bounded], func(t *testing.T) {
			cfg := testdb.New(t, dialect.Postgres)
			cfg.StatementTimeout = 0
			if bounded {
				cfg.StatementTimeout = time.Second
			}
			db, err := database.Open(sys, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			read := func(ctx context.Context, query string, args ...any) (*entsql.Rows, error) {
				var rows entsql.Rows
				if err := db.Driver.Query(ctx, query, args, &rows); err != nil {
					return nil, err
				}
				return &rows, nil
			}
			drain := func(rows *entsql.Rows) error {
				defer rows.Close()
				for rows.Next() {
				}
				return rows.Err()
			}

			// The goroutines watching a read's context while its rows are
			// open.
			ctx, cancel := context.WithCancel(sys)
			rows, err := read(ctx, `SELECT "id" FROM "regions" WHERE "id" > $1`, 0)
			if err != nil {
				t.Fatal(err)
			}
			n, dump := watchers()
			if err := drain(rows); err != nil {
				t.Fatal(err)
			}
			cancel()
			if bounded && n > 0 || !bounded && n < 2 {
				t.Errorf("%d goroutines watch a read's context (statement timeout: %v):\n%s", n, bounded, dump)
			}

			// A context that ends while the statement runs.
			ctx, cancel = context.WithTimeout(sys, 20*time.Millisecond)
			defer cancel()
			rows, err = read(ctx, `SELECT pg_sleep(0.4) WHERE $1::int = 1`, 1)
			if err == nil {
				err = drain(rows)
			}
			if bounded && err != nil {
				t.Errorf("a read whose context ended while it ran: %v, want its result", err)
			}
			if !bounded && err == nil {
				t.Error("without a statement timeout, a read ran on after its context ended")
			}

			// A context already done.
			done, cancel := context.WithCancel(sys)
			cancel()
			if _, err := read(done, `SELECT 1 WHERE $1::int = 1`, 1); !errors.Is(err, context.Canceled) {
				t.Errorf("a read with its context done: %v, want context.Canceled", err)
			}

			if bounded {
				// The timeout ends a read that runs too long.
				rows, err := read(sys, `SELECT pg_sleep(5) WHERE $1::int = 1`, 1)
				if err == nil {
					err = drain(rows)
				}
				var pqErr *pq.Error
				if !errors.As(err, &pqErr) || pqErr.Code != "57014" {
					t.Errorf("a read past the statement timeout: %v, want query_canceled (57014)", err)
				}
			}
		})
	}
}

// watchers counts the goroutines of database/sql and lib/pq that watch a
// statement's context (by who created them: one not yet run shows no
// function of its own), and gives the dump it counted them in.
func watchers() (int, string) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "created by database/sql.(*Rows).initContextClose") || strings.Contains(g, "created by github.com/lib/pq.(*stmt).watchCancel") {
			n++
		}
	}
	return n, string(buf)
}

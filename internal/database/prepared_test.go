package database_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"chanjiao/ent/region"
	"chanjiao/internal/database"
	"chanjiao/internal/rule"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
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

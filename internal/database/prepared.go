package database

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// maxPrepared bounds the statements kept prepared: ent writes an IN list
// with one placeholder per value, so the texts are not a closed set. Past
// the bound, a new text runs unprepared.
const maxPrepared = 256

// preparedDriver is ent's driver over database/sql, with every statement
// that has arguments, and every query without (worthPreparing), prepared
// once per connection and reused (unless preparable says otherwise): PostgreSQL
// parses, analyses and (once its plan proves generic) plans it once
// instead of on every execution. Measured on the province dataset:
// createInternship 955–1,033 → 1,296–1,356 posts/s, node(id:) +30 %, the
// list pages +6–12 %; preparing the first page of a list as well, which
// has no arguments: (b) +8 % (BENCHMARKS.md). database/sql prepares a statement
// on each connection the first time it runs there, and again after a
// connection is replaced.
type preparedDriver struct {
	*entsql.Driver
	db    *sql.DB
	stmts *stmtCache
}

func newPreparedDriver(drv string, db *sql.DB) *preparedDriver {
	c := &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
	return &preparedDriver{
		Driver: entsql.NewDriver(drv, entsql.Conn{ExecQuerier: preparing{db: db, stmts: c}}),
		db:     db,
		stmts:  c,
	}
}

func (d *preparedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

func (d *preparedDriver) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &entsql.Tx{Conn: entsql.Conn{ExecQuerier: preparingTx{tx: tx, stmts: d.stmts}}, Tx: tx}, nil
}

// DB is the pool under the driver (entsql.Driver's own would assert its
// connection is one, and it is not).
func (d *preparedDriver) DB() *sql.DB { return d.db }

func (d *preparedDriver) Close() error {
	d.stmts.close()
	return d.db.Close()
}

// preparable reports whether a statement is worth preparing. After five
// runs PostgreSQL may plan a prepared statement once for any arguments, and
// that generic plan is blind where the arguments decide the plan: a LIKE
// pattern (an industry prefix uses the index only when the planner sees
// it) and a region subtree (a recursive query whose size the planner
// guesses). Prepared, the dashboards' figures for Zibo in manufacturing
// took 97 ms instead of 56 ms. Such searches run unprepared and are
// planned for their arguments each time; their parsing is small beside
// their execution.
func preparable(query string) bool {
	return !strings.Contains(query, " LIKE ") && !strings.Contains(query, "WITH RECURSIVE")
}

// worthPreparing reports whether a statement is one to prepare: one with
// arguments, or a query without them (the first page of a list), but not
// several statements in one (the notices of a commit, whose values are
// literals; PostgreSQL prepares one statement at a time).
func worthPreparing(query string, args []any) bool {
	return len(args) > 0 || strings.HasPrefix(query, "SELECT ") && !strings.Contains(query, ";")
}

type stmtCache struct {
	db      *sql.DB
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool // being prepared in the background
}

// get returns the statement prepared for query, or nil when the cache is
// full.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if !preparable(query) {
		return nil, nil
	}
	c.mu.RLock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxPrepared
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[query]; ok {
		st.Close()
		return prev, nil
	}
	c.stmts[query] = st
	return st, nil
}

// cached returns the statement prepared for query, if it is. On a miss
// it prepares it in the background, on a connection of the pool: a
// transaction holding a connection must not wait for another one (with
// every connection held by such transactions, none would come).
func (c *stmtCache) cached(query string) *sql.Stmt {
	if !preparable(query) {
		return nil
	}
	c.mu.RLock()
	st, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	start := !c.pending[query] && len(c.stmts)+len(c.pending) < maxPrepared
	if start {
		c.pending[query] = true
	}
	c.mu.Unlock()
	if start {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c.get(ctx, query) // an error leaves it unprepared; the next miss tries again
			c.mu.Lock()
			delete(c.pending, query)
			c.mu.Unlock()
		}()
	}
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}

type preparing struct {
	db    *sql.DB
	stmts *stmtCache
}

func (p preparing) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if worthPreparing(query, args) {
		st, err := p.stmts.get(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			return st.ExecContext(ctx, args...)
		}
	}
	return p.db.ExecContext(ctx, query, args...)
}

func (p preparing) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if worthPreparing(query, args) {
		st, err := p.stmts.get(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return p.db.QueryContext(ctx, query, args...)
}

type preparingTx struct {
	tx    *sql.Tx
	stmts *stmtCache
}

func (p preparingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if worthPreparing(query, args) {
		if st := p.stmts.cached(query); st != nil {
			return p.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		}
	}
	return p.tx.ExecContext(ctx, query, args...)
}

func (p preparingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if worthPreparing(query, args) {
		if st := p.stmts.cached(query); st != nil {
			return p.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		}
	}
	return p.tx.QueryContext(ctx, query, args...)
}

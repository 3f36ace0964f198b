package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"sync"
	"time"

	"chanjiao/internal/auth"
	"chanjiao/internal/database"
	"chanjiao/internal/gen"
	"chanjiao/internal/metrics"
	"chanjiao/internal/notices"
	"chanjiao/internal/seed"

	"github.com/gorilla/websocket"
)

// Main is the running server: its database, HTTP listener and handlers.
// Tests start it on port 0 with Run and stop it with Close.
type Main struct {
	cfg Config
	log *slog.Logger

	db       *database.DB
	auth     *auth.Service
	hub      *notices.Hub
	notify   *notices.Listener // PostgreSQL only
	ws       *gorillaWebsocket
	stop     context.CancelFunc // ends the background work (the hub, the listener)
	bg       sync.WaitGroup
	listener net.Listener
	http     *http.Server
	debug    *http.Server
	metrics  *metrics.Metrics
	served   chan error

	requests    *requestMetrics
	proxies     []netip.Prefix
	trusted     *trustedDocuments
	addressRate *rateLimiter
	tokenRate   *rateLimiter
}

// NewMain returns a server for cfg; Run starts it.
func NewMain(cfg Config) *Main {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.WebsocketPing == 0 {
		cfg.WebsocketPing = 15 * time.Second
	}
	if cfg.WebsocketWriteTimeout == 0 {
		cfg.WebsocketWriteTimeout = 10 * time.Second
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 15 * time.Second
	}
	cfg = withDefaults(cfg)
	return &Main{
		cfg:         cfg,
		log:         cfg.Logger,
		requests:    newRequestMetrics(),
		addressRate: newRateLimiter(cfg.RatePerAddress),
		tokenRate:   newRateLimiter(cfg.RatePerToken),
	}
}

// Run opens and migrates the database, seeds it if asked, and starts
// serving. It returns once the listener is open; serving goes on until Close.
func (m *Main) Run(ctx context.Context) error {
	proxies, err := parseProxies(m.cfg.TrustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	m.proxies = proxies
	if m.cfg.TrustedDocuments != "" {
		if m.trusted, err = loadTrusted(m.cfg.TrustedDocuments); err != nil {
			return fmt.Errorf("--trusted-documents: %w", err)
		}
	}
	db, err := openDatabase(ctx, m.cfg)
	if err != nil {
		return err
	}
	m.db = db
	m.auth = auth.New(db.Client, auth.Config{TokenTTL: m.cfg.TokenTTL})
	m.hub = notices.NewHub(db.Client, m.log, notices.Config{Buffer: m.cfg.SubscriberBuffer, Poll: m.cfg.NoticePoll})
	if m.cfg.DatabaseURL == "" {
		// SQLite has no notifications: commits in this process ring the
		// hub. On PostgreSQL the listener hears every commit, this
		// server's too; ringing on commit as well would read the feed
		// twice per posting.
		db.Client.Use(notices.RingOnCommit(m.hub))
	}
	if err := m.seed(ctx); err != nil {
		return err
	}

	// Background work lives until Close, not until the ctx of Run.
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	m.stop = stop
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		m.hub.Run(bg)
	}()
	if m.cfg.DatabaseURL != "" {
		if m.notify, err = notices.Listen(bg, m.cfg.DatabaseURL, m.hub, m.log); err != nil {
			return fmt.Errorf("listening for notices: %w", err)
		}
	}
	m.ws = newGorillaWebsocket(m.cfg.WebsocketWriteTimeout)
	m.metrics = m.newMetrics()

	m.listener, err = net.Listen("tcp", m.cfg.Addr)
	if err != nil {
		return err
	}
	m.http = &http.Server{
		Handler:           m.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.http.Serve(m.listener) }()
	if m.cfg.DebugAddr != "" {
		debug := http.NewServeMux()
		debug.HandleFunc("/debug/pprof/", pprof.Index)
		debug.HandleFunc("/debug/pprof/profile", pprof.Profile)
		debug.HandleFunc("/debug/pprof/trace", pprof.Trace)
		debug.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		debug.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		m.debug = &http.Server{Addr: m.cfg.DebugAddr, Handler: debug, ReadHeaderTimeout: 10 * time.Second}
		go m.debug.ListenAndServe()
	}
	m.log.Info("serving", "addr", m.Addr(), "graphiql", "http://"+m.displayAddr()+"/", "database", database.Redact(m.databaseConfig()))
	return nil
}

// openDatabase opens the configured database and brings its schema up to date.
func openDatabase(ctx context.Context, cfg Config) (*database.DB, error) {
	dbcfg := databaseConfig(cfg)
	db, err := database.Open(ctx, dbcfg)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, v := range applied {
		cfg.Logger.Info("applied migration", "version", v)
	}
	return db, nil
}

func databaseConfig(cfg Config) database.Config {
	return database.Config{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath, MaxConns: cfg.MaxDBConns, StatementTimeout: cfg.DBStatementTimeout, Unprepared: cfg.DBUnprepared}
}

func (m *Main) databaseConfig() database.Config { return databaseConfig(m.cfg) }

// seed loads the demo data into an empty database when configured to: by
// default only into the embedded SQLite database.
func (m *Main) seed(ctx context.Context) error {
	want := m.cfg.Seed
	if want == "" && m.cfg.DatabaseURL == "" {
		want = "demo"
	}
	if want != "demo" {
		return nil
	}
	empty, err := m.db.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		m.log.Info("database already holds data; demo data not loaded")
		return nil
	}
	start := time.Now()
	if err := seed.Demo(ctx, m.db.Client, start); err != nil {
		return fmt.Errorf("loading the demo data: %w", err)
	}
	m.log.Info("loaded the demo data", "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// Migrate applies the pending PostgreSQL migrations and returns.
func Migrate(ctx context.Context, cfg Config) error {
	if cfg.DatabaseURL == "" {
		return errors.New("migrate needs DATABASE_URL (the embedded SQLite database migrates itself at start)")
	}
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	return db.Close()
}

// Addr is the address the server listens on (with the real port when
// configured with port 0).
func (m *Main) Addr() string {
	if m.listener == nil {
		return m.cfg.Addr
	}
	return m.listener.Addr().String()
}

func (m *Main) displayAddr() string {
	host, port, err := net.SplitHostPort(m.Addr())
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// Client returns the server's ent client (for tests).
func (m *Main) DB() *database.DB { return m.db }

// Close stops accepting connections, ends every subscription (its client
// is told to resubscribe elsewhere) and closes the websockets with 1001
// (going away), lets in-flight requests finish within the shutdown timeout,
// and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stop != nil {
		open := m.hub.Subscribers()
		m.stop()
		m.bg.Wait() // the hub has ended every subscription
		m.stop = nil
		// gqlgen sends each ended subscription its error from its own
		// goroutine: give them a moment before the sockets close.
		if open > 0 {
			time.Sleep(min(time.Second, 50*time.Millisecond+time.Duration(open)*20*time.Microsecond))
		}
	}
	if m.ws != nil {
		m.ws.CloseAll(websocket.CloseGoingAway, "server shutting down")
	}
	if m.debug != nil {
		m.debug.Close()
		m.debug = nil
	}
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), m.cfg.ShutdownTimeout)
		defer cancel()
		if err := m.http.Shutdown(ctx); err != nil {
			errs = append(errs, err)
			m.http.Close()
		}
		if err := <-m.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
		m.http = nil
	}
	if m.db != nil {
		errs = append(errs, m.db.Close())
		m.db = nil
	}
	return errors.Join(errs...)
}

// Generate fills an empty PostgreSQL database with a platform at scale
// (the gen command), after applying the migrations.
func Generate(ctx context.Context, cfg Config) error {
	if cfg.DatabaseURL == "" {
		return errors.New("gen writes into PostgreSQL: set DATABASE_URL")
	}
	scale, ok := gen.Scales[cfg.GenScale]
	if !ok {
		return fmt.Errorf("--scale must be city or province, not %q", cfg.GenScale)
	}
	now := time.Now().Truncate(24 * time.Hour)
	if cfg.GenNow != "" {
		t, err := time.Parse(time.RFC3339, cfg.GenNow)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		now = t
	}
	cfg.DBStatementTimeout = 0 // loading and indexing a million rows takes longer than a request may
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := gen.Generate(ctx, db.SQL, gen.Options{Scale: scale, Seed: cfg.GenSeed, Now: now, Log: cfg.Logger})
	if err != nil {
		return err
	}
	if err := gen.CreateAccounts(ctx, db.Client); err != nil {
		return err
	}
	cfg.Logger.Info("generated the platform", "scale", cfg.GenScale, "rows", report.Rows,
		"seconds", report.Elapsed.Seconds(), "rows_per_second", int64(report.RowsPerSecond()))
	// VACUUM as well as ANALYZE: a table loaded by COPY has no page marked
	// all-visible until a vacuum, so the index-only scans the dashboards'
	// statistics are built on read the table's rows too (Zibo's figures
	// 49.7 ms against 32.7 ms after it, BENCHMARKS.md); autovacuum would
	// come to it in time, or never where it is off.
	_, err = db.SQL.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}

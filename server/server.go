package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"sync"
	"time"

	"chanjiao"
	"chanjiao/graph"
	"chanjiao/internal/auth"
	"chanjiao/internal/database"
	"chanjiao/internal/metrics"
	"chanjiao/internal/notices"
	"chanjiao/internal/seed"
	"chanjiao/internal/viewer"
	"chanjiao/internal/webassets"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
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
	return &Main{cfg: cfg, log: cfg.Logger}
}

// Run opens and migrates the database, seeds it if asked, and starts
// serving. It returns once the listener is open; serving goes on until Close.
func (m *Main) Run(ctx context.Context) error {
	db, err := openDatabase(ctx, m.cfg)
	if err != nil {
		return err
	}
	m.db = db
	m.auth = auth.New(db.Client, auth.Config{TokenTTL: m.cfg.TokenTTL})
	m.hub = notices.NewHub(db.Client, m.log, notices.Config{Buffer: m.cfg.SubscriberBuffer, Poll: m.cfg.NoticePoll})
	db.Client.Use(notices.RingOnCommit(m.hub))
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
	return database.Config{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath, MaxConns: cfg.MaxDBConns}
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

func (m *Main) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", m.authenticate(m.checkUpgrade(m.graphqlHandler())))
	mux.Handle("GET /{$}", webassets.GraphiQL())
	mux.Handle("GET /assets/", webassets.Assets())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", m.ready)
	mux.Handle("GET /metrics", m.metrics.Handler())
	return mux
}

func (m *Main) graphqlHandler() http.Handler {
	client := m.db.Client
	srv := handler.New(graph.NewSchema(client, m.auth, m.hub))
	readLimit := int64(64 << 10)
	srv.AddTransport(transport.Websocket{
		Implementation: m.ws,
		InitFunc:       m.websocketInit,
		InitTimeout:    10 * time.Second,
		// graphql-ws keeps alive with its own messages; graphql-transport-ws
		// with ping/pong, and a client that misses two pongs is dropped.
		KeepAlivePingInterval: m.cfg.WebsocketPing,
		PingPongInterval:      m.cfg.WebsocketPing,
		PayloadReadLimit:      &readLimit,
		ErrorFunc: func(ctx context.Context, err error) {
			m.log.DebugContext(ctx, "websocket", "error", err)
		},
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(entgql.Transactioner{TxOpener: client})
	srv.Use(graph.SubscriptionErrors{})
	srv.SetErrorPresenter(graph.ErrorPresenter(m.log))
	srv.SetRecoverFunc(graph.Recover(m.log))
	return srv
}

// newMetrics registers what the server measures besides requests.
func (m *Main) newMetrics() *metrics.Metrics {
	reg := metrics.New()
	reg.DB(m.db.SQL, "chanjiao")
	reg.Gauge("chanjiao_websockets_open", "Open websocket connections.", func() float64 { return float64(m.ws.Open()) })
	reg.Gauge("chanjiao_subscriptions_open", "Open subscriptions.", func() float64 { return float64(m.hub.Subscribers()) })
	reg.Counter("chanjiao_notices_published_total", "Notices this server read and fanned out.", func() float64 { return float64(m.hub.Published.Load()) })
	reg.Counter("chanjiao_notices_delivered_total", "Notices handed to subscriptions.", func() float64 { return float64(m.hub.Delivered.Load()) })
	reg.Counter("chanjiao_notices_dropped_total", "Subscriptions ended because they fell behind.", func() float64 { return float64(m.hub.Dropped.Load()) })
	if m.cfg.DatabaseURL != "" {
		reg.Gauge("chanjiao_notice_listener_up", "1 when the PostgreSQL notice listener is connected.", func() float64 {
			if m.notify.Connected() {
				return 1
			}
			return 0
		})
	}
	return reg
}

// authenticate puts the caller into the request's context: the viewer of
// the bearer token, if one is sent. A request with a bad token is refused
// with 401 rather than served as anonymous, so a client that meant to sign
// in finds out at once.
func (m *Main) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := auth.WithClientAddr(r.Context(), clientAddr(r))
		if header := r.Header.Get("Authorization"); header != "" {
			token, ok := strings.CutPrefix(header, "Bearer ")
			if !ok {
				writeError(w, http.StatusUnauthorized, chanjiao.Errorf(chanjiao.Unauthenticated, "the Authorization header must be: Bearer <token>"))
				return
			}
			v, err := m.auth.Authenticate(ctx, strings.TrimSpace(token))
			if err != nil {
				if chanjiao.ErrorCode(err) != chanjiao.Unauthenticated {
					m.log.ErrorContext(ctx, "authenticating", "error", err)
					writeError(w, http.StatusServiceUnavailable, chanjiao.Errorf(chanjiao.Unavailable, "cannot check the token now; try again"))
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				writeError(w, http.StatusUnauthorized, err)
				return
			}
			ctx = auth.WithToken(viewer.NewContext(ctx, v), token)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// checkUpgrade refuses websocket handshakes from other origins, and
// malformed ones, before gqlgen sees them (gqlgen would log and answer a
// failed upgrade twice).
func (m *Main) checkUpgrade(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			switch {
			case !websocket.IsWebSocketUpgrade(r) || r.Method != http.MethodGet || r.Header.Get("Sec-Websocket-Key") == "":
				writeHTTPError(w, http.StatusBadRequest, "not a websocket handshake")
				return
			case !originAllowed(r, m.cfg.AllowedOrigins):
				writeHTTPError(w, http.StatusForbidden, "origin not allowed: "+r.Header.Get("Origin"))
				return
			}
			detach(next, w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// detach serves a websocket on a goroutine of its own and returns as soon
// as the connection is hijacked. net/http keeps its buffers, the request
// and the grown stack of its goroutine until the handler returns, which for
// a websocket would be when it closes: some 10 KiB per idle subscriber.
// The connection outlives the request, so its context is detached from the
// request's (Close ends websockets itself), and it keeps only the headers
// the handshake reads.
func detach(next http.Handler, w http.ResponseWriter, r *http.Request) {
	header := http.Header{}
	for _, k := range []string{"Connection", "Upgrade", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Protocol"} {
		if v, ok := r.Header[k]; ok {
			header[k] = v
		}
	}
	ws := (&http.Request{Method: r.Method, Host: r.Host, RemoteAddr: r.RemoteAddr, Header: header}).
		WithContext(context.WithoutCancel(r.Context()))
	hj := &hijackSignal{ResponseWriter: w, hijacked: make(chan struct{})}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		next.ServeHTTP(hj, ws)
	}()
	select {
	case <-hj.hijacked:
	case <-finished: // the handshake failed; the response was written
	}
}

// hijackSignal tells when the connection has been hijacked.
type hijackSignal struct {
	http.ResponseWriter
	hijacked chan struct{}
}

// Hijack hijacks the connection and lets go of net/http's response, which
// holds the request's buffers (gqlgen keeps the writer for the whole
// connection, and does not use it once the connection is hijacked).
func (h *hijackSignal) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err == nil {
		h.ResponseWriter = nil
		close(h.hijacked)
	}
	return conn, rw, err
}

// websocketInit authenticates a websocket from its connection_init
// payload, {"Authorization": "Bearer <token>"}: the same token, roles and
// privacy as over HTTP. Without one the connection is anonymous (or keeps
// the Authorization header of the handshake, for programs that send one).
func (m *Main) websocketInit(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	header := payload.Authorization()
	if header == "" {
		return ctx, nil, nil
	}
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return ctx, nil, chanjiao.Errorf(chanjiao.Unauthenticated, "the Authorization must be: Bearer <token>")
	}
	v, err := m.auth.Authenticate(ctx, strings.TrimSpace(token))
	if err != nil {
		return ctx, nil, err
	}
	return auth.WithToken(viewer.NewContext(ctx, v), token), nil, nil
}

// writeHTTPError answers a request refused before GraphQL with a JSON body.
func writeHTTPError(w http.ResponseWriter, status int, message string) {
	code := chanjiao.BadUserInput
	if status == http.StatusForbidden {
		code = chanjiao.Forbidden
	}
	writeError(w, status, chanjiao.Errorf(code, "%s", message))
}

// clientAddr is the caller's IP address.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeError answers with a GraphQL error response outside of execution.
func writeError(w http.ResponseWriter, status int, err error) {
	code := chanjiao.ErrorCode(err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": err.Error(), "extensions": map[string]any{"code": code}}},
	})
}

// ready answers whether this replica can serve: the database answers and
// its schema is current.
func (m *Main) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{}
	status := http.StatusOK
	if err := m.db.SQL.PingContext(ctx); err != nil {
		checks["database"] = "unreachable"
		status = http.StatusServiceUnavailable
	} else {
		checks["database"] = "ok"
		switch pending, err := m.db.PendingMigrations(ctx); {
		case err != nil:
			checks["migrations"] = "unknown"
			status = http.StatusServiceUnavailable
		case len(pending) > 0:
			checks["migrations"] = fmt.Sprintf("%d pending", len(pending))
			status = http.StatusServiceUnavailable
		default:
			checks["migrations"] = "ok"
		}
	}
	if m.cfg.DatabaseURL != "" {
		if m.notify.Connected() {
			checks["listener"] = "ok"
		} else {
			checks["listener"] = "disconnected"
			status = http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"ready": status == http.StatusOK, "checks": checks})
}

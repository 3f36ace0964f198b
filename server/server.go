package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"chanjiao"
	"chanjiao/graph"
	"chanjiao/internal/auth"
	"chanjiao/internal/database"
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
		}
		next.ServeHTTP(w, r)
	})
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

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"chanjiao"
	"chanjiao/graph"
	"chanjiao/internal/auth"
	"chanjiao/internal/metrics"
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

// routes is the server's HTTP surface. /graphql goes through, in order:
// request IDs, logging and metrics; CORS; the rate limit per client
// address; authentication (and the rate limit per token); the execution
// timeout (not for websockets); then websocket handshakes are checked and
// detached, and everything else reaches gqlgen's transports.
func (m *Main) routes() http.Handler {
	mux := http.NewServeMux()
	gql := m.graphqlHandler()
	mux.Handle("/graphql", m.observe(m.cors(m.limitAddress(m.authenticate(m.limitToken(m.timeout(m.checkUpgrade(gql))))))))
	if !m.cfg.Production {
		mux.Handle("GET /{$}", webassets.GraphiQL())
	}
	// The dashboard is for production screens too.
	mux.Handle("GET /dashboard", webassets.Dashboard())
	mux.Handle("GET /assets/", webassets.Assets())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", m.ready)
	mux.Handle("GET /metrics", m.metrics.Handler())
	return mux
}

// graphqlHandler is gqlgen's server with the project's transports and
// extensions.
func (m *Main) graphqlHandler() http.Handler {
	client := m.db.Client
	srv := handler.New(graph.NewSchema(client, m.auth, m.hub, m.cfg.StatsTTL))
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
	srv.AddTransport(httpTransport{maxBody: m.cfg.MaxBodyBytes, compressMin: m.cfg.CompressMin})
	srv.SetParserTokenLimit(m.cfg.MaxTokens)
	srv.SetQueryCache(pagingCache{Cache: lru.New[*ast.QueryDocument](1000), defaultPage: m.cfg.Limits.DefaultPage})
	if m.cfg.Production {
		srv.SetDisableSuggestion(true)
	} else {
		srv.Use(extension.Introspection{})
	}
	if m.trusted != nil {
		srv.Use(m.trusted) // before APQ: a persisted query must be trusted too
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(operationLimits{Limits: m.cfg.Limits, noIntrospection: m.cfg.Production})
	srv.Use(subscriptionCap{max: m.cfg.MaxSubscriptionsPerConnection})
	srv.Use(operationObserver{metrics: m.requests})
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
	reg.Register(m.requests.requests, m.requests.duration, m.requests.errors)
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
		ctx := r.Context()
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
			if !m.ws.admit(auth.ClientAddr(r.Context()), m.cfg.MaxWebsocketsPerAddress) {
				w.Header().Set("Retry-After", "10")
				writeError(w, http.StatusTooManyRequests, chanjiao.Errorf(chanjiao.RateLimited, "this address has %d websockets open already", m.cfg.MaxWebsocketsPerAddress))
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
	ctx = withConnectionCounter(ctx)
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

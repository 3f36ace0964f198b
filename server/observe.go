package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"time"

	"chanjiao/internal/auth"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
)

// requestInfo is what a request's handlers learn about it for its log line
// and metrics: the operation and the error codes of its response.
type requestInfo struct {
	mu        sync.Mutex
	operation string
	codes     []string
}

type requestInfoKey struct{}

func infoOf(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// requestMetrics are the metrics of GraphQL requests.
type requestMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	errors   *prometheus.CounterVec

	mu    sync.Mutex
	names map[string]bool // operation names used as label values
}

func newRequestMetrics() *requestMetrics {
	return &requestMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chanjiao_graphql_requests_total",
			Help: "GraphQL requests over HTTP by operation name and outcome (ok, error, refused).",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chanjiao_graphql_request_duration_seconds",
			Help:    "Time to answer GraphQL requests over HTTP, by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chanjiao_graphql_errors_total",
			Help: "GraphQL errors returned, by extensions.code.",
		}, []string{"code"}),
		names: map[string]bool{},
	}
}

// maxOperationLabels bounds the operation names kept as label values:
// clients choose them, and every one would be a time series.
const maxOperationLabels = 200

func (rm *requestMetrics) label(name string) string {
	if name == "" {
		return "(anonymous)"
	}
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if !rm.names[name] {
		if len(rm.names) >= maxOperationLabels {
			return "(other)"
		}
		rm.names[name] = true
	}
	return name
}

// validRequestID is what an incoming X-Request-ID may look like to be kept.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// observe gives every request an ID (X-Request-ID, kept when the caller
// sends a sane one), finds the client's address, and logs and measures
// the request when it ends: one log line with the ID, the operation, the
// status and the duration — never the body, a token or a password.
func (m *Main) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !validRequestID.MatchString(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		addr := m.clientAddr(r)
		info := &requestInfo{}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		ctx = auth.WithClientAddr(ctx, addr)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.hijacked {
			return // a websocket: logged by its connection
		}
		elapsed := time.Since(start)
		info.mu.Lock()
		op, codes := m.requests.label(info.operation), append([]string(nil), info.codes...)
		info.mu.Unlock()
		outcome := "ok"
		switch {
		case rec.status >= 400 && len(codes) == 0:
			outcome = "refused"
		case len(codes) > 0:
			outcome = "error"
		}
		m.requests.requests.WithLabelValues(op, outcome).Inc()
		m.requests.duration.WithLabelValues(op).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		m.log.LogAttrs(ctx, level, "request", slog.String("request_id", id),
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("operation", info.operation), slog.Int("status", rec.status),
			slog.Duration("duration", elapsed), slog.String("client", addr),
			slog.Any("error_codes", codes))
	})
}

// statusRecorder remembers the response status, and whether the
// connection was hijacked (a websocket).
type statusRecorder struct {
	http.ResponseWriter
	status   int
	wrote    bool
	hijacked bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Hijack hands the connection over (to a websocket).
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	s.hijacked = true
	return http.NewResponseController(s.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// operationObserver records each operation's name and the codes of its
// errors for the request's log line and metrics.
type operationObserver struct{ metrics *requestMetrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = operationObserver{}

func (operationObserver) ExtensionName() string                   { return "OperationObserver" }
func (operationObserver) Validate(graphql.ExecutableSchema) error { return nil }

func (o operationObserver) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info := infoOf(ctx)
	var name string
	if graphql.HasOperationContext(ctx) {
		if rc := graphql.GetOperationContext(ctx); rc.Operation != nil {
			name = rc.OperationName
			if name == "" {
				name = rc.Operation.Name
			}
		}
	}
	if resp == nil {
		return resp
	}
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = "UNKNOWN"
		}
		o.metrics.errors.WithLabelValues(code).Inc()
		if info != nil {
			info.mu.Lock()
			info.codes = append(info.codes, code)
			info.mu.Unlock()
		}
	}
	if info != nil {
		info.mu.Lock()
		info.operation = name
		info.mu.Unlock()
	}
	return resp
}

// clientAddr is the client's IP address: the peer's, or — when the peer is
// a trusted proxy — the last address in X-Forwarded-For that is not a
// trusted proxy itself.
func (m *Main) clientAddr(r *http.Request) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	if len(m.proxies) == 0 || !m.trustedProxy(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if !m.trustedProxy(hop) {
			return hop
		}
	}
	return peer
}

func (m *Main) trustedProxy(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range m.proxies {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// parseProxies reads addresses and CIDR ranges.
func parseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		if !strings.Contains(s, "/") {
			ip, err := netip.ParseAddr(s)
			if err != nil {
				return nil, err
			}
			s = netip.PrefixFrom(ip, ip.BitLen()).String()
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

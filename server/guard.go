package main

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"chanjiao"
	"chanjiao/internal/auth"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// cors answers cross-origin requests from the configured origins only. A
// page of another origin gets no CORS headers, so its browser does not let
// it read responses (and cannot send JSON POSTs at all: those need a
// preflight, which it fails).
func (m *Main) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := origin != "" && r.Header.Get("Upgrade") == "" && m.corsAllowed(origin)
		if allowed {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After")
		}
		if r.Method == http.MethodOptions {
			if allowed {
				h := w.Header()
				h.Set("Access-Control-Allow-Methods", "GET, POST")
				h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-ID")
				h.Set("Access-Control-Max-Age", "600")
			}
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (m *Main) corsAllowed(origin string) bool {
	for _, a := range m.cfg.AllowedOrigins {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), origin) {
			return true
		}
	}
	return false
}

// limitAddress refuses a client address over its request rate with 429.
func (m *Main) limitAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wait := m.addressRate.take("addr:"+auth.ClientAddr(r.Context()), time.Now()); wait > 0 {
			tooMany(w, wait, "too many requests from this address")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitToken refuses a sign-in token over its request rate with 429.
func (m *Main) limitToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token := auth.Token(r.Context()); token != "" {
			if wait := m.tokenRate.take("token:"+token, time.Now()); wait > 0 {
				tooMany(w, wait, "too many requests with this token")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func tooMany(w http.ResponseWriter, wait time.Duration, message string) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	writeError(w, http.StatusTooManyRequests, chanjiao.Errorf(chanjiao.RateLimited, "%s; retry after %s", message, wait.Round(time.Millisecond)))
}

// timeout bounds an HTTP request's execution (websockets live on).
func (m *Main) timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" || m.cfg.RequestTimeout <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), m.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// rateLimiter is a token bucket per key: rate tokens a second, up to
// twice as many saved up. Buckets idle long enough to be full again are
// dropped. A zero rate admits everything.
type rateLimiter struct {
	rate    float64
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(rate float64) *rateLimiter {
	return &rateLimiter{rate: rate, buckets: map[string]*bucket{}}
}

// take spends a token of key; it returns 0, or how long to wait for one.
func (l *rateLimiter) take(key string, now time.Time) time.Duration {
	if l == nil || l.rate <= 0 {
		return 0
	}
	burst := 2 * l.rate
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.at).Seconds()*l.rate >= burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return 0
}

// subscriptionCap refuses a websocket's operation beyond the cap on
// operations running at once on one connection.
type subscriptionCap struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = subscriptionCap{}

func (subscriptionCap) ExtensionName() string                   { return "SubscriptionCap" }
func (subscriptionCap) Validate(graphql.ExecutableSchema) error { return nil }

type connectionOpsKey struct{}

// withConnectionCounter marks a websocket connection's context, for the cap.
func withConnectionCounter(ctx context.Context) context.Context {
	return context.WithValue(ctx, connectionOpsKey{}, new(atomic.Int64))
}

func (c subscriptionCap) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	running, _ := ctx.Value(connectionOpsKey{}).(*atomic.Int64)
	if running == nil || c.max <= 0 {
		return next(ctx)
	}
	if running.Add(1) > int64(c.max) {
		running.Add(-1)
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    "this connection runs " + strconv.Itoa(c.max) + " operations already: stop one, or open another connection",
			Extensions: map[string]any{"code": string(chanjiao.RateLimited)},
		}}})
	}
	var once sync.Once
	done := func() { once.Do(func() { running.Add(-1) }) }
	context.AfterFunc(ctx, done)
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil {
			done()
		}
		return resp
	}
}

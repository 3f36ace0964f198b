package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Config is everything the server is told. Flags override environment
// variables; nothing below this package reads either.
type Config struct {
	// Addr is the listen address (--addr, ADDR; default :8080).
	Addr string
	// DatabaseURL selects PostgreSQL (DATABASE_URL); empty selects SQLite.
	DatabaseURL string
	// SQLitePath is the embedded database file (--sqlite; default chanjiao.db).
	SQLitePath string
	// Seed is "demo", "none", or "" for the default: demo data on an empty
	// embedded database, nothing otherwise (--seed, SEED).
	Seed string
	// MaxDBConns caps the database pool (--db-max-conns, DB_MAX_CONNS).
	MaxDBConns int
	// AllowedOrigins are the browser origins, besides this server's own,
	// whose pages may open websockets (--allowed-origins, ALLOWED_ORIGINS;
	// comma-separated; "*" for any).
	AllowedOrigins []string
	// GCHeadroomMiB is how far the heap may grow between collections at the
	// least, however small the live heap (--gc-headroom, GC_HEADROOM; 0:
	// Go's percentage alone; GOGC set overrides it).
	GCHeadroomMiB uint64
	// StatsTTL is how long the dashboards' figures are shared by callers
	// asking for the same filter (a notice refreshes them sooner).
	StatsTTL time.Duration
	// WebsocketPing is the keep-alive interval on websockets.
	WebsocketPing time.Duration
	// WebsocketWriteTimeout cuts off a client that does not take a message.
	WebsocketWriteTimeout time.Duration
	// SubscriberBuffer is how many notices a subscription may have
	// undelivered before it is closed as too slow.
	SubscriberBuffer int
	// NoticePoll is how often the notice hub reads the notice table
	// unprompted, in case a notification was lost.
	NoticePoll time.Duration
	// Production turns off introspection, GraphiQL and field suggestions,
	// and logs JSON (--production, PRODUCTION=1).
	Production bool
	// TrustedDocuments, when set, is a file of the only operations that may
	// run, by SHA-256 (--trusted-documents).
	TrustedDocuments string
	// Limits bound each GraphQL operation.
	Limits Limits
	// MaxBodyBytes caps a request body (413 beyond).
	MaxBodyBytes int64
	// CompressMin is the smallest response body sent with gzip to a
	// client that accepts it (--compress-min); 0: none is.
	CompressMin int
	// MaxTokens caps the tokens of a query before it is parsed further.
	MaxTokens int
	// RequestTimeout bounds the execution of an HTTP request.
	RequestTimeout time.Duration
	// DBUnprepared runs PostgreSQL statements unprepared (--db-prepare=false).
	DBUnprepared bool
	// DBStatementTimeout bounds one SQL statement (PostgreSQL).
	DBStatementTimeout time.Duration
	// MaxSubscriptionsPerConnection caps the operations of one websocket.
	MaxSubscriptionsPerConnection int
	// MaxWebsocketsPerAddress caps the websockets of one client address (0: no cap).
	MaxWebsocketsPerAddress int
	// RatePerAddress and RatePerToken are the requests a second (with
	// bursts of twice as many) one client address and one token may make;
	// 0 turns the limit off.
	RatePerAddress, RatePerToken float64
	// TrustedProxies are the addresses of load balancers whose
	// X-Forwarded-For names the client.
	TrustedProxies []string
	// GenScale, GenSeed and GenNow drive the gen command (--scale, --random-seed, --now).
	GenScale string
	GenSeed  uint64
	GenNow   string
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) on a
	// separate listener, for operators: keep it on loopback.
	DebugAddr string
	// TokenTTL is how long a sign-in lasts (--token-ttl, TOKEN_TTL).
	TokenTTL time.Duration
	// ShutdownTimeout bounds a graceful shutdown.
	ShutdownTimeout time.Duration
	// LogLevel is the minimum level logged (--log-level, LOG_LEVEL).
	LogLevel slog.Level

	Logger *slog.Logger
}

// ParseConfig reads the configuration of command from args and the
// environment.
func ParseConfig(command string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	cfg := Config{
		Addr:            or(getenv("ADDR"), ":8080"),
		DatabaseURL:     getenv("DATABASE_URL"),
		SQLitePath:      or(getenv("SQLITE_PATH"), "chanjiao.db"),
		Seed:            getenv("SEED"),
		ShutdownTimeout: 15 * time.Second,
	}
	fs := flag.NewFlagSet("server "+command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "PostgreSQL URL, postgres://…; empty for the embedded SQLite database (env DATABASE_URL)")
	fs.StringVar(&cfg.SQLitePath, "sqlite", cfg.SQLitePath, "embedded SQLite database file, used without a database URL (env SQLITE_PATH)")
	fs.StringVar(&cfg.Seed, "seed", cfg.Seed, "demo: load the demo data into an empty database; none: never (default: demo on an empty embedded database) (env SEED)")
	fs.IntVar(&cfg.MaxDBConns, "db-max-conns", 16, "maximum database connections (env DB_MAX_CONNS)")
	origins := fs.String("allowed-origins", getenv("ALLOWED_ORIGINS"), "comma-separated browser origins (besides this server's) allowed to open websockets, such as https://dashboard.example.cn (env ALLOWED_ORIGINS)")
	fs.Uint64Var(&cfg.GCHeadroomMiB, "gc-headroom", 128, "MiB the heap may grow by between garbage collections at the least, however small the live heap; 0: Go's percentage alone; ignored when GOGC is set (env GC_HEADROOM)")
	fs.DurationVar(&cfg.StatsTTL, "stats-ttl", 2*time.Second, "how long the dashboards' figures (stats) are shared by callers asking for the same filter; a notice refreshes them sooner; 0: computed for each request")
	fs.DurationVar(&cfg.WebsocketPing, "ws-ping", 15*time.Second, "websocket keep-alive interval")
	fs.DurationVar(&cfg.WebsocketWriteTimeout, "ws-write-timeout", 10*time.Second, "how long a websocket client may take to accept a message before it is cut off")
	fs.IntVar(&cfg.SubscriberBuffer, "subscriber-buffer", 32, "notices a subscription may have undelivered before it is closed as too slow")
	fs.DurationVar(&cfg.NoticePoll, "notice-poll", time.Second, "how often the notice feed is read unprompted (a safety net: commits and notifications prompt it)")
	fs.BoolVar(&cfg.Production, "production", getenv("PRODUCTION") != "", "production profile: no introspection, GraphiQL or field suggestions; JSON logs (env PRODUCTION)")
	fs.StringVar(&cfg.TrustedDocuments, "trusted-documents", getenv("TRUSTED_DOCUMENTS"), "a JSON file of the only operations allowed to run, by SHA-256 of their text (env TRUSTED_DOCUMENTS)")
	fs.IntVar(&cfg.Limits.MaxDepth, "max-depth", 15, "deepest nesting of fields in an operation (fragments and introspection count)")
	fs.IntVar(&cfg.Limits.MaxAliases, "max-aliases", 30, "aliases an operation may use")
	fs.IntVar(&cfg.Limits.MaxComplexity, "max-complexity", 20000, "most fields an operation may return, each connection counting its page size")
	fs.IntVar(&cfg.Limits.DefaultPage, "default-page", 20, "page size of a connection queried without first or last")
	fs.IntVar(&cfg.Limits.MaxPage, "max-page", 100, "largest first or last a connection accepts")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body", 256<<10, "largest request body in bytes")
	fs.IntVar(&cfg.CompressMin, "compress-min", 1024, "smallest GraphQL response in bytes sent compressed (gzip) to a client that accepts it (0: never)")
	fs.IntVar(&cfg.MaxTokens, "max-tokens", 15000, "most tokens a query may have")
	fs.DurationVar(&cfg.RequestTimeout, "request-timeout", 15*time.Second, "longest an HTTP request may run")
	prepare := fs.Bool("db-prepare", true, "prepare PostgreSQL statements once per connection and reuse them; turn off behind a pooler in transaction mode")
	fs.DurationVar(&cfg.DBStatementTimeout, "db-statement-timeout", 10*time.Second, "longest one SQL statement may run (PostgreSQL)")
	fs.IntVar(&cfg.MaxSubscriptionsPerConnection, "max-subscriptions-per-connection", 25, "operations one websocket may run at once")
	fs.IntVar(&cfg.MaxWebsocketsPerAddress, "max-websockets-per-address", 200, "websockets one client address may hold (0: no limit)")
	fs.Float64Var(&cfg.RatePerAddress, "rate-per-address", 50, "requests a second one client address may make, in bursts of twice as many (0: no limit)")
	fs.Float64Var(&cfg.RatePerToken, "rate-per-token", 50, "requests a second one sign-in token may make, in bursts of twice as many (0: no limit)")
	proxies := fs.String("trusted-proxies", getenv("TRUSTED_PROXIES"), "comma-separated addresses or CIDR ranges of load balancers whose X-Forwarded-For names the client (env TRUSTED_PROXIES)")
	if command == "gen" {
		fs.StringVar(&cfg.GenScale, "scale", "province", "gen: how much to generate: city or province")
		fs.Uint64Var(&cfg.GenSeed, "random-seed", 1, "gen: the random seed (the same seed gives the same data)")
		fs.StringVar(&cfg.GenNow, "now", "", "gen: the reference time, RFC 3339 (default: now, to the day)")
	}
	fs.StringVar(&cfg.DebugAddr, "debug-addr", getenv("DEBUG_ADDR"), "serve Go's profiler (/debug/pprof/) on this address, such as 127.0.0.1:6060; off when empty (env DEBUG_ADDR)")
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", 24*time.Hour, "how long a sign-in token works (env TOKEN_TTL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long a graceful shutdown may take")
	logLevel := fs.String("log-level", or(getenv("LOG_LEVEL"), "info"), "debug, info, warn or error (env LOG_LEVEL)")
	if v := getenv("DB_MAX_CONNS"); v != "" {
		if _, err := fmt.Sscan(v, &cfg.MaxDBConns); err != nil {
			return cfg, fmt.Errorf("DB_MAX_CONNS: %w", err)
		}
	}
	if v := getenv("GC_HEADROOM"); v != "" {
		if _, err := fmt.Sscan(v, &cfg.GCHeadroomMiB); err != nil {
			return cfg, fmt.Errorf("GC_HEADROOM: %w", err)
		}
	}
	if v := getenv("TOKEN_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return cfg, fmt.Errorf("TOKEN_TTL: %w", err)
		}
		cfg.TokenTTL = d
		fs.Lookup("token-ttl").DefValue = v
		fs.Set("token-ttl", v)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.AllowedOrigins = append(cfg.AllowedOrigins, o)
		}
	}
	switch cfg.Seed {
	case "", "demo", "none":
	default:
		return cfg, fmt.Errorf("--seed must be demo or none, not %q", cfg.Seed)
	}
	cfg.DBUnprepared = !*prepare
	if err := cfg.LogLevel.UnmarshalText([]byte(*logLevel)); err != nil {
		return cfg, fmt.Errorf("--log-level: %w", err)
	}
	return cfg, nil
}

func or(v, fallback string) string {
	if v != "" {
		return v
	}
	return fallback
}

// withDefaults fills what a Config built in code (tests) leaves zero with
// the defaults of the flags. The rate limits, the websocket cap per
// address and compression stay off when zero.
func withDefaults(cfg Config) Config {
	d, err := ParseConfig("serve", nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		panic(err) // the defaults parse
	}
	fill(&cfg.Limits.MaxDepth, d.Limits.MaxDepth)
	fill(&cfg.Limits.MaxAliases, d.Limits.MaxAliases)
	fill(&cfg.Limits.MaxComplexity, d.Limits.MaxComplexity)
	fill(&cfg.Limits.DefaultPage, d.Limits.DefaultPage)
	fill(&cfg.Limits.MaxPage, d.Limits.MaxPage)
	fill(&cfg.MaxBodyBytes, d.MaxBodyBytes)
	fill(&cfg.MaxTokens, d.MaxTokens)
	fill(&cfg.RequestTimeout, d.RequestTimeout)
	fill(&cfg.DBStatementTimeout, d.DBStatementTimeout)
	fill(&cfg.MaxSubscriptionsPerConnection, d.MaxSubscriptionsPerConnection)
	fill(&cfg.SubscriberBuffer, d.SubscriberBuffer)
	fill(&cfg.NoticePoll, d.NoticePoll)
	fill(&cfg.TokenTTL, d.TokenTTL)
	return cfg
}

// fill sets *v to d when it is the zero value.
func fill[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

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
	fs.DurationVar(&cfg.WebsocketPing, "ws-ping", 15*time.Second, "websocket keep-alive interval")
	fs.DurationVar(&cfg.WebsocketWriteTimeout, "ws-write-timeout", 10*time.Second, "how long a websocket client may take to accept a message before it is cut off")
	fs.IntVar(&cfg.SubscriberBuffer, "subscriber-buffer", 32, "notices a subscription may have undelivered before it is closed as too slow")
	fs.DurationVar(&cfg.NoticePoll, "notice-poll", time.Second, "how often the notice feed is read unprompted (a safety net: commits and notifications prompt it)")
	fs.StringVar(&cfg.DebugAddr, "debug-addr", getenv("DEBUG_ADDR"), "serve Go's profiler (/debug/pprof/) on this address, such as 127.0.0.1:6060; off when empty (env DEBUG_ADDR)")
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", 24*time.Hour, "how long a sign-in token works (env TOKEN_TTL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long a graceful shutdown may take")
	logLevel := fs.String("log-level", or(getenv("LOG_LEVEL"), "info"), "debug, info, warn or error (env LOG_LEVEL)")
	if v := getenv("DB_MAX_CONNS"); v != "" {
		if _, err := fmt.Sscan(v, &cfg.MaxDBConns); err != nil {
			return cfg, fmt.Errorf("DB_MAX_CONNS: %w", err)
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

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"chanjiao/internal/operations"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

// BenchmarkOperations serves the canonical read operations of the HTTP
// benchmark (internal/operations) through the server's whole handler, in
// this process, one request at a time, and reports beside Go's figures the
// server's CPU a request (user + system time of this process, which
// PostgreSQL's is not part of):
//
//	go test ./server -run '^$' -bench Operations -count 10 | tee new.txt
//	benchstat old.txt new.txt
//
// Unlike the load generator's req/s, allocs/op is exact and cpu-µs/op
// steady, so a change of a few per cent shows. The data is a city of the
// scale generator (gen.Scales["city"]: 50,000 internships) in a database of
// its own, or the database of BENCH_DATABASE_URL (the province: README,
// "Data at scale").
func BenchmarkOperations(b *testing.B) {
	url := os.Getenv("BENCH_DATABASE_URL")
	if url == "" {
		url = testdb.New(b, dialect.Postgres).URL
		cfg := Config{DatabaseURL: url, GenScale: "city", GenSeed: 1, GenNow: "2026-11-01T00:00:00Z", Logger: slog.New(slog.DiscardHandler)}
		if err := Generate(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	m := NewMain(Config{
		Addr:           "127.0.0.1:0",
		DatabaseURL:    url,
		MaxDBConns:     4,
		RatePerAddress: 0, // no rate limits, as bench/run.sh runs the server
		RatePerToken:   0,
		Logger:         slog.New(slog.DiscardHandler),
	})
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	handler := m.http.Handler
	// The collector as the server command sets it (main.go).
	gc := debug.SetGCPercent(400)
	ctx, stop := context.WithCancel(context.Background())
	keepHeadroom(ctx, 128<<20) // --gc-headroom's default
	b.Cleanup(func() { stop(); debug.SetGCPercent(gc) })

	for _, op := range []string{"0", "a", "b"} {
		body, _ := json.Marshal(map[string]any{"query": operations.Queries[op]})
		serve := func() *httptest.ResponseRecorder {
			r := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.RemoteAddr = "127.0.0.1:40000"
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, r)
			return w
		}
		if w := serve(); w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("(%s): %d %s", op, w.Code, w.Body)
		}
		b.Run(op, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				serve()
			}
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

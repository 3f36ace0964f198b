// Command server runs the Chanjiao GraphQL API.
//
//	go run ./server                 # embedded SQLite (chanjiao.db), demo data on first start
//	DATABASE_URL=postgres://… go run ./server --seed demo
//	go run ./server migrate         # apply PostgreSQL migrations and exit
//
// See README.md for every flag and variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
)

func main() {
	smallStacks()
	lessGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "server:", err)
		}
		os.Exit(1)
	}
}

// run parses the command line and runs the command until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	command := "serve"
	if len(args) > 0 && (args[0] == "serve" || args[0] == "migrate" || args[0] == "gen") {
		command, args = args[0], args[1:]
	}
	cfg, err := ParseConfig(command, args, getenv, stderr)
	if err != nil {
		return err
	}
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.Production {
		cfg.Logger = slog.New(slog.NewJSONHandler(stderr, opts))
	} else {
		cfg.Logger = slog.New(slog.NewTextHandler(stderr, opts))
	}

	switch command {
	case "migrate":
		return Migrate(ctx, cfg)
	case "gen":
		return Generate(ctx, cfg)
	default:
		if !testing.Testing() { // the test binary's own -test.memprofile
			runtime.MemProfileRate = memProfileRate(cfg)
		}
		keepHeadroom(ctx, cfg.GCHeadroomMiB<<20)
		m := NewMain(cfg)
		if err := m.Run(ctx); err != nil {
			m.Close()
			return err
		}
		<-ctx.Done()
		cfg.Logger.Info("shutting down")
		return m.Close()
	}
}

// memProfileRate is the server's runtime.MemProfileRate. Go records the
// stack of one allocation in every 512 KiB, always, for a heap profile that
// only the debug server serves (--debug-addr): 2 % of the server's CPU
// serving (a) under load. Without the debug server, none is recorded.
func memProfileRate(cfg Config) int {
	if cfg.DebugAddr == "" {
		return 0
	}
	return runtime.MemProfileRate
}

// lessGC collects garbage when the heap has grown by 400 % since the last
// collection rather than Go's 100 %, unless the operator set GOGC. The live
// heap is small next to the machine (31 KiB per idle websocket subscriber),
// and a notice fanned out to 20,000 subscribers makes several times that in
// garbage: with the default, a collection (scanning every subscriber's
// stacks) ran during or right after most fan-outs. Measured at 19,900
// subscribers (BENCHMARKS.md): p99 to the last subscriber 490–633 ms against
// 729–848 ms, a mutation's p99 10–140 ms against 26–319 ms. The price is
// resident memory (about 2 KiB more per subscriber); GOMEMLIMIT still caps it.
func lessGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// smallStacks restarts the process once with GODEBUG=adaptivestackstart=0.
// By default the runtime starts goroutines with the average stack size it
// has seen; here that is 4 KiB, while two of the four goroutines gqlgen keeps
// per websocket subscriber (keep-alive, close-on-cancel) need 2 KiB. Measured
// with the fan-out benchmark: 2.8 KiB less per idle subscriber (BENCHMARKS.md).
// The setting is not available as a //go:debug directive, hence the re-exec.
// GODEBUG set by the operator (with any adaptivestackstart) is left alone.
func smallStacks() {
	debug := os.Getenv("GODEBUG")
	if strings.Contains(debug, "adaptivestackstart") {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if debug != "" {
		debug += ","
	}
	env := append(os.Environ(), "GODEBUG="+debug+"adaptivestackstart=0")
	syscall.Exec(exe, os.Args, env) // returns only on failure: run as we are
}

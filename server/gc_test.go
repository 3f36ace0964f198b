package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, headroom uint64
		want           int
	}{
		{6 * mib, 128 * mib, 2200},  // a small heap: room for 128 MiB
		{64 * mib, 128 * mib, 400},  // 200 % would do; never below 400
		{210 * mib, 128 * mib, 400}, // 20,000 subscribers: as before
		{1, 128 * mib, 100_000},
		{0, 128 * mib, 100_000},
	} {
		if got := gcPercent(c.live, c.headroom); got != c.want {
			t.Errorf("gcPercent(%d, %d) = %d, want %d", c.live, c.headroom, got, c.want)
		}
	}
}

// TestKeepHeadroom: after every collection the collector's percentage
// gives a small heap its headroom, until the context ends; it is left
// alone when GOGC is set.
func TestKeepHeadroom(t *testing.T) {
	previous := debug.SetGCPercent(400)
	t.Cleanup(func() { debug.SetGCPercent(previous) })
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}

	t.Run("GOGC set", func(t *testing.T) {
		t.Setenv("GOGC", "400")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		keepHeadroom(ctx, 1<<30)
		for range 3 {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
		if p := gogc(); p != 400 {
			t.Errorf("with GOGC set: GOGC %d, want 400", p)
		}
	})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keepHeadroom(ctx, 1<<30) // 1 GiB: far above this test binary's live heap
	deadline := time.Now().Add(10 * time.Second)
	for gogc() <= 400 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC %d after collections, want more than 400", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// It keeps doing so after every collection.
	debug.SetGCPercent(400)
	deadline = time.Now().Add(10 * time.Second)
	for gogc() <= 400 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC %d after later collections, want more than 400 again", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// Stopped, it sets nothing more.
	cancel()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	debug.SetGCPercent(400)
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if p := gogc(); p != 400 {
		t.Errorf("after the context ended: GOGC %d, want 400", p)
	}
}

// TestMemProfileRate: allocations are sampled for a heap profile only when
// the debug server, which serves it, runs.
func TestMemProfileRate(t *testing.T) {
	if n := memProfileRate(Config{}); n != 0 {
		t.Errorf("without the debug server: %d, want 0", n)
	}
	if n := memProfileRate(Config{DebugAddr: "127.0.0.1:6060"}); n != runtime.MemProfileRate || n == 0 {
		t.Errorf("with the debug server: %d, want Go's %d", n, runtime.MemProfileRate)
	}
}

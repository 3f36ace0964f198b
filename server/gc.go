package main

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// keepHeadroom lets the heap grow by at least headroom bytes between
// collections, not only by 400 % of what the last one left live (lessGC).
// The server's live heap is small — about 6 MB serving the province's pages —
// so at 400 % it collected 27 times a second under load; every collection
// has a fixed cost (its phases, the goroutines' stacks, sweeping). With a
// floor of 128 MiB the collector runs about twenty times less often there,
// for (a) and (b) 6–11 % less CPU a request (BENCHMARKS.md); a large live
// heap (20,000 websocket subscribers: 210 MB) grows by 400 % as before.
// After each collection it sets the percentage that gives the heap that
// much room; GOGC set by the operator, or headroom 0, leaves the collector
// alone, and GOMEMLIMIT still caps it.
func keepHeadroom(ctx context.Context, headroom uint64) {
	if headroom == 0 || os.Getenv("GOGC") != "" {
		return
	}
	read := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/gogc:percent"}}
	var after func(int)
	after = func(int) {
		if ctx.Err() != nil {
			return
		}
		metrics.Read(read)
		if p := gcPercent(read[0].Value.Uint64(), headroom); uint64(p) != read[1].Value.Uint64() {
			debug.SetGCPercent(p)
		}
		afterNextGC(after)
	}
	afterNextGC(after)
}

// afterNextGC calls f once a collection has run: the cleanup of an object
// nothing refers to.
func afterNextGC(f func(int)) {
	sentinel := new([16]byte) // not in the tiny allocator, whose objects may never be cleaned up
	runtime.AddCleanup(sentinel, f, 0)
}

// gcPercent is the GOGC that lets a heap of live bytes grow by at least
// headroom: never below 400 (lessGC), and in steps of 100 so that it is
// not set again after every collection.
func gcPercent(live, headroom uint64) int {
	const least, most = 400, 100_000
	if live == 0 {
		return most
	}
	p := headroom * 100 / live
	p = (p + 99) / 100 * 100
	return int(min(max(p, least), most))
}

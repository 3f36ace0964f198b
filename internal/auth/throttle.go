package auth

import (
	"sync"
	"time"
)

// throttle counts failed sign-ins per key (an email address, a client
// address) in a fixed window, and refuses a key that failed too often until
// its window ends. It is kept in memory, per server process: with N
// replicas an attacker gets at most N times the allowance.
type throttle struct {
	mu      sync.Mutex
	window  time.Duration
	entries map[string]*failures
}

type failures struct {
	count int
	since time.Time
}

func newThrottle(window time.Duration) *throttle {
	return &throttle{window: window, entries: map[string]*failures{}}
}

// blocked returns how long key must wait, or 0 when it may try.
func (t *throttle) blocked(key string, limit int, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.entries[key]
	if f == nil || now.Sub(f.since) >= t.window || f.count < limit {
		return 0
	}
	return f.since.Add(t.window).Sub(now)
}

// fail records a failure of key.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.entries[key]
	if f == nil || now.Sub(f.since) >= t.window {
		if len(t.entries) > 100_000 {
			t.sweep(now)
		}
		f = &failures{since: now}
		t.entries[key] = f
	}
	f.count++
}

// reset forgets key's failures (after a successful sign-in).
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}

// sweep drops expired windows; the caller holds the lock.
func (t *throttle) sweep(now time.Time) {
	for k, f := range t.entries {
		if now.Sub(f.since) >= t.window {
			delete(t.entries, k)
		}
	}
}

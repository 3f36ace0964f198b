package stats

import (
	"context"
	"fmt"
	"sync"
	"time"

	"chanjiao/ent"

	"golang.org/x/sync/singleflight"
)

// Cache shares figures between callers. A dashboard refreshes its figures
// on every notice, so a hundred screens on the same filter would otherwise
// run the same aggregates a hundred times per posting. Figures for a
// filter are computed once for all who ask at the same time, and served
// again for up to TTL, unless a notice has arrived since they were begun:
// version is the feed's head (notices.Hub.Head), so a dashboard that
// refreshes because it received a notice always gets figures that count
// it. Changes that make no notice (an application, a posting closed) show
// within TTL.
type Cache struct {
	client  *ent.Client
	ttl     time.Duration
	version func() int
	now     func() time.Time

	group   singleflight.Group
	mu      sync.Mutex
	entries map[Filter]entry
}

type entry struct {
	stats   *Stats
	version int
	at      time.Time
}

// maxEntries bounds the cache: beyond it, expired entries are dropped and,
// if that is not enough, all of them.
const maxEntries = 1024

// NewCache returns a cache over client; version is the notice feed's head.
func NewCache(client *ent.Client, ttl time.Duration, version func() int) *Cache {
	return &Cache{client: client, ttl: ttl, version: version, now: time.Now, entries: map[Filter]entry{}}
}

// Get returns the figures for f: cached, or computed now. A caller that
// gives up does not fail the others waiting on the same computation.
func (c *Cache) Get(ctx context.Context, f Filter) (*Stats, error) {
	v, now := c.version(), c.now()
	c.mu.Lock()
	e, ok := c.entries[f]
	c.mu.Unlock()
	if ok && e.version == v && now.Sub(e.at) < c.ttl {
		return e.stats, nil
	}
	ch := c.group.DoChan(key(f, v), func() (any, error) {
		// The version and time are read before the statements run: a
		// notice committed meanwhile makes these figures stale at once.
		v, at := c.version(), c.now()
		s, err := Compute(context.WithoutCancel(ctx), c.client, f, at)
		if err != nil {
			return nil, err
		}
		c.put(f, entry{stats: s, version: v, at: at})
		return s, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*Stats), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *Cache) put(f Filter, e entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxEntries {
		for k, old := range c.entries {
			if e.at.Sub(old.at) >= c.ttl {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxEntries {
			clear(c.entries)
		}
	}
	if old, ok := c.entries[f]; !ok || old.version <= e.version {
		c.entries[f] = e
	}
}

func key(f Filter, version int) string {
	return fmt.Sprintf("%d/%q/%d/%d", f.Region, f.Industry, f.Institution, version)
}

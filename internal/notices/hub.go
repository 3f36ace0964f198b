// Package notices delivers the live feed: every notice the outbox writes
// (ent/schema/outbox.go) reaches every subscription whose filter matches,
// in notice order, exactly once — also after a reconnect (by cursor), across
// server replicas (PostgreSQL LISTEN/NOTIFY) and across a lost database
// connection (by re-reading the notice table).
//
// A Hub reads new notices from the database when rung (by a commit in this
// process, a NOTIFY from another, or a timer) and fans each out to its
// subscribers without ever blocking: a subscriber whose buffer is full is
// closed with a reason and may resume from its last cursor.
package notices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"chanjiao"
	"chanjiao/ent"
	"chanjiao/ent/notice"
	"chanjiao/ent/region"
	"chanjiao/internal/rule"

	"entgo.io/ent/dialect/sql"
)

// Item is a notice as delivered, with what subscriptions read of it loaded
// once for all of them: its region, programmes, internship (with enterprise
// and region) or event (with region and organiser).
type Item struct {
	Notice *ent.Notice

	regions      []int // the notice's region and every region above it
	programs     []int
	institutions []int // the organising institution and the programmes' institutions
}

// ID is the notice's ID, which orders notices.
func (it *Item) ID() int { return it.Notice.ID }

// Sink receives a subscription's notices. The hub calls Deliver (which must
// not block) for live notices, Send (which may block until ctx ends) while
// a subscription catches up, and Close exactly once at the end, with the
// reason when the hub ended it.
type Sink interface {
	Deliver(it *Item) bool
	Send(ctx context.Context, it *Item) bool
	Close(err error)
}

// Config tunes a hub.
type Config struct {
	// Buffer is how many notices a live subscriber may have undelivered
	// before it is closed as too slow (and while catching up, how many
	// live ones may queue behind the backlog).
	Buffer int
	// Poll is how often the hub looks for notices unprompted, in case a
	// ring was lost.
	Poll time.Duration
	// Batch is how many notices one read takes.
	Batch int
	// Settle is how long a hub that nobody subscribes to waits, after it
	// moved its head past new notices, before it does so again: while
	// postings pour in, one statement every Settle instead of one a
	// posting. A subscriber's arrival ends the wait.
	Settle time.Duration
}

// Hub fans notices out to subscribers.
type Hub struct {
	client *ent.Client
	log    *slog.Logger
	cfg    Config
	bell   chan struct{}
	joined chan struct{} // a subscriber arrived: the idle hub's wait ends
	ready  chan struct{}

	mu      sync.Mutex
	head    int // the last notice fanned out
	subs    map[*subscriber]struct{}
	parents map[int]int // the region tree, for subtree filters

	// Counters, for metrics and tests.
	Published, Delivered, Dropped atomic.Int64
	subscribers                   atomic.Int64
}

type subscriber struct {
	filter Filter
	sink   Sink
	// While catching up from a cursor, live notices queue in pending.
	live    bool
	pending []*Item
	closed  bool
	reason  error // why the hub closed it, for a subscriber closed mid-catch-up
	last    int   // the last notice ID handed to the sink (or skipped by the filter)
}

// NewHub returns a hub over client; Run starts it.
func NewHub(client *ent.Client, log *slog.Logger, cfg Config) *Hub {
	if cfg.Buffer <= 0 {
		cfg.Buffer = 32
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 500
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 20 * time.Millisecond
	}
	return &Hub{
		client: client,
		log:    log,
		cfg:    cfg,
		bell:   make(chan struct{}, 1),
		joined: make(chan struct{}, 1),
		ready:  make(chan struct{}),
		subs:   map[*subscriber]struct{}{},
	}
}

// Ring tells the hub that new notices may have committed. It never blocks.
func (h *Hub) Ring() {
	select {
	case h.bell <- struct{}{}:
	default:
	}
}

// Ready is closed once the hub knows where the feed stands.
func (h *Hub) Ready() <-chan struct{} { return h.ready }

// Buffer is how many notices a subscriber may have undelivered.
func (h *Hub) Buffer() int { return h.cfg.Buffer }

// Head is the ID of the last notice the hub has taken in (0 before the
// first). It passes a notice before any subscriber is handed it.
func (h *Hub) Head() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.head
}

// Subscribers is how many subscriptions are open.
func (h *Hub) Subscribers() int64 { return h.subscribers.Load() }

// Run reads and fans out notices until ctx ends, then closes every
// subscription.
func (h *Hub) Run(ctx context.Context) error {
	sys := rule.System(ctx)
	for {
		err := h.start(sys)
		if err == nil {
			break
		}
		h.log.WarnContext(ctx, "notices: reading where the feed stands", "error", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	close(h.ready)
	defer h.closeAll(chanjiao.Errorf(chanjiao.Unavailable, "the server is shutting down; resubscribe with your last cursor"))

	poll := time.NewTicker(h.cfg.Poll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.bell:
		case <-poll.C:
		}
		skipped, err := h.fetch(sys)
		if err != nil && ctx.Err() == nil {
			h.log.WarnContext(ctx, "notices: reading new notices", "error", err)
		}
		if skipped {
			h.settle(ctx)
		}
	}
}

// start reads the last notice and the region tree.
func (h *Hub) start(ctx context.Context) error {
	last, err := h.client.Notice.Query().Order(notice.ByID(sql.OrderDesc())).FirstID(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if err := h.loadRegions(ctx); err != nil {
		return err
	}
	h.mu.Lock()
	h.head = last
	h.mu.Unlock()
	return nil
}

func (h *Hub) loadRegions(ctx context.Context) error {
	regions, err := h.client.Region.Query().Select(region.FieldID, region.FieldParentID).All(ctx)
	if err != nil {
		return err
	}
	parents := make(map[int]int, len(regions))
	for _, r := range regions {
		if r.ParentID != nil {
			parents[r.ID] = *r.ParentID
		} else {
			parents[r.ID] = 0
		}
	}
	h.mu.Lock()
	h.parents = parents
	h.mu.Unlock()
	return nil
}

// settle waits Settle after the idle hub skipped notices, unless a
// subscriber arrives or ctx ends first. Rings meanwhile wait in the bell.
func (h *Hub) settle(ctx context.Context) {
	t := time.NewTimer(h.cfg.Settle)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-h.joined:
	case <-t.C:
	}
}

// fetch reads the notices after head, in order, and fans them out; it
// reports whether it skipped new ones instead, nobody subscribing.
func (h *Hub) fetch(ctx context.Context) (skipped bool, err error) {
	if idle, skipped, err := h.skip(ctx); idle || err != nil {
		return skipped, err
	}
	for {
		h.mu.Lock()
		head := h.head
		h.mu.Unlock()
		items, err := h.read(ctx, head, 0, Filter{}, h.cfg.Batch)
		if err != nil {
			return false, err
		}
		if len(items) == 0 {
			return false, nil
		}
		h.fanOut(items)
		if len(items) < h.cfg.Batch {
			return false, nil
		}
	}
}

// skip moves the head past new notices without reading them while nobody
// subscribes (a server taking posts with no dashboard open): one cheap
// statement instead of loading each notice with its edges. A subscriber
// that arrives meanwhile is registered under mu, so either it is seen
// here and the notices are read as usual, or it arrives after the head
// moved and reads what it needs from the table.
func (h *Hub) skip(ctx context.Context) (idle, skipped bool, err error) {
	h.mu.Lock()
	idle, head := len(h.subs) == 0, h.head
	h.mu.Unlock()
	if !idle {
		return false, false, nil
	}
	var v []struct {
		Count int
		Max   *int // null when there are none
	}
	err = h.client.Notice.Query().Where(notice.IDGT(head)).
		Aggregate(ent.As(ent.Count(), "count"), ent.As(ent.Max(notice.FieldID), "max")).Scan(ctx, &v)
	if err != nil || len(v) == 0 || v[0].Count == 0 {
		return err == nil, false, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) > 0 || h.head != head {
		return false, false, nil // someone came: read them properly
	}
	h.head = *v[0].Max
	h.Published.Add(int64(v[0].Count))
	return true, true, nil
}

// read loads up to limit notices with after < ID (≤ upTo, when upTo > 0)
// that match f, in order, ready to deliver.
func (h *Hub) read(ctx context.Context, after, upTo int, f Filter, limit int) ([]*Item, error) {
	q := h.client.Notice.Query().
		Where(notice.IDGT(after), f.Predicate()).
		Order(notice.ByID()).
		Limit(limit).
		WithRegion().
		WithPrograms().
		WithInternship(func(q *ent.InternshipQuery) { q.WithEnterprise().WithRegion() }).
		WithEvent(func(q *ent.EventQuery) { q.WithRegion().WithOrganiserInstitution().WithOrganiserEnterprise() })
	if upTo > 0 {
		q.Where(notice.IDLTE(upTo))
	}
	ns, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]*Item, len(ns))
	for i, n := range ns {
		if items[i], err = h.item(ctx, n); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// item prepares a loaded notice for matching.
func (h *Hub) item(ctx context.Context, n *ent.Notice) (*Item, error) {
	it := &Item{Notice: n}
	h.mu.Lock()
	_, known := h.parents[n.RegionID]
	h.mu.Unlock()
	if !known { // a region added since the tree was read
		if err := h.loadRegions(ctx); err != nil {
			return nil, err
		}
	}
	h.mu.Lock()
	for r := n.RegionID; r != 0 && len(it.regions) < 64; r = h.parents[r] {
		it.regions = append(it.regions, r)
	}
	h.mu.Unlock()
	if n.InstitutionID != nil {
		it.institutions = append(it.institutions, *n.InstitutionID)
	}
	for _, p := range n.Edges.Programs {
		it.programs = append(it.programs, p.ID)
		it.institutions = append(it.institutions, p.InstitutionID)
	}
	return it, nil
}

// errTooSlow ends a subscription whose client does not keep up.
func errTooSlow(last int, buffer int) error {
	return &SlowError{Last: last, Buffer: buffer}
}

// SlowError ends a subscription that fell behind: more notices waited for
// its client than the buffer holds. It resumes after Last.
type SlowError struct {
	Last, Buffer int
}

func (e *SlowError) Error() string {
	return fmt.Sprintf("the subscription fell behind (%d notices undelivered) and was closed; subscribe again with after: the cursor of the last notice you received", e.Buffer)
}

// fanOut hands each item to every matching subscriber, without blocking.
func (h *Hub) fanOut(items []*Item) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, it := range items {
		if it.ID() <= h.head {
			continue
		}
		h.head = it.ID()
		h.Published.Add(1)
		for s := range h.subs {
			if s.closed || it.ID() <= s.last || !s.filter.Matches(it) {
				continue
			}
			if !s.live {
				if len(s.pending) >= h.cfg.Buffer {
					h.end(s, errTooSlow(s.last, h.cfg.Buffer))
					h.Dropped.Add(1)
					continue
				}
				s.pending = append(s.pending, it)
				continue
			}
			if !s.sink.Deliver(it) {
				h.end(s, errTooSlow(s.last, h.cfg.Buffer))
				h.Dropped.Add(1)
				continue
			}
			s.last = it.ID()
			h.Delivered.Add(1)
		}
	}
}

// Subscribe starts a subscription into sink: the notices matching f after
// the notice with ID after, if given, then live ones, with no gap and no
// duplicate; without after, live ones from now. It ends when ctx does, when
// the hub stops, or when the subscriber falls behind.
func (h *Hub) Subscribe(ctx context.Context, f Filter, after *int, sink Sink) error {
	if err := f.Validate(); err != nil {
		return err
	}
	select {
	case <-h.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	s := &subscriber{filter: f, sink: sink}
	h.mu.Lock()
	head := h.head
	s.last = head
	s.live = after == nil || *after >= head
	if after != nil && *after < head {
		s.last = *after
	}
	h.subs[s] = struct{}{}
	h.subscribers.Add(1)
	h.mu.Unlock()
	select { // an idle hub waiting to settle reads for s at once
	case h.joined <- struct{}{}:
	default:
	}

	// The subscription ends with its context: no goroutine waits for it.
	context.AfterFunc(ctx, func() { h.unsubscribe(s) })
	if !s.live {
		go h.catchUp(ctx, s, s.last, head)
	}
	return nil
}

// catchUp sends the backlog (after, upTo] from the database, then what
// queued meanwhile, then lets the subscriber go live.
func (h *Hub) catchUp(ctx context.Context, s *subscriber, after, upTo int) {
	sys := rule.System(ctx)
	err := func() error {
		for after < upTo {
			items, err := h.read(sys, after, upTo, s.filter, h.cfg.Batch)
			if err != nil {
				return chanjiao.Errorf(chanjiao.Unavailable, "reading missed notices failed; subscribe again with your last cursor")
			}
			if len(items) == 0 {
				break
			}
			for _, it := range items {
				if !s.sink.Send(ctx, it) {
					return ctx.Err()
				}
				h.Delivered.Add(1)
			}
			after = items[len(items)-1].ID()
			if len(items) < h.cfg.Batch {
				break
			}
		}
		for {
			h.mu.Lock()
			if s.closed {
				h.mu.Unlock()
				return nil
			}
			batch := s.pending
			s.pending = nil
			if len(batch) == 0 {
				s.live = true
				if upTo > s.last {
					s.last = upTo
				}
				h.mu.Unlock()
				return nil
			}
			h.mu.Unlock()
			for _, it := range batch {
				if !s.sink.Send(ctx, it) {
					return ctx.Err()
				}
				h.Delivered.Add(1)
				h.mu.Lock()
				s.last = it.ID()
				h.mu.Unlock()
			}
		}
	}()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil && !errors.Is(err, context.Canceled) {
		h.end(s, err)
	}
	if s.closed && !s.live {
		// The hub ended it while it caught up; closing falls to us, the only sender.
		s.live = true
		s.sink.Close(s.reason)
	}
}

// unsubscribe ends a subscription whose context ended.
func (h *Hub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.end(s, nil)
}

// end closes a subscriber once; the caller holds h.mu. A subscriber still
// catching up is closed by its catch-up goroutine, which may be sending.
func (h *Hub) end(s *subscriber, reason error) {
	if s.closed {
		return
	}
	s.closed = true
	s.reason = reason
	s.pending = nil
	delete(h.subs, s)
	h.subscribers.Add(-1)
	if s.live {
		s.sink.Close(reason)
	}
}

func (h *Hub) closeAll(reason error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		h.end(s, reason)
	}
}

package notices_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/internship"
	"chanjiao/ent/region"
	"chanjiao/internal/notices"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

var sys = rule.System(context.Background())

// sink records what a subscription receives; it takes at most capacity
// live notices (like a channel nobody reads) unless capacity < 0.
type sink struct {
	mu       sync.Mutex
	got      []int
	capacity int
	closed   chan error
}

func newSink(capacity int) *sink { return &sink{capacity: capacity, closed: make(chan error, 1)} }

func (s *sink) Deliver(it *notices.Item) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.capacity >= 0 && len(s.got) >= s.capacity {
		return false
	}
	s.got = append(s.got, it.ID())
	return true
}

func (s *sink) Send(ctx context.Context, it *notices.Item) bool { return s.Deliver(it) }
func (s *sink) Close(err error)                                 { s.closed <- err }

func (s *sink) ids() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.got...)
}

func post(t *testing.T, c *ent.Client, n int) []int {
	t.Helper()
	firm := c.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(sys)
	zibo := c.Region.Query().Where(region.Code("370300")).OnlyIDX(sys)
	before := c.Notice.Query().CountX(sys)
	for range n {
		c.Internship.Create().SetTitle("x").SetPositions(1).SetStatus(internship.StatusOpen).SetEnterpriseID(firm.ID).SetRegionID(zibo).ExecX(sys)
	}
	ids := c.Notice.Query().Order(ent.Asc("id")).IDsX(sys)
	if len(ids) != before+n {
		t.Fatalf("%d notices written for %d postings", len(ids)-before, n)
	}
	return ids[before:]
}

// TestSlowSubscriberIsClosedAndOthersCarryOn: a subscriber that takes no
// more is closed with the cursor to resume from; the others get everything.
func TestSlowSubscriberIsClosedAndOthersCarryOn(t *testing.T) {
	db := testdb.Open(t, dialect.SQLite)
	hub, ctx, cancel := runHub(t, db, notices.Config{Buffer: 2, Poll: 10 * time.Millisecond})

	slow, fast := newSink(2), newSink(-1)
	if err := hub.Subscribe(ctx, notices.Filter{}, nil, slow); err != nil {
		t.Fatal(err)
	}
	if err := hub.Subscribe(ctx, notices.Filter{}, nil, fast); err != nil {
		t.Fatal(err)
	}
	ids := post(t, db.Client, 5)

	var slowErr *notices.SlowError
	select {
	case err := <-slow.closed:
		if !errors.As(err, &slowErr) || slowErr.Last != ids[1] {
			t.Fatalf("the slow subscriber was closed with %v, want a SlowError after %d", err, ids[1])
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the slow subscriber was not closed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(fast.ids()) < 5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := fast.ids(); len(got) != 5 || got[0] != ids[0] || got[4] != ids[4] {
		t.Fatalf("the fast subscriber got %v, want %v", got, ids)
	}
	if hub.Subscribers() != 1 {
		t.Fatalf("%d subscribers open, want the fast one", hub.Subscribers())
	}
	cancel()
	select {
	case <-fast.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("ending the subscription's context did not close it")
	}
}

// TestCatchUpThenLive: a subscriber resuming from a cursor gets the notices
// after it from the table, then the live ones, each once and in order,
// even while notices keep coming.
func TestCatchUpThenLive(t *testing.T) {
	db := testdb.Open(t, dialect.SQLite)
	hub, ctx, _ := runHub(t, db, notices.Config{Buffer: 1000, Poll: 5 * time.Millisecond, Batch: 7})

	backlog := post(t, db.Client, 30)
	after := backlog[0] - 1
	s := newSink(-1)
	done := make(chan []int)
	go func() { done <- post(t, db.Client, 30) }()
	if err := hub.Subscribe(ctx, notices.Filter{}, &after, s); err != nil {
		t.Fatal(err)
	}
	live := <-done
	want := append(backlog, live...)
	deadline := time.Now().Add(5 * time.Second)
	for len(s.ids()) < len(want) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	got := s.ids()
	if len(got) != len(want) {
		t.Fatalf("got %d notices, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("notice %d is %d, want %d", i, got[i], want[i])
		}
	}
}

// TestIdleHubSkipsAhead: with nobody subscribed the hub only moves its
// head past new notices; a live subscriber then starts after them, and one
// resuming from a cursor reads them from the table, each once.
func TestIdleHubSkipsAhead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		hub, ctx, _ := runHub(t, db, notices.Config{Buffer: 1000, Poll: 5 * time.Millisecond, Batch: 7})
		start := hub.Published.Load()
		backlog := post(t, db.Client, 20)
		hub.Ring()
		deadline := time.Now().Add(5 * time.Second)
		for hub.Published.Load() < start+20 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if got := hub.Published.Load() - start; got != 20 {
			t.Fatalf("the idle hub counted %d of 20 notices", got)
		}
		live, resumed := newSink(-1), newSink(-1)
		after := backlog[0] - 1
		if err := hub.Subscribe(ctx, notices.Filter{}, nil, live); err != nil {
			t.Fatal(err)
		}
		if err := hub.Subscribe(ctx, notices.Filter{}, &after, resumed); err != nil {
			t.Fatal(err)
		}
		fresh := post(t, db.Client, 5)
		hub.Ring()
		want := append(append([]int(nil), backlog...), fresh...)
		for (len(resumed.ids()) < len(want) || len(live.ids()) < len(fresh)) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(30 * time.Millisecond)
		if got := live.ids(); !slices.Equal(got, fresh) {
			t.Errorf("live subscriber got %v, want %v", got, fresh)
		}
		if got := resumed.ids(); !slices.Equal(got, want) {
			t.Errorf("resuming subscriber got %v, want %v", got, want)
		}
	})
}

// runHub fills db with the demo data and runs a hub over it until the test
// ends (or cancel); it returns once the hub is ready, with the context it
// runs in.
func runHub(t *testing.T, db *testdb.DB, cfg notices.Config) (*notices.Hub, context.Context, context.CancelFunc) {
	t.Helper()
	if err := seed.Demo(context.Background(), db.Client, time.Now()); err != nil {
		t.Fatal(err)
	}
	hub := notices.NewHub(db.Client, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go hub.Run(ctx)
	<-hub.Ready()
	return hub, ctx, cancel
}

// TestIdleHubSettles: while postings pour in and nobody subscribes, the
// hub moves its head once per Settle, not with a statement per posting;
// a subscriber arriving during the wait ends it and is served at once.
func TestIdleHubSettles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		if err := seed.Demo(context.Background(), db.Client, time.Now()); err != nil {
			t.Fatal(err)
		}
		// The hub reads through the counting client; a wait far longer
		// than the test may take.
		hub := notices.NewHub(db.Counted, slog.New(slog.NewTextHandler(io.Discard, nil)),
			notices.Config{Buffer: 1000, Poll: time.Hour, Settle: time.Minute})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		go hub.Run(ctx)
		<-hub.Ready()

		// The first posting: the hub moves its head, then waits.
		sent, head := db.Statements.Load(), hub.Head()
		first := post(t, db.Client, 1)
		hub.Ring()
		deadline := time.Now().Add(5 * time.Second)
		for hub.Head() == head && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if got := hub.Head(); got != first[0] {
			t.Fatalf("the idle hub's head is %d, want the posting's notice %d", got, first[0])
		}
		// Nine more while it waits: not one statement, the head stays.
		var ids []int
		for range 9 {
			ids = append(ids, post(t, db.Client, 1)...)
			hub.Ring()
		}
		time.Sleep(50 * time.Millisecond) // what a hub that did not wait would take to read them
		if n := db.Statements.Load() - sent; n != 1 {
			t.Errorf("the idle hub sent %d statements for 10 postings within its wait, want 1", n)
		}
		if got := hub.Head(); got != first[0] {
			t.Errorf("the hub's head moved to %d during its wait (postings up to %d)", got, ids[len(ids)-1])
		}

		head = hub.Head()
		live := newSink(-1)
		if err := hub.Subscribe(ctx, notices.Filter{}, nil, live); err != nil {
			t.Fatal(err)
		}
		fresh := post(t, db.Client, 1)
		hub.Ring()
		for !slices.Contains(live.ids(), fresh[0]) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !slices.Contains(live.ids(), fresh[0]) {
			t.Fatalf("a subscriber arriving while the idle hub waited got %v, not the notice %d posted after it", live.ids(), fresh[0])
		}
		// It may get the postings of the wait too, in order, once each,
		// none from before its arrival at the hub's head.
		if got := live.ids(); !slices.IsSorted(got) || got[0] <= head || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Errorf("the subscriber, arriving at notice %d, got %v", head, got)
		}
	})
}

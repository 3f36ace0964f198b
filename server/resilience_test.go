package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"chanjiao/ent/notice"
	"chanjiao/internal/gqlws"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	"github.com/gorilla/websocket"
)

// TestReplicasShareNotices runs two servers on one PostgreSQL database: a
// notice committed through either reaches subscribers of both.
func TestReplicasShareNotices(t *testing.T) {
	cfg := demo(t, dialect.Postgres)
	a := startWith(t, cfg, "demo", nil)
	b := startWith(t, cfg, "none", func(c *Config) { c.NoticePoll = time.Hour }) // only NOTIFY can wake b
	p := newPlatform(t, a)
	onA := subscribe(t, dial(t, a, gqlws.Options{}), `subscription { notices { title } }`, nil)
	onB := subscribe(t, dial(t, b, gqlws.Options{Protocol: gqlws.LegacyWS}), `subscription { notices { title } }`, nil)
	time.Sleep(100 * time.Millisecond)

	p.post(t, a, "posted through A", p.rhein, p.zhangdian)
	p.post(t, b, "posted through B", p.rhein, p.zhangdian)
	for name, ch := range map[string]<-chan gqlws.Message{"A": onA, "B": onB} {
		got := receive(t, ch, 2, 10*time.Second)
		if field(got[0], "notices", "title") != "posted through A" || field(got[1], "notices", "title") != "posted through B" {
			t.Errorf("replica %s received %v", name, got)
		}
	}
}

// racingWriters posts n internships from each of w goroutines at once and
// returns when all are committed.
func racingWriters(t *testing.T, m *Main, p *platform, w, n int, prefix string) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range n {
				p.post(t, m, fmt.Sprintf("%s-%d-%d", prefix, i, j), p.rhein, p.zhangdian)
			}
		}()
	}
	wg.Wait()
}

// follower reads the notice feed like a dashboard: it keeps its last
// cursor and resubscribes with it whenever its connection is lost.
type follower struct {
	t      *testing.T
	m      *Main
	mu     sync.Mutex
	ids    []string
	titles []string
	cursor string
	conn   *gqlws.Client
	feed   <-chan gqlws.Message
}

func (f *follower) connect() {
	f.conn = dial(f.t, f.m, gqlws.Options{})
	f.feed = subscribe(f.t, f.conn, `subscription($after: Cursor) { notices(after: $after) { id cursor title } }`, map[string]any{"after": f.cursor})
}

// take reads until it holds n notices (reconnecting on errors), or times out.
func (f *follower) take(n int, timeout time.Duration) {
	deadline := time.After(timeout)
	for len(f.ids) < n {
		select {
		case msg, ok := <-f.feed:
			if !ok || msg.Done {
				f.connect() // lost: resume from the last cursor
				continue
			}
			f.record(msg)
		case <-deadline:
			f.t.Fatalf("received %d of %d notices", len(f.ids), n)
		}
	}
}

func (f *follower) record(msg gqlws.Message) {
	var data map[string]any
	json.Unmarshal(msg.Data, &data)
	f.mu.Lock()
	f.ids = append(f.ids, field(data, "notices", "id").(string))
	f.titles = append(f.titles, field(data, "notices", "title").(string))
	f.cursor = field(data, "notices", "cursor").(string)
	f.mu.Unlock()
}

// live makes sure the follower is on a live connection: take may have had
// its fill from what a dropped connection still held, leaving the drop
// itself unread. That remainder is taken, and the follower resumes.
func (f *follower) live() {
	select {
	case <-f.conn.Done():
		for msg := range f.feed {
			if !msg.Done {
				f.record(msg)
			}
		}
		f.connect()
	default:
	}
}

// check compares what the follower received with the notice table: every
// notice after start, once, in order.
func (f *follower) check(after int) {
	want, err := f.m.DB().Client.Notice.Query().Where(notice.IDGT(after)).Order(notice.ByID()).IDs(sys)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(f.ids) != len(want) {
		f.t.Fatalf("received %d notices, the table holds %d", len(f.ids), len(want))
	}
	for i := range want {
		if f.ids[i] != fmt.Sprint(want[i]) {
			f.t.Fatalf("notice %d: received %s, want %d (lost, doubled or out of order)", i, f.ids[i], want[i])
		}
	}
}

func newestNotice(t *testing.T, m *Main) int {
	t.Helper()
	id, err := m.DB().Client.Notice.Query().Order(notice.ByID()).IDs(sys)
	if err != nil || len(id) == 0 {
		t.Fatalf("reading notices: %v", err)
	}
	return id[len(id)-1]
}

// TestResumeAfterDisconnectWhileWritersRace: writers post hundreds of
// internships at once while a dashboard's connection drops twice; resuming
// by cursor, it ends up with every notice once, in order.
func TestResumeAfterDisconnectWhileWritersRace(t *testing.T) {
	eachDialect(t, func(t *testing.T, d string) {
		m := start(t, demo(t, d), "demo")
		p := newPlatform(t, m)
		start := newestNotice(t, m)
		f := &follower{t: t, m: m, cursor: lastCursor(t, m)}
		f.connect()

		done := make(chan struct{})
		go func() {
			defer close(done)
			racingWriters(t, m, p, 4, 60, "race")
		}()
		f.take(40, 30*time.Second)
		f.conn.Drop() // the network fails
		time.Sleep(200 * time.Millisecond)
		f.take(120, 30*time.Second)
		f.conn.Drop()
		<-done
		f.take(240, 30*time.Second)
		f.live()
		quiet(t, f.feed, 300*time.Millisecond)
		f.check(start)
	})
}

// TestRacingWritersKeepCommitOrder: a reader that resumes after the newest
// notice it has seen, again and again while writers race, misses nothing —
// notices become visible in the order of their IDs.
func TestRacingWritersKeepCommitOrder(t *testing.T) {
	eachDialect(t, func(t *testing.T, d string) {
		m := start(t, demo(t, d), "demo")
		p := newPlatform(t, m)
		start := newestNotice(t, m)
		done := make(chan struct{})
		go func() {
			defer close(done)
			racingWriters(t, m, p, 6, 40, "order")
		}()
		var seen []int
		last := start
		for finished := false; !finished; {
			select {
			case <-done:
				finished = true
			default:
			}
			ids, err := m.DB().Client.Notice.Query().Where(notice.IDGT(last)).Order(notice.ByID()).IDs(sys)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) > 0 {
				seen = append(seen, ids...)
				last = ids[len(ids)-1]
			}
		}
		all, _ := m.DB().Client.Notice.Query().Where(notice.IDGT(start)).Order(notice.ByID()).IDs(sys)
		if len(all) != 240 || len(seen) != len(all) {
			t.Fatalf("a reader resuming by cursor saw %d of %d notices (240 written)", len(seen), len(all))
		}
	})
}

// TestListenerSurvivesATerminatedBackend kills the PostgreSQL connections
// that LISTEN while notices are being written: the replica that only hears
// of notices through its listener still delivers all of them.
func TestListenerSurvivesATerminatedBackend(t *testing.T) {
	cfg := demo(t, dialect.Postgres)
	a := startWith(t, cfg, "demo", nil)
	b := startWith(t, cfg, "none", func(c *Config) { c.NoticePoll = time.Hour })
	p := newPlatform(t, a)
	start := newestNotice(t, a)
	f := &follower{t: t, m: b, cursor: lastCursor(t, a)}
	f.connect()
	time.Sleep(100 * time.Millisecond)

	racingWriters(t, a, p, 2, 10, "before")
	f.take(20, 15*time.Second)

	killed := 0
	for attempt := 0; killed == 0 && attempt < 50; attempt++ {
		err := b.DB().SQL.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`).Scan(&killed)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if killed == 0 {
		t.Fatal("found no listening backend to terminate")
	}
	racingWriters(t, a, p, 2, 10, "after") // some while the listeners reconnect
	f.take(40, 15*time.Second)
	f.check(start)

	ready := false
	for i := 0; i < 100 && !ready; i++ {
		resp, body := get(t, "http://"+b.Addr()+"/readyz")
		ready = resp.StatusCode == 200 && strings.Contains(body, `"listener":"ok"`)
		time.Sleep(50 * time.Millisecond)
	}
	if !ready {
		t.Fatal("/readyz does not report the listener back")
	}
}

// TestNoGoroutineLeft opens 1,000 subscriptions, lets them receive a
// notice, closes them, and requires every goroutine they used to end.
func TestNoGoroutineLeft(t *testing.T) {
	m := start(t, demo(t, dialect.SQLite), "demo")
	p := newPlatform(t, m)
	time.Sleep(100 * time.Millisecond)
	baseline := runtime.NumGoroutine()

	var clients []*gqlws.Client
	var feeds []<-chan gqlws.Message
	for range 100 {
		c, err := gqlws.Dial(context.Background(), "ws://"+m.Addr()+"/graphql", gqlws.Options{Buffer: 4})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
		for range 10 {
			feeds = append(feeds, subscribe(t, c, `subscription { notices { title } }`, nil))
		}
	}
	for m.hub.Subscribers() < 1000 {
		time.Sleep(10 * time.Millisecond)
	}
	p.post(t, m, "to all", p.rhein, p.zhangdian)
	for _, f := range feeds {
		receive(t, f, 1, 10*time.Second)
	}
	if runtime.NumGoroutine() < baseline+1000 {
		t.Fatalf("1,000 subscriptions use only %d goroutines: is anything open?", runtime.NumGoroutine()-baseline)
	}
	for i, c := range clients {
		if i%2 == 0 {
			c.Close()
		} else {
			c.Drop() // half of them vanish without a close handshake
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for runtime.NumGoroutine() > baseline+2 || m.hub.Subscribers() > 0 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left behind (%d subscribers):\n%s", runtime.NumGoroutine()-baseline, m.hub.Subscribers(), buf[:min(n, 20000)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestWebsocketOrigins(t *testing.T) {
	m := startWith(t, testdb.New(t, dialect.SQLite), "none", func(c *Config) { c.AllowedOrigins = []string{"https://dashboard.example.cn"} })
	for origin, allowed := range map[string]bool{
		"":                             true, // a program, not a browser
		"http://" + m.Addr():           true, // this server's own pages
		"https://dashboard.example.cn": true,
		"https://evil.example.com":     false,
		"http://localhost:1":           false,
	} {
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		c, err := gqlws.Dial(context.Background(), "ws://"+m.Addr()+"/graphql", gqlws.Options{Header: h})
		if (err == nil) != allowed {
			t.Errorf("origin %q: err %v, want allowed=%v", origin, err, allowed)
		}
		if err == nil {
			c.Close()
		} else if !strings.Contains(err.Error(), "403") {
			t.Errorf("origin %q refused without 403: %v", origin, err)
		}
	}
}

// TestWebsocketAuthentication: the connection_init token applies the same
// roles and privacy as over HTTP; a bad one is refused.
func TestWebsocketAuthentication(t *testing.T) {
	m := start(t, demo(t, dialect.SQLite), "demo")
	p := newPlatform(t, m)
	if _, err := gqlws.Dial(context.Background(), "ws://"+m.Addr()+"/graphql", gqlws.Options{Init: map[string]any{"Authorization": "Bearer cjt_forged"}}); err == nil {
		t.Fatal("a forged token was accepted")
	}
	hr := dial(t, m, gqlws.Options{Init: map[string]any{"Authorization": "Bearer " + signIn(t, m, "hr@rhein-koester.demo")}})
	anon := dial(t, m, gqlws.Options{})
	const q = `subscription { internshipPosted { enterprise { people(first: 5) { edges { node { email } } } } } }`
	asHR, asAnon := subscribe(t, hr, q, nil), subscribe(t, anon, q, nil)
	time.Sleep(100 * time.Millisecond)
	p.post(t, m, "隐私", p.rhein, p.zhangdian)
	emails := func(ch <-chan gqlws.Message) (shown, hidden int) {
		for _, e := range field(receive(t, ch, 1, 10*time.Second)[0], "internshipPosted", "enterprise", "people", "edges").([]any) {
			if field(e.(map[string]any), "node", "email") != nil {
				shown++
			} else {
				hidden++
			}
		}
		return
	}
	if shown, hidden := emails(asHR); shown == 0 || hidden != 0 {
		t.Errorf("HR sees %d of its colleagues' emails, %d hidden", shown, hidden)
	}
	if shown, _ := emails(asAnon); shown != 0 {
		t.Errorf("an anonymous subscriber sees %d emails", shown)
	}
}

// TestShutdownEndsSubscriptions: on shutdown a subscriber is told to
// resubscribe (UNAVAILABLE) and its websocket closes with 1001, going away.
func TestShutdownEndsSubscriptions(t *testing.T) {
	m := start(t, testdb.New(t, dialect.SQLite), "none")
	c, err := gqlws.Dial(context.Background(), "ws://"+m.Addr()+"/graphql", gqlws.Options{})
	if err != nil {
		t.Fatal(err)
	}
	feed := subscribe(t, c, `subscription { notices { title } }`, nil)
	for m.hub.Subscribers() < 1 {
		time.Sleep(10 * time.Millisecond)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	msg := <-feed
	if !msg.Done || len(msg.Errors) == 0 || msg.Errors[0].Extensions["code"] != "UNAVAILABLE" {
		t.Errorf("the subscription ended with %+v", msg)
	}
	<-c.Done()
	var ce *websocket.CloseError
	if !errors.As(c.Err(), &ce) || ce.Code != websocket.CloseGoingAway {
		t.Errorf("the connection ended with %v, want close 1001", c.Err())
	}
}

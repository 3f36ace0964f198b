package stats

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/internship"
	"chanjiao/ent/region"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
)

// computeStatements is what Compute sends, whatever the filter.
const computeStatements = 7

// TestCache checks that figures are computed once for concurrent callers,
// served again within the TTL, recomputed after it and after a notice, and
// that neither a caller giving up nor a failure is shared.
func TestCache(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := testdb.Seeded(t, d, "demo", func(ctx context.Context, c *ent.Client) error {
				return seed.Demo(ctx, c, time.Date(2026, 11, 1, 10, 0, 0, 0, China))
			})
			ctx, sys := context.Background(), rule.System(context.Background())
			var (
				head  atomic.Int64
				clock atomic.Int64 // nanoseconds since the start
			)
			start := time.Now()
			// The version is read once by Get and once more by the
			// computation it starts; gate, when set, holds the reading
			// numbered gateAt (to hold a computation while others join).
			var (
				versionReads, gateAt atomic.Int64
				gate                 = make(chan struct{})
			)
			c := NewCache(db.Counted, time.Second, func() int {
				if versionReads.Add(1) == gateAt.Load() {
					<-gate
				}
				return int(head.Load())
			})
			c.now = func() time.Time { return start.Add(time.Duration(clock.Load())) }
			statements := func(f func()) int64 {
				t.Helper()
				before := db.Statements.Load()
				f()
				return db.Statements.Load() - before
			}
			get := func(f Filter) *Stats {
				t.Helper()
				s, err := c.Get(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}

			all := Filter{}
			var first *Stats
			if n := statements(func() { first = get(all) }); n != computeStatements {
				t.Errorf("first: %d statements, want %d", n, computeStatements)
			}
			if n := statements(func() {
				if again := get(all); again != first {
					t.Error("within the TTL the figures were computed again")
				}
			}); n != 0 {
				t.Errorf("again within the TTL: %d statements", n)
			}
			// The days' counts are computed once for everyone sharing the figures.
			if n := statements(func() {
				for range 3 {
					if _, err := first.PostingsOverTime(ctx, 30); err != nil {
						t.Fatal(err)
					}
				}
			}); n != 1 {
				t.Errorf("postingsOverTime three times: %d statements, want 1", n)
			}

			// Many dashboards asking at once: one computation.
			zibo := db.Client.Region.Query().Where(region.Code("370300")).OnlyX(sys)
			zc := Filter{Region: zibo.ID, Industry: "C"}
			var wg sync.WaitGroup
			results := make([]*Stats, 16)
			if n := statements(func() {
				for i := range results {
					wg.Go(func() { results[i] = get(zc) })
				}
				wg.Wait()
			}); n != computeStatements {
				t.Errorf("16 callers at once: %d statements, want %d", n, computeStatements)
			}
			for _, r := range results[1:] {
				if r.OpenInternships != results[0].OpenInternships {
					t.Error("callers at once got different figures")
				}
			}

			// A change that makes no notice shows once the TTL has passed.
			open := db.Client.Internship.Query().Where(internship.StatusEQ(internship.StatusOpen)).FirstX(sys)
			db.Client.Internship.UpdateOne(open).SetStatus(internship.StatusClosed).ExecX(sys)
			if s := get(all); s.OpenInternships != first.OpenInternships {
				t.Errorf("within the TTL: %d open, want the cached %d", s.OpenInternships, first.OpenInternships)
			}
			clock.Add(int64(time.Second))
			if s := get(all); s.OpenInternships != first.OpenInternships-1 {
				t.Errorf("after the TTL: %d open, want %d", s.OpenInternships, first.OpenInternships-1)
			}

			// A notice makes the figures stale at once.
			db.Client.Internship.Create().SetTitle("缓存测试岗位").SetPositions(1).
				SetEnterpriseID(open.EnterpriseID).SetRegionID(open.RegionID).ExecX(sys)
			head.Add(1)
			if s := get(all); s.OpenInternships != first.OpenInternships {
				t.Errorf("after a notice: %d open, want %d", s.OpenInternships, first.OpenInternships)
			}

			// A caller that gives up gets its own error; the computation it
			// started goes on for another who joined it meanwhile.
			c34 := Filter{Industry: "C34"}
			cancelled, cancel := context.WithCancel(ctx)
			gateAt.Store(versionReads.Load() + 2) // the first caller's computation
			gaveUp := make(chan error)
			go func() {
				_, err := c.Get(cancelled, c34)
				gaveUp <- err
			}()
			for versionReads.Load() < gateAt.Load() {
				time.Sleep(time.Millisecond) // the computation has started and waits
			}
			joined := make(chan error)
			go func() {
				s, err := c.Get(ctx, c34)
				if err == nil && s.OpenInternships == 0 {
					err = errors.New("no open internships in C34")
				}
				joined <- err
			}()
			for versionReads.Load() < gateAt.Load()+1 {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond) // the second caller waits on the same computation
			cancel()
			if err := <-gaveUp; !errors.Is(err, context.Canceled) {
				t.Errorf("a cancelled caller: %v, want context.Canceled", err)
			}
			close(gate)
			if err := <-joined; err != nil {
				t.Errorf("the caller who joined a cancelled caller's computation: %v", err)
			}

			// Bad input fails every time; nothing is cached.
			for range 2 {
				if _, err := c.Get(ctx, Filter{Industry: "ZZ"}); err == nil {
					t.Error("a bad industry prefix was accepted")
				}
			}
		})
	}
}

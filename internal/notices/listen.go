package notices

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/schema"

	"github.com/lib/pq"
)

// Listener relays PostgreSQL notifications on the notice channel to a hub,
// so that a notice committed through any replica reaches this one. When its
// connection drops (a database restart, a terminated backend) it
// reconnects, and the hub then re-reads the notice table from where it
// stood: nothing is lost, only late.
type Listener struct {
	l  *pq.Listener
	up atomic.Bool
}

// Listen starts relaying until ctx ends. dsn is the database's URL.
func Listen(ctx context.Context, dsn string, h *Hub, log *slog.Logger) (*Listener, error) {
	ln := &Listener{}
	ln.l = pq.NewListener(dsn, 50*time.Millisecond, 2*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventConnected, pq.ListenerEventReconnected:
			ln.up.Store(true)
			if ev == pq.ListenerEventReconnected {
				log.Info("notices: listener reconnected; catching up")
			}
			h.Ring() // whatever committed while we were away
		case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
			if ln.up.Swap(false) {
				log.Warn("notices: listener lost its connection; reconnecting", "error", err)
			}
		}
	})
	if err := ln.l.Listen(schema.NoticeChannel); err != nil {
		ln.l.Close()
		return nil, err
	}
	go func() {
		defer ln.l.Close()
		// pq detects a dead connection only when it uses it: ping when idle.
		idle := time.NewTicker(30 * time.Second)
		defer idle.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ln.l.Notify: // nil after a reconnect
				h.Ring()
			case <-idle.C:
				go ln.l.Ping()
			}
		}
	}()
	return ln, nil
}

// Connected reports whether the listener holds a live connection.
func (ln *Listener) Connected() bool { return ln != nil && ln.up.Load() }

// RingOnCommit is a hook that rings the hub when a change that may write a
// notice (to an internship or an event) commits in this process: local
// subscribers hear of it without waiting for the database's notification.
func RingOnCommit(h *Hub) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || (m.Type() != ent.TypeInternship && m.Type() != ent.TypeEvent) {
				return v, err
			}
			if tm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, err := tm.Tx(); err == nil {
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							if err == nil {
								h.Ring()
							}
							return err
						})
					})
					return v, nil
				}
			}
			h.Ring()
			return v, nil
		})
	}
}

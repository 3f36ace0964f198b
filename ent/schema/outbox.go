package schema

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	gen "chanjiao/ent"
	"chanjiao/ent/hook"
	"chanjiao/ent/notice"
	"chanjiao/internal/rule"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Notices form a transactional outbox: the hooks below write the notice of
// a published posting or an announced event in the same transaction as the
// change itself, so a notice exists exactly when its change committed.
//
// Readers resume "after notice X", so notices must become visible in the
// order of their IDs. IDs are taken when the row is inserted, and a
// transaction that inserted notice 7 could otherwise commit after another
// committed notice 8 — a reader that had just passed 8 would miss 7 for
// good. So notices are written at the very end of their transaction, just
// before it commits, under a transaction-level advisory lock that is
// released only after the commit is visible: notice IDs are handed out in
// commit order. (SQLite runs one writing transaction at a time already.)
// The lock is held only for the insert and the commit.
const (
	// NoticeLock is the advisory lock that orders notice writes.
	NoticeLock = 0x63686e6f74696365 // "chnotice"
	// NoticeChannel is the PostgreSQL channel every notice is announced on
	// (delivered when its transaction commits).
	NoticeChannel = "chanjiao_notices"
)

// internshipNotice writes INTERNSHIP_POSTED when a posting is first
// published (created open, or a draft published).
func internshipNotice(next ent.Mutator) ent.Mutator {
	return hook.InternshipFunc(func(ctx context.Context, m *gen.InternshipMutation) (ent.Value, error) {
		_, publishing := m.PublishedAt()
		v, err := next.Mutate(ctx, m)
		if err != nil || !publishing {
			return v, err
		}
		in := v.(*gen.Internship)
		created := m.Op().Is(ent.OpCreate)
		programs := m.ProgramsIDs() // a new posting's programmes are all in the mutation
		return v, outbox(m, m.Client(), func(ctx context.Context, c *gen.Client) (*gen.NoticeCreate, error) {
			if !created {
				var err error
				if programs, err = c.Internship.QueryPrograms(in).IDs(ctx); err != nil {
					return nil, err
				}
			}
			return c.Notice.Create().
				SetKind(notice.KindInternshipPosted).
				SetTitle(in.Title).
				SetIndustry(in.Industry).
				SetRegionID(in.RegionID).
				SetInternshipID(in.ID).
				SetEnterpriseID(in.EnterpriseID).
				AddProgramIDs(programs...).
				SetCreatedAt(*in.PublishedAt), nil
		})
	})
}

// eventNotice writes EVENT_ANNOUNCED when an event is first announced.
func eventNotice(next ent.Mutator) ent.Mutator {
	return hook.EventFunc(func(ctx context.Context, m *gen.EventMutation) (ent.Value, error) {
		_, announcing := m.AnnouncedAt()
		v, err := next.Mutate(ctx, m)
		if err != nil || !announcing {
			return v, err
		}
		ev := v.(*gen.Event)
		return v, outbox(m, m.Client(), func(ctx context.Context, c *gen.Client) (*gen.NoticeCreate, error) {
			create := c.Notice.Create().
				SetKind(notice.KindEventAnnounced).
				SetTitle(ev.Title).
				SetRegionID(ev.RegionID).
				SetEventID(ev.ID).
				SetNillableInstitutionID(ev.OrganiserInstitutionID).
				SetNillableEnterpriseID(ev.OrganiserEnterpriseID).
				SetCreatedAt(*ev.AnnouncedAt)
			if ev.OrganiserEnterpriseID != nil {
				industry, err := c.Event.QueryOrganiserEnterprise(ev).Only(ctx)
				if err != nil {
					return nil, err
				}
				create.SetIndustry(industry.Industry)
			}
			return create, nil
		})
	})
}

// outbox arranges for the notice that build describes to be written just
// before the mutation's transaction commits. Outside a transaction (an ent
// client used directly) it is written at once.
//
// The notices of one transaction are written together, in the order their
// mutations asked, by one commit hook: on PostgreSQL in the same round
// trip as the COMMIT (lockedInsert), so the notice lock is never held
// while the server is away.
func outbox(m interface{ Tx() (*gen.Tx, error) }, client *gen.Client, build noticeBuild) error {
	tx, err := m.Tx()
	if err != nil {
		return writeNotices(context.Background(), client, false, build)
	}
	key, own := tx.Key(), &txNotices{}
	v, loaded := pendingNotices.LoadOrStore(key, own)
	v.(*txNotices).add(build)
	if loaded {
		return nil // the transaction's hook is registered and writes it too
	}
	tx.OnCommit(func(next gen.Committer) gen.Committer {
		return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
			pendingNotices.Delete(key)
			if err := writeNotices(ctx, tx.Client(), true, own.taken()...); err != nil {
				_ = tx.Rollback() // a commit that fails before committing must still end the transaction
				return fmt.Errorf("writing the notice: %w", err)
			}
			return next.Commit(ctx, tx)
		})
	})
	tx.OnRollback(func(next gen.Rollbacker) gen.Rollbacker {
		return gen.RollbackFunc(func(ctx context.Context, tx *gen.Tx) error {
			pendingNotices.Delete(key)
			return next.Rollback(ctx, tx)
		})
	})
	return nil
}

// noticeBuild describes a notice to write, reading what it needs.
type noticeBuild func(context.Context, *gen.Client) (*gen.NoticeCreate, error)

// pendingNotices holds the notices of each open transaction (by its
// gen.Tx Key) until its commit writes them, or its rollback drops them.
var pendingNotices sync.Map

type txNotices struct {
	mu     sync.Mutex
	builds []noticeBuild
}

func (n *txNotices) add(b noticeBuild) {
	n.mu.Lock()
	n.builds = append(n.builds, b)
	n.mu.Unlock()
}

func (n *txNotices) taken() []noticeBuild {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.builds
}

// writeNotices writes the notices builds describe, in order. On
// PostgreSQL, committing says the statement is the transaction's last: it
// commits it too.
func writeNotices(ctx context.Context, c *gen.Client, committing bool, builds ...noticeBuild) error {
	ctx = rule.System(ctx) // the platform writes notices, whoever made the change
	// What the notices say is read before the lock: the lock is held only
	// for what must be ordered.
	creates := make([]*gen.NoticeMutation, len(builds))
	for i, build := range builds {
		create, err := build(ctx, c)
		if err != nil {
			return err
		}
		if c.Dialect() != dialect.Postgres {
			if _, err := create.Save(ctx); err != nil {
				return err
			}
			continue
		}
		creates[i] = create.Mutation()
	}
	if c.Dialect() != dialect.Postgres {
		return nil
	}
	query, err := lockedInsert(committing, creates...)
	if err != nil {
		return err
	}
	return c.ExecRaw(ctx, query)
}

// lockedInsert is one message to PostgreSQL of several statements: take
// the notice lock, queue the notification (delivered only if the
// transaction commits; its payload is only a wake-up call, listeners read
// what is new from the table), insert each notice with its programmes,
// and, when committing, commit and begin an empty transaction for the
// transaction's own COMMIT to end. From the lock to the commit there is no
// round trip: the lock, which every posting in the province waits for, is
// held for PostgreSQL's own work only. (With the COMMIT sent after the
// notice, a round trip later, posts/s fell with the time the server took
// to answer; BENCHMARKS.md.)
//
// The transaction has committed when the message is answered: should the
// empty transaction's COMMIT then fail (the connection lost), the request
// reports an error for a change that stands, as when the answer to any
// COMMIT is lost.
//
// Several statements in one message take no parameters: the values are
// literals, strings quoted by pq.QuoteLiteral. Outside a transaction
// PostgreSQL runs such a message as one transaction, so the lock is held
// to its end there too.
func lockedInsert(committing bool, ms ...*gen.NoticeMutation) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "SELECT pg_advisory_xact_lock(%d), pg_notify(%s, '');\n", NoticeLock, pq.QuoteLiteral(NoticeChannel))
	for _, m := range ms {
		if _, ok := m.CreatedAt(); !ok {
			m.SetCreatedAt(time.Now())
		}
		var columns, values strings.Builder
		for i, col := range m.Fields() {
			v, _ := m.Field(col)
			cast, ok := noticeColumnTypes[col]
			if !ok {
				return "", fmt.Errorf("notices: no type for column %q", col)
			}
			lit, err := literal(v)
			if err != nil {
				return "", fmt.Errorf("notices: column %q: %w", col, err)
			}
			if i > 0 {
				columns.WriteString(", ")
				values.WriteString(", ")
			}
			fmt.Fprintf(&columns, "%q", col)
			fmt.Fprintf(&values, "%s::%s", lit, cast)
		}
		insert := fmt.Sprintf(`INSERT INTO "notices" (%s) VALUES (%s)`, columns.String(), values.String())
		programs := m.ProgramsIDs()
		if len(programs) == 0 {
			b.WriteString(insert + ";\n")
			continue
		}
		ids := make([]string, len(programs))
		for i, id := range programs {
			ids[i] = strconv.Itoa(id)
		}
		fmt.Fprintf(&b, `WITH "notice" AS (%s RETURNING "id") INSERT INTO %q (%q, %q) SELECT "notice"."id", unnest(ARRAY[%s]::bigint[]) FROM "notice";`+"\n",
			insert, notice.ProgramsTable, notice.ProgramsPrimaryKey[0], notice.ProgramsPrimaryKey[1], strings.Join(ids, ", "))
	}
	if committing {
		b.WriteString("COMMIT;\nBEGIN")
	}
	return b.String(), nil
}

// literal is v written as an SQL literal.
func literal(v ent.Value) (string, error) {
	switch v := v.(type) {
	case string:
		return pq.QuoteLiteral(v), nil
	case notice.Kind:
		return pq.QuoteLiteral(string(v)), nil
	case int:
		return strconv.Itoa(v), nil
	case time.Time:
		return pq.QuoteLiteral(v.Format(time.RFC3339Nano)), nil
	default:
		return "", fmt.Errorf("no literal for %T", v)
	}
}

// noticeColumnTypes are the PostgreSQL types of the notice's columns, for
// the casts of lockedInsert.
var noticeColumnTypes = map[string]string{
	notice.FieldKind: "varchar", notice.FieldTitle: "varchar", notice.FieldIndustry: "varchar",
	notice.FieldCreatedAt: "timestamptz", notice.FieldRegionID: "bigint", notice.FieldInternshipID: "bigint",
	notice.FieldEventID: "bigint", notice.FieldEnterpriseID: "bigint", notice.FieldInstitutionID: "bigint",
}

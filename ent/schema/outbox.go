package schema

import (
	"context"
	"fmt"
	"strings"
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
func outbox(m interface{ Tx() (*gen.Tx, error) }, client *gen.Client, build func(context.Context, *gen.Client) (*gen.NoticeCreate, error)) error {
	tx, err := m.Tx()
	if err != nil {
		return writeNotice(context.Background(), client, build)
	}
	tx.OnCommit(func(next gen.Committer) gen.Committer {
		return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
			if err := writeNotice(ctx, tx.Client(), build); err != nil {
				_ = tx.Rollback() // a commit that fails before committing must still end the transaction
				return fmt.Errorf("writing the notice: %w", err)
			}
			return next.Commit(ctx, tx)
		})
	})
	return nil
}

func writeNotice(ctx context.Context, c *gen.Client, build func(context.Context, *gen.Client) (*gen.NoticeCreate, error)) error {
	ctx = rule.System(ctx) // the platform writes notices, whoever made the change
	// What the notice says is read before the lock: the lock is held only
	// for what must be ordered.
	create, err := build(ctx, c)
	if err != nil {
		return err
	}
	if c.Dialect() != dialect.Postgres {
		_, err = create.Save(ctx)
		return err
	}
	query, args, err := lockedInsert(create.Mutation())
	if err != nil {
		return err
	}
	return c.ExecRaw(ctx, query, args...)
}

// lockedInsert is one statement that takes the notice lock, queues the
// notification (delivered only if the transaction commits; its payload is
// only a wake-up call, listeners read what is new from the table) and
// inserts the notice with its programmes: from the lock to the commit there
// is one round trip to the database.
func lockedInsert(m *gen.NoticeMutation) (string, []any, error) {
	if _, ok := m.CreatedAt(); !ok {
		m.SetCreatedAt(time.Now())
	}
	var b strings.Builder
	args := []any{NoticeLock, NoticeChannel}
	b.WriteString(`WITH "lock" AS (SELECT pg_advisory_xact_lock($1), pg_notify($2, '')), "notice" AS (INSERT INTO "notices" (`)
	var values strings.Builder
	for i, col := range m.Fields() {
		v, _ := m.Field(col)
		cast, ok := noticeColumnTypes[col]
		if !ok {
			return "", nil, fmt.Errorf("notices: no type for column %q", col)
		}
		if i > 0 {
			b.WriteString(", ")
			values.WriteString(", ")
		}
		args = append(args, v)
		fmt.Fprintf(&b, "%q", col)
		fmt.Fprintf(&values, "$%d::%s", len(args), cast)
	}
	b.WriteString(") SELECT ")
	b.WriteString(values.String())
	b.WriteString(` FROM "lock" RETURNING "id") `)
	if programs := m.ProgramsIDs(); len(programs) > 0 {
		ids := make([]int64, len(programs))
		for i, id := range programs {
			ids[i] = int64(id)
		}
		args = append(args, pq.Array(ids))
		fmt.Fprintf(&b, `INSERT INTO %q (%q, %q) SELECT "notice"."id", unnest($%d::bigint[]) FROM "notice"`,
			notice.ProgramsTable, notice.ProgramsPrimaryKey[0], notice.ProgramsPrimaryKey[1], len(args))
	} else {
		b.WriteString(`SELECT FROM "notice"`)
	}
	return b.String(), args, nil
}

// noticeColumnTypes are the PostgreSQL types of the notice's columns, for
// the casts of lockedInsert (INSERT … SELECT does not infer them).
var noticeColumnTypes = map[string]string{
	notice.FieldKind: "varchar", notice.FieldTitle: "varchar", notice.FieldIndustry: "varchar",
	notice.FieldCreatedAt: "timestamptz", notice.FieldRegionID: "bigint", notice.FieldInternshipID: "bigint",
	notice.FieldEventID: "bigint", notice.FieldEnterpriseID: "bigint", notice.FieldInstitutionID: "bigint",
}

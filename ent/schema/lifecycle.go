package schema

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chanjiao"
	gen "chanjiao/ent"
	"chanjiao/ent/application"
	"chanjiao/ent/event"
	"chanjiao/ent/eventregistration"
	"chanjiao/ent/hook"
	"chanjiao/ent/internship"
	"chanjiao/internal/rule"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
)

// lifecycle is a status field's state machine: the statuses a record may be
// created in, and the moves allowed from each status.
type lifecycle struct {
	noun    string
	initial []string
	moves   map[string][]string
}

// hook refuses a mutation that creates the record in another status, or
// moves it along no allowed edge, with a CONFLICT naming the allowed moves.
// The platform itself (seeding, importing) may create records in any status.
func (l lifecycle) hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			value, set := m.Field("status")
			to := fmt.Sprint(value)
			switch {
			case m.Op().Is(ent.OpCreate):
				if set && !contains(l.initial, to) && !isSystem(ctx) {
					return nil, fieldError("status", "a new %s is %s, not %s", l.noun, strings.Join(l.initial, " or "), to)
				}
			case m.Op().Is(ent.OpUpdateOne) && set:
				old, err := m.OldField(ctx, "status")
				if err != nil {
					return nil, err
				}
				from := fmt.Sprint(old)
				if from == to {
					return nil, chanjiao.Errorf(chanjiao.Conflict, "the %s is %s already", l.noun, strings.ToLower(to))
				}
				if !contains(l.moves[from], to) {
					return nil, chanjiao.Errorf(chanjiao.Conflict, "a %s %s cannot become %s%s", strings.ToLower(from), l.noun, to, l.allowed(from))
				}
			case m.Op().Is(ent.OpUpdate) && set:
				return nil, chanjiao.Errorf(chanjiao.Conflict, "the status of a %s changes one record at a time", l.noun)
			}
			return next.Mutate(ctx, m)
		})
	}
}

func (l lifecycle) allowed(from string) string {
	if len(l.moves[from]) == 0 {
		return fmt.Sprintf(" (a %s %s is final)", strings.ToLower(from), l.noun)
	}
	return fmt.Sprintf(" (it can become %s)", strings.Join(l.moves[from], " or "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isSystem reports whether the platform acts on its own behalf (privacy
// rules skipped).
func isSystem(ctx context.Context) bool {
	return rule.IsSystem(ctx)
}

var (
	internshipLifecycle = lifecycle{
		noun:    "posting",
		initial: []string{"DRAFT", "OPEN"},
		moves:   map[string][]string{"DRAFT": {"OPEN"}, "OPEN": {"CLOSED"}},
	}
	eventLifecycle = lifecycle{
		noun:    "event",
		initial: []string{"DRAFT", "ANNOUNCED"},
		moves:   map[string][]string{"DRAFT": {"ANNOUNCED", "CANCELLED"}, "ANNOUNCED": {"CANCELLED"}},
	}
	partnershipLifecycle = lifecycle{
		noun:    "partnership",
		initial: []string{"PROPOSED"},
		moves:   map[string][]string{"PROPOSED": {"ACTIVE", "DECLINED"}, "ACTIVE": {"ENDED"}},
	}
	applicationLifecycle = lifecycle{
		noun:    "application",
		initial: []string{"SUBMITTED"},
		moves:   map[string][]string{"SUBMITTED": {"ACCEPTED", "REJECTED", "WITHDRAWN"}, "ACCEPTED": {"WITHDRAWN"}},
	}
)

// applicationRules: a student applies only to an open posting; a decision
// or withdrawal is stamped; accepted applications never exceed the
// posting's positions, even when HR accepts two at once.
func applicationRules(next ent.Mutator) ent.Mutator {
	return hook.ApplicationFunc(func(ctx context.Context, m *gen.ApplicationMutation) (ent.Value, error) {
		client := m.Client()
		if m.Op().Is(ent.OpCreate) {
			if isSystem(ctx) {
				return next.Mutate(ctx, m)
			}
			id, _ := m.InternshipID()
			posting, err := client.Internship.Get(ctx, id) // as the applicant sees it
			if err != nil {
				return nil, err
			}
			if posting.Status != internship.StatusOpen {
				return nil, chanjiao.Errorf(chanjiao.Conflict, "the posting is %s, not open for applications", strings.ToLower(posting.Status.String()))
			}
			return next.Mutate(ctx, m)
		}
		status, ok := m.Status()
		if !ok {
			return next.Mutate(ctx, m)
		}
		now := time.Now()
		switch status {
		case application.StatusWithdrawn:
			m.SetWithdrawnAt(now)
		case application.StatusAccepted, application.StatusRejected:
			m.SetDecidedAt(now)
		}
		if status != application.StatusAccepted {
			return next.Mutate(ctx, m)
		}
		id, _ := m.ID()
		sys := rule.System(ctx)
		own, err := client.Application.Get(sys, id)
		if err != nil {
			return nil, err
		}
		// Taking the posting's row lock serialises acceptances for it, so
		// that the count below cannot be overtaken by another transaction.
		// (SQLite serialises every writing transaction already.)
		postings := client.Internship.Query().Where(internship.ID(own.InternshipID))
		if client.Dialect() == dialect.Postgres {
			postings.ForUpdate()
		}
		posting, err := postings.Only(sys)
		if err != nil {
			return nil, err
		}
		accepted, err := client.Application.Query().
			Where(
				application.InternshipID(posting.ID),
				application.StatusEQ(application.StatusAccepted),
				application.IDNEQ(id),
			).
			Count(sys)
		if err != nil {
			return nil, err
		}
		if accepted >= posting.Positions {
			return nil, chanjiao.Errorf(chanjiao.Conflict, "all %d positions of the posting are filled", posting.Positions)
		}
		return next.Mutate(ctx, m)
	})
}

// registrationRules: people register for an announced event that has not
// ended, and never beyond its capacity, even when many register at once.
func registrationRules(next ent.Mutator) ent.Mutator {
	return hook.EventRegistrationFunc(func(ctx context.Context, m *gen.EventRegistrationMutation) (ent.Value, error) {
		client := m.Client()
		sys := rule.System(ctx)
		id, _ := m.EventID()
		// The event's row lock serialises registrations for it (PostgreSQL;
		// SQLite serialises writing transactions already).
		events := client.Event.Query().Where(event.ID(id))
		if client.Dialect() == dialect.Postgres {
			events.ForUpdate()
		}
		ev, err := events.Only(sys)
		if err != nil {
			return nil, err
		}
		if !isSystem(ctx) {
			if ev.Status != event.StatusAnnounced {
				return nil, chanjiao.Errorf(chanjiao.Conflict, "the event is %s, not taking registrations", strings.ToLower(ev.Status.String()))
			}
			if ev.EndsAt.Before(time.Now()) {
				return nil, chanjiao.Errorf(chanjiao.Conflict, "the event has ended")
			}
		}
		if ev.Capacity != nil {
			n, err := client.EventRegistration.Query().Where(eventregistration.EventID(id)).Count(sys)
			if err != nil {
				return nil, err
			}
			if n >= *ev.Capacity {
				return nil, chanjiao.Errorf(chanjiao.Conflict, "the event is full (%d places)", *ev.Capacity)
			}
		}
		return next.Mutate(ctx, m)
	})
}

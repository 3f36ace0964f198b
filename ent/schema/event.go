package schema

import (
	"context"
	"time"

	gen "chanjiao/ent"
	"chanjiao/ent/event"
	"chanjiao/ent/hook"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Event is a conference, job fair, training, seminar or open day.
type Event struct{ ent.Schema }

// Annotations of the Event.
func (Event) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An event on the platform — a conference, job fair, training, seminar or open day — organised by one institution or one enterprise."),
		entgql.QueryField().Description("Events. `where: {inRegion: …}` matches a region and all regions below it; order by `STARTS_AT`."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Event.
func (Event) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").
			Validate(text(200)).
			Comment("Title of the event.").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("kind").
			NamedValues(
				"Conference", "CONFERENCE",
				"JobFair", "JOB_FAIR",
				"Training", "TRAINING",
				"Seminar", "SEMINAR",
				"OpenDay", "OPEN_DAY",
			).
			Comment("What kind of event this is.").
			Annotations(EnumValueDocs{
				"CONFERENCE": "会议: a conference or launch ceremony.",
				"JOB_FAIR":   "招聘会: a job or internship fair.",
				"TRAINING":   "培训: a training course.",
				"SEMINAR":    "研讨会: a seminar or forum.",
				"OPEN_DAY":   "开放日: an open day at a school or enterprise.",
			}),
		field.Text("description").
			Default("").
			Validate(maxLen(20000)).
			Comment("What the event is about."),
		field.String("venue").
			Default("").
			Validate(maxLen(300)).
			Comment("Where the event takes place (address or hall)."),
		field.Time("starts_at").
			Comment("When the event starts.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Comment("When the event ends; not before it starts."),
		field.Int("capacity").
			Optional().
			Nillable().
			Validate(atLeast(1)).
			Comment("Maximum number of registrations; null when unlimited."),
		field.Enum("status").
			NamedValues(
				"Draft", "DRAFT",
				"Announced", "ANNOUNCED",
				"Cancelled", "CANCELLED",
			).
			Default("ANNOUNCED").
			Comment("Lifecycle: a draft is visible only to its organiser; an announced event takes registrations; a cancelled one no longer does.").
			Annotations(
				entgql.Skip(entgql.SkipMutationUpdateInput),
				EnumValueDocs{
					"DRAFT":     "草稿: not yet announced.",
					"ANNOUNCED": "已发布: announced and taking registrations.",
					"CANCELLED": "已取消: cancelled.",
				}),
		field.Time("announced_at").
			Optional().
			Nillable().
			Comment("When the event was announced; null for a draft.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("organiser_institution_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the organising institution, when an institution organises the event."),
		field.Int("organiser_enterprise_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the organising enterprise, when an enterprise organises the event."),
		field.Int("region_id").
			Comment("ID of the region where the event takes place."),
	}
}

// Edges of the Event.
func (Event) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organiser_institution", Institution.Type).
			Ref("events").
			Field("organiser_institution_id").
			Unique().
			Immutable().
			Comment("The organising institution, if an institution organises the event."),
		edge.From("organiser_enterprise", Enterprise.Type).
			Ref("events").
			Field("organiser_enterprise_id").
			Unique().
			Immutable().
			Comment("The organising enterprise, if an enterprise organises the event."),
		edge.From("region", Region.Type).
			Ref("events").
			Field("region_id").
			Unique().
			Required().
			Comment("Where the event takes place."),
		edge.To("registrations", EventRegistration.Type).
			Comment("Registrations for the event.").
			Annotations(listEdge()...),
	}
}

// Indexes of the Event.
func (Event) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("starts_at", "id"),
		index.Fields("title", "id"),
		// Upcoming events, counted from the index alone by the dashboards'
		// figures (internal/stats): ent counts COUNT("events"."id"), so the
		// id is among the columns the index holds.
		index.Fields("status", "starts_at").
			Annotations(entsql.IncludeColumns("id", "region_id", "organiser_institution_id", "organiser_enterprise_id")),
	}, parentIndexes([]string{"region_id", "organiser_institution_id", "organiser_enterprise_id"}, "created_at", "title", "starts_at")...)
}

// Hooks of the Event.
func (Event) Hooks() []ent.Hook {
	return []ent.Hook{
		termHook("starts_at", "ends_at"),
		eventLifecycle.hook(),
		hook.On(eventOrganiser, ent.OpCreate),
		hook.On(eventAnnouncement, ent.OpCreate|ent.OpUpdateOne),
		// Innermost: sees the announcement time the hook above stamps.
		hook.On(eventNotice, ent.OpCreate|ent.OpUpdateOne),
	}
}

// eventOrganiser requires exactly one organiser, an institution or an
// enterprise.
func eventOrganiser(next ent.Mutator) ent.Mutator {
	return hook.EventFunc(func(ctx context.Context, m *gen.EventMutation) (ent.Value, error) {
		_, byInstitution := m.OrganiserInstitutionID()
		_, byEnterprise := m.OrganiserEnterpriseID()
		if byInstitution == byEnterprise {
			return nil, fieldError("organiser_institution_id", "give exactly one organiser: organiserInstitutionID or organiserEnterpriseID")
		}
		return next.Mutate(ctx, m)
	})
}

// eventAnnouncement stamps the time an event is first announced.
func eventAnnouncement(next ent.Mutator) ent.Mutator {
	return hook.EventFunc(func(ctx context.Context, m *gen.EventMutation) (ent.Value, error) {
		status, set := m.Status()
		if m.Op().Is(ent.OpCreate) && !set {
			status = event.DefaultStatus
		}
		if status != event.StatusAnnounced {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdateOne) {
			announced, err := m.OldAnnouncedAt(ctx)
			if err != nil {
				return nil, err
			}
			if announced != nil {
				return next.Mutate(ctx, m)
			}
		}
		if _, ok := m.AnnouncedAt(); !ok { // only Go code (seeds, imports) sets it
			m.SetAnnouncedAt(time.Now())
		}
		return next.Mutate(ctx, m)
	})
}

// Policy of the Event.
func (Event) Policy() ent.Policy { return rule.EventPolicy() }

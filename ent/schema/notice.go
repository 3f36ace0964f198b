package schema

import (
	"time"

	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Notice is one item of the live feed.
type Notice struct{ ent.Schema }

// Annotations of the Notice.
func (Notice) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One item of the live feed: an internship was posted or an event announced. Notices are kept, so a dashboard can catch up on what it missed."),
		entgql.QueryField().Description("The feed of notices, oldest first unless ordered otherwise."),
		entgql.RelayConnection(),
	}
}

// Mixin of the Notice.
//
// No ReferenceMixin: notices are written only by the platform's hooks,
// with references taken from what was just written (the foreign keys still
// hold), and every statement saved counts while the notice lock is held.
func (Notice) Mixin() []ent.Mixin { return nil }

// Fields of the Notice.
func (Notice) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			NamedValues(
				"InternshipPosted", "INTERNSHIP_POSTED",
				"EventAnnounced", "EVENT_ANNOUNCED",
			).
			Immutable().
			Comment("What happened.").
			Annotations(EnumValueDocs{
				"INTERNSHIP_POSTED": "An internship was published (created open, or a draft published).",
				"EVENT_ANNOUNCED":   "An event was announced.",
			}),
		field.String("title").
			Immutable().
			Comment("Title of the internship or event, as it was when the notice was written."),
		field.String("industry").
			Optional().
			Immutable().
			Comment("GB/T 4754-2017 industry of the posting (internship notices)."),
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the notice was written.").
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("region_id").
			Immutable().
			Comment("ID of the region of the internship or event."),
		field.Int("internship_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the internship, for INTERNSHIP_POSTED."),
		field.Int("event_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the event, for EVENT_ANNOUNCED."),
		field.Int("enterprise_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the enterprise that posted the internship or organises the event."),
		field.Int("institution_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the institution that organises the event."),
	}
}

// Edges of the Notice.
func (Notice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("region", Region.Type).
			Field("region_id").
			Unique().
			Required().
			Immutable().
			Comment("Region of the internship or event."),
		edge.To("internship", Internship.Type).
			Field("internship_id").
			Unique().
			Immutable().
			Comment("The internship, for INTERNSHIP_POSTED."),
		edge.To("event", Event.Type).
			Field("event_id").
			Unique().
			Immutable().
			Comment("The event, for EVENT_ANNOUNCED."),
		edge.To("enterprise", Enterprise.Type).
			Field("enterprise_id").
			Unique().
			Immutable().
			Comment("The enterprise that posted the internship or organises the event."),
		edge.To("institution", Institution.Type).
			Field("institution_id").
			Unique().
			Immutable().
			Comment("The institution that organises the event."),
		edge.To("programs", Program.Type).
			Immutable().
			Comment("Programmes the internship targets.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the Notice.
func (Notice) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("created_at", "id"),
		index.Fields("region_id"),
		index.Fields("internship_id"),
		index.Fields("event_id"),
	}
}

// Policy of the Notice.
func (Notice) Policy() ent.Policy { return rule.NoticePolicy() }

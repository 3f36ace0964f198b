package schema

import (
	"chanjiao/ent/hook"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EventRegistration is a person's registration for an event.
type EventRegistration struct{ ent.Schema }

// Annotations of the EventRegistration.
func (EventRegistration) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's registration for an event. An event never has more registrations than its capacity."),
		entgql.RelayConnection(),
	}
}

// Mixin of the EventRegistration.
func (EventRegistration) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the EventRegistration.
func (EventRegistration) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").
			Immutable().
			Comment("ID of the event."),
		field.Int("person_id").
			Immutable().
			Comment("ID of the registered person."),
	}
}

// Edges of the EventRegistration.
func (EventRegistration) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).
			Ref("registrations").
			Field("event_id").
			Unique().
			Required().
			Immutable().
			Comment("The event."),
		edge.From("person", Person.Type).
			Ref("registrations").
			Field("person_id").
			Unique().
			Required().
			Immutable().
			Comment("The registered person."),
	}
}

// Indexes of the EventRegistration.
func (EventRegistration) Indexes() []ent.Index {
	return append([]ent.Index{
		// A person registers for an event once.
		index.Fields("event_id", "person_id").Unique(),
	}, parentIndexes([]string{"event_id", "person_id"}, "created_at")...)
}

// Policy of the EventRegistration.
func (EventRegistration) Policy() ent.Policy { return rule.EventRegistrationPolicy() }

// Hooks of the EventRegistration.
func (EventRegistration) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(registrationRules, ent.OpCreate)}
}

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

// Application is a student's application to an internship.
type Application struct{ ent.Schema }

// Annotations of the Application.
func (Application) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A student's application to an internship. Visible only to the student, the posting's enterprise, the student's institution and administrators."),
		entgql.QueryField().Description("Applications you may see: your own as a student, your enterprise's postings' as HR, your institution's students' as staff or teacher; all as an administrator."),
		entgql.RelayConnection(),
	}
}

// Mixin of the Application.
func (Application) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Application.
func (Application) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").
			NamedValues(
				"Submitted", "SUBMITTED",
				"Accepted", "ACCEPTED",
				"Rejected", "REJECTED",
				"Withdrawn", "WITHDRAWN",
			).
			Default("SUBMITTED").
			Comment("Lifecycle: submitted by the student; accepted or rejected by the enterprise, or withdrawn by the student.").
			Annotations(entgql.OrderField("STATUS")),
		field.Text("message").
			Default("").
			Validate(maxLen(5000)).
			Comment("The student's message to the enterprise."),
		field.Time("decided_at").
			Optional().
			Nillable().
			Comment("When the enterprise accepted or rejected the application."),
		field.Time("withdrawn_at").
			Optional().
			Nillable().
			Comment("When the student withdrew the application."),
		field.Int("internship_id").
			Immutable().
			Comment("ID of the internship applied to."),
		field.Int("student_id").
			Immutable().
			Comment("ID of the applicant."),
	}
}

// Edges of the Application.
func (Application) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("internship", Internship.Type).
			Ref("applications").
			Field("internship_id").
			Unique().
			Required().
			Immutable().
			Comment("The internship applied to."),
		edge.From("student", Person.Type).
			Ref("applications").
			Field("student_id").
			Unique().
			Required().
			Immutable().
			Comment("The applicant."),
	}
}

// Indexes of the Application.
func (Application) Indexes() []ent.Index {
	return append([]ent.Index{
		// A student applies to a posting once.
		index.Fields("internship_id", "student_id").Unique(),
		index.Fields("status", "id"),
	}, parentIndexes([]string{"internship_id", "student_id"}, "created_at", "status")...)
}

// Policy of the Application.
func (Application) Policy() ent.Policy { return rule.ApplicationPolicy() }

// Hooks of the Application.
func (Application) Hooks() []ent.Hook {
	return []ent.Hook{
		applicationLifecycle.hook(),
		hook.On(applicationRules, ent.OpCreate|ent.OpUpdateOne),
	}
}

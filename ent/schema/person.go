package schema

import (
	"context"
	"fmt"

	gen "chanjiao/ent"
	"chanjiao/ent/hook"
	"chanjiao/ent/person"
	"chanjiao/ent/program"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Person is a student, teacher, mentor, official, staff member or HR officer.
type Person struct{ ent.Schema }

// Annotations of the Person.
func (Person) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person on the platform, affiliated to exactly one institution or enterprise. Contact details are private."),
		entsql.Annotation{Table: "people"},
		entgql.QueryField("people").Description("People: students, teachers, mentors, officials, staff and HR officers."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Person.
func (Person) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Person.
func (Person) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Validate(text(100)).
			Comment("Full name.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("role").
			NamedValues(
				"Student", "STUDENT",
				"Teacher", "TEACHER",
				"Mentor", "MENTOR",
				"Official", "OFFICIAL",
				"Staff", "STAFF",
				"Hr", "HR",
			).
			Comment("The person's role; it fixes the kind of affiliation.").
			Annotations(EnumValueDocs{
				"STUDENT":  "学生: a student of an institution, enrolled in a programme.",
				"TEACHER":  "教师: a teacher of an institution.",
				"MENTOR":   "企业导师: an enterprise mentor who guides interns and apprentices.",
				"OFFICIAL": "官员: an official of an education bureau or research institute.",
				"STAFF":    "职员: an administrative staff member of an institution.",
				"HR":       "人力资源: an HR officer of an enterprise.",
			}),
		field.String("email").
			Optional().
			Nillable().
			Validate(maxLen(254)).
			Comment("Email address. Private: null unless you are this person, staff of their institution, HR of an enterprise they applied to (or their own enterprise), or an administrator.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.String("phone").
			Optional().
			Nillable().
			Validate(maxLen(32)).
			Comment("Phone number. Private, like email.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Int("cohort").
			Optional().
			Nillable().
			Validate(func(y int) error {
				if y < 1950 || y > 2100 {
					return fmt.Errorf("must be a year from 1950 to 2100, got %d", y)
				}
				return nil
			}).
			Comment("For students: the year they entered their programme."),
		field.Int("institution_id").
			Optional().
			Nillable().
			Comment("ID of the institution the person belongs to, if any."),
		field.Int("enterprise_id").
			Optional().
			Nillable().
			Comment("ID of the enterprise the person belongs to, if any."),
		field.Int("program_id").
			Optional().
			Nillable().
			Comment("For students: ID of the programme they are enrolled in."),
	}
}

// Edges of the Person.
func (Person) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("institution", Institution.Type).
			Ref("people").
			Field("institution_id").
			Unique().
			Comment("The institution the person belongs to (students, teachers, staff, officials)."),
		edge.From("enterprise", Enterprise.Type).
			Ref("people").
			Field("enterprise_id").
			Unique().
			Comment("The enterprise the person belongs to (HR, mentors)."),
		edge.From("program", Program.Type).
			Ref("students").
			Field("program_id").
			Unique().
			Comment("For students: the programme they are enrolled in."),
		edge.To("applications", Application.Type).
			Comment("For students: their applications to internships.").
			Annotations(listEdge()...),
		edge.To("registrations", EventRegistration.Type).
			Comment("Events the person registered for.").
			Annotations(listEdge()...),
	}
}

// Indexes of the Person.
func (Person) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("name", "id"),
		index.Fields("role"),
	}, parentIndexes([]string{"institution_id", "enterprise_id", "program_id"}, "created_at", "name")...)
}

// Hooks of the Person.
func (Person) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(personAffiliation, ent.OpCreate|ent.OpUpdateOne)}
}

// affiliationByRole says whether a role belongs to an institution (true) or
// to an enterprise (false).
var affiliationByRole = map[person.Role]bool{
	person.RoleStudent:  true,
	person.RoleTeacher:  true,
	person.RoleStaff:    true,
	person.RoleOfficial: true,
	person.RoleHr:       false,
	person.RoleMentor:   false,
}

// roleNouns name the roles in error messages.
var roleNouns = map[person.Role]string{
	person.RoleStudent:  "a student",
	person.RoleTeacher:  "a teacher",
	person.RoleStaff:    "a staff member",
	person.RoleOfficial: "an official",
	person.RoleHr:       "an HR officer",
	person.RoleMentor:   "a mentor",
}

// personAffiliation keeps a person affiliated to exactly the kind of
// organisation their role belongs to, and a student's programme in their
// own institution.
func personAffiliation(next ent.Mutator) ent.Mutator {
	return hook.PersonFunc(func(ctx context.Context, m *gen.PersonMutation) (ent.Value, error) {
		role, _ := m.Role()
		institutionID, hasInstitution := m.InstitutionID()
		_, hasEnterprise := m.EnterpriseID()
		programID, hasProgram := m.ProgramID()
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			old, err := m.Client().Person.Get(ctx, id)
			if err != nil {
				return nil, err
			}
			if _, ok := m.Role(); !ok {
				role = old.Role
			}
			if !hasInstitution && !m.InstitutionCleared() && old.InstitutionID != nil {
				institutionID, hasInstitution = *old.InstitutionID, true
			}
			if !hasEnterprise && !m.EnterpriseCleared() && old.EnterpriseID != nil {
				hasEnterprise = true
			}
			if !hasProgram && !m.ProgramCleared() && old.ProgramID != nil {
				programID, hasProgram = *old.ProgramID, true
			}
		}
		if affiliationByRole[role] {
			if !hasInstitution || hasEnterprise {
				return nil, fieldError("institution_id", "%s belongs to an institution, and to no enterprise", roleNouns[role])
			}
		} else if !hasEnterprise || hasInstitution {
			return nil, fieldError("enterprise_id", "%s belongs to an enterprise, and to no institution", roleNouns[role])
		}
		if hasProgram {
			if role != person.RoleStudent {
				return nil, fieldError("program_id", "only students are enrolled in a programme")
			}
			owner, err := m.Client().Program.Query().
				Where(program.ID(programID)).
				Select(program.FieldInstitutionID).
				Int(ctx)
			if err != nil && !gen.IsNotFound(err) {
				return nil, fmt.Errorf("reading the programme's institution: %w", err)
			}
			if err == nil && owner != institutionID {
				return nil, fieldError("program_id", "the programme is taught by another institution")
			}
		}
		return next.Mutate(ctx, m)
	})
}

// Policy of the Person.
func (Person) Policy() ent.Policy { return rule.PersonPolicy() }

// Interceptors of the Person.
func (Person) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{rule.ContactPrivacy()}
}

package schema

import (
	"context"

	gen "chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/hook"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Account is who signs in.
type Account struct{ ent.Schema }

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Who signs in: an email and password, a role, and the scope the role applies to. Visible to its owner and to administrators."),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField),
	}
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").
			Unique().
			Validate(emailAddress).
			Comment("Sign-in email address, stored in lower case."),
		field.String("password_hash").
			Sensitive().
			Comment("argon2id hash of the password, in PHC string format."),
		field.Enum("role").
			NamedValues(
				"Admin", "ADMIN",
				"Bureau", "BUREAU",
				"InstitutionStaff", "INSTITUTION_STAFF",
				"Teacher", "TEACHER",
				"Student", "STUDENT",
				"EnterpriseHr", "ENTERPRISE_HR",
			).
			Comment("What the account may do; its scope is the region, institution, enterprise or person it is linked to.").
			Annotations(EnumValueDocs{
				"ADMIN":             "Platform administrator: may do everything.",
				"BUREAU":            "Education bureau: manages institutions, programmes, people and enterprises in its region and below.",
				"INSTITUTION_STAFF": "Staff of one institution: manages its programmes, people, events and partnerships.",
				"TEACHER":           "A teacher of an institution (linked to their person).",
				"STUDENT":           "A student of an institution (linked to their person): applies to internships.",
				"ENTERPRISE_HR":     "HR of one enterprise: manages its internships, applications, events and partnerships.",
			}),
		field.Int("region_id").Optional().Nillable().Immutable().
			Comment("For BUREAU: the root of the region subtree the account governs."),
		field.Int("institution_id").Optional().Nillable().Immutable().
			Comment("For INSTITUTION_STAFF: the institution."),
		field.Int("enterprise_id").Optional().Nillable().Immutable().
			Comment("For ENTERPRISE_HR: the enterprise."),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("The person who uses the account (required for TEACHER and STUDENT)."),
	}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("region", Region.Type).Field("region_id").Unique().Immutable().
			Comment("For BUREAU: the region governed, with everything below it."),
		edge.To("institution", Institution.Type).Field("institution_id").Unique().Immutable().
			Comment("For INSTITUTION_STAFF: the institution."),
		edge.To("enterprise", Enterprise.Type).Field("enterprise_id").Unique().Immutable().
			Comment("For ENTERPRISE_HR: the enterprise."),
		edge.To("person", Person.Type).Field("person_id").Unique().Immutable().
			Comment("The person who uses the account."),
		edge.To("sessions", Session.Type).
			Comment("Sign-in sessions.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{
		// A person signs in with one account.
		index.Fields("person_id").Unique(),
	}
}

// Hooks of the Account.
func (Account) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(accountScope, ent.OpCreate)}
}

// accountScope gives each role the scope it needs, and no other.
func accountScope(next ent.Mutator) ent.Mutator {
	return hook.AccountFunc(func(ctx context.Context, m *gen.AccountMutation) (ent.Value, error) {
		role, _ := m.Role()
		_, region := m.RegionID()
		_, inst := m.InstitutionID()
		_, firm := m.EnterpriseID()
		_, person := m.PersonID()
		need := map[account.Role]string{
			account.RoleBureau:           "region_id",
			account.RoleInstitutionStaff: "institution_id",
			account.RoleEnterpriseHr:     "enterprise_id",
			account.RoleTeacher:          "person_id",
			account.RoleStudent:          "person_id",
		}[role]
		for field, set := range map[string]bool{"region_id": region, "institution_id": inst, "enterprise_id": firm} {
			if set && field != need {
				return nil, fieldError(field, "a %s account has no %s", role, gqlName(field))
			}
		}
		if have := map[string]bool{"region_id": region, "institution_id": inst, "enterprise_id": firm, "person_id": person}; need != "" && !have[need] {
			return nil, fieldError(need, "a %s account needs %s", role, gqlName(need))
		}
		return next.Mutate(ctx, m)
	})
}

// Session is a sign-in: the hash of a bearer token.
type Session struct{ ent.Schema }

// Annotations of the Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A sign-in session. Only the SHA-256 hash of its token is stored."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").
			Unique().
			Immutable().
			Sensitive().
			Comment("SHA-256 of the bearer token."),
		field.Time("created_at").Immutable(),
		field.Time("expires_at").Immutable(),
		field.Int("account_id").Immutable(),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("sessions").Field("account_id").Unique().Required().Immutable(),
	}
}

// Policy of the Account.
func (Account) Policy() ent.Policy { return rule.AccountPolicy() }

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id"), index.Fields("expires_at")}
}

// Policy of the Session.
func (Session) Policy() ent.Policy { return rule.SessionPolicy() }

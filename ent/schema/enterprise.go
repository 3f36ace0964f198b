package schema

import (
	"chanjiao/internal/gbcode"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Enterprise is a company that cooperates with schools.
type Enterprise struct{ ent.Schema }

// Annotations of the Enterprise.
func (Enterprise) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An enterprise of the platform: it offers internships, hosts apprentices and training bases, and partners with institutions."),
		entgql.QueryField().Description("Enterprises. `where: {inRegion: …}` matches a region and all regions below it; `{industryHasPrefix: \"C34\"}` an industry and its subdivisions."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Enterprise.
func (Enterprise) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}, NameMixin{}} }

// Fields of the Enterprise.
func (Enterprise) Fields() []ent.Field {
	return []ent.Field{
		field.String("credit_code").
			Unique().
			Validate(gbcode.CreditCode).
			Comment("Unified social credit code (统一社会信用代码, GB 32100): 18 characters ending in a check character."),
		field.String("industry").
			Validate(gbcode.IndustryCode).
			Comment("Industry as a GB/T 4754-2017 code: the section letter, then the division, group or class digits (e.g. C3421).").
			Annotations(entgql.OrderField("INDUSTRY")),
		field.Enum("size").
			NamedValues(
				"Large", "LARGE",
				"Medium", "MEDIUM",
				"Small", "SMALL",
				"Micro", "MICRO",
			).
			Comment("Size class by the national statistical standard for enterprise sizes.").
			Annotations(EnumValueDocs{
				"LARGE":  "大型企业",
				"MEDIUM": "中型企业",
				"SMALL":  "小型企业",
				"MICRO":  "微型企业",
			}),
		field.String("website").
			Optional().
			Nillable().
			Validate(maxLen(300)).
			Comment("Home page, if any."),
		field.Int("region_id").
			Comment("ID of the region the enterprise is registered in."),
	}
}

// Edges of the Enterprise.
func (Enterprise) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("region", Region.Type).
			Ref("enterprises").
			Field("region_id").
			Unique().
			Required().
			Comment("The region the enterprise is registered in."),
		edge.To("internships", Internship.Type).
			Comment("Internship postings of the enterprise.").
			Annotations(listEdge()...),
		edge.To("partnerships", Partnership.Type).
			Comment("School–enterprise partnerships the enterprise takes part in.").
			Annotations(listEdge()...),
		edge.To("people", Person.Type).
			Comment("HR staff and mentors of the enterprise.").
			Annotations(listEdge()...),
		edge.To("events", Event.Type).
			Comment("Events the enterprise organises.").
			Annotations(listEdge()...),
	}
}

// Indexes of the Enterprise.
func (Enterprise) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("industry", "id"),
	}, parentIndexes([]string{"region_id"}, "created_at", "name", "industry")...)
}

// Policy of the Enterprise.
func (Enterprise) Policy() ent.Policy { return rule.EnterprisePolicy() }

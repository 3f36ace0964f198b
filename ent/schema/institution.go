package schema

import (
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Institution is a school, college, university, bureau or research institute.
type Institution struct{ ent.Schema }

// Annotations of the Institution.
func (Institution) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An education institution of the platform: a vocational college or school, a university, an education bureau or a research institute."),
		entgql.QueryField().Description("Institutions. `where: {inRegion: …}` matches a region and all regions below it."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Institution.
func (Institution) Mixin() []ent.Mixin {
	return []ent.Mixin{ReferenceMixin{}, TimeMixin{}, NameMixin{}}
}

// Fields of the Institution.
func (Institution) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			NamedValues(
				"EducationBureau", "EDUCATION_BUREAU",
				"ResearchInstitute", "RESEARCH_INSTITUTE",
				"HigherVocational", "HIGHER_VOCATIONAL",
				"VocationalUndergraduate", "VOCATIONAL_UNDERGRADUATE",
				"SecondaryVocational", "SECONDARY_VOCATIONAL",
				"TechnicalSchool", "TECHNICAL_SCHOOL",
				"University", "UNIVERSITY",
			).
			Comment("What kind of institution this is.").
			Annotations(
				entgql.OrderField("KIND"),
				EnumValueDocs{
					"EDUCATION_BUREAU":         "教育局: an education bureau, the platform's operator in its region.",
					"RESEARCH_INSTITUTE":       "研究院: a vocational education research institute.",
					"HIGHER_VOCATIONAL":        "高职专科: a higher vocational college (three-year diplomas).",
					"VOCATIONAL_UNDERGRADUATE": "职业本科: a vocational university awarding bachelor's degrees.",
					"SECONDARY_VOCATIONAL":     "中职: a secondary vocational school.",
					"TECHNICAL_SCHOOL":         "技工院校: a technical school or technician college (human resources system).",
					"UNIVERSITY":               "普通本科: a general university.",
				},
			),
		field.String("website").
			Optional().
			Nillable().
			Validate(maxLen(300)).
			Comment("Home page, if any."),
		field.Int("region_id").
			Comment("ID of the region the institution is located in."),
	}
}

// Edges of the Institution.
func (Institution) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("region", Region.Type).
			Ref("institutions").
			Field("region_id").
			Unique().
			Required().
			Comment("The region the institution is located in."),
		edge.To("programs", Program.Type).
			Comment("Programmes (majors) the institution teaches.").
			Annotations(listEdge()...),
		edge.To("people", Person.Type).
			Comment("Students, teachers, staff and officials of the institution.").
			Annotations(listEdge()...),
		edge.To("partnerships", Partnership.Type).
			Comment("School–enterprise partnerships the institution takes part in.").
			Annotations(listEdge()...),
		edge.To("events", Event.Type).
			Comment("Events the institution organises.").
			Annotations(listEdge()...),
	}
}

// Indexes of the Institution.
func (Institution) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("kind", "id"),
	}, parentIndexes([]string{"region_id"}, "created_at", "name", "kind")...)
}

// Policy of the Institution.
func (Institution) Policy() ent.Policy { return rule.InstitutionPolicy() }

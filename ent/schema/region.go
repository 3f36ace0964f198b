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

// Region is an administrative division (GB/T 2260) or a development zone.
type Region struct{ ent.Schema }

// Annotations of the Region.
func (Region) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An administrative division (GB/T 2260): a province, city, district or county, or a development zone. Regions form a tree; a region filter matches the region and everything below it."),
		entgql.QueryField().Description("Regions of the platform. Filter with `where`, e.g. `{level: CITY}` or `{hasParentWith: {code: \"370000\"}}`."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Region.
func (Region) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}, NameMixin{}} }

// Fields of the Region.
func (Region) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			Immutable().
			Validate(gbcode.RegionCode).
			Comment("Six-digit GB/T 2260 division code (e.g. 370303 for Zhangdian District); development zones use the statistical zone codes.").
			Annotations(entgql.OrderField("CODE")),
		field.Enum("level").
			NamedValues(
				"Province", "PROVINCE",
				"City", "CITY",
				"District", "DISTRICT",
				"County", "COUNTY",
				"Zone", "ZONE",
			).
			Comment("Administrative level of the region.").
			Annotations(
				entgql.OrderField("LEVEL"),
				EnumValueDocs{
					"PROVINCE": "省级: a province, autonomous region or municipality.",
					"CITY":     "地级: a prefecture-level city.",
					"DISTRICT": "市辖区: an urban district of a city.",
					"COUNTY":   "县/县级市: a county or county-level city.",
					"ZONE":     "开发区: a development zone administered within a city (high-tech, economic).",
				},
			),
		field.Int("parent_id").
			Optional().
			Nillable().
			Immutable().
			Comment("ID of the enclosing region; null for a province."),
	}
}

// Edges of the Region.
func (Region) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Region.Type).
			Comment("Regions directly below this one.").
			Annotations(listEdge()...).
			From("parent").
			Field("parent_id").
			Unique().
			Immutable().
			Comment("The enclosing region; null for a province."),
		edge.To("institutions", Institution.Type).
			Comment("Institutions located directly in this region (not in its children).").
			Annotations(listEdge()...),
		edge.To("enterprises", Enterprise.Type).
			Comment("Enterprises registered directly in this region (not in its children).").
			Annotations(listEdge()...),
		edge.To("internships", Internship.Type).
			Comment("Internships located directly in this region (not in its children); use `internships(where: {inRegion: …})` for the whole subtree.").
			Annotations(listEdge()...),
		edge.To("events", Event.Type).
			Comment("Events held directly in this region (not in its children).").
			Annotations(listEdge()...),
	}
}

// Indexes of the Region.
func (Region) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("level", "id"),
	}, parentIndexes([]string{"parent_id"}, "created_at", "name", "code", "level")...)
}

// Policy of the Region.
func (Region) Policy() ent.Policy { return rule.RegionPolicy() }

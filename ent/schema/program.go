package schema

import (
	"context"
	"fmt"

	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Program is a major an institution teaches.
type Program struct{ ent.Schema }

// Annotations of the Program.
func (Program) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A programme (major) taught by an institution, identified by its code in the national vocational education major catalogue (职业教育专业目录, 2021)."),
		entgql.QueryField().Description("Programmes (majors) taught by the institutions."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Program.
func (Program) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}, NameMixin{}} }

// Fields of the Program.
func (Program) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Validate(catalogueCode).
			Comment("Six-digit code in the national vocational education major catalogue (e.g. 460301 机电一体化技术). Its first two digits are the catalogue's category, which fixes the level: 61–79 secondary, 41–59 higher vocational, 21–39 vocational undergraduate.").
			Annotations(entgql.OrderField("CODE")),
		field.Enum("level").
			NamedValues(
				"SecondaryVocational", "SECONDARY_VOCATIONAL",
				"HigherVocational", "HIGHER_VOCATIONAL",
				"VocationalUndergraduate", "VOCATIONAL_UNDERGRADUATE",
			).
			Comment("Level of the programme.").
			Annotations(EnumValueDocs{
				"SECONDARY_VOCATIONAL":     "中职: secondary vocational (catalogue categories 61–79).",
				"HIGHER_VOCATIONAL":        "高职专科: higher vocational diploma (categories 41–59).",
				"VOCATIONAL_UNDERGRADUATE": "职业本科: vocational bachelor's degree (categories 21–39).",
			}),
		field.Int("institution_id").
			Immutable().
			Comment("ID of the institution that teaches the programme."),
	}
}

// Edges of the Program.
func (Program) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("institution", Institution.Type).
			Ref("programs").
			Field("institution_id").
			Unique().
			Required().
			Immutable().
			Comment("The institution that teaches the programme."),
		edge.To("students", Person.Type).
			Comment("Students enrolled in the programme.").
			Annotations(listEdge()...),
		edge.From("partnerships", Partnership.Type).
			Ref("programs").
			Comment("Partnerships that involve the programme (order classes, apprenticeships…).").
			Annotations(listEdge()...),
		edge.From("internships", Internship.Type).
			Ref("programs").
			Comment("Internships that target students of the programme.").
			Annotations(listEdge()...),
		edge.From("notices", Notice.Type).
			Ref("programs").
			Comment("Notices of postings for the programme.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Program.
func (Program) Indexes() []ent.Index {
	return append([]ent.Index{
		// An institution lists a catalogue major once; its majors by
		// CODE are read from this index.
		index.Fields("institution_id", "code").Unique(),
		index.Fields("code", "id"),
	}, parentIndexes([]string{"institution_id"}, "created_at", "name")...)
}

// Hooks of the Program.
func (Program) Hooks() []ent.Hook {
	return []ent.Hook{programLevelHook}
}

// programLevelHook keeps a programme's code in the catalogue range of its level.
func programLevelHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		code, cok := m.Field("code")
		level, lok := m.Field("level")
		if !cok && !lok {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdateOne) {
			if !cok {
				code, _ = m.OldField(ctx, "code")
			}
			if !lok {
				level, _ = m.OldField(ctx, "level")
			}
		} else if m.Op().Is(ent.OpUpdate) && cok != lok {
			return nil, fieldError("code", "set code and level together when updating many programmes")
		}
		c, _ := code.(string)
		l := fmt.Sprint(level)
		if len(c) < 2 {
			return next.Mutate(ctx, m) // the field validator reports it
		}
		cat := int(c[0]-'0')*10 + int(c[1]-'0')
		if r, ok := programCategories[l]; ok && (cat < r[0] || cat > r[1]) {
			return nil, fieldError("code", "category %02d is not a %s category (%02d–%02d)", cat, l, r[0], r[1])
		}
		return next.Mutate(ctx, m)
	})
}

// programCategories are the catalogue's two-digit category ranges by level.
var programCategories = map[string][2]int{
	"SECONDARY_VOCATIONAL":     {61, 79},
	"HIGHER_VOCATIONAL":        {41, 59},
	"VOCATIONAL_UNDERGRADUATE": {21, 39},
}

// Policy of the Program.
func (Program) Policy() ent.Policy { return rule.ProgramPolicy() }

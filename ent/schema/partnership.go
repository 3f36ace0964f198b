package schema

import (
	"context"
	"fmt"

	"chanjiao"
	gen "chanjiao/ent"
	"chanjiao/ent/hook"
	"chanjiao/ent/partnership"
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

// Partnership is a school–enterprise cooperation.
type Partnership struct{ ent.Schema }

// Annotations of the Partnership.
func (Partnership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A school–enterprise cooperation (校企合作) between one institution and one enterprise, possibly for named programmes."),
		entgql.QueryField().Description("School–enterprise partnerships."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Partnership.
func (Partnership) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Partnership.
func (Partnership) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Validate(text(200)).
			Comment("Name of the cooperation (e.g. 莱茵科斯特智能制造订单班).").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			NamedValues(
				"OrderClass", "ORDER_CLASS",
				"Apprenticeship", "APPRENTICESHIP",
				"IndustrialCollege", "INDUSTRIAL_COLLEGE",
				"TrainingBase", "TRAINING_BASE",
				"InternshipBase", "INTERNSHIP_BASE",
				"JointResearch", "JOINT_RESEARCH",
				"TeacherPractice", "TEACHER_PRACTICE",
			).
			Comment("Form of the cooperation.").
			Annotations(
				entgql.OrderField("KIND"),
				EnumValueDocs{
					"ORDER_CLASS":        "订单班: a class trained to an enterprise's order, with places reserved for graduates.",
					"APPRENTICESHIP":     "现代学徒制: a modern apprenticeship, trained jointly by school and enterprise.",
					"INDUSTRIAL_COLLEGE": "产业学院: an industrial college run jointly by school and enterprise.",
					"TRAINING_BASE":      "实训基地: a practical training base.",
					"INTERNSHIP_BASE":    "实习基地: an internship base at the enterprise.",
					"JOINT_RESEARCH":     "联合研发: joint research and development.",
					"TEACHER_PRACTICE":   "教师企业实践: teachers' practice placements at the enterprise.",
				},
			),
		field.Text("description").
			Default("").
			Validate(maxLen(10000)).
			Comment("What the cooperation does."),
		field.Int("seats").
			Optional().
			Nillable().
			Validate(atLeast(1)).
			Comment("Places offered, when the cooperation has a fixed number (an order class's size)."),
		field.Time("starts_on").
			Comment("Start of the term.").
			Annotations(entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").
			Optional().
			Nillable().
			Comment("End of the term; null when open-ended."),
		field.Enum("status").
			NamedValues(
				"Proposed", "PROPOSED",
				"Active", "ACTIVE",
				"Ended", "ENDED",
				"Declined", "DECLINED",
			).
			Default("PROPOSED").
			Comment("Lifecycle: proposed by one side, active once the other side confirms (or declined by it), ended by either side.").
			Annotations(
				entgql.OrderField("STATUS"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
				EnumValueDocs{
					"PROPOSED": "提议中: proposed by one side, waiting for the other.",
					"ACTIVE":   "合作中: confirmed by both sides.",
					"ENDED":    "已结束: ended by either side.",
					"DECLINED": "已拒绝: declined by the side it was proposed to.",
				},
			),
		field.Enum("proposed_by").
			NamedValues(
				"Institution", "INSTITUTION",
				"Enterprise", "ENTERPRISE",
			).
			Optional().
			Nillable().
			Immutable().
			Comment("Which side proposed the partnership; the other side confirms or declines it. Taken from the proposer's account; an administrator gives it.").
			Annotations(
				entgql.Skip(entgql.SkipMutationUpdateInput),
				EnumValueDocs{
					"INSTITUTION": "The institution proposed it.",
					"ENTERPRISE":  "The enterprise proposed it.",
				},
			),
		field.Int("institution_id").
			Immutable().
			Comment("ID of the institution side."),
		field.Int("enterprise_id").
			Immutable().
			Comment("ID of the enterprise side."),
	}
}

// Edges of the Partnership.
func (Partnership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("institution", Institution.Type).
			Ref("partnerships").
			Field("institution_id").
			Unique().
			Required().
			Immutable().
			Comment("The institution side."),
		edge.From("enterprise", Enterprise.Type).
			Ref("partnerships").
			Field("enterprise_id").
			Unique().
			Required().
			Immutable().
			Comment("The enterprise side."),
		edge.To("programs", Program.Type).
			Comment("Programmes of the institution the cooperation is for.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the Partnership.
func (Partnership) Indexes() []ent.Index {
	return append([]ent.Index{
		index.Fields("kind", "id"),
		index.Fields("status", "id"),
		index.Fields("name", "id"),
		index.Fields("starts_on", "id"),
		// The dashboards' figures (internal/stats): active partnerships
		// by kind, and whose they are, from the index alone.
		index.Fields("kind").StorageKey("partnership_active_kind").
			Annotations(entsql.IndexWhere("status = 'ACTIVE'"), entsql.IncludeColumns("institution_id", "enterprise_id")),
	}, parentIndexes([]string{"institution_id", "enterprise_id"}, "created_at", "name", "kind", "starts_on", "status")...)
}

// Hooks of the Partnership.
func (Partnership) Hooks() []ent.Hook {
	return []ent.Hook{
		termHook("starts_on", "ends_on"),
		partnershipLifecycle.hook(),
		hook.On(partnershipProposer, ent.OpCreate),
		hook.On(partnershipPrograms, ent.OpCreate|ent.OpUpdateOne),
	}
}

// partnershipProposer records which side proposed a partnership: the side
// the proposer's account acts for, unless an administrator (or the
// platform) says.
func partnershipProposer(next ent.Mutator) ent.Mutator {
	return hook.PartnershipFunc(func(ctx context.Context, m *gen.PartnershipMutation) (ent.Value, error) {
		inst, _ := m.InstitutionID()
		firm, _ := m.EnterpriseID()
		given, ok := m.ProposedBy()
		switch side := rule.Side(ctx, inst, firm); {
		case side != "" && ok && string(given) != side:
			return nil, chanjiao.Errorf(chanjiao.Forbidden, "you propose for your own side (%s)", side)
		case side != "":
			m.SetProposedBy(partnership.ProposedBy(side))
		case !ok:
			return nil, fieldError("proposed_by", "say which side proposes the partnership: INSTITUTION or ENTERPRISE")
		}
		return next.Mutate(ctx, m)
	})
}

// partnershipPrograms keeps a partnership's programmes within its institution.
func partnershipPrograms(next ent.Mutator) ent.Mutator {
	return hook.PartnershipFunc(func(ctx context.Context, m *gen.PartnershipMutation) (ent.Value, error) {
		ids := m.ProgramsIDs()
		if len(ids) == 0 {
			return next.Mutate(ctx, m)
		}
		institutionID, ok := m.InstitutionID()
		if !ok {
			var err error
			if institutionID, err = m.OldInstitutionID(ctx); err != nil {
				return nil, err
			}
		}
		foreign, err := m.Client().Program.Query().
			Where(program.IDIn(ids...), program.InstitutionIDNEQ(institutionID)).
			Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the programmes' institutions: %w", err)
		}
		if foreign > 0 {
			field := "program_ids"
			if m.Op().Is(ent.OpUpdateOne) {
				field = "add_program_ids"
			}
			return nil, fieldError(field, "%d of the programmes are taught by another institution", foreign)
		}
		return next.Mutate(ctx, m)
	})
}

// Policy of the Partnership.
func (Partnership) Policy() ent.Policy { return rule.PartnershipPolicy() }

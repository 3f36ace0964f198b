package schema

import (
	"context"
	"fmt"
	"time"

	gen "chanjiao/ent"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/hook"
	"chanjiao/ent/internship"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/rule"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Internship is an internship posting of an enterprise.
type Internship struct{ ent.Schema }

// Annotations of the Internship.
func (Internship) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An internship posting (实习岗位) of an enterprise: where, for which programmes, how many positions, and its status."),
		entgql.QueryField().Description("Internship postings. `where: {inRegion: …}` matches a region and all regions below it; order newest first with `orderBy: {field: PUBLISHED_AT, direction: DESC}`."),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Mixin of the Internship.
func (Internship) Mixin() []ent.Mixin { return []ent.Mixin{ReferenceMixin{}, TimeMixin{}} }

// Fields of the Internship.
func (Internship) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").
			Validate(text(200)).
			Comment("Title of the posting.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").
			Default("").
			Validate(maxLen(20000)).
			Comment("What the intern will do, and what is expected."),
		field.String("industry").
			Default("").
			Validate(gbcode.IndustryCode).
			Comment("Industry of the posting as a GB/T 4754-2017 code; the enterprise's industry unless given.").
			Annotations(entgql.OrderField("INDUSTRY")),
		field.Int("positions").
			Validate(atLeast(1)).
			Comment("Number of interns wanted."),
		field.Int("stipend").
			Optional().
			Nillable().
			Validate(atLeast(0)).
			Comment("Monthly stipend in yuan (CNY), if any."),
		field.Time("starts_on").
			Optional().
			Nillable().
			Comment("First day of the internship, if fixed."),
		field.Time("ends_on").
			Optional().
			Nillable().
			Comment("Last day of the internship, if fixed."),
		field.Enum("status").
			NamedValues(
				"Draft", "DRAFT",
				"Open", "OPEN",
				"Closed", "CLOSED",
			).
			Default("OPEN").
			Comment("Lifecycle: a draft is visible only to its enterprise; an open posting takes applications; a closed one no longer does.").
			Annotations(
				entgql.Skip(entgql.SkipMutationUpdateInput),
				EnumValueDocs{
					"DRAFT":  "草稿: not yet published.",
					"OPEN":   "招募中: published and taking applications.",
					"CLOSED": "已结束: no longer taking applications.",
				}),
		field.Time("published_at").
			Optional().
			Nillable().
			Comment("When the posting was first published (became OPEN); null for a draft never published.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		// listed_at is published_at for published postings and the creation
		// time for drafts. It exists because keyset pagination cannot order by
		// a nullable column: the PUBLISHED_AT ordering uses it.
		field.Time("listed_at").
			Default(time.Now).
			Annotations(
				entgql.OrderField("PUBLISHED_AT"),
				entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Int("enterprise_id").
			Immutable().
			Comment("ID of the enterprise offering the internship."),
		field.Int("region_id").
			Comment("ID of the region where the internship takes place."),
	}
}

// Edges of the Internship.
func (Internship) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("enterprise", Enterprise.Type).
			Ref("internships").
			Field("enterprise_id").
			Unique().
			Required().
			Immutable().
			Comment("The enterprise offering the internship."),
		edge.From("region", Region.Type).
			Ref("internships").
			Field("region_id").
			Unique().
			Required().
			Comment("Where the internship takes place."),
		edge.To("programs", Program.Type).
			Comment("Programmes whose students the posting is for.").
			Annotations(entgql.RelayConnection()),
		edge.To("applications", Application.Type).
			Comment("Applications of students to the posting.").
			Annotations(listEdge()...),
	}
}

// Indexes of the Internship.
func (Internship) Indexes() []ent.Index {
	return append([]ent.Index{
		// The list page: open postings, newest first, read in the order of
		// the page (the id breaks ties), so that the planner prefers it to
		// (listed_at, id), which would walk the closed ones too ((c)).
		index.Fields("status", "listed_at", "id"),
		index.Fields("listed_at", "id"),
		index.Fields("industry", "id"),
		index.Fields("title", "id"),
		// The dashboards' figures (internal/stats), read from the index
		// alone: open postings by region and industry with their
		// positions, in the order the figures group them; and postings by
		// publication time. The id, which ent counts (COUNT("id")), lets
		// a search's totalCount of open postings in a region subtree and
		// an industry be read from it too (14.5 -> 1.5 ms for Zibo's C).
		index.Fields("region_id", "industry").StorageKey("internship_open_region_id_industry").
			Annotations(entsql.IndexWhere("status = 'OPEN'"), entsql.IncludeColumns("positions", "id")),
		index.Fields("published_at").Annotations(entsql.IncludeColumns("region_id", "industry")),
	}, countedParentIndexes([]string{"status"}, []string{"enterprise_id", "region_id"}, "created_at", "title", "industry", "listed_at")...)
}

// Hooks of the Internship.
func (Internship) Hooks() []ent.Hook {
	return []ent.Hook{
		termHook("starts_on", "ends_on"),
		internshipLifecycle.hook(),
		hook.On(internshipDefaults, ent.OpCreate),
		hook.On(internshipPublication, ent.OpCreate|ent.OpUpdateOne),
		// Innermost: sees the publication time the hook above stamps.
		hook.On(internshipNotice, ent.OpCreate|ent.OpUpdateOne),
	}
}

// internshipDefaults gives a posting its enterprise's industry unless one
// was given: the one the references' check read with its count
// (internshipIndustryRead), or read here.
func internshipDefaults(next ent.Mutator) ent.Mutator {
	return hook.InternshipFunc(func(ctx context.Context, m *gen.InternshipMutation) (ent.Value, error) {
		if industry, _ := m.Industry(); industry == "" {
			if eid, ok := m.EnterpriseID(); ok {
				if industry, ok := referenced(ctx, enterprise.Table, eid, enterprise.FieldIndustry); ok {
					m.SetIndustry(industry)
					return next.Mutate(ctx, m)
				}
				industry, err := m.Client().Enterprise.Query().
					Where(enterprise.ID(eid)).
					Select(enterprise.FieldIndustry).
					String(ctx)
				if err != nil && !gen.IsNotFound(err) {
					return nil, fmt.Errorf("reading the enterprise's industry: %w", err)
				}
				m.SetIndustry(industry)
			}
		}
		return next.Mutate(ctx, m)
	})
}

// internshipIndustryRead asks the references' check to read the
// enterprise's industry, which internshipDefaults gives a posting that has
// none of its own.
func internshipIndustryRead(m ent.Mutation) (edge, column string) {
	if im, ok := m.(*gen.InternshipMutation); ok && im.Op().Is(ent.OpCreate) {
		if industry, _ := im.Industry(); industry == "" {
			return internship.EdgeEnterprise, enterprise.FieldIndustry
		}
	}
	return "", ""
}

// internshipPublication stamps the time a posting becomes OPEN, unless the
// caller gives one (only Go code can: seeds and imports). listed_at,
// the key of the PUBLISHED_AT ordering, follows published_at once there is one.
func internshipPublication(next ent.Mutator) ent.Mutator {
	return hook.InternshipFunc(func(ctx context.Context, m *gen.InternshipMutation) (ent.Value, error) {
		status, set := m.Status()
		if m.Op().Is(ent.OpCreate) && !set {
			status = internship.DefaultStatus
		}
		if _, given := m.PublishedAt(); status == internship.StatusOpen && !given {
			first := true
			if m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldPublishedAt(ctx)
				if err != nil {
					return nil, err
				}
				first = old == nil
			}
			if first {
				m.SetPublishedAt(time.Now())
			}
		}
		if published, ok := m.PublishedAt(); ok {
			m.SetListedAt(published)
		}
		return next.Mutate(ctx, m)
	})
}

// Policy of the Internship.
func (Internship) Policy() ent.Policy { return rule.InternshipPolicy() }

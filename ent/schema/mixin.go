// Package schema is the platform's domain graph: the ent schemas of regions,
// institutions, enterprises, programs, people, partnerships, internships,
// applications, events and notices, with the rules that hold for every
// caller (validators and hooks).
//
// Field and edge comments become the GraphQL descriptions analysts read in
// GraphiQL, so they are written for them.
package schema

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the record was created.").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Comment("When the record was last changed.").
			Annotations(
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Indexes of the TimeMixin: every list ordered by CREATED_AT (id breaks
// ties) is read in the index's order, not sorted whole
// (TestEveryOrderHasItsIndex, ent/orderindex_test.go).
func (TimeMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at", "id")}
}

// NameMixin gives an organisation or place its official (Chinese) name and
// an optional English name.
type NameMixin struct{ mixin.Schema }

// Fields of the NameMixin.
func (NameMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Validate(text(200)).
			Comment("Official name, in Chinese as registered (e.g. 淄博职业学院).").
			Annotations(entgql.OrderField("NAME")),
		field.String("name_en").
			Optional().
			Nillable().
			Validate(maxLen(300)).
			Comment("English name, when one is in use (e.g. Zibo Vocational College)."),
	}
}

// Indexes of the NameMixin: lists ordered by NAME.
func (NameMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name", "id")}
}

// parentIndexes gives the indexes through which a nested connection (a
// parent's to-many edge: an enterprise's internships) reads each parent's
// first rows without reading the rest: under each of the foreign keys
// given, the id (a connection's default order), then each field the list
// is ordered by, with the id that breaks ties. Without them PostgreSQL
// sorts all of a parent's rows, or walks the ordering's own index until it
// meets enough of the parent's: seconds at the province's scale
// (TestEveryNestedOrderHasItsIndex, ent/orderindex_test.go).
func parentIndexes(keys []string, orders ...string) []ent.Index {
	return countedParentIndexes(nil, keys, orders...)
}

// countedParentIndexes is parentIndexes whose (key, id) indexes also hold
// the columns given, so that a parent's rows are counted from the index
// alone under a condition on them: the privacy rule's `status <> 'DRAFT'`
// on every reader's count of a region's or an enterprise's internships (a
// city's 31,681: 60-97 ms through the table, 5 ms from the index).
func countedParentIndexes(include []string, keys []string, orders ...string) []ent.Index {
	var indexes []ent.Index
	for _, k := range keys {
		byID := index.Fields(k, "id")
		if len(include) > 0 {
			byID.Annotations(entsql.IncludeColumns(include...))
		}
		indexes = append(indexes, byID)
		for _, o := range orders {
			indexes = append(indexes, index.Fields(k, o, "id"))
		}
	}
	return indexes
}

// EnumValueDocs describes the values of an enum field. The GraphQL schema
// generator copies them onto the enum's values so GraphiQL explains them.
type EnumValueDocs map[string]string

// Name implements schema.Annotation.
func (EnumValueDocs) Name() string { return "EnumValueDocs" }

// termHook refuses a mutation that leaves the term's start after its end.
// start and end are the ent field names; either may be optional. On a bulk
// update the old values are unknown, so both sides must be given together.
func termHook(start, end string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			// Field returns the zero value, not nil, for an unset field.
			s, sok := m.Field(start)
			e, eok := m.Field(end)
			if !sok && !eok {
				return next.Mutate(ctx, m)
			}
			if !sok {
				s = nil
			}
			if !eok {
				e = nil
			}
			if m.Op().Is(ent.OpUpdateOne) {
				if !sok && !m.FieldCleared(start) {
					s, _ = m.OldField(ctx, start)
				}
				if !eok && !m.FieldCleared(end) {
					e, _ = m.OldField(ctx, end)
				}
			} else if m.Op().Is(ent.OpUpdate) && sok != eok {
				return nil, fieldError(map[bool]string{true: end, false: start}[sok], "set %s and %s together when updating many records", gqlName(start), gqlName(end))
			}
			st, et := asTime(s), asTime(e)
			if st != nil && et != nil && st.After(*et) {
				return nil, fieldError(end, "must not be before %s", gqlName(start))
			}
			return next.Mutate(ctx, m)
		})
	}
}

func asTime(v ent.Value) *time.Time {
	switch t := v.(type) {
	case time.Time:
		return &t
	case *time.Time:
		return t
	}
	return nil
}

package schema

import (
	"context"
	"fmt"

	"chanjiao"
	gen "chanjiao/ent"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"
)

// ReferenceMixin checks, before any write, that every edge the mutation sets
// points at an object that exists and is of the edge's type. Without it a
// wrong ID surfaces as a foreign-key violation that names no field (SQLite
// cannot say which key failed).
type ReferenceMixin struct{ mixin.Schema }

// Hooks of the ReferenceMixin.
func (ReferenceMixin) Hooks() []ent.Hook {
	return []ent.Hook{checkReferences}
}

func checkReferences(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		cm, ok := m.(interface{ Client() *gen.Client })
		if !ok || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
			return next.Mutate(ctx, m)
		}
		targets := gen.EdgeTargets[m.Type()]
		var (
			sets  []gen.IDSet
			edges []gen.EdgeTarget
		)
		for _, edge := range m.AddedEdges() {
			target, ok := targets[edge]
			if !ok {
				continue
			}
			values := m.AddedIDs(edge)
			ids := make([]int, 0, len(values))
			seen := make(map[int]bool, len(values))
			for _, v := range values {
				if id, ok := v.(int); ok && !seen[id] {
					ids = append(ids, id)
					seen[id] = true
				}
			}
			if len(ids) > 0 {
				sets, edges = append(sets, gen.IDSet{Table: target.Table, IDs: ids}), append(edges, target)
			}
		}
		if len(sets) == 0 {
			return next.Mutate(ctx, m)
		}
		counts, err := cm.Client().CountIDSets(ctx, sets...) // one statement for every edge
		if err != nil {
			return nil, fmt.Errorf("checking references: %w", err)
		}
		for i, n := range counts {
			ids, target := sets[i].IDs, edges[i]
			if n == len(ids) {
				continue
			}
			field := edgeInput(m, target)
			if len(ids) == 1 {
				return nil, chanjiao.FieldErrorf(field, "no %s has ID %d", target.Type, ids[0])
			}
			return nil, chanjiao.FieldErrorf(field, "%d of the %d IDs are not IDs of a %s", len(ids)-n, len(ids), target.Type)
		}
		return next.Mutate(ctx, m)
	})
}

// edgeInput names the input field that set the edge, as the GraphQL
// schema spells it: "regionID", "programIDs", or on update "addProgramIDs".
func edgeInput(m ent.Mutation, t gen.EdgeTarget) string {
	if !t.Unique && !m.Op().Is(ent.OpCreate) {
		return gqlName("add_" + t.Input)
	}
	return gqlName(t.Input)
}

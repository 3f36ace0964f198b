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
		var readEdge, readColumn string
		if read := referenceReads[m.Type()]; read != nil {
			readEdge, readColumn = read(m)
		}
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
				set := gen.IDSet{Table: target.Table, IDs: ids}
				if edge == readEdge && len(ids) == 1 {
					set.Read = readColumn
				}
				sets, edges = append(sets, set), append(edges, target)
			}
		}
		if len(sets) == 0 {
			return next.Mutate(ctx, m)
		}
		counts, reads, err := cm.Client().CountIDSets(ctx, sets...) // one statement for every edge
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
		for i, set := range sets {
			if set.Read != "" {
				ctx = context.WithValue(ctx, referenceKey{set.Table, set.IDs[0], set.Read}, reads[i].String)
			}
		}
		return next.Mutate(ctx, m)
	})
}

// referenceReads name, for a mutation of a type, the edge and the column
// of its target that its own hooks will read ("" for none): the
// references' check reads it in its statement and hands it down in the
// context (referenced), one round trip less for every such write.
var referenceReads = map[string]func(ent.Mutation) (edge, column string){
	"Internship": internshipIndustryRead,
}

type referenceKey struct {
	table  string
	id     int
	column string
}

// referenced is the column of the row of table with the ID that the
// references' check read for the mutation, if it did (referenceReads).
func referenced(ctx context.Context, table string, id int, column string) (string, bool) {
	v, ok := ctx.Value(referenceKey{table, id, column}).(string)
	return v, ok
}

// edgeInput names the input field that set the edge, as the GraphQL
// schema spells it: "regionID", "programIDs", or on update "addProgramIDs".
func edgeInput(m ent.Mutation, t gen.EdgeTarget) string {
	if !t.Unique && !m.Op().Is(ent.OpCreate) {
		return gqlName("add_" + t.Input)
	}
	return gqlName(t.Input)
}

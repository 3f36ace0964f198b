// Package rule holds who may read and write what: the privacy policies the
// ent schemas install, so that every path through the API — GraphQL over
// HTTP, subscriptions, anything built on the ent client — obeys them.
//
// Rules read the caller from the context (package viewer). Work the
// platform does on its own behalf (seeding, signing in, checking capacity)
// runs with privacy.DecisionContext(ctx, privacy.Allow), which skips them.
package rule

import (
	"context"

	"chanjiao"
	gen "chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/institution"
	"chanjiao/ent/privacy"
	"chanjiao/ent/region"
	"chanjiao/internal/regiontree"
	"chanjiao/internal/viewer"

	"entgo.io/ent"
)

// System returns ctx with every privacy rule skipped, for work the platform
// does on its own behalf.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// IsSystem reports whether ctx is one in which the platform acts on its own
// behalf (made by System).
func IsSystem(ctx context.Context) bool {
	decision, ok := privacy.DecisionFromContext(ctx) // an Allow decision comes back as nil
	return ok && decision == nil
}

// roleNames name the roles in refusals.
var roleNames = map[account.Role]string{
	account.RoleAdmin:            "an administrator",
	account.RoleBureau:           "an education bureau account",
	account.RoleInstitutionStaff: "institution staff",
	account.RoleTeacher:          "a teacher",
	account.RoleStudent:          "a student",
	account.RoleEnterpriseHr:     "enterprise HR",
}

// refuse returns the error for a caller who may not do what: UNAUTHENTICATED
// for an anonymous caller, FORBIDDEN otherwise.
func refuse(ctx context.Context, what string) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return chanjiao.Errorf(chanjiao.Unauthenticated, "sign in to %s", what)
	}
	return chanjiao.Errorf(chanjiao.Forbidden, "%s may not %s", roleNames[v.Role], what)
}

// denyRest ends a mutation policy: whoever no rule allowed is refused.
func denyRest(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ gen.Mutation) error {
		return refuse(ctx, what)
	})
}

// allowAdmin lets administrators do anything.
func allowAdmin() privacy.QueryMutationRule {
	return adminRule{}
}

type adminRule struct{}

func (adminRule) EvalQuery(ctx context.Context, _ ent.Query) error { return adminDecision(ctx) }
func (adminRule) EvalMutation(ctx context.Context, _ ent.Mutation) error {
	return adminDecision(ctx)
}

func adminDecision(ctx context.Context) error {
	if viewer.FromContext(ctx).Admin() {
		return privacy.Allow
	}
	return privacy.Skip
}

// publicRead lets everyone read.
var publicRead = privacy.QueryPolicy{privacy.AlwaysAllowRule()}

// systemOnly refuses everything to callers; only the platform itself (with
// System) reads and writes.
func systemOnly(what string) gen.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.QueryRuleFunc(func(ctx context.Context, _ gen.Query) error { return refuse(ctx, "read "+what) })},
		Mutation: privacy.MutationPolicy{denyRest("change " + what)},
	}
}

// inSubtree reports whether a BUREAU viewer governs region: it is the
// account's region or below it.
func inSubtree(ctx context.Context, c *gen.Client, v *viewer.Viewer, regionID int) (bool, error) {
	if !v.Is(account.RoleBureau) {
		return false, nil
	}
	return v.Subtree(regionID, func() ([]int, error) {
		return c.Region.Query().
			Where(regiontree.Contains(region.FieldID, v.RegionID)).
			IDs(System(ctx))
	})
}

// institutionRegion returns the region of an institution.
func institutionRegion(ctx context.Context, c *gen.Client, id int) (int, error) {
	return c.Institution.Query().Where(institution.ID(id)).Select(institution.FieldRegionID).Int(System(ctx))
}

// enterpriseRegion returns the region of an enterprise.
func enterpriseRegion(ctx context.Context, c *gen.Client, id int) (int, error) {
	return c.Enterprise.Query().Where(enterprise.ID(id)).Select(enterprise.FieldRegionID).Int(System(ctx))
}

// decide turns a yes/no answer (and an error from finding it out) into a
// rule's decision: allow, or skip to the next rule.
func decide(ok bool, err error) error {
	switch {
	case err != nil:
		return err
	case ok:
		return privacy.Allow
	}
	return privacy.Skip
}

// onlyFields reports whether the mutation sets no field but those named
// (and the updated_at stamp).
func onlyFields(m ent.Mutation, allowed ...string) bool {
	for _, f := range m.Fields() {
		if f != "updated_at" && !contains(allowed, f) {
			return false
		}
	}
	return len(m.ClearedFields()) == 0 || allIn(m.ClearedFields(), allowed)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func allIn(list, allowed []string) bool {
	for _, x := range list {
		if !contains(allowed, x) {
			return false
		}
	}
	return true
}

// oneOnly refuses bulk updates and deletes: the API changes one object at
// a time, and a bulk change cannot be checked object by object.
func oneOnly(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m gen.Mutation) error {
		if m.Op().Is(ent.OpUpdate | ent.OpDelete) {
			return chanjiao.Errorf(chanjiao.Forbidden, "%s are changed one at a time", what)
		}
		return privacy.Skip
	})
}

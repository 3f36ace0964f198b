// Package viewer carries who is asking — the signed-in account, its role
// and scope — through a request's context, to the privacy rules and hooks
// of the ent schema.
package viewer

import (
	"context"
	"sync"

	"chanjiao"
	"chanjiao/ent/account"
)

// Viewer is a signed-in account. A nil *Viewer is an anonymous caller.
type Viewer struct {
	AccountID int
	Role      account.Role
	// RegionID is the root of a BUREAU account's region subtree.
	RegionID int
	// InstitutionID is the institution of INSTITUTION_STAFF accounts, and of
	// the person behind TEACHER and STUDENT accounts.
	InstitutionID int
	// EnterpriseID is the enterprise of ENTERPRISE_HR accounts.
	EnterpriseID int
	// PersonID is the person using the account, if one is linked.
	PersonID int

	subtree struct {
		once sync.Once
		ids  map[int]bool
		err  error
	}
}

type contextKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, contextKey{}, v)
}

// FromContext returns the viewer of ctx, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(contextKey{}).(*Viewer)
	return v
}

// Is reports whether the viewer is signed in with the role.
func (v *Viewer) Is(role account.Role) bool { return v != nil && v.Role == role }

// Admin reports whether the viewer is an administrator.
func (v *Viewer) Admin() bool { return v.Is(account.RoleAdmin) }

// Subtree returns whether region is the viewer's region or below it. load
// reads the subtree's region IDs; it runs once per viewer (per request).
func (v *Viewer) Subtree(region int, load func() ([]int, error)) (bool, error) {
	if v == nil || v.RegionID == 0 {
		return false, nil
	}
	v.subtree.once.Do(func() {
		ids, err := load()
		v.subtree.ids, v.subtree.err = make(map[int]bool, len(ids)), err
		for _, id := range ids {
			v.subtree.ids[id] = true
		}
	})
	return v.subtree.ids[region], v.subtree.err
}

// Person returns the ID of the person the caller acts as, or the error
// that says why there is none.
func Person(ctx context.Context) (int, error) {
	v := FromContext(ctx)
	switch {
	case v == nil:
		return 0, chanjiao.Errorf(chanjiao.Unauthenticated, "sign in first")
	case v.PersonID == 0:
		return 0, chanjiao.Errorf(chanjiao.Forbidden, "this account is not linked to a person")
	}
	return v.PersonID, nil
}

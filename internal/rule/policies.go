package rule

import (
	"context"

	"chanjiao"
	gen "chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/application"
	"chanjiao/ent/event"
	"chanjiao/ent/eventregistration"
	"chanjiao/ent/internship"
	"chanjiao/ent/partnership"
	"chanjiao/ent/person"
	"chanjiao/ent/predicate"
	"chanjiao/ent/privacy"
	"chanjiao/internal/viewer"

	"entgo.io/ent"
)

// RegionPolicy: everyone reads regions; administrators change them.
func RegionPolicy() ent.Policy {
	return privacy.Policy{
		Query:    publicRead,
		Mutation: privacy.MutationPolicy{oneOnly("regions"), allowAdmin(), denyRest("change regions")},
	}
}

// InstitutionPolicy: everyone reads institutions; administrators, the
// bureau of their region, and their own staff change them.
func InstitutionPolicy() ent.Policy {
	return privacy.Policy{
		Query: publicRead,
		Mutation: privacy.MutationPolicy{
			oneOnly("institutions"),
			allowAdmin(),
			privacy.InstitutionMutationRuleFunc(func(ctx context.Context, m *gen.InstitutionMutation) error {
				v := viewer.FromContext(ctx)
				id, updating := m.ID()
				if v.Is(account.RoleInstitutionStaff) && updating && id == v.InstitutionID {
					return privacy.Allow
				}
				if !v.Is(account.RoleBureau) {
					return privacy.Skip
				}
				regions, err := regionsOf(ctx, m, m.RegionID, m.OldRegionID)
				return decide(allInSubtree(ctx, m.Client(), v, regions, err))
			}),
			denyRest("change this institution"),
		},
	}
}

// EnterprisePolicy: everyone reads enterprises; administrators and the
// bureau of their region create and change them, their HR changes them.
func EnterprisePolicy() ent.Policy {
	return privacy.Policy{
		Query: publicRead,
		Mutation: privacy.MutationPolicy{
			oneOnly("enterprises"),
			allowAdmin(),
			privacy.EnterpriseMutationRuleFunc(func(ctx context.Context, m *gen.EnterpriseMutation) error {
				v := viewer.FromContext(ctx)
				id, updating := m.ID()
				if v.Is(account.RoleEnterpriseHr) && updating && id == v.EnterpriseID {
					return privacy.Allow
				}
				if !v.Is(account.RoleBureau) {
					return privacy.Skip
				}
				regions, err := regionsOf(ctx, m, m.RegionID, m.OldRegionID)
				return decide(allInSubtree(ctx, m.Client(), v, regions, err))
			}),
			denyRest("change this enterprise"),
		},
	}
}

// ProgramPolicy: everyone reads programmes; administrators, the bureau of
// the institution's region and the institution's staff change them.
func ProgramPolicy() ent.Policy {
	return privacy.Policy{
		Query: publicRead,
		Mutation: privacy.MutationPolicy{
			oneOnly("programmes"),
			allowAdmin(),
			privacy.ProgramMutationRuleFunc(func(ctx context.Context, m *gen.ProgramMutation) error {
				v := viewer.FromContext(ctx)
				inst, ok := m.InstitutionID()
				if !ok {
					var err error
					if inst, err = m.OldInstitutionID(ctx); err != nil {
						return err
					}
				}
				return decide(governsInstitution(ctx, m.Client(), v, inst))
			}),
			denyRest("change this programme"),
		},
	}
}

// PersonPolicy: everyone reads people (their contact details are masked by
// ContactPrivacy); administrators, the bureau of their organisation's
// region, the staff of their institution and the HR of their enterprise
// change them; a person may change their own email and phone.
func PersonPolicy() ent.Policy {
	return privacy.Policy{
		Query: publicRead,
		Mutation: privacy.MutationPolicy{
			oneOnly("people"),
			allowAdmin(),
			privacy.PersonMutationRuleFunc(func(ctx context.Context, m *gen.PersonMutation) error {
				v := viewer.FromContext(ctx)
				if v == nil {
					return privacy.Skip
				}
				id, updating := m.ID()
				if updating && id == v.PersonID && onlyFields(m, person.FieldEmail, person.FieldPhone) {
					return privacy.Allow
				}
				// The person's organisation, before and after the change,
				// must be one the viewer governs.
				var orgs []org
				if updating {
					old, err := m.Client().Person.Get(System(ctx), id)
					if err != nil {
						return err
					}
					orgs = append(orgs, org{old.InstitutionID, old.EnterpriseID})
				}
				if inst, ok := m.InstitutionID(); ok {
					orgs = append(orgs, org{&inst, nil})
				}
				if firm, ok := m.EnterpriseID(); ok {
					orgs = append(orgs, org{nil, &firm})
				}
				for _, o := range orgs {
					ok, err := governs(ctx, m.Client(), v, o)
					if err != nil || !ok {
						return decide(ok, err)
					}
				}
				return decide(len(orgs) > 0, nil)
			}),
			denyRest("change this person"),
		},
	}
}

// PartnershipPolicy: everyone reads partnerships. Institution staff
// propose them for their institution, enterprise HR for their enterprise;
// the other side confirms or declines; either side edits and ends them.
func PartnershipPolicy() ent.Policy {
	return privacy.Policy{
		Query: publicRead,
		Mutation: privacy.MutationPolicy{
			oneOnly("partnerships"),
			allowAdmin(),
			privacy.PartnershipMutationRuleFunc(func(ctx context.Context, m *gen.PartnershipMutation) error {
				v := viewer.FromContext(ctx)
				if m.Op().Is(ent.OpCreate) {
					inst, _ := m.InstitutionID()
					firm, _ := m.EnterpriseID()
					return decide(side(v, inst, firm) != "", nil)
				}
				id, _ := m.ID()
				old, err := m.Client().Partnership.Get(System(ctx), id)
				if err != nil {
					return err
				}
				mine := side(v, old.InstitutionID, old.EnterpriseID)
				if mine == "" {
					return privacy.Skip
				}
				if status, ok := m.Status(); ok && (status == partnership.StatusActive || status == partnership.StatusDeclined) &&
					old.ProposedBy != nil && string(*old.ProposedBy) == mine {
					return chanjiao.Errorf(chanjiao.Forbidden, "the side that proposed a partnership cannot confirm or decline it; the other side does")
				}
				return privacy.Allow
			}),
			denyRest("change this partnership"),
		},
	}
}

// side returns which side of a partnership between institution and
// enterprise the viewer acts for: "INSTITUTION", "ENTERPRISE" or "".
func side(v *viewer.Viewer, institution, enterprise int) string {
	switch {
	case v.Is(account.RoleInstitutionStaff) && v.InstitutionID == institution:
		return string(partnership.ProposedByInstitution)
	case v.Is(account.RoleEnterpriseHr) && v.EnterpriseID == enterprise:
		return string(partnership.ProposedByEnterprise)
	}
	return ""
}

// Side is the side of a partnership between institution and enterprise the
// caller acts for ("INSTITUTION", "ENTERPRISE"), or "".
func Side(ctx context.Context, institution, enterprise int) string {
	return side(viewer.FromContext(ctx), institution, enterprise)
}

// InternshipPolicy: everyone reads published postings; drafts only their
// enterprise's HR. Only that HR (and administrators) post and change them.
func InternshipPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			allowAdmin(),
			privacy.InternshipQueryRuleFunc(func(ctx context.Context, q *gen.InternshipQuery) error {
				visible := internship.StatusNEQ(internship.StatusDraft)
				if v := viewer.FromContext(ctx); v.Is(account.RoleEnterpriseHr) {
					visible = internship.Or(visible, internship.EnterpriseID(v.EnterpriseID))
				}
				q.Where(visible)
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			oneOnly("internships"),
			allowAdmin(),
			privacy.InternshipMutationRuleFunc(func(ctx context.Context, m *gen.InternshipMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(account.RoleEnterpriseHr) {
					return privacy.Skip
				}
				firm, ok := m.EnterpriseID()
				if !ok {
					var err error
					if firm, err = m.OldEnterpriseID(ctx); err != nil {
						return err
					}
				}
				return decide(firm == v.EnterpriseID, nil)
			}),
			denyRest("post or change internships of this enterprise"),
		},
	}
}

// ApplicationPolicy: an application is seen by the applicant, the posting's
// enterprise, the applicant's institution and administrators. Students
// apply and withdraw; the posting's HR accepts or rejects.
func ApplicationPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			allowAdmin(),
			privacy.ApplicationQueryRuleFunc(func(ctx context.Context, q *gen.ApplicationQuery) error {
				q.Where(visibleApplications(viewer.FromContext(ctx)))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			oneOnly("applications"),
			privacy.ApplicationMutationRuleFunc(func(ctx context.Context, m *gen.ApplicationMutation) error {
				v := viewer.FromContext(ctx)
				if v == nil {
					return privacy.Skip
				}
				if m.Op().Is(ent.OpCreate) {
					student, _ := m.StudentID()
					return decide(v.Is(account.RoleStudent) && student == v.PersonID, nil)
				}
				id, _ := m.ID()
				old, err := m.Client().Application.Query().Where(application.ID(id)).WithInternship().Only(System(ctx))
				if err != nil {
					return err
				}
				status, _ := m.Status()
				switch {
				case !onlyFields(m, application.FieldStatus, application.FieldDecidedAt, application.FieldWithdrawnAt):
					return chanjiao.Errorf(chanjiao.Forbidden, "an application changes only by being withdrawn or decided")
				case status == application.StatusWithdrawn:
					return decide(old.StudentID == v.PersonID && v.PersonID != 0, nil)
				case status == application.StatusAccepted || status == application.StatusRejected:
					return decide(v.Admin() || (v.Is(account.RoleEnterpriseHr) && old.Edges.Internship.EnterpriseID == v.EnterpriseID), nil)
				}
				return privacy.Skip
			}),
			denyRest("do this with the application"),
		},
	}
}

// visibleApplications is what the viewer may see of applications.
func visibleApplications(v *viewer.Viewer) predicate.Application {
	switch {
	case v.Is(account.RoleStudent):
		return application.StudentID(v.PersonID)
	case v.Is(account.RoleEnterpriseHr):
		return application.HasInternshipWith(internship.EnterpriseID(v.EnterpriseID))
	case v.Is(account.RoleInstitutionStaff), v.Is(account.RoleTeacher):
		return application.HasStudentWith(person.InstitutionID(v.InstitutionID))
	}
	return application.IDIn() // nothing
}

// EventPolicy: everyone reads announced and cancelled events; drafts only
// their organiser. The organiser's staff or HR (and administrators) create
// and change them.
func EventPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			allowAdmin(),
			privacy.EventQueryRuleFunc(func(ctx context.Context, q *gen.EventQuery) error {
				visible := event.StatusNEQ(event.StatusDraft)
				v := viewer.FromContext(ctx)
				switch {
				case v.Is(account.RoleInstitutionStaff):
					visible = event.Or(visible, event.OrganiserInstitutionID(v.InstitutionID))
				case v.Is(account.RoleEnterpriseHr):
					visible = event.Or(visible, event.OrganiserEnterpriseID(v.EnterpriseID))
				}
				q.Where(visible)
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			oneOnly("events"),
			allowAdmin(),
			privacy.EventMutationRuleFunc(func(ctx context.Context, m *gen.EventMutation) error {
				instID, byInst := m.OrganiserInstitutionID()
				firmID, byFirm := m.OrganiserEnterpriseID()
				if id, ok := m.ID(); ok {
					old, err := m.Client().Event.Get(System(ctx), id)
					if err != nil {
						return err
					}
					byInst, byFirm = old.OrganiserInstitutionID != nil, old.OrganiserEnterpriseID != nil
					if byInst {
						instID = *old.OrganiserInstitutionID
					}
					if byFirm {
						firmID = *old.OrganiserEnterpriseID
					}
				}
				return decide(organises(viewer.FromContext(ctx), instID, byInst, firmID, byFirm), nil)
			}),
			denyRest("organise or change this event"),
		},
	}
}

func organises(v *viewer.Viewer, inst int, byInst bool, firm int, byFirm bool) bool {
	return (byInst && v.Is(account.RoleInstitutionStaff) && v.InstitutionID == inst) ||
		(byFirm && v.Is(account.RoleEnterpriseHr) && v.EnterpriseID == firm)
}

// EventRegistrationPolicy: a registration is seen by the registered person,
// the event's organiser and administrators. Signed-in people register
// themselves and cancel their own registrations.
func EventRegistrationPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			allowAdmin(),
			privacy.EventRegistrationQueryRuleFunc(func(ctx context.Context, q *gen.EventRegistrationQuery) error {
				v := viewer.FromContext(ctx)
				visible := eventregistration.IDIn()
				switch {
				case v.Is(account.RoleInstitutionStaff):
					visible = eventregistration.HasEventWith(event.OrganiserInstitutionID(v.InstitutionID))
				case v.Is(account.RoleEnterpriseHr):
					visible = eventregistration.HasEventWith(event.OrganiserEnterpriseID(v.EnterpriseID))
				}
				if v != nil && v.PersonID != 0 {
					visible = eventregistration.Or(visible, eventregistration.PersonID(v.PersonID))
				}
				q.Where(visible)
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			privacy.EventRegistrationMutationRuleFunc(func(ctx context.Context, m *gen.EventRegistrationMutation) error {
				v := viewer.FromContext(ctx)
				if v == nil {
					return privacy.Skip
				}
				if v.PersonID == 0 && !v.Admin() {
					return chanjiao.Errorf(chanjiao.Forbidden, "this account has no person to register")
				}
				switch op := m.Op(); {
				case op.Is(ent.OpCreate):
					p, _ := m.PersonID()
					return decide(p == v.PersonID || v.Admin(), nil)
				case op.Is(ent.OpDeleteOne):
					id, _ := m.ID()
					reg, err := m.Client().EventRegistration.Get(System(ctx), id)
					if err != nil {
						return err
					}
					return decide(reg.PersonID == v.PersonID || v.Admin(), nil)
				}
				return privacy.Skip
			}),
			denyRest("register this person"),
		},
	}
}

// AccountPolicy: an account is seen by its owner and administrators, and
// changed only by the platform (signing up is not open).
func AccountPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			allowAdmin(),
			privacy.AccountQueryRuleFunc(func(ctx context.Context, q *gen.AccountQuery) error {
				id := 0
				if v := viewer.FromContext(ctx); v != nil {
					id = v.AccountID
				}
				q.Where(account.ID(id))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{denyRest("change accounts")},
	}
}

// SessionPolicy: sessions are the platform's own.
func SessionPolicy() ent.Policy { return systemOnly("sessions") }

// NoticePolicy: everyone reads notices; only the platform writes them (from
// the hooks of what they announce).
func NoticePolicy() ent.Policy {
	return privacy.Policy{
		Query:    publicRead,
		Mutation: privacy.MutationPolicy{denyRest("write notices")},
	}
}

// org is the organisation a person belongs to.
type org struct{ institution, enterprise *int }

// governs reports whether the viewer manages people of the organisation.
func governs(ctx context.Context, c *gen.Client, v *viewer.Viewer, o org) (bool, error) {
	switch {
	case o.institution != nil:
		return governsInstitution(ctx, c, v, *o.institution)
	case o.enterprise != nil:
		if v.Is(account.RoleEnterpriseHr) {
			return v.EnterpriseID == *o.enterprise, nil
		}
		r, err := enterpriseRegion(ctx, c, *o.enterprise)
		if err != nil {
			return false, err
		}
		return inSubtree(ctx, c, v, r)
	}
	return false, nil
}

// governsInstitution reports whether the viewer manages the institution's
// programmes and people: its own staff, or the bureau of its region.
func governsInstitution(ctx context.Context, c *gen.Client, v *viewer.Viewer, inst int) (bool, error) {
	if v.Is(account.RoleInstitutionStaff) {
		return v.InstitutionID == inst, nil
	}
	if !v.Is(account.RoleBureau) {
		return false, nil
	}
	r, err := institutionRegion(ctx, c, inst)
	if err != nil {
		return false, err
	}
	return inSubtree(ctx, c, v, r)
}

// regionsOf returns the regions a mutation touches: the new one, and on an
// update the old one too.
func regionsOf(ctx context.Context, m ent.Mutation, newRegion func() (int, bool), oldRegion func(context.Context) (int, error)) ([]int, error) {
	var regions []int
	if r, ok := newRegion(); ok {
		regions = append(regions, r)
	}
	if m.Op().Is(ent.OpUpdateOne) {
		r, err := oldRegion(ctx)
		if err != nil {
			return nil, err
		}
		regions = append(regions, r)
	}
	return regions, nil
}

func allInSubtree(ctx context.Context, c *gen.Client, v *viewer.Viewer, regions []int, err error) (bool, error) {
	if err != nil || len(regions) == 0 {
		return false, err
	}
	for _, r := range regions {
		if ok, err := inSubtree(ctx, c, v, r); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

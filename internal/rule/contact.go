package rule

import (
	"context"

	gen "chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/application"
	"chanjiao/ent/internship"
	"chanjiao/ent/person"
	"chanjiao/internal/viewer"

	"entgo.io/ent"
)

// ContactPrivacy masks people's email and phone on every read: they are
// left only for the person themselves, staff of their institution, HR of
// their own enterprise or of an enterprise they applied to, and
// administrators. It costs at most one extra statement per load (for HR),
// not one per person.
func ContactPrivacy() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			// The rule needs each person's organisation, also when the
			// query selects only some columns (GraphQL field collection).
			if qc := ent.QueryFromContext(ctx); qc != nil && len(qc.Fields) > 0 && loadsPeople(qc.Op) {
				for _, f := range []string{person.FieldInstitutionID, person.FieldEnterpriseID} {
					if !contains(qc.Fields, f) {
						qc.Fields = append(qc.Fields, f)
					}
				}
			}
			value, err := next.Query(ctx, q)
			if err != nil {
				return value, err
			}
			people, ok := value.([]*gen.Person)
			if !ok || len(people) == 0 {
				return value, nil
			}
			if IsSystem(ctx) {
				return value, nil
			}
			pq, _ := q.(*gen.PersonQuery)
			return people, maskContacts(ctx, pq, people)
		})
	})
}

func maskContacts(ctx context.Context, q *gen.PersonQuery, people []*gen.Person) error {
	v := viewer.FromContext(ctx)
	if v.Admin() {
		return nil
	}
	var hidden []*gen.Person
	for _, p := range people {
		if p.Email == nil && p.Phone == nil {
			continue
		}
		switch {
		case v == nil:
		case p.ID == v.PersonID:
			continue
		case v.Is(account.RoleInstitutionStaff) && p.InstitutionID != nil && *p.InstitutionID == v.InstitutionID:
			continue
		case v.Is(account.RoleEnterpriseHr) && p.EnterpriseID != nil && *p.EnterpriseID == v.EnterpriseID:
			continue
		}
		hidden = append(hidden, p)
	}
	if len(hidden) > 0 && v.Is(account.RoleEnterpriseHr) && q != nil {
		// HR sees the contacts of students who applied to its postings.
		ids := make([]int, len(hidden))
		for i, p := range hidden {
			ids[i] = p.ID
		}
		applied, err := q.Client().Application.Query().
			Where(
				application.StudentIDIn(ids...),
				application.HasInternshipWith(internship.EnterpriseID(v.EnterpriseID)),
			).
			Select(application.FieldStudentID).
			Ints(System(ctx))
		if err != nil {
			return err
		}
		applicants := make(map[int]bool, len(applied))
		for _, id := range applied {
			applicants[id] = true
		}
		kept := hidden[:0]
		for _, p := range hidden {
			if !applicants[p.ID] {
				kept = append(kept, p)
			}
		}
		hidden = kept
	}
	for _, p := range hidden {
		p.Email, p.Phone = nil, nil
	}
	return nil
}

// loadsPeople reports whether a query operation returns whole people (and
// not IDs, counts or selected columns).
func loadsPeople(op string) bool {
	return op == ent.OpQueryAll || op == ent.OpQueryFirst || op == ent.OpQueryOnly
}

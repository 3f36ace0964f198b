package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"chanjiao/ent/event"
	"chanjiao/ent/internship"
	"chanjiao/ent/partnership"
	"chanjiao/ent/person"
	"chanjiao/internal/testdb"
)

// TestContactDetailsArePrivate reads a student's email and phone, and an HR
// officer's, as every kind of caller.
func TestContactDetailsArePrivate(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		c := f.e.Client
		// A ZVC student who applied to Rhein-Koester, and one who applied nowhere.
		applicant := f.zvcStudent
		c.Application.Delete().ExecX(sys)
		f.application(t, applicant)
		bystander := c.Person.Query().Where(person.InstitutionID(f.zvc), person.RoleEQ(person.RoleStudent), person.IDNotIn(applicant, f.demoStudent)).FirstIDX(sys)
		colleague := c.Person.Query().Where(person.EnterpriseID(f.rhein), person.IDNEQ(f.viewers["hr"].PersonID)).FirstIDX(sys)
		for _, p := range []int{applicant, bystander, colleague, f.demoStudent} {
			c.Person.UpdateOneID(p).SetPhone("15505330000").ExecX(sys)
		}

		for _, tc := range []struct {
			whose   string
			id      int
			visible []string
		}{
			{"an applicant to Rhein-Koester", applicant, []string{"admin", "staff", "hr"}},
			{"a student who applied nowhere", bystander, []string{"admin", "staff"}},
			{"the demo student", f.demoStudent, []string{"admin", "staff", "student"}},
			{"an employee of Rhein-Koester", colleague, []string{"admin", "hr"}},
		} {
			for _, actor := range actors {
				var out struct {
					Node struct{ Email, Phone *string }
				}
				f.e.as(f.viewers[actor]).must(t, `query($id: ID!) { node(id: $id) { ... on Person { email phone } } }`, &out, map[string]any{"id": id(tc.id)})
				// The same person reached through a list must look the same.
				var list struct{ People conn }
				f.e.as(f.viewers[actor]).must(t, `query($id: ID!) { people(where: {id: $id}) { edges { node { email phone } } } }`, &list, map[string]any{"id": id(tc.id)})
				want := slices.Contains(tc.visible, actor)
				got := out.Node.Email != nil && out.Node.Phone != nil
				hidden := out.Node.Email == nil && out.Node.Phone == nil
				if want != got || want == hidden {
					t.Errorf("%s's contact details as %s: email %v phone %v, want visible=%v", tc.whose, actor, out.Node.Email, out.Node.Phone, want)
				}
				if inList := list.People.Edges[0].Node["email"] != nil; inList != want {
					t.Errorf("%s's email through people() as %s: visible=%v, want %v", tc.whose, actor, inList, want)
				}
			}
		}
		// Contact details are not a filter either (they would leak through it).
		errs := f.e.as(nil).do(t, `{ people(where: {emailContains: "@"}) { totalCount } }`, nil, nil)
		if len(errs) == 0 || errs[0].Extensions.Code != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("filtering people by email: %+v", errs)
		}
	})
}

// TestApplicationsArePrivate lists an application as every kind of caller,
// at the root and through the posting and the student.
func TestApplicationsArePrivate(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		f.e.Client.Application.Delete().ExecX(sys)
		app := f.application(t, f.demoStudent)
		posting := f.e.Client.Application.GetX(sys, app).InternshipID
		visible := []string{"admin", "staff", "teacher", "student", "hr"}
		for _, actor := range actors {
			var out struct {
				Applications conn
				Node         struct{ Applications conn }
				Student      struct{ Applications conn } `json:"student"`
			}
			f.e.as(f.viewers[actor]).must(t, `query($posting: ID!, $student: ID!) {
				applications { totalCount }
				node(id: $posting) { ... on Internship { applications { totalCount } } }
				student: node(id: $student) { ... on Person { applications { totalCount } } }
			}`, &out, map[string]any{"posting": id(posting), "student": id(f.demoStudent)})
			want := 0
			if slices.Contains(visible, actor) {
				want = 1
			}
			for where, got := range map[string]int{"applications": out.Applications.TotalCount, "internship.applications": out.Node.Applications.TotalCount, "person.applications": out.Student.Applications.TotalCount} {
				if got != want {
					t.Errorf("%s as %s counts %d, want %d", where, actor, got, want)
				}
			}
			errs := f.e.as(f.viewers[actor]).do(t, `query($id: ID!) { node(id: $id) { id } }`, nil, map[string]any{"id": id(app)})
			if found := len(errs) == 0; found != (want == 1) {
				t.Errorf("node(application) as %s: %+v", actor, errs)
			}
		}
	})
}

// TestDraftsAreVisibleToTheirOwnersOnly: draft postings and events exist
// only for their enterprise or organiser (and administrators).
func TestDraftsAreVisibleToTheirOwnersOnly(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		draft := f.posting(t, f.rhein, internship.StatusDraft)
		draftEvent := f.event(t, event.StatusDraft).SetOrganiserInstitutionID(f.zvc).SaveX(sys).ID
		for _, tc := range []struct {
			id      int
			visible []string
		}{
			{draft, []string{"admin", "hr"}},
			{draftEvent, []string{"admin", "staff"}},
		} {
			for _, actor := range actors {
				errs := f.e.as(f.viewers[actor]).do(t, `query($id: ID!) { node(id: $id) { id } }`, nil, map[string]any{"id": id(tc.id)})
				if found := len(errs) == 0; found != slices.Contains(tc.visible, actor) {
					t.Errorf("node(%d) as %s: found=%v (%+v)", tc.id, actor, found, errs)
				}
				var out struct{ Internships, Events conn }
				f.e.as(f.viewers[actor]).must(t, `{ internships(where: {status: DRAFT}) { edges { node { id } } } events(where: {status: DRAFT}) { edges { node { id } } } }`, &out, nil)
				ids := append(out.Internships.field("id"), out.Events.field("id")...)
				if listed := slices.Contains(ids, id(tc.id)); listed != slices.Contains(tc.visible, actor) {
					t.Errorf("draft %d listed for %s: %v", tc.id, actor, listed)
				}
			}
		}
	})
}

// TestAccountsAreTheirOwners: the viewer sees its own account and no other.
func TestAccountsAreTheirOwners(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		var anon struct{ Viewer *struct{} }
		f.e.as(nil).must(t, `{ viewer { account { id } } }`, &anon, nil)
		if anon.Viewer != nil {
			t.Fatal("an anonymous caller has a viewer")
		}
		for _, actor := range actors[1:] {
			var out struct {
				Viewer struct {
					Account struct{ ID, Email, Role string }
					Person  *struct{ ID string }
				}
			}
			f.e.as(f.viewers[actor]).must(t, `{ viewer { account { id email role } person { id } } }`, &out, nil)
			v := f.viewers[actor]
			if out.Viewer.Account.ID != id(v.AccountID) || (v.PersonID != 0) != (out.Viewer.Person != nil) {
				t.Errorf("viewer of %s = %+v", actor, out.Viewer)
			}
			other := f.viewers["student"].AccountID
			if actor == "student" {
				other = f.viewers["hr"].AccountID
			}
			errs := f.e.as(v).do(t, `query($id: ID!) { node(id: $id) { id } }`, nil, map[string]any{"id": id(other)})
			if found := len(errs) == 0; found != (actor == "admin") {
				t.Errorf("another account as %s: found=%v", actor, found)
			}
		}
		// The password hash is never part of the schema.
		errs := f.e.as(f.viewers["admin"]).do(t, `{ viewer { account { passwordHash } } }`, nil, nil)
		if len(errs) == 0 {
			t.Error("passwordHash is queryable")
		}
	})
}

// TestLifecycles: an invalid transition is a CONFLICT, and says what is allowed.
func TestLifecycles(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		hr, admin := f.e.as(f.viewers["hr"]), f.e.as(f.viewers["admin"])
		closed := f.posting(t, f.rhein, internship.StatusOpen)
		hr.must(t, `mutation($id: ID!) { closeInternship(id: $id) { id } }`, nil, map[string]any{"id": id(closed)})
		app := f.application(t, f.demoStudent)
		hr.must(t, `mutation($id: ID!) { decideApplication(id: $id, decision: REJECTED) { id } }`, nil, map[string]any{"id": id(app)})
		cancelled := f.event(t, event.StatusCancelled).SetOrganiserEnterpriseID(f.rhein).SaveX(sys).ID
		for _, tc := range []struct{ name, query, code string }{
			{"reopen a closed posting", fmt.Sprintf(`mutation { publishInternship(id: %q) { id } }`, id(closed)), "CONFLICT"},
			{"apply to a closed posting", fmt.Sprintf(`mutation { applyToInternship(internshipID: %q) { id } }`, id(closed)), "CONFLICT"},
			{"decide a decided application", fmt.Sprintf(`mutation { decideApplication(id: %q, decision: ACCEPTED) { id } }`, id(app)), "CONFLICT"},
			{"announce a cancelled event", fmt.Sprintf(`mutation { announceEvent(id: %q) { id } }`, id(cancelled)), "CONFLICT"},
			{"register for a cancelled event", fmt.Sprintf(`mutation { registerForEvent(eventID: %q) { id } }`, id(cancelled)), "CONFLICT"},
			{"create a closed posting", fmt.Sprintf(`mutation { createInternship(input: {enterpriseID: %q, regionID: %q, title: "x", positions: 1, status: CLOSED}) { id } }`, id(f.rhein), id(f.zhangdian)), "BAD_USER_INPUT"},
		} {
			as := hr
			if tc.name == "apply to a closed posting" || tc.name == "register for a cancelled event" {
				as = f.e.as(f.viewers["student"])
			}
			errs := as.do(t, tc.query, nil, nil)
			if len(errs) != 1 || errs[0].Extensions.Code != tc.code {
				t.Errorf("%s: %+v, want %s", tc.name, errs, tc.code)
			}
		}
		// Ending an ended partnership, and confirming an active one, are conflicts too.
		p := f.partnership(t, partnership.StatusActive, partnership.ProposedByInstitution)
		admin.must(t, `mutation($id: ID!) { endPartnership(id: $id) { id } }`, nil, map[string]any{"id": id(p)})
		for _, m := range []string{"endPartnership", "confirmPartnership"} {
			errs := admin.do(t, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { id } }`, m), nil, map[string]any{"id": id(p)})
			if len(errs) != 1 || errs[0].Extensions.Code != "CONFLICT" {
				t.Errorf("%s of an ended partnership: %+v", m, errs)
			}
		}
	})
}

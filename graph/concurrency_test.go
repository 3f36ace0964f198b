package graph_test

import (
	"sync"
	"testing"
	"time"

	"chanjiao/ent/account"
	"chanjiao/ent/application"
	"chanjiao/ent/event"
	"chanjiao/ent/eventregistration"
	"chanjiao/ent/internship"
	"chanjiao/ent/person"
	"chanjiao/internal/testdb"
	"chanjiao/internal/viewer"
)

// race runs n callers at once and returns the code of each outcome.
func race(t *testing.T, n int, call func(i int) []gqlError) map[string]int {
	t.Helper()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		outcomes = map[string]int{}
		start    = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs := call(i)
			code := "ok"
			if len(errs) > 0 {
				code = errs[0].Extensions.Code
			}
			mu.Lock()
			outcomes[code]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return outcomes
}

func students(t *testing.T, f *fixture, n int) []*viewer.Viewer {
	t.Helper()
	people := f.e.Client.Person.Query().Where(person.RoleEQ(person.RoleStudent)).Limit(n).AllX(sys)
	if len(people) < n {
		t.Fatalf("only %d students", len(people))
	}
	vs := make([]*viewer.Viewer, n)
	for i, p := range people {
		vs[i] = &viewer.Viewer{Role: account.RoleStudent, PersonID: p.ID, InstitutionID: *p.InstitutionID}
	}
	return vs
}

// TestConcurrentRegistrationsNeverExceedCapacity: 50 people register at
// once for an event of 10 places; exactly 10 get in.
func TestConcurrentRegistrationsNeverExceedCapacity(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		start := time.Now().Add(48 * time.Hour)
		ev := f.e.Client.Event.Create().SetTitle("小型研讨会").SetKind(event.KindSeminar).SetStartsAt(start).SetEndsAt(start.Add(time.Hour)).
			SetCapacity(10).SetRegionID(f.zhangdian).SetOrganiserInstitutionID(f.zvc).SaveX(sys)
		people := students(t, f, 50)
		outcomes := race(t, 50, func(i int) []gqlError {
			return f.e.as(people[i]).do(t, `mutation($id: ID!) { registerForEvent(eventID: $id) { id } }`, nil, map[string]any{"id": id(ev.ID)})
		})
		n := f.e.Client.EventRegistration.Query().Where(eventregistration.EventID(ev.ID)).CountX(sys)
		if n != 10 || outcomes["ok"] != 10 || outcomes["CONFLICT"] != 40 {
			t.Fatalf("%d registrations for 10 places; outcomes %v", n, outcomes)
		}
	})
}

// TestConcurrentDuplicateApplications: one student applies 20 times at once;
// exactly one application exists.
func TestConcurrentDuplicateApplications(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		posting := f.posting(t, f.rhein, internship.StatusOpen)
		student := f.viewers["student"]
		outcomes := race(t, 20, func(int) []gqlError {
			return f.e.as(student).do(t, `mutation($id: ID!) { applyToInternship(internshipID: $id) { id } }`, nil, map[string]any{"id": id(posting)})
		})
		n := f.e.Client.Application.Query().Where(application.InternshipID(posting)).CountX(sys)
		if n != 1 || outcomes["ok"] != 1 || outcomes["CONFLICT"] != 19 {
			t.Fatalf("%d applications; outcomes %v", n, outcomes)
		}
	})
}

// TestConcurrentAcceptancesNeverExceedPositions: HR accepts ten applicants
// at once to a posting of three positions; exactly three are accepted.
func TestConcurrentAcceptancesNeverExceedPositions(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		posting := f.posting(t, f.rhein, internship.StatusOpen) // 3 positions
		var apps []int
		for _, s := range students(t, f, 10) {
			apps = append(apps, f.e.Client.Application.Create().SetInternshipID(posting).SetStudentID(s.PersonID).SaveX(sys).ID)
		}
		hr := f.e.as(f.viewers["hr"])
		outcomes := race(t, 10, func(i int) []gqlError {
			return hr.do(t, `mutation($id: ID!) { decideApplication(id: $id, decision: ACCEPTED) { id } }`, nil, map[string]any{"id": id(apps[i])})
		})
		n := f.e.Client.Application.Query().Where(application.InternshipID(posting), application.StatusEQ(application.StatusAccepted)).CountX(sys)
		if n != 3 || outcomes["ok"] != 3 || outcomes["CONFLICT"] != 7 {
			t.Fatalf("%d accepted for 3 positions; outcomes %v", n, outcomes)
		}
	})
}

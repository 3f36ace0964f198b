package graph_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/event"
	"chanjiao/ent/institution"
	"chanjiao/ent/internship"
	"chanjiao/ent/partnership"
	"chanjiao/ent/person"
	"chanjiao/ent/program"
	"chanjiao/ent/region"
	"chanjiao/internal/auth"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
	"chanjiao/internal/viewer"
)

// fixture is the demo platform with one viewer per kind of caller.
type fixture struct {
	e       *env
	viewers map[string]*viewer.Viewer // by actor name; "anonymous" is nil

	zibo, zhangdian        int
	zvc, otherSchool       int // Zibo Vocational College, Zibo Industrial School
	rhein, wonfull         int
	zvcProgram, zvcStudent int
	demoStudent            int // the person of student@zibo-vc.demo
}

// actors are every kind of caller the matrix tries.
var actors = []string{"anonymous", "admin", "bureau", "bureau-jinan", "staff", "staff-other", "teacher", "student", "hr", "hr-other"}

func newFixture(t *testing.T, db *testdb.DB) *fixture {
	t.Helper()
	e := seeded(t, db)
	f := &fixture{e: e, viewers: map[string]*viewer.Viewer{"anonymous": nil}}
	c := e.Client
	f.zibo = c.Region.Query().Where(region.Code("370300")).OnlyIDX(sys)
	f.zhangdian = c.Region.Query().Where(region.Code("370303")).OnlyIDX(sys)
	f.zvc = c.Institution.Query().Where(institution.NameEn("Zibo Vocational College")).OnlyIDX(sys)
	f.otherSchool = c.Institution.Query().Where(institution.NameEn("Zibo Industrial School")).OnlyIDX(sys)
	f.rhein = c.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyIDX(sys)
	f.wonfull = c.Enterprise.Query().Where(enterprise.NameEn("Shandong Wonfull Petrochemical Group Co., Ltd.")).OnlyIDX(sys)
	f.zvcProgram = c.Program.Query().Where(program.InstitutionID(f.zvc), program.Code("460305")).OnlyIDX(sys)
	f.demoStudent = c.Person.Query().Where(person.Email("student@zibo-vc.demo")).OnlyIDX(sys)
	f.zvcStudent = c.Person.Query().Where(person.InstitutionID(f.zvc), person.RoleEQ(person.RoleStudent), person.IDNEQ(f.demoStudent)).FirstIDX(sys)

	for name, email := range map[string]string{
		"admin": "admin@zibo.demo", "bureau": "bureau@zibo.demo", "staff": "staff@zibo-vc.demo",
		"teacher": "teacher@zibo-vc.demo", "student": "student@zibo-vc.demo",
		"hr": "hr@rhein-koester.demo", "hr-other": "hr@wonfull.demo",
	} {
		f.viewers[name] = e.demoViewer(t, email)
	}
	// A bureau of another city, and staff of another school.
	shandong := c.Region.Query().Where(region.Code("370000")).OnlyIDX(sys)
	jinan := c.Region.Create().SetCode("370100").SetName("济南市").SetNameEn("Jinan").SetLevel(region.LevelCity).SetParentID(shandong).SaveX(sys)
	f.viewers["bureau-jinan"] = f.account(t, auth.Account{Email: "bureau@jinan.test", Role: account.RoleBureau, RegionID: jinan.ID})
	staffPerson := c.Person.Query().Where(person.InstitutionID(f.otherSchool), person.RoleEQ(person.RoleStaff)).FirstIDX(sys)
	f.viewers["staff-other"] = f.account(t, auth.Account{Email: "staff@other.test", Role: account.RoleInstitutionStaff, InstitutionID: f.otherSchool, PersonID: staffPerson})
	return f
}

func (f *fixture) account(t *testing.T, a auth.Account) *viewer.Viewer {
	t.Helper()
	a.Password = seed.DemoPassword
	if _, err := auth.CreateAccount(sys, f.e.Client, a); err != nil {
		t.Fatal(err)
	}
	return f.e.demoViewer(t, a.Email)
}

// personOf is the person the actor acts as, or fallback.
func (f *fixture) personOf(actor string, fallback int) int {
	if v := f.viewers[actor]; v != nil && v.PersonID != 0 {
		return v.PersonID
	}
	return fallback
}

func (f *fixture) posting(t *testing.T, firm int, status internship.Status) int {
	t.Helper()
	return f.e.Client.Internship.Create().SetTitle("测试岗位").SetPositions(3).SetStatus(status).
		SetEnterpriseID(firm).SetRegionID(f.zhangdian).SaveX(sys).ID
}

func (f *fixture) application(t *testing.T, student int) int {
	t.Helper()
	return f.e.Client.Application.Create().SetInternshipID(f.posting(t, f.rhein, internship.StatusOpen)).SetStudentID(student).SaveX(sys).ID
}

func (f *fixture) event(t *testing.T, status event.Status) *ent.EventCreate {
	start := time.Now().Add(72 * time.Hour)
	return f.e.Client.Event.Create().SetTitle("测试活动").SetKind(event.KindSeminar).SetStatus(status).
		SetStartsAt(start).SetEndsAt(start.Add(2 * time.Hour)).SetCapacity(100).SetRegionID(f.zhangdian)
}

func (f *fixture) partnership(t *testing.T, status partnership.Status, by partnership.ProposedBy) int {
	t.Helper()
	return f.e.Client.Partnership.Create().SetName("测试合作").SetKind(partnership.KindOrderClass).
		SetStatus(status).SetProposedBy(by).SetStartsOn(time.Now()).
		SetInstitutionID(f.zvc).SetEnterpriseID(f.rhein).SaveX(sys).ID
}

func id(n int) string { return strconv.Itoa(n) }

// authzCase is one mutation of the matrix: what it sends (set up afresh
// for each actor), who may do it, and what the others get when it is not
// the default (UNAUTHENTICATED anonymously, FORBIDDEN otherwise).
type authzCase struct {
	name    string
	query   string
	vars    func(t *testing.T, f *fixture, actor string) map[string]any
	allowed []string
	refused map[string]string
}

var everyoneWithAPerson = []string{"bureau", "staff", "staff-other", "teacher", "student", "hr", "hr-other"}

func authzCases() []authzCase {
	return []authzCase{
		{
			name:  "createRegion",
			query: `mutation($p: ID!, $code: String!) { createRegion(input: {code: $code, name: "新区", level: ZONE, parentID: $p}) { id } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				return map[string]any{"p": id(f.zibo), "code": fmt.Sprintf("3703%02d", 72+slices.Index(actors, actor))}
			},
			allowed: []string{"admin"},
		},
		{
			name:    "updateRegion",
			query:   `mutation($id: ID!) { updateRegion(id: $id, input: {nameEn: "Zhangdian"}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"id": id(f.zhangdian)} },
			allowed: []string{"admin"},
		},
		{
			name:    "createInstitution",
			query:   `mutation($r: ID!) { createInstitution(input: {name: "新学校", kind: SECONDARY_VOCATIONAL, regionID: $r}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"r": id(f.zhangdian)} },
			allowed: []string{"admin", "bureau"},
		},
		{
			name:    "updateInstitution",
			query:   `mutation($id: ID!) { updateInstitution(id: $id, input: {website: "https://example.edu.cn"}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"id": id(f.zvc)} },
			allowed: []string{"admin", "bureau", "staff"},
		},
		{
			name:  "createEnterprise",
			query: `mutation($r: ID!, $code: String!) { createEnterprise(input: {name: "新企业", creditCode: $code, industry: "C34", size: SMALL, regionID: $r}) { id } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				return map[string]any{"r": id(f.zhangdian), "code": seed.CreditCode("370303", 500+rand.IntN(100000))}
			},
			allowed: []string{"admin", "bureau"},
		},
		{
			name:    "updateEnterprise",
			query:   `mutation($id: ID!) { updateEnterprise(id: $id, input: {website: "https://example.cn"}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"id": id(f.rhein)} },
			allowed: []string{"admin", "bureau", "hr"},
		},
		{
			name:  "createProgram",
			query: `mutation($i: ID!, $code: String!) { createProgram(input: {code: $code, name: "新专业", level: HIGHER_VOCATIONAL, institutionID: $i}) { id } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				return map[string]any{"i": id(f.zvc), "code": fmt.Sprintf("5999%02d", slices.Index(actors, actor))}
			},
			allowed: []string{"admin", "bureau", "staff"},
		},
		{
			name:    "updateProgram",
			query:   `mutation($id: ID!) { updateProgram(id: $id, input: {nameEn: "Industrial Robotics"}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"id": id(f.zvcProgram)} },
			allowed: []string{"admin", "bureau", "staff"},
		},
		{
			name:    "createPerson",
			query:   `mutation($i: ID!) { createPerson(input: {name: "新老师", role: TEACHER, institutionID: $i}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"i": id(f.zvc)} },
			allowed: []string{"admin", "bureau", "staff"},
		},
		{
			name:    "updatePerson of a student",
			query:   `mutation($id: ID!) { updatePerson(id: $id, input: {cohort: 2024}) { id } }`,
			vars:    func(t *testing.T, f *fixture, _ string) map[string]any { return map[string]any{"id": id(f.zvcStudent)} },
			allowed: []string{"admin", "bureau", "staff"},
		},
		{
			name:  "updatePerson: own email",
			query: `mutation($id: ID!) { updatePerson(id: $id, input: {email: "new@example.cn"}) { id } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				return map[string]any{"id": id(f.personOf(actor, f.demoStudent))}
			},
			allowed: append([]string{"admin"}, everyoneWithAPerson...),
		},
		{
			name:  "createInternship",
			query: `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "实习生", positions: 2}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"e": id(f.rhein), "r": id(f.zhangdian)}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "updateInternship",
			query: `mutation($id: ID!) { updateInternship(id: $id, input: {positions: 5}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.posting(t, f.rhein, internship.StatusOpen))}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "publishInternship",
			query: `mutation($id: ID!) { publishInternship(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.posting(t, f.rhein, internship.StatusDraft))}
			},
			allowed: []string{"admin", "hr"},
			refused: map[string]string{"hr-other": "NOT_FOUND"}, // another enterprise's draft does not exist for it
		},
		{
			name:  "closeInternship",
			query: `mutation($id: ID!) { closeInternship(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.posting(t, f.rhein, internship.StatusOpen))}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "applyToInternship",
			query: `mutation($id: ID!) { applyToInternship(internshipID: $id, message: "您好") { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.posting(t, f.rhein, internship.StatusOpen))}
			},
			allowed: []string{"student"},
		},
		{
			name:  "withdrawApplication",
			query: `mutation($id: ID!) { withdrawApplication(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.application(t, f.demoStudent))}
			},
			allowed: []string{"student"},
		},
		{
			name:  "decideApplication",
			query: `mutation($id: ID!) { decideApplication(id: $id, decision: ACCEPTED) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.application(t, f.demoStudent))}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "createEvent by an institution",
			query: `mutation($r: ID!, $o: ID!) { createEvent(input: {title: "招聘会", kind: JOB_FAIR, startsAt: "2027-05-01T09:00:00Z", endsAt: "2027-05-01T12:00:00Z", regionID: $r, organiserInstitutionID: $o}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"r": id(f.zhangdian), "o": id(f.zvc)}
			},
			allowed: []string{"admin", "staff"},
		},
		{
			name:  "createEvent by an enterprise",
			query: `mutation($r: ID!, $o: ID!) { createEvent(input: {title: "开放日", kind: OPEN_DAY, startsAt: "2027-05-01T09:00:00Z", endsAt: "2027-05-01T12:00:00Z", regionID: $r, organiserEnterpriseID: $o}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"r": id(f.zhangdian), "o": id(f.rhein)}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "updateEvent",
			query: `mutation($id: ID!) { updateEvent(id: $id, input: {venue: "报告厅"}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.event(t, event.StatusAnnounced).SetOrganiserInstitutionID(f.zvc).SaveX(sys).ID)}
			},
			allowed: []string{"admin", "staff"},
		},
		{
			name:  "announceEvent",
			query: `mutation($id: ID!) { announceEvent(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.event(t, event.StatusDraft).SetOrganiserInstitutionID(f.zvc).SaveX(sys).ID)}
			},
			allowed: []string{"admin", "staff"},
		},
		{
			name:  "cancelEvent",
			query: `mutation($id: ID!) { cancelEvent(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.event(t, event.StatusAnnounced).SetOrganiserEnterpriseID(f.rhein).SaveX(sys).ID)}
			},
			allowed: []string{"admin", "hr"},
		},
		{
			name:  "registerForEvent",
			query: `mutation($id: ID!) { registerForEvent(eventID: $id) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.event(t, event.StatusAnnounced).SetOrganiserInstitutionID(f.zvc).SaveX(sys).ID)}
			},
			allowed: everyoneWithAPerson,
		},
		{
			name:  "cancelRegistration",
			query: `mutation($id: ID!) { cancelRegistration(eventID: $id) { id } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				ev := f.event(t, event.StatusAnnounced).SetOrganiserInstitutionID(f.zvc).SaveX(sys)
				f.e.Client.EventRegistration.Create().SetEventID(ev.ID).SetPersonID(f.personOf(actor, f.demoStudent)).ExecX(sys)
				return map[string]any{"id": id(ev.ID)}
			},
			allowed: everyoneWithAPerson,
		},
		{
			name:  "proposePartnership",
			query: `mutation($i: ID!, $e: ID!, $by: PartnershipProposedBy) { proposePartnership(input: {name: "订单班", kind: ORDER_CLASS, startsOn: "2027-09-01T00:00:00Z", institutionID: $i, enterpriseID: $e, proposedBy: $by}) { id status } }`,
			vars: func(t *testing.T, f *fixture, actor string) map[string]any {
				vars := map[string]any{"i": id(f.zvc), "e": id(f.rhein)}
				if actor == "admin" {
					vars["by"] = "INSTITUTION"
				}
				return vars
			},
			allowed: []string{"admin", "staff", "hr"},
		},
		{
			name:  "confirmPartnership",
			query: `mutation($id: ID!) { confirmPartnership(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.partnership(t, partnership.StatusProposed, partnership.ProposedByInstitution))}
			},
			allowed: []string{"admin", "hr"}, // the institution proposed it: its own staff cannot confirm it
		},
		{
			name:  "declinePartnership",
			query: `mutation($id: ID!) { declinePartnership(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.partnership(t, partnership.StatusProposed, partnership.ProposedByEnterprise))}
			},
			allowed: []string{"admin", "staff"},
		},
		{
			name:  "endPartnership",
			query: `mutation($id: ID!) { endPartnership(id: $id) { id status } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.partnership(t, partnership.StatusActive, partnership.ProposedByEnterprise))}
			},
			allowed: []string{"admin", "staff", "hr"},
		},
		{
			name:  "updatePartnership",
			query: `mutation($id: ID!) { updatePartnership(id: $id, input: {seats: 45}) { id } }`,
			vars: func(t *testing.T, f *fixture, _ string) map[string]any {
				return map[string]any{"id": id(f.partnership(t, partnership.StatusActive, partnership.ProposedByInstitution))}
			},
			allowed: []string{"admin", "staff", "hr"},
		},
	}
}

// TestAuthorizationMatrix tries every mutation as every kind of caller: it
// succeeds for exactly the callers allowed, and the others are refused
// with UNAUTHENTICATED (anonymous) or FORBIDDEN — or NOT_FOUND where the
// object is invisible to them.
func TestAuthorizationMatrix(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		f := newFixture(t, db)
		for _, tc := range authzCases() {
			t.Run(tc.name, func(t *testing.T) {
				for _, actor := range actors {
					errs := f.e.as(f.viewers[actor]).do(t, tc.query, nil, tc.vars(t, f, actor))
					want := "ok"
					if !slices.Contains(tc.allowed, actor) {
						want = "FORBIDDEN"
						if actor == "anonymous" {
							want = "UNAUTHENTICATED"
						}
						if code, ok := tc.refused[actor]; ok {
							want = code
						}
					}
					got := "ok"
					if len(errs) > 0 {
						got = errs[0].Extensions.Code
					}
					if got != want {
						t.Errorf("%s: got %s, want %s (%+v)", actor, got, want, errs)
					}
				}
			})
		}
	})
}

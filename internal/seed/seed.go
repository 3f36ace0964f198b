// Package seed loads the demo data: the Zibo industry–education platform as
// it could look — Shandong, Zibo and its districts, its colleges and schools
// with their programmes, enterprises across a dozen industries, people of
// every role, partnerships of every kind, internships and events.
//
// The data is deterministic: the same reference time gives the same rows
// (and, on an empty database, the same IDs). Dates are relative to the
// reference time so that a fresh demo always has upcoming events and recent
// postings.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/application"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/event"
	"chanjiao/ent/institution"
	"chanjiao/ent/internship"
	"chanjiao/ent/partnership"
	"chanjiao/ent/person"
	"chanjiao/ent/program"
	"chanjiao/ent/region"
	"chanjiao/internal/auth"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/rule"
)

// China Standard Time, fixed so that no time zone database is needed.
var cst = time.FixedZone("CST", 8*60*60)

// Demo loads the demo data into client in one transaction, with dates
// relative to now.
func Demo(ctx context.Context, client *ent.Client, now time.Time) error {
	ctx = rule.System(ctx) // the platform loads its own data
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	s := &seeder{
		tx:           tx,
		rnd:          rand.New(rand.NewPCG(2022, 301)),
		now:          now.In(cst),
		regions:      map[string]int{},
		institutions: map[string]int{},
		programs:     map[string]map[string]int{},
		enterprises:  map[string]int{},
		firstOf:      map[string]*ent.Person{},
	}
	for _, step := range []struct {
		name string
		run  func(context.Context) error
	}{
		{"regions", s.loadRegions},
		{"institutions", s.loadInstitutions},
		{"enterprises", s.loadEnterprises},
		{"people", s.loadPeople},
		{"partnerships", s.loadPartnerships},
		{"internships", s.loadInternships},
		{"events", s.loadEvents},
		{"applications", s.loadApplications},
		{"accounts", s.loadAccounts},
	} {
		if err := step.run(ctx); err != nil {
			tx.Rollback()
			return fmt.Errorf("seeding %s: %w", step.name, err)
		}
	}
	return tx.Commit()
}

type seeder struct {
	tx  *ent.Tx
	rnd *rand.Rand
	now time.Time

	regions      map[string]int            // by code
	institutions map[string]int            // by key
	programs     map[string]map[string]int // by institution key, then code
	enterprises  map[string]int            // by key
	students     []*ent.Person
	staff        []*ent.Person          // teachers, staff and mentors, who register for events
	firstOf      map[string]*ent.Person // the first person of each role at each organisation, by "role@org"
}

func (s *seeder) loadRegions(ctx context.Context) error {
	for _, r := range regions {
		c := s.tx.Region.Create().
			SetCode(r.Code).
			SetName(r.Name).
			SetNameEn(r.NameEn).
			SetLevel(region.Level(r.Level))
		if r.Parent != "" {
			c.SetParentID(s.regions[r.Parent])
		}
		saved, err := c.Save(ctx)
		if err != nil {
			return err
		}
		s.regions[r.Code] = saved.ID
	}
	return nil
}

func (s *seeder) loadInstitutions(ctx context.Context) error {
	for _, in := range institutions {
		c := s.tx.Institution.Create().
			SetName(in.name).
			SetNameEn(in.nameEn).
			SetKind(institution.Kind(in.kind)).
			SetRegionID(s.regions[in.region])
		if in.website != "" {
			c.SetWebsite(in.website)
		}
		saved, err := c.Save(ctx)
		if err != nil {
			return err
		}
		s.institutions[in.key] = saved.ID
		s.programs[in.key] = map[string]int{}
		builders := make([]*ent.ProgramCreate, len(in.programs))
		for i, code := range in.programs {
			p := catalogue[code]
			builders[i] = s.tx.Program.Create().
				SetCode(p.code).
				SetName(p.name).
				SetNameEn(p.nameEn).
				SetLevel(program.Level(p.level)).
				SetInstitutionID(saved.ID)
		}
		created, err := s.tx.Program.CreateBulk(builders...).Save(ctx)
		if err != nil {
			return err
		}
		for _, p := range created {
			s.programs[in.key][p.Code] = p.ID
		}
	}
	return nil
}

func (s *seeder) loadEnterprises(ctx context.Context) error {
	builders := make([]*ent.EnterpriseCreate, len(enterprises))
	for i, e := range enterprises {
		builders[i] = s.tx.Enterprise.Create().
			SetName(e.name).
			SetNameEn(e.nameEn).
			SetCreditCode(CreditCode(e.region, i+1)).
			SetIndustry(e.industry).
			SetSize(enterprise.Size(e.size)).
			SetRegionID(s.regions[e.region])
	}
	created, err := s.tx.Enterprise.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return err
	}
	for i, e := range created {
		s.enterprises[enterprises[i].key] = e.ID
	}
	return nil
}

// CreditCode makes up a unified social credit code for the n-th demo
// enterprise of a region: registered by market regulation (9), an
// enterprise (1), the region's division code, an organisation code with its
// GB 11714 check digit, and the GB 32100 check character.
func CreditCode(region string, n int) string {
	body := fmt.Sprintf("MA%06d", (n*7919+1033)%1000000)
	org := body + string(orgCheck(body))
	first17 := "91" + region + org
	c, err := gbcode.CreditCheckChar(first17)
	if err != nil {
		panic(err) // the alphabet above is fixed
	}
	return first17 + string(c)
}

// orgCheck is the GB 11714 check character of an 8-character organisation code body.
func orgCheck(body string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// name makes up a Chinese name.
func (s *seeder) name() string {
	return surnames[s.rnd.IntN(len(surnames))] + givenNames[s.rnd.IntN(len(givenNames))]
}

func (s *seeder) person(role person.Role, org string, n int) *ent.PersonCreate {
	return s.tx.Person.Create().
		SetName(s.name()).
		SetRole(role).
		SetEmail(fmt.Sprintf("%s.%d@%s.demo", strings.ToLower(string(role)), n, org)).
		SetPhone(fmt.Sprintf("1550533%04d", s.rnd.IntN(10000)))
}

func (s *seeder) loadPeople(ctx context.Context) error {
	var builders []*ent.PersonCreate
	var orgs []string // the organisation key of each builder
	n := 0
	next := func() int { n++; return n }
	for _, in := range institutions {
		id := s.institutions[in.key]
		switch in.kind {
		case "EDUCATION_BUREAU", "RESEARCH_INSTITUTE":
			for range 2 {
				builders = append(builders, s.person(person.RoleOfficial, in.key, next()).SetInstitutionID(id))
				orgs = append(orgs, in.key)
			}
			continue
		}
		builders = append(builders,
			s.person(person.RoleStaff, in.key, next()).SetInstitutionID(id),
			s.person(person.RoleTeacher, in.key, next()).SetInstitutionID(id),
			s.person(person.RoleTeacher, in.key, next()).SetInstitutionID(id),
		)
		orgs = append(orgs, in.key, in.key, in.key)
		for _, code := range in.programs {
			for cohort := 2023; cohort <= 2025; cohort++ {
				builders = append(builders, s.person(person.RoleStudent, in.key, next()).
					SetInstitutionID(id).
					SetProgramID(s.programs[in.key][code]).
					SetCohort(cohort))
				orgs = append(orgs, in.key)
			}
		}
	}
	for i, e := range enterprises {
		id := s.enterprises[e.key]
		builders = append(builders, s.person(person.RoleHr, e.key, next()).SetEnterpriseID(id))
		orgs = append(orgs, e.key)
		if i%2 == 0 {
			builders = append(builders, s.person(person.RoleMentor, e.key, next()).SetEnterpriseID(id))
			orgs = append(orgs, e.key)
		}
	}
	created, err := s.tx.Person.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return err
	}
	for i, p := range created {
		if key := string(p.Role) + "@" + orgs[i]; s.firstOf[key] == nil {
			s.firstOf[key] = p
		}
		switch p.Role {
		case person.RoleStudent:
			s.students = append(s.students, p)
		case person.RoleTeacher, person.RoleStaff, person.RoleMentor:
			s.staff = append(s.staff, p)
		}
	}
	return nil
}

// month returns the first day of the month m months from the reference time.
func (s *seeder) month(m int) time.Time {
	y, mon, _ := s.now.Date()
	return time.Date(y, mon+time.Month(m), 1, 0, 0, 0, 0, cst)
}

func (s *seeder) loadPartnerships(ctx context.Context) error {
	builders := make([]*ent.PartnershipCreate, len(partnerships))
	for i, p := range partnerships {
		ids := make([]int, len(p.programs))
		for j, code := range p.programs {
			ids[j] = s.programs[p.institution][code]
		}
		c := s.tx.Partnership.Create().
			SetName(p.name).
			SetKind(partnership.Kind(p.kind)).
			SetStatus(partnership.Status(p.status)).
			SetProposedBy(partnership.ProposedBy(p.proposedBy)).
			SetDescription(p.description).
			SetStartsOn(s.month(p.start)).
			SetInstitutionID(s.institutions[p.institution]).
			SetEnterpriseID(s.enterprises[p.enterprise]).
			AddProgramIDs(ids...)
		if p.end != 0 {
			c.SetEndsOn(s.month(p.end).AddDate(0, 0, -1))
		}
		if p.seats > 0 {
			c.SetSeats(p.seats)
		}
		builders[i] = c
	}
	return s.tx.Partnership.CreateBulk(builders...).Exec(ctx)
}

// programsFor returns the programmes, at any institution, whose students fit
// an enterprise of the given industry.
func (s *seeder) programsFor(industry string) []int {
	var ids []int
	for _, in := range institutions {
		for _, code := range in.programs {
			if Fits(code, industry) {
				ids = append(ids, s.programs[in.key][code])
			}
		}
	}
	return ids
}

// internshipCount is how many postings the demo has.
const internshipCount = 120

func (s *seeder) loadInternships(ctx context.Context) error {
	districts := make([]string, 0, len(regions))
	for _, r := range regions {
		if r.Level != "PROVINCE" && r.Level != "CITY" {
			districts = append(districts, r.Code)
		}
	}
	builders := make([]*ent.InternshipCreate, internshipCount)
	for i := range internshipCount {
		e := enterprises[i%len(enterprises)]
		round := i / len(enterprises)
		title := e.titles[round%len(e.titles)]
		where := e.region
		if s.rnd.IntN(4) == 0 { // a quarter are placed at another site
			where = districts[s.rnd.IntN(len(districts))]
		}
		published := s.now.Add(-time.Duration(s.rnd.IntN(120*24)) * time.Hour)
		status := internship.StatusOpen
		switch i % 10 {
		case 7:
			status = internship.StatusDraft
		case 9:
			status = internship.StatusClosed
		}
		start := s.month(1 + s.rnd.IntN(4))
		c := s.tx.Internship.Create().
			SetTitle(title).
			SetDescription(fmt.Sprintf("%s招聘%s，岗位实习期间由企业导师指导，表现优秀者可留用。", e.name, title)).
			SetPositions(1 + s.rnd.IntN(12)).
			SetStatus(status).
			SetStartsOn(start).
			SetEndsOn(start.AddDate(0, 3+s.rnd.IntN(4), -1)).
			SetEnterpriseID(s.enterprises[e.key]).
			SetRegionID(s.regions[where])
		if s.rnd.IntN(10) > 0 {
			c.SetStipend(1500 + 100*s.rnd.IntN(31))
		}
		if status != internship.StatusDraft {
			c.SetPublishedAt(published)
		} else {
			c.SetListedAt(published) // when the draft was written
		}
		fits := s.programsFor(e.industry)
		s.rnd.Shuffle(len(fits), func(a, b int) { fits[a], fits[b] = fits[b], fits[a] })
		c.AddProgramIDs(fits[:min(len(fits), 1+s.rnd.IntN(3))]...)
		builders[i] = c
	}
	return s.tx.Internship.CreateBulk(builders...).Exec(ctx)
}

func (s *seeder) loadEvents(ctx context.Context) error {
	day := time.Date(s.now.Year(), s.now.Month(), s.now.Day(), 9, 0, 0, 0, cst)
	for _, e := range events {
		start := day.AddDate(0, 0, e.day)
		if e.fixed != "" {
			t, err := time.Parse(time.RFC3339, e.fixed)
			if err != nil {
				return err
			}
			start = t
		}
		c := s.tx.Event.Create().
			SetTitle(e.title).
			SetKind(event.Kind(e.kind)).
			SetDescription(e.desc).
			SetVenue(e.venue).
			SetStartsAt(start).
			SetEndsAt(start.Add(time.Duration(e.hours) * time.Hour)).
			SetCapacity(e.capacity).
			SetStatus(event.Status(e.status)).
			SetRegionID(s.regions[e.region])
		if id, ok := s.institutions[e.organiser]; ok {
			c.SetOrganiserInstitutionID(id)
		} else {
			c.SetOrganiserEnterpriseID(s.enterprises[e.organiser])
		}
		if e.status != "DRAFT" {
			c.SetAnnouncedAt(start.AddDate(0, 0, -21))
		}
		saved, err := c.Save(ctx)
		if err != nil {
			return err
		}
		if e.status != "ANNOUNCED" {
			continue
		}
		// Some people have registered, never more than the capacity.
		people := append(slices.Clone(s.staff), s.students...)
		s.rnd.Shuffle(len(people), func(a, b int) { people[a], people[b] = people[b], people[a] })
		n := min(e.capacity, 3+s.rnd.IntN(12), len(people))
		regs := make([]*ent.EventRegistrationCreate, n)
		for i := range n {
			regs[i] = s.tx.EventRegistration.Create().SetEventID(saved.ID).SetPersonID(people[i].ID)
		}
		if err := s.tx.EventRegistration.CreateBulk(regs...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) loadApplications(ctx context.Context) error {
	open, err := s.tx.Internship.Query().
		Where(internship.StatusIn(internship.StatusOpen, internship.StatusClosed)).
		WithPrograms().
		Order(internship.ByID()).
		All(ctx)
	if err != nil {
		return err
	}
	byProgram := map[int][]*ent.Person{}
	for _, st := range s.students {
		byProgram[*st.ProgramID] = append(byProgram[*st.ProgramID], st)
	}
	var builders []*ent.ApplicationCreate
	for _, in := range open {
		var candidates []*ent.Person
		for _, p := range in.Edges.Programs {
			candidates = append(candidates, byProgram[p.ID]...)
		}
		s.rnd.Shuffle(len(candidates), func(a, b int) { candidates[a], candidates[b] = candidates[b], candidates[a] })
		accepted := 0
		for _, st := range candidates[:min(len(candidates), s.rnd.IntN(5))] {
			submitted := in.PublishedAt.Add(time.Duration(1+s.rnd.IntN(72)) * time.Hour)
			if submitted.After(s.now) {
				submitted = s.now
			}
			c := s.tx.Application.Create().
				SetInternshipID(in.ID).
				SetStudentID(st.ID).
				SetMessage("您好，我对该岗位很感兴趣，希望获得实习机会。").
				SetCreatedAt(submitted)
			switch r := s.rnd.IntN(10); {
			case r < 3 && accepted < in.Positions:
				accepted++
				c.SetStatus(application.StatusAccepted).SetDecidedAt(submitted.Add(48 * time.Hour))
			case r < 5:
				c.SetStatus(application.StatusRejected).SetDecidedAt(submitted.Add(72 * time.Hour))
			case r < 6:
				c.SetStatus(application.StatusWithdrawn).SetWithdrawnAt(submitted.Add(24 * time.Hour))
			}
			builders = append(builders, c)
		}
	}
	return s.tx.Application.CreateBulk(builders...).Exec(ctx)
}

// Fits reports whether students of the catalogue programme code suit an
// enterprise of the industry (a GB/T 4754 code).
func Fits(code, industry string) bool {
	for _, prefix := range catalogue[code].industries {
		if strings.HasPrefix(industry, prefix) {
			return true
		}
	}
	return false
}

// DemoPassword is the password of every demo account.
const DemoPassword = "chanjiao-demo"

// demoAccounts are the accounts of the demo, each linked to a person of
// its organisation (whose email becomes the account's).
var demoAccounts = []struct {
	email string
	role  account.Role
	scope string // the organisation or region the account acts for
	as    string // "role@org" of the person using it, if any
}{
	{"admin@zibo.demo", account.RoleAdmin, "", ""},
	{"bureau@zibo.demo", account.RoleBureau, "370300", "OFFICIAL@bureau"},
	{"staff@zibo-vc.demo", account.RoleInstitutionStaff, "zibo-vc", "STAFF@zibo-vc"},
	{"teacher@zibo-vc.demo", account.RoleTeacher, "", "TEACHER@zibo-vc"},
	{"student@zibo-vc.demo", account.RoleStudent, "", "STUDENT@zibo-vc"},
	{"hr@rhein-koester.demo", account.RoleEnterpriseHr, "rhein-koester", "HR@rhein-koester"},
	{"hr@wonfull.demo", account.RoleEnterpriseHr, "wonfull", "HR@wonfull"},
}

func (s *seeder) loadAccounts(ctx context.Context) error {
	for _, a := range demoAccounts {
		in := auth.Account{Email: a.email, Password: DemoPassword, Role: a.role}
		switch a.role {
		case account.RoleBureau:
			in.RegionID = s.regions[a.scope]
		case account.RoleInstitutionStaff:
			in.InstitutionID = s.institutions[a.scope]
		case account.RoleEnterpriseHr:
			in.EnterpriseID = s.enterprises[a.scope]
		}
		if p := s.firstOf[a.as]; p != nil {
			in.PersonID = p.ID
			if err := s.tx.Person.UpdateOne(p).SetEmail(a.email).Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := auth.CreateAccount(ctx, s.tx.Client(), in); err != nil {
			return fmt.Errorf("account %s: %w", a.email, err)
		}
	}
	return nil
}

// Major is a programme of the national vocational education major
// catalogue, with the industry prefixes (GB/T 4754) whose enterprises take
// its students.
type Major struct {
	Code, Name, NameEn, Level string
	Industries                []string
}

// Majors are the catalogue majors the demo (and the scale generator) use.
func Majors() []Major {
	out := make([]Major, 0, len(catalogue))
	for _, p := range catalogue {
		out = append(out, Major{p.code, p.name, p.nameEn, p.level, p.industries})
	}
	slices.SortFunc(out, func(a, b Major) int { return strings.Compare(a.Code, b.Code) })
	return out
}

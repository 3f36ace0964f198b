package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chanjiao/ent"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/institution"
	"chanjiao/ent/program"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
)

// rowCounts counts the rows of every table a mutation might touch.
func rowCounts(t *testing.T, c *ent.Client) string {
	t.Helper()
	ctx := sys
	var parts []string
	for name, count := range map[string]func(context.Context) (int, error){
		"regions":      c.Region.Query().Count,
		"institutions": c.Institution.Query().Count,
		"enterprises":  c.Enterprise.Query().Count,
		"programs":     c.Program.Query().Count,
		"people":       c.Person.Query().Count,
		"partnerships": c.Partnership.Query().Count,
		"internships":  c.Internship.Query().Count,
		"events":       c.Event.Query().Count,
	} {
		n, err := count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

func TestValidationErrors(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		ctx := sys
		id := func(v int, err error) string {
			if err != nil {
				t.Fatal(err)
			}
			return strconv.Itoa(v)
		}
		zibo := regionID(t, e, "370300")
		zvc := id(e.Client.Institution.Query().Where(institution.Name("淄博职业学院")).OnlyID(ctx))
		other := id(e.Client.Institution.Query().Where(institution.Name("淄博工业学校")).OnlyID(ctx))
		otherProgram := id(e.Client.Program.Query().Where(program.HasInstitutionWith(institution.Name("淄博工业学校"))).FirstID(ctx))
		firm := id(e.Client.Enterprise.Query().Where(enterprise.NameEn("Shandong Wonfull Petrochemical Group Co., Ltd.")).OnlyID(ctx))
		internshipID := id(e.Client.Internship.Query().FirstID(ctx))

		valid := seed.CreditCode("370303", 9999)
		badCheck := valid[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", valid[17])+1)%31])
		enterpriseInput := func(code, industry string) string {
			return fmt.Sprintf(`mutation { createEnterprise(input: {name: "测试企业", creditCode: %q, industry: %q, size: SMALL, regionID: %q}) { id } }`, code, industry, zibo)
		}
		for _, tc := range []struct {
			name, mutation, field string
		}{
			{"credit code too short", enterpriseInput(valid[:17], "C34"), "creditCode"},
			{"credit code with a letter outside GB 32100", enterpriseInput("I"+valid[1:], "C34"), "creditCode"},
			{"credit code with a wrong check character", enterpriseInput(badCheck, "C34"), "creditCode"},
			{"credit code without a division code", enterpriseInput(fixCheck("91ABCDEF"+valid[8:17]), "C34"), "creditCode"},
			{"industry outside the sections", enterpriseInput(valid, "Z12"), "industry"},
			{"industry division of another section", enterpriseInput(valid, "C99"), "industry"},
			{"industry with a single digit", enterpriseInput(valid, "C3"), "industry"},
			{"region code of five digits", fmt.Sprintf(`mutation { createRegion(input: {code: "37030", name: "x", level: DISTRICT, parentID: %q}) { id } }`, zibo), "code"},
			{"region code outside the provinces", `mutation { createRegion(input: {code: "990000", name: "x", level: PROVINCE}) { id } }`, "code"},
			{"blank region name", fmt.Sprintf(`mutation { createRegion(input: {code: "370399", name: "  ", level: ZONE, parentID: %q}) { id } }`, zibo), "name"},
			{"empty institution name", fmt.Sprintf(`mutation { createInstitution(input: {name: "", kind: UNIVERSITY, regionID: %q}) { id } }`, zibo), "name"},
			{"name too long", fmt.Sprintf(`mutation { createInstitution(input: {name: %q, kind: UNIVERSITY, regionID: %q}) { id } }`, strings.Repeat("长", 201), zibo), "name"},
			{"unknown region", `mutation { createInstitution(input: {name: "x", kind: UNIVERSITY, regionID: "42949999999"}) { id } }`, "regionID"},
			{"an enterprise ID as a region", fmt.Sprintf(`mutation { createInstitution(input: {name: "x", kind: UNIVERSITY, regionID: %q}) { id } }`, firm), "regionID"},
			{"programme code of five digits", fmt.Sprintf(`mutation { createProgram(input: {code: "46030", name: "x", level: HIGHER_VOCATIONAL, institutionID: %q}) { id } }`, zvc), "code"},
			{"programme code of another level", fmt.Sprintf(`mutation { createProgram(input: {code: "660301", name: "x", level: HIGHER_VOCATIONAL, institutionID: %q}) { id } }`, zvc), "code"},
			{"empty person name", fmt.Sprintf(`mutation { createPerson(input: {name: "", role: TEACHER, institutionID: %q}) { id } }`, zvc), "name"},
			{"student of an enterprise", fmt.Sprintf(`mutation { createPerson(input: {name: "x", role: STUDENT, enterpriseID: %q}) { id } }`, firm), "institutionID"},
			{"HR of an institution", fmt.Sprintf(`mutation { createPerson(input: {name: "x", role: HR, institutionID: %q}) { id } }`, zvc), "enterpriseID"},
			{"student of another institution's programme", fmt.Sprintf(`mutation { createPerson(input: {name: "x", role: STUDENT, institutionID: %q, programID: %q}) { id } }`, zvc, otherProgram), "programID"},
			{"cohort out of range", fmt.Sprintf(`mutation { createPerson(input: {name: "x", role: STUDENT, institutionID: %q, cohort: 1800}) { id } }`, zvc), "cohort"},
			{"partnership ending before it starts", fmt.Sprintf(`mutation { proposePartnership(input: {name: "x", kind: ORDER_CLASS, proposedBy: INSTITUTION, startsOn: "2026-09-01T00:00:00Z", endsOn: "2026-08-31T00:00:00Z", institutionID: %q, enterpriseID: %q}) { id } }`, zvc, firm), "endsOn"},
			{"partnership with no seats", fmt.Sprintf(`mutation { proposePartnership(input: {name: "x", kind: ORDER_CLASS, proposedBy: INSTITUTION, seats: 0, startsOn: "2026-09-01T00:00:00Z", institutionID: %q, enterpriseID: %q}) { id } }`, zvc, firm), "seats"},
			{"partnership for another institution's programme", fmt.Sprintf(`mutation { proposePartnership(input: {name: "x", kind: ORDER_CLASS, proposedBy: INSTITUTION, startsOn: "2026-09-01T00:00:00Z", institutionID: %q, enterpriseID: %q, programIDs: [%q]}) { id } }`, zvc, firm, otherProgram), "programIDs"},
			{"internship with no positions", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 0, enterpriseID: %q, regionID: %q}) { id } }`, firm, zibo), "positions"},
			{"internship with a negative stipend", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 1, stipend: -1, enterpriseID: %q, regionID: %q}) { id } }`, firm, zibo), "stipend"},
			{"internship with an empty title", fmt.Sprintf(`mutation { createInternship(input: {title: "", positions: 1, enterpriseID: %q, regionID: %q}) { id } }`, firm, zibo), "title"},
			{"internship ending before it starts", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 1, startsOn: "2027-03-01T00:00:00Z", endsOn: "2027-02-01T00:00:00Z", enterpriseID: %q, regionID: %q}) { id } }`, firm, zibo), "endsOn"},
			{"internship of an unknown enterprise", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 1, enterpriseID: "4294999999", regionID: %q}) { id } }`, zibo), "enterpriseID"},
			{"internship with an invalid industry", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 1, industry: "X1", enterpriseID: %q, regionID: %q}) { id } }`, firm, zibo), "industry"},
			{"internship targeting unknown programmes", fmt.Sprintf(`mutation { createInternship(input: {title: "x", positions: 1, enterpriseID: %q, regionID: %q, programIDs: [%q, "38654799999"]}) { id } }`, firm, zibo, otherProgram), "programIDs"},
			{"update moving the end before the start", fmt.Sprintf(`mutation { a: updateInternship(id: %q, input: {startsOn: "2027-03-01T00:00:00Z"}) { id } b: updateInternship(id: %q, input: {endsOn: "2027-01-01T00:00:00Z"}) { id } }`, internshipID, internshipID), "endsOn"},
			{"event ending before it starts", fmt.Sprintf(`mutation { createEvent(input: {title: "x", kind: SEMINAR, startsAt: "2027-03-01T09:00:00Z", endsAt: "2027-03-01T08:00:00Z", regionID: %q, organiserInstitutionID: %q}) { id } }`, zibo, zvc), "endsAt"},
			{"event with no capacity", fmt.Sprintf(`mutation { createEvent(input: {title: "x", kind: SEMINAR, capacity: 0, startsAt: "2027-03-01T09:00:00Z", endsAt: "2027-03-01T10:00:00Z", regionID: %q, organiserInstitutionID: %q}) { id } }`, zibo, zvc), "capacity"},
			{"event with two organisers", fmt.Sprintf(`mutation { createEvent(input: {title: "x", kind: SEMINAR, startsAt: "2027-03-01T09:00:00Z", endsAt: "2027-03-01T10:00:00Z", regionID: %q, organiserInstitutionID: %q, organiserEnterpriseID: %q}) { id } }`, zibo, zvc, firm), "organiserInstitutionID"},
			{"event without an organiser", fmt.Sprintf(`mutation { createEvent(input: {title: "x", kind: SEMINAR, startsAt: "2027-03-01T09:00:00Z", endsAt: "2027-03-01T10:00:00Z", regionID: %q}) { id } }`, zibo), "organiserInstitutionID"},
			{"event with a blank title", fmt.Sprintf(`mutation { createEvent(input: {title: " ", kind: SEMINAR, startsAt: "2027-03-01T09:00:00Z", endsAt: "2027-03-01T10:00:00Z", regionID: %q, organiserInstitutionID: %q}) { id } }`, zibo, other), "title"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := rowCounts(t, e.Client)
				errs := e.do(t, tc.mutation, nil, nil)
				if len(errs) != 1 {
					t.Fatalf("errors = %+v, want one", errs)
				}
				got := errs[0]
				if got.Extensions.Code != "BAD_USER_INPUT" || got.Extensions.Field != tc.field {
					t.Errorf("error = %+v, want BAD_USER_INPUT on %s", got, tc.field)
				}
				if !strings.HasPrefix(got.Message, tc.field+": ") || len(got.Message) < len(tc.field)+8 {
					t.Errorf("message %q should name the field and the rule", got.Message)
				}
				for _, leak := range []string{"ent:", "SQL", "sql", "pq:", "constraint", "goroutine"} {
					if strings.Contains(got.Message, leak) {
						t.Errorf("message %q leaks %q", got.Message, leak)
					}
				}
				if after := rowCounts(t, e.Client); after != before {
					t.Errorf("a failed mutation changed the database:\n before %s\n after  %s", before, after)
				}
			})
		}
	})
}

// TestFailedMutationLeavesNothing runs two mutations in one request, the
// second failing: the first one's row must not survive.
func TestFailedMutationLeavesNothing(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		zibo := regionID(t, e, "370300")
		before := rowCounts(t, e.Client)
		errs := e.do(t, fmt.Sprintf(`mutation {
			ok: createRegion(input: {code: "370398", name: "新区", level: ZONE, parentID: %q}) { id }
			bad: createRegion(input: {code: "3703", name: "坏区", level: ZONE, parentID: %q}) { id }
		}`, zibo, zibo), nil, nil)
		if len(errs) == 0 {
			t.Fatal("the second mutation should fail")
		}
		if after := rowCounts(t, e.Client); after != before {
			t.Fatalf("rows of the failed request survived:\n before %s\n after  %s", before, after)
		}
	})
}

func TestDuplicateCreditCodeIsAConflict(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		existing, err := e.Client.Enterprise.Query().First(sys)
		if err != nil {
			t.Fatal(err)
		}
		errs := e.do(t, fmt.Sprintf(`mutation { createEnterprise(input: {name: "重复", creditCode: %q, industry: "C34", size: SMALL, regionID: %q}) { id } }`,
			existing.CreditCode, regionID(t, e, "370300")), nil, nil)
		if len(errs) != 1 || errs[0].Extensions.Code != "CONFLICT" {
			t.Fatalf("errors = %+v, want CONFLICT", errs)
		}
		if strings.Contains(errs[0].Message, "credit_code") || strings.Contains(errs[0].Message, "UNIQUE") {
			t.Errorf("message %q leaks SQL", errs[0].Message)
		}
	})
}

// fixCheck completes 17 characters with the right GB 32100 check character,
// so that only the rule under test is broken.
func fixCheck(first17 string) string {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(charset, first17[i]) * weights[i]
	}
	return first17 + string(charset[(31-sum%31)%31])
}

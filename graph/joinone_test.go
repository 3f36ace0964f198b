package graph_test

import (
	"strconv"
	"strings"
	"testing"

	"chanjiao/internal/testdb"
)

// TestToOneEdgesJoined: a list's to-one edges are read in the list's own
// statement, through a LEFT JOIN (ent/joinone.go), and hold what a query of
// each edge alone returns; an optional edge that is absent is null; an edge
// whose query has an interceptor of its own (a person's), or whose privacy
// rule filters it for the viewer (others' internships, for HR), is still
// read by a statement of its own.
func TestToOneEdgesJoined(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		take := recordStatements(t, db)
		reads := func(table string) (own, joined int) {
			for _, q := range take() {
				if strings.HasPrefix(q, `SELECT "`+table+`".`) {
					own++
				}
				if strings.Contains(q, `LEFT JOIN (SELECT`) && strings.Contains(q, `FROM "`+table+`") AS`) {
					joined++
				}
			}
			return own, joined
		}

		// Internships with their enterprise and region: one statement.
		var page struct {
			Internships struct {
				Edges []struct {
					Node struct {
						ID         string
						Enterprise struct{ ID, Name string }
						Region     struct{ ID, Code string }
					}
				}
			}
		}
		take()
		e.must(t, `{ internships(first: 20) { edges { node { id enterprise { id name } region { id code } } } } }`, &page, nil)
		if own, joined := reads("enterprises"); own != 0 || joined != 1 {
			t.Errorf("enterprises of a page of internships: %d statements of their own, joined in %d, want 0 and 1", own, joined)
		}
		e.must(t, `{ internships(first: 20) { edges { node { id enterprise { id name } region { id code } } } } }`, &page, nil)
		if sent := take(); len(sent) != 1 {
			t.Errorf("a page of internships with two to-one edges: %d statements, want 1:\n%s", len(sent), strings.Join(sent, "\n"))
		}
		if len(page.Internships.Edges) < 5 {
			t.Fatalf("%d internships", len(page.Internships.Edges))
		}
		for _, edge := range page.Internships.Edges {
			n := edge.Node
			in := db.Client.Internship.GetX(sys, atoi(t, n.ID))
			ent := db.Client.Enterprise.GetX(sys, in.EnterpriseID)
			reg := db.Client.Region.GetX(sys, in.RegionID)
			if n.Enterprise.ID != strconv.Itoa(ent.ID) || n.Enterprise.Name != ent.Name || n.Region.ID != strconv.Itoa(reg.ID) || n.Region.Code != reg.Code {
				t.Errorf("internship %s: enterprise %+v, region %+v; want %d %q, %d %q", n.ID, n.Enterprise, n.Region, ent.ID, ent.Name, reg.ID, reg.Code)
			}
		}

		// Events: organised by an institution or by an enterprise, the
		// other edge absent (a NULL foreign key).
		var events struct {
			Events struct {
				Edges []struct {
					Node struct {
						ID                   string
						OrganiserInstitution *struct{ ID, Name string }
						OrganiserEnterprise  *struct{ ID, Name string }
					}
				}
			}
		}
		e.must(t, `{ events(first: 50) { edges { node { id organiserInstitution { id name } organiserEnterprise { id name } } } } }`, &events, nil)
		if own, joined := reads("institutions"); own != 0 || joined != 1 {
			t.Errorf("institutions of events: %d statements of their own, joined in %d, want 0 and 1", own, joined)
		}
		var byInstitution, byEnterprise int
		for _, edge := range events.Events.Edges {
			n := edge.Node
			ev := db.Client.Event.GetX(sys, atoi(t, n.ID))
			switch {
			case ev.OrganiserInstitutionID != nil:
				byInstitution++
				inst := db.Client.Institution.GetX(sys, *ev.OrganiserInstitutionID)
				if n.OrganiserInstitution == nil || n.OrganiserInstitution.ID != strconv.Itoa(inst.ID) || n.OrganiserInstitution.Name != inst.Name || n.OrganiserEnterprise != nil {
					t.Errorf("event %s organised by institution %d: %+v, %+v", n.ID, inst.ID, n.OrganiserInstitution, n.OrganiserEnterprise)
				}
			case ev.OrganiserEnterpriseID != nil:
				byEnterprise++
				if n.OrganiserEnterprise == nil || n.OrganiserEnterprise.ID != strconv.Itoa(*ev.OrganiserEnterpriseID) || n.OrganiserInstitution != nil {
					t.Errorf("event %s organised by enterprise %d: %+v, %+v", n.ID, *ev.OrganiserEnterpriseID, n.OrganiserInstitution, n.OrganiserEnterprise)
				}
			}
		}
		if byInstitution == 0 || byEnterprise == 0 {
			t.Fatalf("the demo's first events: %d by institutions, %d by enterprises; the test needs both", byInstitution, byEnterprise)
		}

		// Applications' students: people have an interceptor, so their
		// query runs on its own.
		var apps struct {
			Applications struct {
				Edges []struct {
					Node struct {
						StudentID string
						Student   struct{ ID string }
					}
				}
			}
		}
		e.must(t, `{ applications(first: 20) { edges { node { studentID student { id } } } } }`, &apps, nil)
		if own, joined := reads("people"); own == 0 || joined != 0 {
			t.Errorf("students of applications: %d statements of their own, joined in %d, want their own", own, joined)
		}
		if len(apps.Applications.Edges) == 0 {
			t.Fatal("no applications")
		}
		for _, edge := range apps.Applications.Edges {
			if edge.Node.Student.ID != edge.Node.StudentID {
				t.Errorf("application of %s: student %s", edge.Node.StudentID, edge.Node.Student.ID)
			}
		}

		// An enterprise's HR sees the internships of others filtered (no
		// drafts): the privacy rule adds a predicate, so the applications'
		// internships are read by a statement of their own.
		hr := e.as(e.demoViewer(t, "hr@rhein-koester.demo"))
		var hrApps struct {
			Applications struct {
				Edges []struct {
					Node struct {
						InternshipID string
						Internship   struct{ ID string }
					}
				}
			}
		}
		take()
		hr.must(t, `{ applications(first: 20) { edges { node { internshipID internship { id } } } } }`, &hrApps, nil)
		var own []string
		joined := 0
		for _, q := range take() {
			if strings.HasPrefix(q, `SELECT "internships".`) {
				own = append(own, q)
			}
			if strings.Contains(q, `FROM "internships") AS`) {
				joined++
			}
		}
		if len(own) != 1 || joined != 0 {
			t.Errorf("internships of applications, as HR: %d statements of their own, joined in %d, want 1 and 0", len(own), joined)
		}
		// The rule, evaluated to decide against the join, is not applied
		// twice to the statement that reads them.
		for _, q := range own {
			if n := strings.Count(q, `"status" <> `); n != 1 {
				t.Errorf("the privacy rule's filter %d times in the statement, want once:\n%s", n, q)
			}
		}
		if len(hrApps.Applications.Edges) == 0 {
			t.Fatal("HR sees no applications")
		}
		for _, edge := range hrApps.Applications.Edges {
			if edge.Node.Internship.ID != edge.Node.InternshipID {
				t.Errorf("application to %s: internship %s", edge.Node.InternshipID, edge.Node.Internship.ID)
			}
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

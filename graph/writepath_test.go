package graph_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"chanjiao/ent/enterprise"
	"chanjiao/internal/testdb"
)

// TestWritePathStatements: posting an internship checks both of its
// references in one statement, and signing a request in is one statement
// for an account with no person. Every post pays for these.
func TestWritePathStatements(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		rhein := db.Client.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(sys)
		hr := e.as(e.demoViewer(t, "hr@rhein-koester.demo"))
		take := recordStatements(t, db)
		hr.must(t, `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "语句计数", positions: 1}) { id } }`,
			nil, map[string]any{"e": strconv.Itoa(rhein.ID), "r": strconv.Itoa(rhein.RegionID)})
		sent := take()
		counts := 0
		for _, q := range sent {
			if strings.Contains(q, "COUNT(*)") {
				counts++
			}
		}
		if counts != 1 {
			t.Errorf("createInternship checked its references in %d statements, want 1:\n%s", counts, strings.Join(sent, "\n"))
		}

		// A wrong reference is still named.
		errs := hr.do(t, `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "x", positions: 1}) { id } }`,
			nil, map[string]any{"e": strconv.Itoa(rhein.ID), "r": "999999"})
		if len(errs) != 1 || errs[0].Extensions.Field != "regionID" {
			t.Errorf("a wrong region: %+v", errs)
		}

		session, err := e.auth.Login(context.Background(), "hr@rhein-koester.demo", "chanjiao-demo", "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		take()
		if _, err := e.auth.Authenticate(context.Background(), session.Token); err != nil {
			t.Fatal(err)
		}
		if sent := take(); len(sent) != 1 {
			t.Errorf("authenticating took %d statements, want 1:\n%s", len(sent), strings.Join(sent, "\n"))
		}
	})
}

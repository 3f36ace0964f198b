package graph_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"chanjiao/ent/enterprise"
	"chanjiao/ent/notice"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
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
		var posted struct {
			CreateInternship struct{ Industry string }
		}
		hr.must(t, `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "语句计数", positions: 1}) { industry } }`,
			&posted, map[string]any{"e": strconv.Itoa(rhein.ID), "r": strconv.Itoa(rhein.RegionID)})
		sent := take()
		counts, industries := 0, 0
		for _, q := range sent {
			if strings.Contains(q, "COUNT(*)") {
				counts++
			}
			if strings.Contains(q, `"industry"`) && strings.Contains(q, `"enterprises"`) {
				industries++
			}
		}
		// The enterprise's industry, which the posting takes, is read
		// with the references' count, not in a statement of its own.
		if counts != 1 || industries != 1 {
			t.Errorf("createInternship checked its references in %d statements and read the industry in %d, want 1 and the same:\n%s", counts, industries, strings.Join(sent, "\n"))
		}
		if posted.CreateInternship.Industry != rhein.Industry || rhein.Industry == "" {
			t.Errorf("the posting's industry: %q, want the enterprise's %q", posted.CreateInternship.Industry, rhein.Industry)
		}
		// Given an industry, the posting keeps it and none is read.
		hr.must(t, `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "行业自定", positions: 1, industry: "C3911"}) { industry } }`,
			&posted, map[string]any{"e": strconv.Itoa(rhein.ID), "r": strconv.Itoa(rhein.RegionID)})
		for _, q := range take() {
			if strings.Contains(q, `"industry"`) && strings.Contains(q, `"enterprises"`) {
				t.Errorf("the industry read though the posting has its own: %s", q)
			}
		}
		if posted.CreateInternship.Industry != "C3911" {
			t.Errorf("the posting's own industry: %q", posted.CreateInternship.Industry)
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

// TestNoticesCommitWithTheirTransaction: the notices of a request's
// mutations are written, in order and with what was entered exactly, by
// the commit of its transaction — on PostgreSQL in the one message that
// takes the notice lock and commits, so the lock every posting waits for is
// never held across a round trip to the server. A notice that cannot be
// written, or a commit that fails after it, leaves nothing behind and the
// next post works.
func TestNoticesCommitWithTheirTransaction(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		rhein := db.Client.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(sys)
		hr := e.as(e.demoViewer(t, "hr@rhein-koester.demo"))
		vars := map[string]any{"e": strconv.Itoa(rhein.ID), "r": strconv.Itoa(rhein.RegionID)}
		const post = `mutation($e: ID!, $r: ID!, $a: String!, $b: String!) {
			a: createInternship(input: {enterpriseID: $e, regionID: $r, title: $a, positions: 1}) { id }
			b: createInternship(input: {enterpriseID: $e, regionID: $r, title: $b, positions: 1}) { id } }`
		titles := []string{`O'Brien \' \\ "quoted"; COMMIT; SELECT 1; --`, "第二个\t岗位 E'\\x41'"}
		newest := func() int {
			id, err := db.Client.Notice.Query().Order(notice.ByID(sql.OrderDesc())).FirstID(sys)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		since := newest()

		take := recordStatements(t, db)
		var out struct{ A, B struct{ ID string } }
		hr.must(t, post, &out, map[string]any{"e": vars["e"], "r": vars["r"], "a": titles[0], "b": titles[1]})
		sent := take()
		got := db.Client.Notice.Query().Where(notice.IDGT(since)).Order(notice.ByID()).AllX(sys)
		if len(got) != 2 {
			t.Fatalf("two posts in one request wrote %d notices, want 2", len(got))
		}
		for i, n := range got {
			want := []string{out.A.ID, out.B.ID}[i]
			if n.Title != titles[i] || n.InternshipID == nil || strconv.Itoa(*n.InternshipID) != want {
				t.Errorf("notice %d: %q of internship %v, want %q of %s", i, n.Title, n.InternshipID, titles[i], want)
			}
		}
		if db.Dialect == dialect.Postgres {
			var locked []string
			for _, q := range sent {
				if strings.Contains(q, "pg_advisory_xact_lock") {
					locked = append(locked, q)
				}
			}
			if len(locked) != 1 || strings.Count(locked[0], `INSERT INTO "notices"`) != 2 || !strings.HasSuffix(locked[0], "COMMIT;\nBEGIN") {
				t.Errorf("the notices were not written by the message that commits:\n%s", strings.Join(sent, "\n---\n"))
			}
		}

		// The second mutation fails: neither post nor its notice stays.
		before, since := rowCounts(t, e.Client), newest()
		if errs := hr.do(t, post, nil, map[string]any{"e": vars["e"], "r": vars["r"], "a": "ok", "b": strings.Repeat("长", 1000)}); len(errs) == 0 {
			t.Fatal("a title of 1,000 characters was taken")
		}
		if after := rowCounts(t, e.Client); after != before || newest() != since {
			t.Errorf("a failed request left rows: %s → %s, newest notice %d → %d", before, after, since, newest())
		}

		if db.Dialect != dialect.Postgres {
			return
		}
		// PostgreSQL refuses the notice, then the commit after it.
		for _, trigger := range []string{
			`CREATE TRIGGER refuse BEFORE INSERT ON notices FOR EACH ROW EXECUTE FUNCTION refuse_notice()`,
			`CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON notices DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_notice()`,
		} {
			for _, stmt := range []string{
				`CREATE OR REPLACE FUNCTION refuse_notice() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no notices today'; END $$`,
				trigger,
			} {
				if _, err := db.SQL.ExecContext(sys, stmt); err != nil {
					t.Fatal(err)
				}
			}
			before, since := rowCounts(t, e.Client), newest()
			errs := hr.do(t, post, nil, map[string]any{"e": vars["e"], "r": vars["r"], "a": "refused", "b": "refused too"})
			if len(errs) == 0 {
				t.Fatalf("%s: the posts succeeded without their notices", trigger)
			}
			if after := rowCounts(t, e.Client); after != before || newest() != since {
				t.Errorf("%s: the refused request left rows: %s → %s, newest notice %d → %d", trigger, before, after, since, newest())
			}
			if _, err := db.SQL.ExecContext(sys, `DROP TRIGGER refuse ON notices`); err != nil {
				t.Fatal(err)
			}
			for range 3 { // on every connection of the pool, as it happens to come
				hr.must(t, post, nil, map[string]any{"e": vars["e"], "r": vars["r"], "a": "after", "b": "after too"})
			}
			if n := db.Client.Notice.Query().Where(notice.IDGT(since)).CountX(sys); n != 6 {
				t.Errorf("%s: 3 requests of 2 posts after the refusal wrote %d notices, want 6", trigger, n)
			}
		}
	})
}

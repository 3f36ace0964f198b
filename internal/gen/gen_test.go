package gen_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/account"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/internship"
	"chanjiao/ent/notice"
	"chanjiao/ent/region"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/gen"
	"chanjiao/internal/rule"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

var small = gen.Scale{Institutions: 20, Enterprises: 300, People: 3000, Internships: 2000, Partnerships: 200, Events: 100}

func generate(t *testing.T) *testdb.DB {
	t.Helper()
	db := testdb.Open(t, dialect.Postgres)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if _, err := gen.Generate(context.Background(), db.SQL, gen.Options{Scale: small, Seed: 7, Now: now}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGenerate checks what the generator writes: the whole province, the
// counts asked for, valid codes, notices for what is published, and IDs
// the API resolves.
func TestGenerate(t *testing.T) {
	db := generate(t)
	ctx := rule.System(context.Background())
	c := db.Client
	if n := c.Region.Query().CountX(ctx); n != 154 {
		t.Errorf("%d regions, want Shandong's 154", n)
	}
	if n := c.Region.Query().Where(region.LevelEQ(region.LevelCity)).CountX(ctx); n != 16 {
		t.Errorf("%d cities, want 16", n)
	}
	for name, got := range map[string]int{
		"institutions": c.Institution.Query().CountX(ctx), "enterprises": c.Enterprise.Query().CountX(ctx),
		"people": c.Person.Query().CountX(ctx), "internships": c.Internship.Query().CountX(ctx),
		"partnerships": c.Partnership.Query().CountX(ctx), "events": c.Event.Query().CountX(ctx),
	} {
		want := map[string]int{"institutions": small.Institutions, "enterprises": small.Enterprises, "people": small.People,
			"internships": small.Internships, "partnerships": small.Partnerships, "events": small.Events}[name]
		if got != want {
			t.Errorf("%d %s, want %d", got, name, want)
		}
	}
	for _, e := range c.Enterprise.Query().Limit(50).AllX(ctx) {
		if err := gbcode.CreditCode(e.CreditCode); err != nil {
			t.Errorf("credit code %s: %v", e.CreditCode, err)
		}
		if err := gbcode.IndustryCode(e.Industry); err != nil {
			t.Errorf("industry %s: %v", e.Industry, err)
		}
	}
	published := c.Internship.Query().Where(internship.PublishedAtNotNil()).CountX(ctx)
	if n := c.Notice.Query().Where(notice.KindEQ(notice.KindInternshipPosted)).CountX(ctx); n != published {
		t.Errorf("%d posting notices for %d published internships", n, published)
	}
	// The ID ranges are the ones ent gives each type, and continue after.
	in := c.Internship.Query().FirstX(ctx)
	if n, err := c.Noder(ctx, in.ID); err != nil || n.(interface{ IsNode() }) == nil {
		t.Errorf("node(%d): %v", in.ID, err)
	}
	firm := c.Enterprise.Query().Where(enterprise.HasInternships()).FirstX(ctx)
	made := c.Internship.Create().SetTitle("新岗位").SetPositions(1).SetEnterpriseID(firm.ID).SetRegionID(firm.RegionID).SaveX(ctx)
	if made.ID <= in.ID {
		t.Errorf("a new internship got ID %d, inside the generated range", made.ID)
	}
	// The benchmark's accounts: HR of the busiest enterprise may post.
	if err := gen.CreateAccounts(ctx, c); err != nil {
		t.Fatal(err)
	}
	hr := c.Account.Query().Where(account.EmailEQ("hr@scale.gen")).OnlyX(ctx)
	if hr.EnterpriseID == nil || *hr.EnterpriseID != c.Enterprise.Query().Order(ent.Asc(enterprise.FieldID)).FirstIDX(ctx) {
		t.Errorf("hr@scale.gen is HR of %v, want the first enterprise", hr.EnterpriseID)
	}
	// Skew: the busiest enterprise posts far more than its share.
	var top int
	db.SQL.QueryRow("SELECT max(n) FROM (SELECT count(*) n FROM internships GROUP BY enterprise_id) c").Scan(&top)
	if top < 10*small.Internships/small.Enterprises {
		t.Errorf("the busiest enterprise posts %d: no skew", top)
	}
}

// TestGenerateIsDeterministic generates twice with one seed.
func TestGenerateIsDeterministic(t *testing.T) {
	sum := func(db *sql.DB) string {
		var s string
		if err := db.QueryRow(`SELECT md5(string_agg(id || title || enterprise_id || region_id || status || coalesce(published_at::text, ''), ',' ORDER BY id)) FROM internships`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if a, b := sum(generate(t).SQL), sum(generate(t).SQL); a != b {
		t.Fatalf("two runs with one seed differ: %s %s", a, b)
	}
}

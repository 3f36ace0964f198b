package seed_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/event"
	"chanjiao/ent/internship"
	"chanjiao/ent/person"
	"chanjiao/ent/region"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

var now = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

func load(t *testing.T, d string) *ent.Client {
	t.Helper()
	db := testdb.Open(t, d)
	if err := seed.Demo(context.Background(), db.Client, now); err != nil {
		t.Fatal(err)
	}
	return db.Client
}

func TestDemoDataIsCoherent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := rule.System(context.Background())
		if err := seed.Demo(ctx, db.Client, now); err != nil {
			t.Fatal(err)
		}
		c := db.Client

		// Zibo and all its districts and counties, and the high-tech zone.
		zibo := c.Region.Query().Where(region.Code("370300")).WithChildren().OnlyX(ctx)
		var codes []string
		for _, r := range zibo.Edges.Children {
			codes = append(codes, r.Code)
		}
		slices.Sort(codes)
		want := []string{"370302", "370303", "370304", "370305", "370306", "370321", "370322", "370323", "370371"}
		if !slices.Equal(codes, want) {
			t.Errorf("Zibo's children = %v, want %v", codes, want)
		}
		if p := zibo.QueryParent().OnlyX(ctx); p.Code != "370000" {
			t.Errorf("Zibo's parent = %s", p.Code)
		}

		// The seed's named institutions and enterprises, with English names.
		for _, name := range []string{"Zibo Vocational College", "Shandong Vocational College of Light Industry", "Zibo Industrial School", "Zibo School of Technology", "Zibo Education Bureau", "Zibo Vocational Education Research Institute"} {
			if n := c.Institution.Query().CountX(ctx); n < 8 {
				t.Fatalf("only %d institutions", n)
			}
			found := false
			for _, in := range c.Institution.Query().AllX(ctx) {
				found = found || (in.NameEn != nil && *in.NameEn == name)
			}
			if !found {
				t.Errorf("institution %q missing", name)
			}
		}
		enterprises := c.Enterprise.Query().AllX(ctx)
		sections := map[byte]bool{}
		var names []string
		for _, e := range enterprises {
			sections[e.Industry[0]] = true
			names = append(names, *e.NameEn)
		}
		if len(sections) < 5 {
			t.Errorf("enterprises span %d industry sections, want at least 5", len(sections))
		}
		for _, name := range []string{"Shandong Rhein-Koester Intelligent Technology Co., Ltd.", "Shandong Wonfull Petrochemical Group Co., Ltd."} {
			if !slices.Contains(names, name) {
				t.Errorf("enterprise %q missing", name)
			}
		}

		// People of every role, partnerships of every kind.
		for _, role := range []person.Role{person.RoleStudent, person.RoleTeacher, person.RoleMentor, person.RoleOfficial, person.RoleStaff, person.RoleHr} {
			if c.Person.Query().Where(person.RoleEQ(role)).ExistX(ctx) == false {
				t.Errorf("no person with role %s", role)
			}
		}
		kinds := map[string]bool{}
		for _, p := range c.Partnership.Query().AllX(ctx) {
			kinds[p.Kind.String()] = true
		}
		if len(kinds) != 7 {
			t.Errorf("partnership kinds = %v, want all 7", kinds)
		}

		// At least 100 internships spread over every district, each
		// targeting programmes that fit its enterprise's industry.
		internships := c.Internship.Query().WithPrograms().WithEnterprise().WithRegion().AllX(ctx)
		if len(internships) < 100 {
			t.Errorf("%d internships, want at least 100", len(internships))
		}
		districts := map[string]bool{}
		for _, in := range internships {
			districts[in.Edges.Region.Code] = true
			if len(in.Edges.Programs) == 0 {
				t.Errorf("internship %q targets no programme", in.Title)
			}
			for _, p := range in.Edges.Programs {
				if !seed.Fits(p.Code, in.Edges.Enterprise.Industry) {
					t.Errorf("internship %q of a %s enterprise targets programme %s %s", in.Title, in.Edges.Enterprise.Industry, p.Code, p.Name)
				}
			}
			if (in.PublishedAt == nil) != (in.Status == internship.StatusDraft) {
				t.Errorf("internship %q (%s) published at %v", in.Title, in.Status, in.PublishedAt)
			}
		}
		if len(districts) != len(want) {
			t.Errorf("internships in %d districts, want all %d", len(districts), len(want))
		}

		// The launch conference of 1 March 2022.
		launch := c.Event.Query().Where(event.KindEQ(event.KindConference), event.VenueContains("中德智能制造产教融合示范基地")).OnlyX(ctx)
		if got := launch.StartsAt.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"); got != "2022-03-01" {
			t.Errorf("the launch conference is on %s, want 2022-03-01", got)
		}

		// Capacity holds.
		for _, ev := range c.Event.Query().WithRegistrations().AllX(ctx) {
			if ev.Capacity != nil && len(ev.Edges.Registrations) > *ev.Capacity {
				t.Errorf("event %q has %d registrations for %d places", ev.Title, len(ev.Edges.Registrations), *ev.Capacity)
			}
		}
		for _, in := range c.Internship.Query().WithApplications().AllX(ctx) {
			accepted := 0
			for _, a := range in.Edges.Applications {
				if a.Status == "ACCEPTED" {
					accepted++
				}
			}
			if accepted > in.Positions {
				t.Errorf("internship %q accepted %d for %d positions", in.Title, accepted, in.Positions)
			}
		}
	})
}

// TestDemoDataIsDeterministic loads the demo data twice and compares it,
// leaving out the timestamps a database stamps itself.
func TestDemoDataIsDeterministic(t *testing.T) {
	a, b := dump(t, load(t, dialect.SQLite)), dump(t, load(t, dialect.SQLite))
	if a != b {
		t.Fatal("two loads of the demo data differ")
	}
	if !strings.Contains(a, "莱茵科斯特") {
		t.Fatal("the dump misses the demo data")
	}
}

func dump(t *testing.T, c *ent.Client) string {
	t.Helper()
	ctx := rule.System(context.Background())
	var parts []any
	for _, q := range []func() (any, error){
		func() (any, error) { return c.Region.Query().Order(region.ByID()).All(ctx) },
		func() (any, error) { return c.Institution.Query().All(ctx) },
		func() (any, error) { return c.Enterprise.Query().All(ctx) },
		func() (any, error) { return c.Program.Query().All(ctx) },
		func() (any, error) { return c.Person.Query().All(ctx) },
		func() (any, error) { return c.Partnership.Query().All(ctx) },
		func() (any, error) { return c.Internship.Query().WithPrograms().All(ctx) },
		func() (any, error) { return c.Event.Query().WithRegistrations().All(ctx) },
		func() (any, error) { return c.Application.Query().All(ctx) },
	} {
		v, err := q()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	json.Unmarshal(b, &generic)
	stripStamps(generic)
	out, _ := json.Marshal(generic)
	return string(out)
}

func stripStamps(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "created_at")
		delete(v, "updated_at")
		for _, x := range v {
			stripStamps(x)
		}
	case []any:
		for _, x := range v {
			stripStamps(x)
		}
	}
}

package graph_test

import (
	"strconv"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/application"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/internship"
	"chanjiao/ent/notice"
	"chanjiao/ent/partnership"
	"chanjiao/ent/region"
	"chanjiao/internal/stats"
	"chanjiao/internal/testdb"
)

const statsQuery = `query($f: StatsFilter, $days: Int!) { stats(filter: $f) {
  institutions enterprises openInternships openPositions applications acceptedApplications upcomingEvents
  internshipsByIndustry { industry name nameEn count }
  internshipsByRegion { region { id code } count }
  partnershipsByKind { kind count }
  postingsOverTime(days: $days) { date count } } }`

type statsResult struct {
	Stats struct {
		Institutions, Enterprises, OpenInternships, OpenPositions int
		Applications, AcceptedApplications, UpcomingEvents        int
		InternshipsByIndustry                                     []struct {
			Industry, Name, NameEn string
			Count                  int
		}
		InternshipsByRegion []struct {
			Region struct{ ID, Code string }
			Count  int
		}
		PartnershipsByKind []struct {
			Kind  string
			Count int
		}
		PostingsOverTime []struct {
			Date  string
			Count int
		}
	}
}

// TestStats checks every figure against the rows it counts, for the whole
// platform and for Zibo in manufacturing, anonymously (the figures are the
// same for everyone), in a fixed number of statements.
func TestStats(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db).as(nil)
		c := db.Client
		zibo := c.Region.Query().Where(region.Code("370300")).OnlyX(sys)
		// A posting placed in Zibo itself, above its districts: it counts in
		// Zibo's totals and sections, in none of its districts.
		rhein := c.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(sys)
		if rhein.Industry[:1] != "C" {
			t.Fatalf("Rhein-Koester is in %s, not manufacturing", rhein.Industry)
		}
		c.Internship.Create().SetTitle("市级岗位").SetPositions(2).SetEnterpriseID(rhein.ID).SetRegionID(zibo.ID).ExecX(sys)
		for name, f := range map[string]map[string]any{"all": nil, "zibo-C": {"region": zibo.ID, "industry": "C"}} {
			var out statsResult
			before := db.Statements.Load()
			e.must(t, statsQuery, &out, map[string]any{"f": f, "days": 30})
			if n := db.Statements.Load() - before; n != 8 {
				t.Errorf("%s: %d statements, want 8", name, n)
			}
			s := out.Stats
			open := c.Internship.Query().Where(internship.StatusEQ(internship.StatusOpen))
			apps := c.Application.Query()
			if f != nil {
				open.Where(internship.IndustryHasPrefix("C"), internship.HasRegionWith(region.Or(region.ID(zibo.ID), region.ParentID(zibo.ID))))
				apps.Where(application.HasInternshipWith(internship.IndustryHasPrefix("C"), internship.HasRegionWith(region.Or(region.ID(zibo.ID), region.ParentID(zibo.ID)))))
			}
			want := open.CountX(sys)
			if want == 0 {
				t.Fatalf("%s: no open internships in the demo data", name)
			}
			if s.OpenInternships != want {
				t.Errorf("%s: openInternships %d, want %d", name, s.OpenInternships, want)
			}
			var positions []struct{ Sum int }
			open.Clone().Aggregate(ent.Sum(internship.FieldPositions)).ScanX(sys, &positions)
			if s.OpenPositions != positions[0].Sum {
				t.Errorf("%s: openPositions %d, want %d", name, s.OpenPositions, positions[0].Sum)
			}
			sum := 0
			for _, r := range s.InternshipsByIndustry {
				sum += r.Count
				if r.Name == "" || r.NameEn == "" || len(r.Industry) != 1 {
					t.Errorf("%s: section %+v", name, r)
				}
			}
			if sum != want {
				t.Errorf("%s: sections add up to %d, want %d", name, sum, want)
			}
			if n := apps.CountX(sys); s.Applications != n || n == 0 {
				t.Errorf("%s: applications %d, want %d (> 0)", name, s.Applications, n)
			}
			if n := apps.Clone().Where(application.StatusEQ(application.StatusAccepted)).CountX(sys); s.AcceptedApplications != n {
				t.Errorf("%s: accepted %d, want %d", name, s.AcceptedApplications, n)
			}
			// By region: Zibo's districts, or the province below the top.
			children := map[string]int{}
			for _, r := range s.InternshipsByRegion {
				children[r.Region.Code] = r.Count
			}
			if f != nil {
				districts := c.Region.Query().Where(region.ParentID(zibo.ID)).AllX(sys)
				if len(children) != len(districts) {
					t.Errorf("%s: %d regions, want Zibo's %d", name, len(children), len(districts))
				}
				for _, d := range districts {
					if n := open.Clone().Where(internship.RegionID(d.ID)).CountX(sys); children[d.Code] != n {
						t.Errorf("%s: %s has %d, want %d", name, d.Code, children[d.Code], n)
					}
				}
			} else if children["370000"] != want {
				t.Errorf("%s: Shandong has %d, want all %d", name, children["370000"], want)
			}
			kinds := 0
			for _, k := range s.PartnershipsByKind {
				kinds += k.Count
			}
			if f == nil {
				if n := c.Partnership.Query().Where(partnership.StatusEQ(partnership.StatusActive)).CountX(sys); kinds != n || n == 0 {
					t.Errorf("%s: partnerships %d, want %d", name, kinds, n)
				}
				if s.Institutions != c.Institution.Query().CountX(sys) || s.Enterprises != c.Enterprise.Query().CountX(sys) {
					t.Errorf("%s: %d institutions, %d enterprises", name, s.Institutions, s.Enterprises)
				}
				if s.UpcomingEvents == 0 {
					t.Errorf("%s: no upcoming events", name)
				}
			}
			// Over time: 30 days to today, every posting published in them.
			days := s.PostingsOverTime
			if len(days) != 30 || days[29].Date != time.Now().In(stats.China).Format(time.DateOnly) {
				t.Fatalf("%s: %d days ending %v", name, len(days), days[len(days)-1])
			}
			total := 0
			for _, d := range days {
				total += d.Count
			}
			first, _ := time.ParseInLocation(time.DateOnly, days[0].Date, stats.China)
			published := c.Internship.Query().Where(internship.PublishedAtGTE(first))
			if f != nil {
				published.Where(internship.IndustryHasPrefix("C"), internship.HasRegionWith(region.Or(region.ID(zibo.ID), region.ParentID(zibo.ID))))
			}
			if n := published.CountX(sys); total != n || n == 0 {
				t.Errorf("%s: %d postings over 30 days, want %d (> 0)", name, total, n)
			}
		}
		// Bad filters are the caller's error.
		for _, vars := range []map[string]any{
			{"f": map[string]any{"industry": "manufacturing"}, "days": 30},
			{"f": nil, "days": 0},
			{"f": nil, "days": 1000},
		} {
			errs := e.do(t, statsQuery, nil, vars)
			if len(errs) != 1 || errs[0].Extensions.Code != "BAD_USER_INPUT" {
				t.Errorf("%v: %+v, want BAD_USER_INPUT", vars, errs)
			}
		}
	})
}

// TestStatsFollowNotices: the figures are cached for everyone asking for
// the same filter (graph.StatsTTL), but a dashboard refreshing because a
// notice reached it gets figures that count what the notice announced.
func TestStatsFollowNotices(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *testdb.DB) {
		e := seeded(t, db)
		c := db.Client
		count := func() int {
			var out struct{ Stats struct{ OpenInternships int } }
			e.must(t, `{ stats { openInternships } }`, &out, nil)
			return out.Stats.OpenInternships
		}
		before := count()
		if n := db.Statements.Load(); count() != before || db.Statements.Load() != n {
			t.Error("asked again at once, the figures were computed again")
		}
		rhein := c.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(sys)
		hr := e.as(e.demoViewer(t, "hr@rhein-koester.demo"))
		hr.must(t, `mutation($e: ID!, $r: ID!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: "看板缓存测试", positions: 1}) { id } }`,
			nil, map[string]any{"e": strconv.Itoa(rhein.ID), "r": strconv.Itoa(rhein.RegionID)})
		latest := c.Notice.Query().Aggregate(ent.Max(notice.FieldID)).IntX(sys)
		e.hub.Ring()
		for deadline := time.Now().Add(10 * time.Second); e.hub.Head() < latest; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the hub did not reach notice %d", latest)
			}
		}
		if got := count(); got != before+1 {
			t.Errorf("after the notice: %d open internships, want %d", got, before+1)
		}
	})
}

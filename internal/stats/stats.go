// Package stats computes the platform's headline figures for dashboards:
// counts and breakdowns, each by one SQL aggregate, never by loading rows.
//
// Figures are aggregates over what the platform publishes (open postings,
// announced events, active partnerships) and counts of applications; they
// name no person, so every caller sees the same figures for the same
// filter, and they are read past the row-level privacy rules.
package stats

import (
	"context"
	"database/sql/driver"
	"maps"
	"slices"
	"sync"
	"time"

	"chanjiao"
	"chanjiao/ent"
	"chanjiao/ent/application"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/event"
	"chanjiao/ent/institution"
	"chanjiao/ent/internship"
	"chanjiao/ent/partnership"
	"chanjiao/ent/person"
	"chanjiao/ent/predicate"
	"chanjiao/ent/program"
	"chanjiao/ent/region"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/regiontree"
	"chanjiao/internal/rule"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"golang.org/x/sync/errgroup"
)

// Filter narrows the figures. Zero values do not filter.
type Filter struct {
	// Region matches it and every region below it.
	Region int
	// Industry is a GB/T 4754-2017 code prefix ("C", "C34").
	Industry string
	// Institution: its programmes' postings, its students' applications,
	// its partnerships and events.
	Institution int
}

// Stats are the figures for one filter.
type Stats struct {
	Institutions          int
	Enterprises           int
	OpenInternships       int
	OpenPositions         int
	Applications          int
	AcceptedApplications  int
	UpcomingEvents        int
	InternshipsByIndustry []IndustryCount
	InternshipsByRegion   []RegionCount
	PartnershipsByKind    []KindCount

	client *ent.Client
	filter Filter
	now    time.Time

	mu       sync.Mutex
	overTime map[int]*dayCounts // by days, shared by the callers of a cached Stats
}

type dayCounts struct {
	done   chan struct{}
	counts []DayCount
	err    error
}

// IndustryCount is the open postings of one GB/T 4754 section.
type IndustryCount struct {
	Industry     string
	Name, NameEn string
	Count        int
}

// RegionCount is the open postings in one region's subtree.
type RegionCount struct {
	Region *ent.Region
	Count  int
}

// KindCount is the active partnerships of one kind.
type KindCount struct {
	Kind  partnership.Kind
	Count int
}

// DayCount is the postings published on one day (China Standard Time).
type DayCount struct {
	Date  string
	Count int
}

// China is the time zone days are counted in.
var China = time.FixedZone("CST", 8*60*60)

// Compute reads the figures for f as of now, in seven statements run side
// by side on up to four connections: the dashboard waits for the slowest,
// not for their sum.
func Compute(ctx context.Context, client *ent.Client, f Filter, now time.Time) (*Stats, error) {
	if f.Industry != "" {
		if err := gbcode.IndustryPrefix(f.Industry); err != nil {
			return nil, chanjiao.FieldErrorf("filter.industry", "%v", err)
		}
	}
	ctx = rule.System(ctx) // aggregates only; see the package comment
	s := &Stats{client: client, filter: f, now: now}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	g.Go(func() error { return s.openPostings(ctx) }) // the slowest first
	g.Go(func() error { return s.partnerships(ctx) })
	g.Go(func() error { return s.applications(ctx) })
	g.Go(func() (err error) {
		s.Institutions, err = client.Institution.Query().Where(institutions(f)...).Count(ctx)
		return err
	})
	g.Go(func() (err error) {
		s.Enterprises, err = client.Enterprise.Query().Where(enterprises(f)...).Count(ctx)
		return err
	})
	g.Go(func() (err error) {
		s.UpcomingEvents, err = client.Event.Query().Where(events(f, now)...).Count(ctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return s, nil
}

func institutions(f Filter) []predicate.Institution {
	var ps []predicate.Institution
	if f.Region != 0 {
		ps = append(ps, predicate.Institution(regiontree.Contains(institution.FieldRegionID, f.Region)))
	}
	if f.Institution != 0 {
		ps = append(ps, institution.ID(f.Institution))
	}
	if f.Industry != "" { // institutions with an active partnership in the industry
		ps = append(ps, institution.HasPartnershipsWith(partnership.StatusEQ(partnership.StatusActive),
			partnership.HasEnterpriseWith(enterprise.IndustryHasPrefix(f.Industry))))
	}
	return ps
}

func enterprises(f Filter) []predicate.Enterprise {
	var ps []predicate.Enterprise
	if f.Region != 0 {
		ps = append(ps, predicate.Enterprise(regiontree.Contains(enterprise.FieldRegionID, f.Region)))
	}
	if f.Industry != "" {
		ps = append(ps, enterprise.IndustryHasPrefix(f.Industry))
	}
	if f.Institution != 0 { // the institution's partners
		ps = append(ps, enterprise.HasPartnershipsWith(partnership.InstitutionID(f.Institution), partnership.StatusEQ(partnership.StatusActive)))
	}
	return ps
}

// postings are the internships the filter selects, of any status.
func postings(f Filter) []predicate.Internship {
	var ps []predicate.Internship
	if f.Region != 0 {
		ps = append(ps, predicate.Internship(regiontree.Contains(internship.FieldRegionID, f.Region)))
	}
	if f.Industry != "" {
		ps = append(ps, internship.IndustryHasPrefix(f.Industry))
	}
	if f.Institution != 0 {
		ps = append(ps, internship.HasProgramsWith(program.InstitutionID(f.Institution)))
	}
	return ps
}

func open(f Filter) []predicate.Internship {
	return append(postings(f), internship.StatusEQ(internship.StatusOpen))
}

func events(f Filter, now time.Time) []predicate.Event {
	ps := []predicate.Event{event.StatusEQ(event.StatusAnnounced), event.StartsAtGT(now)}
	if f.Region != 0 {
		ps = append(ps, predicate.Event(regiontree.Contains(event.FieldRegionID, f.Region)))
	}
	if f.Industry != "" {
		ps = append(ps, event.HasOrganiserEnterpriseWith(enterprise.IndustryHasPrefix(f.Industry)))
	}
	if f.Institution != 0 {
		ps = append(ps, event.OrganiserInstitutionID(f.Institution))
	}
	return ps
}

// openPostings counts open postings and their positions by GB/T 4754
// section, and by the subtree of each child of the filter's region (of the
// top regions without one): the children in one statement, the counts in
// another. That one groups the postings by region and industry first, in
// the order of the partial index internship_open_region_id_industry, which
// holds every column it reads (a few thousand groups at the province
// scale), and only then maps each region to the child above it with a
// recursive query over the small regions table, and each industry to its
// section:
//
//	WITH RECURSIVE below(id, top) AS (children UNION ALL their descendants),
//	g AS (SELECT region_id, industry, count(*), sum(positions) FROM internships
//	      WHERE <open, filter> GROUP BY region_id, industry)
//	SELECT below.top, substr(g.industry, 1, 1), sum(g.count), sum(g.positions)
//	FROM g LEFT JOIN below ON g.region_id = below.id GROUP BY 1, 2
//
// Postings in the filter's region itself, above its children, have no top
// and count only in the sections. The totals are the sums of the sections.
func (s *Stats) openPostings(ctx context.Context) error {
	q := s.client.Region.Query().Order(ent.Asc(region.FieldCode))
	if s.filter.Region != 0 {
		q.Where(region.ParentID(s.filter.Region))
	} else {
		q.Where(region.ParentIDIsNil())
	}
	children, err := q.All(ctx)
	if err != nil {
		return err
	}
	ids := make([]driver.Value, len(children))
	for i, c := range children {
		ids[i] = c.ID
	}
	b := sql.Dialect(s.client.Dialect())
	g := b.Select().From(sql.Table(internship.Table))
	for _, p := range open(s.filter) {
		p(g)
	}
	g.Select(sql.As(g.C(internship.FieldRegionID), "region_id"), sql.As(g.C(internship.FieldIndustry), "industry"),
		sql.As(sql.Count("*"), "count"), sql.As("sum("+g.C(internship.FieldPositions)+")", "positions")).
		GroupBy(g.C(internship.FieldRegionID), g.C(internship.FieldIndustry))
	t, r := sql.Table("below").As("below"), sql.Table(region.Table).As("r")
	below := sql.WithRecursive("below", "id", "top")
	roots := sql.Select(region.FieldID, region.FieldID).From(sql.Table(region.Table))
	if len(ids) == 0 {
		roots.Where(sql.False())
	} else {
		roots.Where(sql.InValues(region.FieldID, ids...))
	}
	below.As(roots.UnionAll(sql.Select(r.C(region.FieldID), t.C("top")).From(r).
		Join(t).On(r.C(region.FieldParentID), t.C("id")))).
		With("g").As(g)
	gt := sql.Table("g").As("g")
	section := "substr(" + gt.C("industry") + ", 1, 1)"
	query, args := b.Select(sql.As(t.C("top"), "top"), sql.As(section, "section"),
		sql.As("sum("+gt.C("count")+")", "count"), sql.As("sum("+gt.C("positions")+")", "positions")).
		Prefix(below).From(gt).LeftJoin(t).On(gt.C("region_id"), t.C("id")).
		GroupBy(t.C("top"), section).Query()
	rows, err := s.client.Rows(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	sections, tops := map[string]int{}, map[int]int{}
	for rows.Next() {
		var (
			top              sql.NullInt64
			sec              string
			count, positions int
		)
		if err := rows.Scan(&top, &sec, &count, &positions); err != nil {
			return err
		}
		sections[sec] += count
		if top.Valid {
			tops[int(top.Int64)] += count
		}
		s.OpenInternships += count
		s.OpenPositions += positions
	}
	if err := rows.Err(); err != nil {
		return err
	}
	s.InternshipsByIndustry = []IndustryCount{}
	for _, sec := range slices.Sorted(maps.Keys(sections)) {
		name := gbcode.Sections[sec]
		s.InternshipsByIndustry = append(s.InternshipsByIndustry, IndustryCount{Industry: sec, Name: name.Name, NameEn: name.NameEn, Count: sections[sec]})
	}
	s.InternshipsByRegion = []RegionCount{}
	for _, c := range children {
		s.InternshipsByRegion = append(s.InternshipsByRegion, RegionCount{Region: c, Count: tops[c.ID]})
	}
	return nil
}

// applications counts the applications to the postings the filter
// selects, or of the institution's students, and the accepted ones.
func (s *Stats) applications(ctx context.Context) error {
	q := s.client.Application.Query()
	if s.filter.Region != 0 || s.filter.Industry != "" {
		f := s.filter
		f.Institution = 0
		q.Where(application.HasInternshipWith(postings(f)...))
	}
	if s.filter.Institution != 0 {
		q.Where(application.HasStudentWith(person.InstitutionID(s.filter.Institution)))
	}
	var rows []struct {
		Count    int `json:"count"`
		Accepted int `json:"accepted"`
	}
	err := q.Modify(func(sel *sql.Selector) {
		sel.Select(sql.As(sql.Count("*"), "count"),
			sql.As("coalesce(sum(CASE WHEN "+sel.C(application.FieldStatus)+" = 'ACCEPTED' THEN 1 ELSE 0 END), 0)", "accepted"))
	}).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return err
	}
	s.Applications, s.AcceptedApplications = rows[0].Count, rows[0].Accepted
	return nil
}

// partnerships counts active partnerships by kind: of institutions or
// enterprises in the region, with enterprises of the industry, of the
// institution. A partnership is in the region when its institution or its
// enterprise is; the two are `IN (subquery)` rather than EXISTS: under OR,
// PostgreSQL turns each into one hashed subplan, where EXISTS would run per
// partnership (75 ms instead of 600 ms for Zibo at the province scale).
func (s *Stats) partnerships(ctx context.Context) error {
	q := s.client.Partnership.Query().Where(partnership.StatusEQ(partnership.StatusActive))
	if f := s.filter; f.Region != 0 {
		q.Where(partnership.Or(
			inRegion(partnership.FieldInstitutionID, institution.Table, institution.FieldRegionID, f.Region),
			inRegion(partnership.FieldEnterpriseID, enterprise.Table, enterprise.FieldRegionID, f.Region)))
	}
	if s.filter.Industry != "" {
		q.Where(partnership.HasEnterpriseWith(enterprise.IndustryHasPrefix(s.filter.Industry)))
	}
	if s.filter.Institution != 0 {
		q.Where(partnership.InstitutionID(s.filter.Institution))
	}
	var rows []struct {
		Kind  partnership.Kind `json:"kind"`
		Count int              `json:"count"`
	}
	if err := q.GroupBy(partnership.FieldKind).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return err
	}
	counts := map[partnership.Kind]int{}
	for _, r := range rows {
		counts[r.Kind] = r.Count
	}
	s.PartnershipsByKind = []KindCount{}
	for _, k := range partnershipKinds {
		s.PartnershipsByKind = append(s.PartnershipsByKind, KindCount{Kind: k, Count: counts[k]})
	}
	return nil
}

// inRegion holds when column references a row of table whose region is
// in the subtree of root: column IN (SELECT id FROM table WHERE region IN subtree).
func inRegion(column, table, regionColumn string, root int) predicate.Partnership {
	return func(s *sql.Selector) {
		in := sql.Select(sql.Table(table).C("id")).From(sql.Table(table))
		regiontree.Contains(regionColumn, root)(in)
		s.Where(sql.In(s.C(column), in))
	}
}

// PostingsOverTime counts the postings the filter selects that were
// published on each of the last days days up to today (China Standard
// Time), oldest first, with a zero for a day without any: one statement.
//
// The figures are computed once per days for a Stats, however many callers
// share it (see Cache); a failure is not kept.
func (s *Stats) PostingsOverTime(ctx context.Context, days int) ([]DayCount, error) {
	if days < 1 || days > 366 {
		return nil, chanjiao.FieldErrorf("days", "must be between 1 and 366, not %d", days)
	}
	s.mu.Lock()
	d, ok := s.overTime[days]
	if !ok {
		if s.overTime == nil {
			s.overTime = map[int]*dayCounts{}
		}
		d = &dayCounts{done: make(chan struct{})}
		s.overTime[days] = d
	}
	s.mu.Unlock()
	if ok {
		select {
		case <-d.done:
			if d.err == nil {
				return d.counts, nil
			}
			return s.postingsOverTime(ctx, days) // it failed for someone else: try again
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	d.counts, d.err = s.postingsOverTime(ctx, days)
	if d.err != nil {
		s.mu.Lock()
		delete(s.overTime, days)
		s.mu.Unlock()
	}
	close(d.done)
	return d.counts, d.err
}

func (s *Stats) postingsOverTime(ctx context.Context, days int) ([]DayCount, error) {
	today := s.now.In(China)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, China).AddDate(0, 0, -(days - 1))
	var rows []struct {
		Date  string `json:"date"`
		Count int    `json:"count"`
	}
	ctx = rule.System(ctx)
	err := s.client.Internship.Query().
		Where(append(postings(s.filter), internship.PublishedAtGTE(first), internship.PublishedAtLTE(s.now))...).
		Modify(func(q *sql.Selector) {
			if q.Dialect() == dialect.SQLite {
				day := "strftime('%Y-%m-%d', " + q.C(internship.FieldPublishedAt) + ", '+8 hours')"
				q.Select(sql.As(day, "date"), sql.As(sql.Count("*"), "count")).GroupBy(day)
				return
			}
			// Days are binned from a midnight in China (date_bin is a
			// third of the cost of formatting each row's local date);
			// only the bins are formatted.
			day := "date_bin('1 day', " + q.C(internship.FieldPublishedAt) + ", TIMESTAMPTZ '2000-01-01 00:00:00+08')"
			q.Select(sql.As("to_char("+day+" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')", "date"), sql.As(sql.Count("*"), "count")).GroupBy(day)
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Date] = r.Count
	}
	out := make([]DayCount, 0, days)
	for d := first; !d.After(today); d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		out = append(out, DayCount{Date: date, Count: counts[date]})
	}
	return out, nil
}

// partnershipKinds are every kind, in the schema's order.
var partnershipKinds = []partnership.Kind{
	partnership.KindOrderClass, partnership.KindApprenticeship, partnership.KindIndustrialCollege,
	partnership.KindTrainingBase, partnership.KindInternshipBase, partnership.KindJointResearch,
	partnership.KindTeacherPractice,
}

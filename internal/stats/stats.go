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

// Compute reads the figures for f as of now, in eight statements.
func Compute(ctx context.Context, client *ent.Client, f Filter, now time.Time) (*Stats, error) {
	if f.Industry != "" {
		if err := gbcode.IndustryPrefix(f.Industry); err != nil {
			return nil, chanjiao.FieldErrorf("filter.industry", "%v", err)
		}
	}
	ctx = rule.System(ctx) // aggregates only; see the package comment
	s := &Stats{client: client, filter: f, now: now}
	var err error
	if s.Institutions, err = client.Institution.Query().Where(institutions(f)...).Count(ctx); err != nil {
		return nil, err
	}
	if s.Enterprises, err = client.Enterprise.Query().Where(enterprises(f)...).Count(ctx); err != nil {
		return nil, err
	}
	if err := s.byIndustry(ctx); err != nil {
		return nil, err
	}
	if err := s.byRegion(ctx); err != nil {
		return nil, err
	}
	if err := s.applications(ctx); err != nil {
		return nil, err
	}
	if s.UpcomingEvents, err = client.Event.Query().Where(events(f, now)...).Count(ctx); err != nil {
		return nil, err
	}
	if err := s.partnerships(ctx); err != nil {
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

// byIndustry counts open postings and their positions by section, in one
// statement; the totals are the sums of the sections.
func (s *Stats) byIndustry(ctx context.Context) error {
	var rows []struct {
		Section   string `json:"section"`
		Count     int    `json:"count"`
		Positions int    `json:"positions"`
	}
	err := s.client.Internship.Query().Where(open(s.filter)...).Modify(func(q *sql.Selector) {
		section := "substr(" + q.C(internship.FieldIndustry) + ", 1, 1)"
		q.Select(sql.As(section, "section"), sql.As(sql.Count("*"), "count"),
			sql.As("coalesce(sum("+q.C(internship.FieldPositions)+"), 0)", "positions")).
			GroupBy(section).OrderExpr(sql.Expr(section))
	}).Scan(ctx, &rows)
	if err != nil {
		return err
	}
	s.InternshipsByIndustry = []IndustryCount{}
	for _, r := range rows {
		name := gbcode.Sections[r.Section]
		s.InternshipsByIndustry = append(s.InternshipsByIndustry, IndustryCount{Industry: r.Section, Name: name.Name, NameEn: name.NameEn, Count: r.Count})
		s.OpenInternships += r.Count
		s.OpenPositions += r.Positions
	}
	return nil
}

// byRegion counts open postings in the subtree of each child of the
// filter's region (of the top regions without one): the children in one
// statement, the counts in another, which maps every region below a child
// to it with a recursive query.
func (s *Stats) byRegion(ctx context.Context) error {
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
	s.InternshipsByRegion = []RegionCount{}
	if len(children) == 0 {
		return nil
	}
	ids := make([]driver.Value, len(children))
	for i, c := range children {
		ids[i] = c.ID
	}
	var rows []struct {
		Top   int `json:"top"`
		Count int `json:"count"`
	}
	err = s.client.Internship.Query().Where(open(s.filter)...).Modify(func(sel *sql.Selector) {
		t, r := sql.Table("below").As("below"), sql.Table(region.Table).As("r")
		below := sql.WithRecursive("below", "id", "top")
		below.As(sql.Select(region.FieldID, region.FieldID).From(sql.Table(region.Table)).Where(sql.InValues(region.FieldID, ids...)).
			UnionAll(sql.Select(r.C(region.FieldID), t.C("top")).From(r).
				Join(t).On(r.C(region.FieldParentID), t.C("id"))))
		sel.Prefix(below).
			Join(t).On(sel.C(internship.FieldRegionID), t.C("id")).
			Select(sql.As(t.C("top"), "top"), sql.As(sql.Count("*"), "count")).
			GroupBy(t.C("top"))
	}).Scan(ctx, &rows)
	if err != nil {
		return err
	}
	counts := map[int]int{}
	for _, r := range rows {
		counts[r.Top] = r.Count
	}
	for _, c := range children {
		s.InternshipsByRegion = append(s.InternshipsByRegion, RegionCount{Region: c, Count: counts[c.ID]})
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
// institution.
func (s *Stats) partnerships(ctx context.Context) error {
	q := s.client.Partnership.Query().Where(partnership.StatusEQ(partnership.StatusActive))
	if f := s.filter; f.Region != 0 {
		q.Where(partnership.Or(
			partnership.HasInstitutionWith(predicate.Institution(regiontree.Contains(institution.FieldRegionID, f.Region))),
			partnership.HasEnterpriseWith(predicate.Enterprise(regiontree.Contains(enterprise.FieldRegionID, f.Region)))))
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

// PostingsOverTime counts the postings the filter selects that were
// published on each of the last days days up to today (China Standard
// Time), oldest first, with a zero for a day without any: one statement.
func (s *Stats) PostingsOverTime(ctx context.Context, days int) ([]DayCount, error) {
	if days < 1 || days > 366 {
		return nil, chanjiao.FieldErrorf("days", "must be between 1 and 366, not %d", days)
	}
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
			day := "to_char(" + q.C(internship.FieldPublishedAt) + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
			if q.Dialect() == dialect.SQLite {
				day = "strftime('%Y-%m-%d', " + q.C(internship.FieldPublishedAt) + ", '+8 hours')"
			}
			q.Select(sql.As(day, "date"), sql.As(sql.Count("*"), "count")).GroupBy(day)
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

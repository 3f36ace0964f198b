package notices

import (
	"fmt"
	"slices"
	"strings"

	"chanjiao"
	"chanjiao/ent/notice"
	"chanjiao/ent/predicate"
	"chanjiao/ent/program"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/regiontree"

	"entgo.io/ent/dialect/sql"
)

// Filter selects notices: a notice matches when it matches every field
// given, and a field when it matches any value of its list. The zero
// Filter matches every notice.
type Filter struct {
	// Regions match a notice in the region or any region below it.
	Regions []int
	// Industries are GB/T 4754 code prefixes ("C", "C34") of the posting
	// (or of the enterprise organising an event).
	Industries []string
	// Programs match postings that target any of them.
	Programs []int
	// Institutions match events they organise and postings that target
	// their programmes.
	Institutions []int
	// Enterprises match their postings and the events they organise.
	Enterprises []int
	// Kinds match notices of those kinds.
	Kinds []notice.Kind
}

// Validate checks the filter's values.
func (f Filter) Validate() error {
	for _, p := range f.Industries {
		if err := gbcode.IndustryPrefix(p); err != nil {
			return chanjiao.FieldErrorf("filter.industries", "%q: %v", p, err)
		}
	}
	for _, k := range f.Kinds {
		if err := notice.KindValidator(k); err != nil {
			return chanjiao.FieldErrorf("filter.kinds", "%v", err)
		}
	}
	return nil
}

// Predicate is the filter as a query predicate, for reading notices that
// were missed.
func (f Filter) Predicate() predicate.Notice {
	var all []predicate.Notice
	if len(f.Regions) > 0 {
		var any []predicate.Notice
		for _, r := range f.Regions {
			any = append(any, predicate.Notice(regiontree.Contains(notice.FieldRegionID, r)))
		}
		all = append(all, notice.Or(any...))
	}
	if len(f.Industries) > 0 {
		var any []predicate.Notice
		for _, p := range f.Industries {
			any = append(any, notice.IndustryHasPrefix(p))
		}
		all = append(all, notice.Or(any...))
	}
	if len(f.Programs) > 0 {
		all = append(all, notice.HasProgramsWith(program.IDIn(f.Programs...)))
	}
	if len(f.Institutions) > 0 {
		all = append(all, notice.Or(
			notice.InstitutionIDIn(f.Institutions...),
			notice.HasProgramsWith(program.InstitutionIDIn(f.Institutions...)),
		))
	}
	if len(f.Enterprises) > 0 {
		all = append(all, notice.EnterpriseIDIn(f.Enterprises...))
	}
	if len(f.Kinds) > 0 {
		all = append(all, notice.KindIn(f.Kinds...))
	}
	if len(all) == 0 {
		return func(*sql.Selector) {} // every notice
	}
	return notice.And(all...)
}

// Matches reports whether the filter matches the item: the same rule as
// Predicate, evaluated in memory for live delivery.
func (f Filter) Matches(it *Item) bool {
	n := it.Notice
	switch {
	case len(f.Kinds) > 0 && !slices.Contains(f.Kinds, n.Kind):
		return false
	case len(f.Enterprises) > 0 && (n.EnterpriseID == nil || !slices.Contains(f.Enterprises, *n.EnterpriseID)):
		return false
	case len(f.Regions) > 0 && !intersects(f.Regions, it.regions):
		return false
	case len(f.Programs) > 0 && !intersects(f.Programs, it.programs):
		return false
	case len(f.Institutions) > 0 && !intersects(f.Institutions, it.institutions):
		return false
	case len(f.Industries) > 0 && !slices.ContainsFunc(f.Industries, func(p string) bool {
		return n.Industry != "" && strings.HasPrefix(n.Industry, p)
	}):
		return false
	}
	return true
}

func intersects(a, b []int) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// String describes the filter for logs.
func (f Filter) String() string {
	return fmt.Sprintf("regions=%v industries=%v programs=%v institutions=%v enterprises=%v kinds=%v",
		f.Regions, f.Industries, f.Programs, f.Institutions, f.Enterprises, f.Kinds)
}

// Only narrows f (which may be nil) to notices of one kind, for the
// subscriptions that carry one kind.
func Only(f *Filter, kind notice.Kind) (*Filter, error) {
	var out Filter
	if f != nil {
		out = *f
	}
	if len(out.Kinds) > 0 && !slices.Contains(out.Kinds, kind) {
		return nil, chanjiao.FieldErrorf("filter.kinds", "this subscription carries only %s notices", kind)
	}
	out.Kinds = []notice.Kind{kind}
	return &out, nil
}

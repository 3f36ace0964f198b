// Package gen generates the platform at scale — all of Shandong, its 16
// cities and 136 districts and counties, with a thousand institutions, a
// hundred thousand enterprises, two million people, a million internships —
// into an empty, migrated PostgreSQL database, with COPY.
//
// The data is deterministic for a seed and a reference time, and skewed as
// a real province is: cities by population, industries with manufacturing
// first, a few enterprises posting most internships, recent postings more
// than old ones. Each published internship and announced event has its
// notice, as the outbox would have written it.
package gen

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math"
	randv1 "math/rand"
	"math/rand/v2"
	"slices"
	"time"

	"chanjiao/ent/schema"
	"chanjiao/internal/gbcode"
	"chanjiao/internal/seed"

	"github.com/lib/pq"
)

// Scale is how much to generate.
type Scale struct {
	Institutions, Enterprises, People, Internships, Partnerships, Events int
}

// Scales are the named sizes.
var Scales = map[string]Scale{
	// A quick look: a city's worth.
	"city": {Institutions: 60, Enterprises: 5_000, People: 100_000, Internships: 50_000, Partnerships: 10_000, Events: 5_000},
	// The province of the benchmarks.
	"province": {Institutions: 1_000, Enterprises: 100_000, People: 2_000_000, Internships: 1_000_000, Partnerships: 200_000, Events: 100_000},
}

// Options say what to generate.
type Options struct {
	Scale Scale
	Seed  uint64
	// Now is the reference time: postings are dated before it, events
	// around it.
	Now time.Time
	Log *slog.Logger
}

// Report says what was written, and how fast.
type Report struct {
	Rows    int64
	Elapsed time.Duration
	Tables  map[string]int64
}

// RowsPerSecond is the load rate.
func (r Report) RowsPerSecond() float64 { return float64(r.Rows) / r.Elapsed.Seconds() }

// Generate writes the platform into db, which must be migrated and empty.
func Generate(ctx context.Context, db *sql.DB, o Options) (Report, error) {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM regions").Scan(&n); err != nil {
		return Report{}, fmt.Errorf("reading regions (is the database migrated?): %w", err)
	}
	if n > 0 {
		return Report{}, fmt.Errorf("the database already holds %d regions: generate into an empty one", n)
	}
	g := &generator{
		o:      o,
		rnd:    rand.New(rand.NewPCG(o.Seed, 0x6368616e6a69616f)),
		zipf:   randv1.NewZipf(randv1.New(randv1.NewSource(int64(o.Seed))), 1.1, 8, uint64(max(o.Scale.Enterprises, 1)-1)),
		report: Report{Tables: map[string]int64{}},
		now:    o.Now.Truncate(time.Second),
	}
	start := time.Now()
	conn, err := db.Conn(ctx)
	if err != nil {
		return Report{}, err
	}
	defer conn.Close()
	for _, step := range []struct {
		name string
		run  func(context.Context, *sql.Conn) error
	}{
		{"regions", g.genRegions},
		{"institutions and programmes", g.genInstitutions},
		{"enterprises", g.genEnterprises},
		{"people", g.genPeople},
		{"partnerships", g.genPartnerships},
		{"internships and their notices", g.genInternships},
		{"events and their notices", g.genEvents},
	} {
		t := time.Now()
		before := g.report.Rows
		if err := step.run(ctx, conn); err != nil {
			return g.report, fmt.Errorf("generating %s: %w", step.name, err)
		}
		if o.Log != nil {
			rows := g.report.Rows - before
			o.Log.Info("generated", "what", step.name, "rows", rows, "seconds", time.Since(t).Seconds(),
				"rows_per_second", math.Round(float64(rows)/time.Since(t).Seconds()))
		}
	}
	g.report.Elapsed = time.Since(start)
	return g.report, nil
}

type generator struct {
	o      Options
	rnd    *rand.Rand
	zipf   *randv1.Zipf
	report Report
	now    time.Time

	regionIDs      map[string]int64 // by code
	districts      []district       // where things are, weighted
	institutions   []institution
	programsByCode map[string][]program
	programs       []program
	enterprises    []enterprise
	hrPerson       []int64
}

type district struct {
	id     int64
	code   string
	weight float64
}

type institution struct {
	id, region int64
	kind       string
}

type program struct {
	id, institution int64
	code            string
}

type enterprise struct {
	id, region int64
	industry   string
}

// table copies rows into one table in a transaction of its own. The
// table's secondary indexes are dropped first and rebuilt after (much
// faster than maintaining them row by row), and foreign keys are not
// checked row by row either (the generator writes them consistent).
func (g *generator) table(ctx context.Context, conn *sql.Conn, name string, columns []string, rows func(emit func(...any) error) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// session_replication_role=replica skips the foreign-key triggers; it
	// needs a superuser, and without one the load is only slower.
	tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica")
	var indexes []string
	rs, err := tx.QueryContext(ctx, `SELECT indexname, indexdef FROM pg_indexes i
		WHERE schemaname = current_schema() AND tablename = $1
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`, name)
	if err != nil {
		return err
	}
	var drop []string
	for rs.Next() {
		var n, def string
		if err := rs.Scan(&n, &def); err != nil {
			rs.Close()
			return err
		}
		drop, indexes = append(drop, n), append(indexes, def)
	}
	rs.Close()
	for _, n := range drop {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+pq.QuoteIdentifier(n)); err != nil {
			return err
		}
	}
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(name, columns...))
	if err != nil {
		return err
	}
	count := int64(0)
	if err := rows(func(values ...any) error {
		count++
		_, err := stmt.ExecContext(ctx, values...)
		return err
	}); err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	for _, def := range indexes {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return err
		}
	}
	if slices.Contains(columns, "id") {
		// Identity columns continue after the generated IDs.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM %s))`,
			pq.QuoteLiteral(name), pq.QuoteIdentifier(name))); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	g.report.Rows += count
	g.report.Tables[name] += count
	return nil
}

// firstID is the first ID of a table's range (ent's global IDs).
func firstID(ctx context.Context, conn *sql.Conn, table string) (int64, error) {
	var start int64
	err := conn.QueryRowContext(ctx, `SELECT start_value FROM pg_sequences
		WHERE schemaname = current_schema() AND sequencename = $1`, table+"_id_seq").Scan(&start)
	return start, err
}

// populations of the cities, in millions (7th census), weigh where things are.
var populations = map[string]float64{
	"370100": 9.2, "370200": 10.1, "370300": 4.7, "370400": 3.9, "370500": 2.2, "370600": 7.1,
	"370700": 9.4, "370800": 8.4, "370900": 5.5, "371000": 2.9, "371100": 3.0, "371300": 11.0,
	"371400": 5.6, "371500": 5.9, "371600": 3.9, "371700": 8.8,
}

func (g *generator) genRegions(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "regions")
	if err != nil {
		return err
	}
	g.regionIDs = map[string]int64{}
	children := map[string]int{}
	for _, d := range gbcode.Shandong {
		children[d.Parent]++
	}
	return g.table(ctx, conn, "regions", []string{"id", "created_at", "updated_at", "name", "name_en", "code", "level", "parent_id"}, func(emit func(...any) error) error {
		for i, d := range gbcode.Shandong {
			id := base + int64(i)
			g.regionIDs[d.Code] = id
			var parent any
			if d.Parent != "" {
				parent = g.regionIDs[d.Parent]
			}
			if d.Level != "PROVINCE" && d.Level != "CITY" {
				city := d.Parent
				g.districts = append(g.districts, district{id: id, code: d.Code,
					weight: populations[city] / float64(children[city]) * (0.5 + g.rnd.Float64())})
			}
			if err := emit(id, g.now, g.now, d.Name, d.NameEn, d.Code, d.Level, parent); err != nil {
				return err
			}
		}
		return nil
	})
}

// place picks a district, weighted by population.
func (g *generator) place() district {
	total := 0.0
	for _, d := range g.districts {
		total += d.weight
	}
	x := g.rnd.Float64() * total
	for _, d := range g.districts {
		if x -= d.weight; x < 0 {
			return d
		}
	}
	return g.districts[len(g.districts)-1]
}

var institutionKinds = []struct {
	kind, suffix string
	weight       int
	level        string
}{
	{"SECONDARY_VOCATIONAL", "职业中等专业学校", 45, "SECONDARY_VOCATIONAL"},
	{"HIGHER_VOCATIONAL", "职业技术学院", 25, "HIGHER_VOCATIONAL"},
	{"TECHNICAL_SCHOOL", "技师学院", 15, "SECONDARY_VOCATIONAL"},
	{"VOCATIONAL_UNDERGRADUATE", "职业技术大学", 2, "HIGHER_VOCATIONAL"},
	{"UNIVERSITY", "大学", 5, ""},
	{"EDUCATION_BUREAU", "教育局", 6, ""},
	{"RESEARCH_INSTITUTE", "职业教育研究院", 2, ""},
}

func (g *generator) genInstitutions(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "institutions")
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, d := range gbcode.Shandong {
		names[g.regionIDs[d.Code]] = d.Name
	}
	total := 0
	for _, k := range institutionKinds {
		total += k.weight
	}
	type row struct {
		institution
		name, level string
	}
	var rows []row
	for i := range g.o.Scale.Institutions {
		x := g.rnd.IntN(total)
		k := institutionKinds[0]
		for _, c := range institutionKinds {
			if x -= c.weight; x < 0 {
				k = c
				break
			}
		}
		d := g.place()
		inst := institution{id: base + int64(i), region: d.id, kind: k.kind}
		g.institutions = append(g.institutions, inst)
		rows = append(rows, row{inst, fmt.Sprintf("%s第%d%s", names[d.id], i+1, k.suffix), k.level})
	}
	if err := g.table(ctx, conn, "institutions", []string{"id", "created_at", "updated_at", "name", "name_en", "kind", "website", "region_id"}, func(emit func(...any) error) error {
		for _, r := range rows {
			if err := emit(r.id, g.now, g.now, r.name, nil, r.kind, nil, r.region); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}

	pbase, err := firstID(ctx, conn, "programs")
	if err != nil {
		return err
	}
	majors := seed.Majors()
	g.programsByCode = map[string][]program{}
	return g.table(ctx, conn, "programs", []string{"id", "created_at", "updated_at", "name", "name_en", "code", "level", "institution_id"}, func(emit func(...any) error) error {
		id := pbase
		for _, r := range rows {
			if r.level == "" {
				continue
			}
			var offered []seed.Major
			for _, m := range majors {
				if m.Level == r.level {
					offered = append(offered, m)
				}
			}
			g.rnd.Shuffle(len(offered), func(a, b int) { offered[a], offered[b] = offered[b], offered[a] })
			for _, m := range offered[:min(len(offered), 3+g.rnd.IntN(10))] {
				p := program{id: id, institution: r.id, code: m.Code}
				g.programs = append(g.programs, p)
				g.programsByCode[m.Code] = append(g.programsByCode[m.Code], p)
				if err := emit(id, g.now, g.now, m.Name, m.NameEn, m.Code, m.Level, r.id); err != nil {
					return err
				}
				id++
			}
		}
		return nil
	})
}

// industries are GB/T 4754-2017 classes with their share of enterprises.
var industries = []struct {
	code   string
	weight int
}{
	{"C3421", 4}, {"C3491", 3}, {"C3360", 3}, {"C3670", 4}, {"C3831", 2}, {"C2511", 2}, {"C2614", 3}, {"C2720", 2},
	{"C3074", 2}, {"C3011", 2}, {"C1311", 3}, {"C1751", 2}, {"C2231", 1}, {"C3130", 1}, {"C3511", 2}, {"C3919", 2},
	{"F5292", 6}, {"F5123", 4}, {"F5211", 4}, {"G5990", 3}, {"G5431", 3}, {"G5821", 2},
	{"I6513", 5}, {"I6531", 2}, {"I6421", 2}, {"E4710", 4}, {"E4910", 2}, {"H6110", 2}, {"H6210", 3},
	{"Q8411", 2}, {"Q8512", 1}, {"A0151", 2}, {"A0311", 1}, {"D4420", 1}, {"M7320", 2}, {"L7212", 2},
}

var enterpriseWords = []string{"鲁", "齐", "泰", "华", "恒", "宏", "鑫", "瑞", "博", "远", "新", "盛", "达", "通", "海", "东", "正", "信", "兴", "源"}

var industryWords = map[byte]string{
	'A': "农业", 'C': "制造", 'D': "电力", 'E': "建设", 'F': "商贸", 'G': "物流", 'H': "餐饮酒店",
	'I': "信息技术", 'L': "商务服务", 'M': "科技", 'Q': "健康",
}

func (g *generator) genEnterprises(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "enterprises")
	if err != nil {
		return err
	}
	total := 0
	for _, in := range industries {
		total += in.weight
	}
	sizes := []string{"MICRO", "MICRO", "SMALL", "SMALL", "SMALL", "MEDIUM", "MEDIUM", "LARGE"}
	return g.table(ctx, conn, "enterprises", []string{"id", "created_at", "updated_at", "name", "name_en", "credit_code", "industry", "size", "website", "region_id"}, func(emit func(...any) error) error {
		for i := range g.o.Scale.Enterprises {
			x := g.rnd.IntN(total)
			industry := industries[0].code
			for _, in := range industries {
				if x -= in.weight; x < 0 {
					industry = in.code
					break
				}
			}
			d := g.place()
			e := enterprise{id: base + int64(i), region: d.id, industry: industry}
			g.enterprises = append(g.enterprises, e)
			name := fmt.Sprintf("山东%s%s%s有限公司第%d", enterpriseWords[g.rnd.IntN(len(enterpriseWords))], enterpriseWords[g.rnd.IntN(len(enterpriseWords))], industryWords[industry[0]], i+1)
			if err := emit(e.id, g.now, g.now, name, nil, seed.CreditCode(d.code, i+1), industry, sizes[g.rnd.IntN(len(sizes))], nil, d.id); err != nil {
				return err
			}
		}
		return nil
	})
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
var givens = []string{"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "华", "慧", "子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰", "雨桐"}

func (g *generator) name() string {
	return surnames[g.rnd.IntN(len(surnames))] + givens[g.rnd.IntN(len(givens))]
}

// people: staff and teachers of every institution, HR and mentors of the
// enterprises, and students for the rest, enrolled in programmes.
func (g *generator) genPeople(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "people")
	if err != nil {
		return err
	}
	return g.table(ctx, conn, "people", []string{"id", "created_at", "updated_at", "name", "role", "email", "phone", "cohort", "enterprise_id", "institution_id", "program_id"}, func(emit func(...any) error) error {
		id := base
		n := 0
		add := func(role string, enterprise, inst, prog any, cohort any) error {
			if n >= g.o.Scale.People {
				return nil
			}
			err := emit(id, g.now, g.now, g.name(), role, nil, nil, cohort, enterprise, inst, prog)
			id++
			n++
			return err
		}
		for _, in := range g.institutions {
			role := "TEACHER"
			if in.kind == "EDUCATION_BUREAU" || in.kind == "RESEARCH_INSTITUTE" {
				role = "OFFICIAL"
			}
			if err := add("STAFF", nil, in.id, nil, nil); err != nil {
				return err
			}
			for range 10 {
				if err := add(role, nil, in.id, nil, nil); err != nil {
					return err
				}
			}
		}
		g.hrPerson = make([]int64, len(g.enterprises))
		for i, e := range g.enterprises {
			g.hrPerson[i] = id
			if err := add("HR", e.id, nil, nil, nil); err != nil {
				return err
			}
			if i%4 == 0 {
				if err := add("MENTOR", e.id, nil, nil, nil); err != nil {
					return err
				}
			}
		}
		for n < g.o.Scale.People && len(g.programs) > 0 {
			p := g.programs[g.rnd.IntN(len(g.programs))]
			if err := add("STUDENT", nil, p.institution, p.id, 2022+g.rnd.IntN(4)); err != nil {
				return err
			}
		}
		return nil
	})
}

// fitting returns up to n programmes whose majors fit the industry.
func (g *generator) fitting(industry string, n int) []int64 {
	var codes []string
	for _, m := range seed.Majors() {
		if seed.Fits(m.Code, industry) && len(g.programsByCode[m.Code]) > 0 {
			codes = append(codes, m.Code)
		}
	}
	if len(codes) == 0 {
		return nil
	}
	seen := map[int64]bool{}
	var out []int64
	for range n {
		ps := g.programsByCode[codes[g.rnd.IntN(len(codes))]]
		p := ps[g.rnd.IntN(len(ps))].id
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

var partnershipKinds = []string{"ORDER_CLASS", "APPRENTICESHIP", "INDUSTRIAL_COLLEGE", "TRAINING_BASE", "INTERNSHIP_BASE", "JOINT_RESEARCH", "TEACHER_PRACTICE"}

func (g *generator) genPartnerships(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "partnerships")
	if err != nil {
		return err
	}
	type link struct{ partnership, program int64 }
	var links []link
	if err := g.table(ctx, conn, "partnerships", []string{"id", "created_at", "updated_at", "name", "kind", "description", "seats", "starts_on", "ends_on", "status", "proposed_by", "institution_id", "enterprise_id"}, func(emit func(...any) error) error {
		for i := range g.o.Scale.Partnerships {
			id := base + int64(i)
			p := g.programs[g.rnd.IntN(len(g.programs))]
			e := g.enterprises[g.zipf.Uint64()]
			kind := partnershipKinds[g.rnd.IntN(len(partnershipKinds))]
			start := g.now.AddDate(0, -g.rnd.IntN(60), 0)
			status := []string{"ACTIVE", "ACTIVE", "ACTIVE", "ENDED", "PROPOSED"}[g.rnd.IntN(5)]
			var seats any
			if kind == "ORDER_CLASS" || kind == "APPRENTICESHIP" {
				seats = 20 + g.rnd.IntN(40)
			}
			links = append(links, link{id, p.id})
			if err := emit(id, g.now, g.now, fmt.Sprintf("校企合作项目%d", i+1), kind, "", seats, start, start.AddDate(3, 0, 0), status,
				[]string{"INSTITUTION", "ENTERPRISE"}[g.rnd.IntN(2)], p.institution, e.id); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return g.table(ctx, conn, "partnership_programs", []string{"partnership_id", "program_id"}, func(emit func(...any) error) error {
		for _, l := range links {
			if err := emit(l.partnership, l.program); err != nil {
				return err
			}
		}
		return nil
	})
}

var postingTitles = []string{"实习生", "技术员实习生", "操作工实习生", "质检实习生", "运营实习生", "销售实习生", "设备维护实习生", "数据分析实习生", "管理培训生", "客服实习生"}

// internships: enterprises drawn by a Zipf law (a few post most), placed
// mostly at the enterprise, published at times skewed to the recent past.
// Each published one has its notice; notices are numbered in publication
// order, as the outbox numbers them in commit order.
func (g *generator) genInternships(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "internships")
	if err != nil {
		return err
	}
	type posting struct {
		id, enterprise, region int64
		title, industry        string
		published              time.Time
		programs               []int64
	}
	var published []posting
	var links [][2]int64
	if err := g.table(ctx, conn, "internships", []string{"id", "created_at", "updated_at", "title", "description", "industry", "positions", "stipend", "starts_on", "ends_on", "status", "published_at", "listed_at", "enterprise_id", "region_id"}, func(emit func(...any) error) error {
		for i := range g.o.Scale.Internships {
			id := base + int64(i)
			e := g.enterprises[g.zipf.Uint64()]
			region := e.region
			if g.rnd.IntN(5) == 0 {
				region = g.place().id
			}
			age := time.Duration(math.Min(g.rnd.ExpFloat64()*120, 1000) * float64(24*time.Hour))
			at := g.now.Add(-age).Truncate(time.Second)
			status := "OPEN"
			switch x := g.rnd.IntN(10); {
			case x == 0:
				status = "DRAFT"
			case x < 3 || age > 180*24*time.Hour:
				status = "CLOSED"
			}
			var pub any
			if status != "DRAFT" {
				pub = at
			}
			title := postingTitles[g.rnd.IntN(len(postingTitles))]
			programs := g.fitting(e.industry, 1+g.rnd.IntN(3))
			for _, p := range programs {
				links = append(links, [2]int64{id, p})
			}
			if status != "DRAFT" {
				published = append(published, posting{id, e.id, region, title, e.industry, at, programs})
			}
			start := at.AddDate(0, 1, 0)
			if err := emit(id, at, at, title, "", e.industry, 1+g.rnd.IntN(10), 1500+100*g.rnd.IntN(40), start, start.AddDate(0, 3, 0), status, pub, at, e.id, region); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := g.table(ctx, conn, "internship_programs", []string{"internship_id", "program_id"}, func(emit func(...any) error) error {
		for _, l := range links {
			if err := emit(l[0], l[1]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}

	slices.SortStableFunc(published, func(a, b posting) int { return a.published.Compare(b.published) })
	nbase, err := firstID(ctx, conn, "notices")
	if err != nil {
		return err
	}
	nbase += g.report.Tables["notices"]
	// No outbox transaction may interleave: take the lock it takes.
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", schema.NoticeLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", schema.NoticeLock)
	if err := g.table(ctx, conn, "notices", []string{"id", "kind", "title", "industry", "created_at", "region_id", "internship_id", "event_id", "enterprise_id", "institution_id"}, func(emit func(...any) error) error {
		for i, p := range published {
			if err := emit(nbase+int64(i), "INTERNSHIP_POSTED", p.title, p.industry, p.published, p.region, p.id, nil, p.enterprise, nil); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return g.table(ctx, conn, "notice_programs", []string{"notice_id", "program_id"}, func(emit func(...any) error) error {
		for i, p := range published {
			for _, prog := range p.programs {
				if err := emit(nbase+int64(i), prog); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

var eventKinds = []string{"CONFERENCE", "JOB_FAIR", "TRAINING", "SEMINAR", "OPEN_DAY"}

func (g *generator) genEvents(ctx context.Context, conn *sql.Conn) error {
	base, err := firstID(ctx, conn, "events")
	if err != nil {
		return err
	}
	type announced struct {
		id, region int64
		inst, firm any
		title      string
		industry   any
		at         time.Time
	}
	var notices []announced
	if err := g.table(ctx, conn, "events", []string{"id", "created_at", "updated_at", "title", "kind", "description", "venue", "starts_at", "ends_at", "capacity", "status", "announced_at", "organiser_enterprise_id", "organiser_institution_id", "region_id"}, func(emit func(...any) error) error {
		for i := range g.o.Scale.Events {
			id := base + int64(i)
			start := g.now.Add(time.Duration(g.rnd.IntN(720)-540) * 24 * time.Hour).Truncate(time.Hour)
			kind := eventKinds[g.rnd.IntN(len(eventKinds))]
			var inst, firm, industry any
			var region int64
			if g.rnd.IntN(2) == 0 {
				in := g.institutions[g.rnd.IntN(len(g.institutions))]
				inst, region = in.id, in.region
			} else {
				e := g.enterprises[g.zipf.Uint64()]
				firm, region, industry = e.id, e.region, e.industry
			}
			status := "ANNOUNCED"
			if g.rnd.IntN(20) == 0 {
				status = "CANCELLED"
			}
			ann := start.AddDate(0, 0, -14)
			title := fmt.Sprintf("%s%d", map[string]string{"CONFERENCE": "产教融合大会", "JOB_FAIR": "双选会", "TRAINING": "技能培训", "SEMINAR": "研讨会", "OPEN_DAY": "开放日"}[kind], i+1)
			if !ann.After(g.now) {
				notices = append(notices, announced{id, region, inst, firm, title, industry, ann})
			}
			if err := emit(id, ann, ann, title, kind, "", "", start, start.Add(4*time.Hour), 50+g.rnd.IntN(500), status, ann, firm, inst, region); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	slices.SortStableFunc(notices, func(a, b announced) int { return a.at.Compare(b.at) })
	var last int64
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM notices").Scan(&last); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", schema.NoticeLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", schema.NoticeLock)
	return g.table(ctx, conn, "notices", []string{"id", "kind", "title", "industry", "created_at", "region_id", "internship_id", "event_id", "enterprise_id", "institution_id"}, func(emit func(...any) error) error {
		for i, n := range notices {
			if err := emit(last+1+int64(i), "EVENT_ANNOUNCED", n.title, n.industry, n.at, n.region, nil, n.id, n.firm, n.inst); err != nil {
				return err
			}
		}
		return nil
	})
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"chanjiao/ent"
	"chanjiao/ent/enterprise"
	"chanjiao/ent/institution"
	"chanjiao/ent/program"
	"chanjiao/ent/region"
	"chanjiao/internal/database"
	"chanjiao/internal/gqlws"
	"chanjiao/internal/rule"
	"chanjiao/internal/seed"
	"chanjiao/internal/testdb"
)

var sys = rule.System(context.Background())

// eachDialect runs f once per dialect, in parallel.
func eachDialect(t *testing.T, f func(t *testing.T, d string)) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, d)
		})
	}
}

// demo is a copy of the demo data for a server under test.
func demo(t *testing.T, d string) database.Config {
	return testdb.SeededConfig(t, d, "demo", func(ctx context.Context, c *ent.Client) error {
		return seed.Demo(ctx, c, time.Now())
	})
}

// startWith runs a server like start, with changes to its configuration.
func startWith(t *testing.T, dbcfg database.Config, seedMode string, change func(*Config)) *Main {
	t.Helper()
	cfg := Config{
		Addr:        "127.0.0.1:0",
		DatabaseURL: dbcfg.URL,
		SQLitePath:  dbcfg.SQLitePath,
		Seed:        seedMode,
		MaxDBConns:  8,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if change != nil {
		change(&cfg)
	}
	m := NewMain(cfg)
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// call runs a GraphQL operation over HTTP with a token and returns its data.
func call(t testing.TB, m *Main, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("%s: %v", query, out.Errors)
	}
	return out.Data
}

func signIn(t testing.TB, m *Main, email string) string {
	t.Helper()
	data := call(t, m, "", `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, map[string]any{"e": email, "p": seed.DemoPassword})
	return data["login"].(map[string]any)["token"].(string)
}

func dial(t testing.TB, m *Main, o gqlws.Options) *gqlws.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := gqlws.Dial(ctx, "ws://"+m.Addr()+"/graphql", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func subscribe(t testing.TB, c *gqlws.Client, query string, vars map[string]any) <-chan gqlws.Message {
	t.Helper()
	_, ch, err := c.Subscribe(query, vars)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// receive takes n messages from ch, failing after timeout.
func receive(t testing.TB, ch <-chan gqlws.Message, n int, timeout time.Duration) []map[string]any {
	t.Helper()
	var out []map[string]any
	deadline := time.After(timeout)
	for len(out) < n {
		select {
		case m, ok := <-ch:
			if !ok || m.Done || len(m.Errors) > 0 {
				t.Fatalf("the subscription ended after %d of %d messages: %+v", len(out), n, m)
			}
			var data map[string]any
			json.Unmarshal(m.Data, &data)
			out = append(out, data)
		case <-deadline:
			t.Fatalf("received %d of %d messages in %v", len(out), n, timeout)
		}
	}
	return out
}

// quiet fails if ch delivers anything within d.
func quiet(t testing.TB, ch <-chan gqlws.Message, d time.Duration) {
	t.Helper()
	select {
	case m := <-ch:
		t.Fatalf("unexpected message %s %+v", m.Data, m.Errors)
	case <-time.After(d):
	}
}

func field(data map[string]any, path ...string) any {
	var v any = data
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// platform holds the IDs a test posts with.
type platform struct {
	zibo, zhangdian, linzi, huantai int
	rhein, wonfull                  int
	zvc, zis                        int
	zvcRobotics, zisChemistry       int
	admin                           string // a token
}

func newPlatform(t testing.TB, m *Main) *platform {
	t.Helper()
	c := m.DB().Client
	code := func(s string) int { return c.Region.Query().Where(region.Code(s)).OnlyIDX(sys) }
	p := &platform{zibo: code("370300"), zhangdian: code("370303"), linzi: code("370305"), huantai: code("370321")}
	p.rhein = c.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyIDX(sys)
	p.wonfull = c.Enterprise.Query().Where(enterprise.NameEn("Shandong Wonfull Petrochemical Group Co., Ltd.")).OnlyIDX(sys)
	p.zvc = c.Institution.Query().Where(institution.NameEn("Zibo Vocational College")).OnlyIDX(sys)
	p.zis = c.Institution.Query().Where(institution.NameEn("Zibo Industrial School")).OnlyIDX(sys)
	p.zvcRobotics = c.Program.Query().Where(program.InstitutionID(p.zvc), program.Code("460305")).OnlyIDX(sys)
	p.zisChemistry = c.Program.Query().Where(program.InstitutionID(p.zis), program.Code("670201")).OnlyIDX(sys)
	p.admin = signIn(t, m, "admin@zibo.demo")
	return p
}

func (p *platform) post(t testing.TB, m *Main, title string, firm, where int, programs ...int) {
	t.Helper()
	ids := make([]string, len(programs))
	for i, x := range programs {
		ids[i] = fmt.Sprint(x)
	}
	call(t, m, p.admin, `mutation($e: ID!, $r: ID!, $t: String!, $p: [ID!]) { createInternship(input: {enterpriseID: $e, regionID: $r, title: $t, positions: 1, programIDs: $p}) { id } }`,
		map[string]any{"e": fmt.Sprint(firm), "r": fmt.Sprint(where), "t": title, "p": ids})
}

func (p *platform) announce(t testing.TB, m *Main, title string, where int, byInstitution, byEnterprise int) {
	t.Helper()
	vars := map[string]any{"r": fmt.Sprint(where), "t": title, "i": nil, "e": nil}
	if byInstitution != 0 {
		vars["i"] = fmt.Sprint(byInstitution)
	}
	if byEnterprise != 0 {
		vars["e"] = fmt.Sprint(byEnterprise)
	}
	call(t, m, p.admin, `mutation($r: ID!, $t: String!, $i: ID, $e: ID) { createEvent(input: {title: $t, kind: SEMINAR, startsAt: "2027-06-01T09:00:00Z", endsAt: "2027-06-01T11:00:00Z", regionID: $r, organiserInstitutionID: $i, organiserEnterpriseID: $e}) { id } }`, vars)
}

// lastCursor is the cursor of the newest notice.
func lastCursor(t testing.TB, m *Main) string {
	t.Helper()
	data := call(t, m, "", `{ notices(last: 1) { edges { cursor } } }`, nil)
	edges := field(data, "notices", "edges").([]any)
	if len(edges) == 0 {
		return ""
	}
	return edges[0].(map[string]any)["cursor"].(string)
}

func TestSubscriptionsEndToEnd(t *testing.T) {
	for _, d := range testdb.Dialects {
		for _, proto := range []string{gqlws.TransportWS, gqlws.LegacyWS} {
			t.Run(d+"/"+proto, func(t *testing.T) {
				t.Parallel()
				m := start(t, demo(t, d), "demo")
				p := newPlatform(t, m)
				c := dial(t, m, gqlws.Options{Protocol: proto})
				if c.Protocol() != proto {
					t.Fatalf("negotiated %q", c.Protocol())
				}
				feed := subscribe(t, c, `subscription { notices { cursor kind title createdAt region { name } internship { title enterprise { nameEn } } event { title } } }`, nil)
				postings := subscribe(t, c, `subscription { internshipPosted { title region { code } } }`, nil)
				events := subscribe(t, c, `subscription { eventAnnounced { title organiserInstitution { nameEn } } }`, nil)
				time.Sleep(100 * time.Millisecond) // let the subscriptions register

				p.post(t, m, "机器人运维实习生", p.rhein, p.zhangdian, p.zvcRobotics)
				p.announce(t, m, "校园招聘会", p.zhangdian, p.zvc, 0)

				got := receive(t, feed, 2, 10*time.Second)
				if field(got[0], "notices", "kind") != "INTERNSHIP_POSTED" || field(got[0], "notices", "internship", "enterprise", "nameEn") != "Shandong Rhein-Koester Intelligent Technology Co., Ltd." ||
					field(got[0], "notices", "region", "name") != "张店区" || field(got[0], "notices", "cursor") == nil {
					t.Errorf("first notice %v", got[0])
				}
				if field(got[1], "notices", "kind") != "EVENT_ANNOUNCED" || field(got[1], "notices", "event", "title") != "校园招聘会" {
					t.Errorf("second notice %v", got[1])
				}
				if p := receive(t, postings, 1, 5*time.Second)[0]; field(p, "internshipPosted", "title") != "机器人运维实习生" {
					t.Errorf("internshipPosted %v", p)
				}
				if e := receive(t, events, 1, 5*time.Second)[0]; field(e, "eventAnnounced", "organiserInstitution", "nameEn") != "Zibo Vocational College" {
					t.Errorf("eventAnnounced %v", e)
				}
				quiet(t, postings, 200*time.Millisecond) // the event is not a posting
			})
		}
	}
}

// TestNoticeFilters checks every filter field, live and when catching up
// from a cursor (two implementations of one rule).
func TestNoticeFilters(t *testing.T) {
	eachDialect(t, func(t *testing.T, d string) {
		m := start(t, demo(t, d), "demo")
		p := newPlatform(t, m)
		c := dial(t, m, gqlws.Options{})
		id := fmt.Sprint
		cases := []struct {
			name   string
			filter map[string]any
			want   []string
		}{
			{"none", map[string]any{}, []string{"A", "B", "C", "D", "E"}},
			{"the city's subtree", map[string]any{"regions": []string{id(p.zibo)}}, []string{"A", "B", "C", "D", "E"}},
			{"a district", map[string]any{"regions": []string{id(p.zhangdian)}}, []string{"A", "C"}},
			{"either district", map[string]any{"regions": []string{id(p.zhangdian), id(p.linzi)}}, []string{"A", "C", "D", "E"}},
			{"an industry division", map[string]any{"industries": []string{"C34"}}, []string{"A", "E"}},
			{"another division", map[string]any{"industries": []string{"C25"}}, []string{"B", "D"}},
			{"a section", map[string]any{"industries": []string{"C"}}, []string{"A", "B", "D", "E"}},
			{"a programme", map[string]any{"programs": []string{id(p.zvcRobotics)}}, []string{"A"}},
			{"an institution: organised, or targeting its programmes", map[string]any{"institutions": []string{id(p.zvc)}}, []string{"A", "C"}},
			{"another institution", map[string]any{"institutions": []string{id(p.zis)}}, []string{"B"}},
			{"an enterprise", map[string]any{"enterprises": []string{id(p.rhein)}}, []string{"A", "E"}},
			{"another enterprise", map[string]any{"enterprises": []string{id(p.wonfull)}}, []string{"B", "D"}},
			{"a kind", map[string]any{"kinds": []string{"EVENT_ANNOUNCED"}}, []string{"C", "D"}},
			{"two fields: AND", map[string]any{"regions": []string{id(p.zhangdian)}, "kinds": []string{"INTERNSHIP_POSTED"}}, []string{"A"}},
			{"nothing matches", map[string]any{"enterprises": []string{id(p.wonfull)}, "industries": []string{"C34"}}, nil},
		}
		const q = `subscription($f: NoticeFilter, $after: Cursor) { notices(filter: $f, after: $after) { title } }`
		before := lastCursor(t, m)
		live := make([]<-chan gqlws.Message, len(cases))
		for i, tc := range cases {
			live[i] = subscribe(t, c, q, map[string]any{"f": tc.filter})
		}
		time.Sleep(100 * time.Millisecond)

		p.post(t, m, "A", p.rhein, p.zhangdian, p.zvcRobotics)  // C3491
		p.post(t, m, "B", p.wonfull, p.huantai, p.zisChemistry) // C2511
		p.announce(t, m, "C", p.zhangdian, p.zvc, 0)            // no industry
		p.announce(t, m, "D", p.linzi, 0, p.wonfull)            // C2511, the organiser's
		p.post(t, m, "E", p.rhein, p.linzi)                     // no programmes

		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := collectUntil(t, live[i], len(tc.want))
				if !slices.Equal(got, tc.want) {
					t.Errorf("live: got %v, want %v", got, tc.want)
				}
				// A connection runs at most 25 operations: catch up on another.
				backfill := subscribe(t, dial(t, m, gqlws.Options{}), q, map[string]any{"f": tc.filter, "after": before})
				got = collectUntil(t, backfill, len(tc.want))
				if !slices.Equal(got, tc.want) {
					t.Errorf("from a cursor: got %v, want %v", got, tc.want)
				}
			})
		}
	})
}

// collectUntil takes n titles from ch and then requires quiet.
func collectUntil(t *testing.T, ch <-chan gqlws.Message, n int) []string {
	t.Helper()
	var got []string
	for _, data := range receive(t, ch, n, 10*time.Second) {
		got = append(got, field(data, "notices", "title").(string))
	}
	quiet(t, ch, 300*time.Millisecond)
	return got
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chanjiao/ent/enterprise"
	"chanjiao/ent/internship"
	"chanjiao/internal/database"
	"chanjiao/internal/rule"
	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium; without it the browser tests skip,
// except in CI.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH: .ci/run installs it (apt-get install -y chromium)")
	}
	t.Skip("no chromium on PATH (apt-get install -y chromium)")
	return ""
}

// browser is a headless chromium page that records console errors,
// uncaught exceptions and requests that leave the server.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	errors   []string
	external []string
}

func newBrowser(t *testing.T, origin string) *browser {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1920, 1080))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// This chromedp's protocol tables predate some of chromium's newer
	// enum values; it drops those events (none this test reads) with a log.
	quiet := chromedp.WithErrorf(func(format string, args ...any) {
		if !strings.HasPrefix(format, "could not unmarshal event") {
			t.Logf(format, args...)
		}
	})
	ctx, cancel := chromedp.NewContext(actx, quiet)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second) // never hang the suite
	t.Cleanup(cancel)
	b := &browser{ctx: ctx}
	ws := "ws" + strings.TrimPrefix(origin, "http")
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.errors = append(b.errors, "console.error: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			b.errors = append(b.errors, "exception: "+ev.ExceptionDetails.Text)
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, ws+"/") && !strings.HasPrefix(u, "data:") {
				b.external = append(b.external, u)
			}
		case *network.EventWebSocketCreated:
			if !strings.HasPrefix(ev.URL, ws+"/") {
				b.external = append(b.external, ev.URL)
			}
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) problems() (errs, external []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.errors), slices.Clone(b.external)
}

// shown is the titles of the feed's cards, newest first.
func (b *browser) shown(t *testing.T) []string {
	var titles []string
	if err := chromedp.Run(b.ctx, chromedp.Evaluate(`window.chanjiaoDashboard ? window.chanjiaoDashboard.shown() : []`, &titles)); err != nil {
		t.Fatal(err)
	}
	return titles
}

// waitShown waits until every title is on the page, and checks it is there
// once.
func (b *browser) waitShown(t *testing.T, within time.Duration, titles ...string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := b.shown(t)
		missing := 0
		for _, title := range titles {
			switch n := occurrences(got, title); {
			case n > 1:
				t.Fatalf("%q is shown %d times", title, n)
			case n == 0:
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s the page shows %q, not all of %q", within, got, titles)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func occurrences(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestDashboardInABrowser opens /dashboard in headless chromium on the demo
// data, every response compressed: it loads with no console errors and no
// request leaving the server;
// an internship posted through the API appears within seconds; while the
// server is down two more are posted, and both appear once the page has
// reconnected, each once, and the counters follow.
func TestDashboardInABrowser(t *testing.T) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			dbcfg := testdb.New(t, d)
			// Every GraphQL response compressed: the browser unpacks them
			// (and the libraries, which are compressed whatever the flag).
			m := startWith(t, dbcfg, "demo", func(c *Config) { c.CompressMin = 1 })
			origin := "http://" + m.Addr()
			b := newBrowser(t, origin)
			var counter string
			err := chromedp.Run(b.ctx,
				chromedp.Navigate(origin+"/dashboard"),
				chromedp.WaitVisible(`body[data-connection="live"]`),
				chromedp.WaitVisible(`body[data-stats-loaded]`),
				chromedp.Text(`[data-stat="openInternships"]`, &counter))
			if err != nil {
				t.Fatal(err)
			}
			before := openInternships(t, m)
			if counter != fmt.Sprint(before) {
				t.Errorf("the page counts %s open internships, the API %d", counter, before)
			}
			if len(b.shown(t)) == 0 {
				t.Error("the feed starts empty: it should show the latest notices")
			}
			if shot := os.Getenv("DASHBOARD_SCREENSHOT"); shot != "" && d == dialect.SQLite {
				var png []byte
				if err := chromedp.Run(b.ctx, chromedp.Sleep(time.Second), chromedp.CaptureScreenshot(&png)); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(shot, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			// Posted through the API: on the page within seconds.
			token := loginAs(t, m, "hr@rhein-koester.demo")
			postAs(t, m, token, "看板测试岗位 live")
			b.waitShown(t, 5*time.Second, "看板测试岗位 live")

			// The server goes away; two internships are posted meanwhile; the
			// page reconnects to the server started again on the same address
			// and shows both, once each.
			addr := m.Addr()
			m.Close()
			postDirectly(t, dbcfg, "看板测试岗位 offline 1", "看板测试岗位 offline 2")
			m2 := startOn(t, dbcfg, addr)
			b.waitShown(t, 20*time.Second, "看板测试岗位 live", "看板测试岗位 offline 1", "看板测试岗位 offline 2")
			deadline := time.Now().Add(5 * time.Second)
			for {
				if err := chromedp.Run(b.ctx, chromedp.Text(`[data-stat="openInternships"]`, &counter)); err != nil {
					t.Fatal(err)
				}
				if counter == fmt.Sprint(before+3) || time.Now().After(deadline) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if want := openInternships(t, m2); counter != fmt.Sprint(want) || want != before+3 {
				t.Errorf("after three postings the page counts %s, the API %d (before: %d)", counter, want, before)
			}
			errs, external := b.problems()
			if len(errs) > 0 {
				t.Errorf("errors in the page: %q", errs)
			}
			if len(external) > 0 {
				t.Errorf("requests leaving the server: %q", external)
			}
		})
	}
}

func openInternships(t *testing.T, m *Main) int {
	data := gqlPost(t, m, `{ stats { openInternships } }`)
	return int(data["stats"].(map[string]any)["openInternships"].(float64))
}

func loginAs(t *testing.T, m *Main, email string) string {
	data := gqlPost(t, m, `mutation { login(email: "`+email+`", password: "chanjiao-demo") { token } }`)
	return data["login"].(map[string]any)["token"].(string)
}

func postAs(t *testing.T, m *Main, token, title string) {
	t.Helper()
	viewer := gqlPostAs(t, m, token, `{ viewer { account { enterprise { id region { id } } } } }`)
	e := viewer["viewer"].(map[string]any)["account"].(map[string]any)["enterprise"].(map[string]any)
	gqlPostAs(t, m, token, fmt.Sprintf(`mutation { createInternship(input: {enterpriseID: "%s", regionID: "%s", title: "%s", positions: 2}) { id } }`,
		e["id"], e["region"].(map[string]any)["id"], title))
}

// postDirectly posts open internships through ent while no server runs:
// the outbox hooks write their notices all the same.
func postDirectly(t *testing.T, dbcfg database.Config, titles ...string) {
	t.Helper()
	ctx := rule.System(context.Background())
	db, err := database.Open(ctx, dbcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	firm := db.Client.Enterprise.Query().Where(enterprise.NameEn("Shandong Rhein-Koester Intelligent Technology Co., Ltd.")).OnlyX(ctx)
	for _, title := range titles {
		db.Client.Internship.Create().SetTitle(title).SetPositions(1).SetStatus(internship.StatusOpen).
			SetEnterpriseID(firm.ID).SetRegionID(firm.RegionID).ExecX(ctx)
	}
}

// startOn starts a server on addr (that a stopped one used).
func startOn(t *testing.T, dbcfg database.Config, addr string) *Main {
	t.Helper()
	var m *Main
	deadline := time.Now().Add(5 * time.Second)
	for {
		m = startWithAddr(dbcfg, addr)
		err := m.Run(context.Background())
		if err == nil {
			break
		}
		m.Close()
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func startWithAddr(dbcfg database.Config, addr string) *Main {
	return NewMain(Config{Addr: addr, DatabaseURL: dbcfg.URL, SQLitePath: dbcfg.SQLitePath, MaxDBConns: 4, CompressMin: 1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func gqlPostAs(t *testing.T, m *Main, token, query string) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out["errors"] != nil {
		t.Fatalf("%s: %v", query, out["errors"])
	}
	return out["data"].(map[string]any)
}

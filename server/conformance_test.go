package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"chanjiao/internal/testdb"

	"entgo.io/ent/dialect"
)

// TestGraphQLOverHTTPConformance runs the server audits of the graphql-http
// package — every MUST, SHOULD and MAY of the GraphQL-over-HTTP
// specification it checks — against the server, and requires every one to
// pass. The audits need Node.js and `npm ci --prefix internal/conformance`
// (which .ci/run does).
func TestGraphQLOverHTTPConformance(t *testing.T) {
	dir, _ := filepath.Abs("../internal/conformance")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("graphql-http is not installed: run npm ci --prefix internal/conformance (%v)", err)
		}
		t.Skip("graphql-http is not installed: npm ci --prefix internal/conformance")
	}
	m := start(t, testdb.New(t, dialect.SQLite), "none")
	cmd := exec.Command("node", filepath.Join(dir, "audit.mjs"), "http://"+m.Addr()+"/graphql")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the audits: %v\n%s", err, stderr.String())
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct{ ID, Name, Status, Reason string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit output %q: %v", sc.Text(), err)
		}
		n++
		if r.Status != "ok" {
			t.Errorf("%s %s: %s", r.Status, r.Name, r.Reason)
		}
	}
	if n < 30 {
		t.Fatalf("only %d audits ran", n)
	}
	t.Logf("%d audits passed", n)
}

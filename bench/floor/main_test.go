package main

import (
	"bytes"
	"database/sql"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"chanjiao/graph/scalar"
)

// TestWritesAsTheServer: the floor's strings and times are the server's
// bytes (the load generator's -same-as checks whole responses on the
// province; this checks the values the province has none of).
func TestWritesAsTheServer(t *testing.T) {
	for _, s := range []string{"", "实习生", `a "quoted" \ path`, "tab\tcr\rnl\n", "\x00\x01\x1f\x7f", "bad \xff utf-8", "emoji 🎓"} {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if got := appendString(nil, s); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%q: %s, the server writes %s", s, got, want.Bytes())
		}
	}
	cst := time.FixedZone("CST", 8*3600)
	for _, tm := range []time.Time{{}, time.Date(2026, 10, 31, 23, 59, 49, 0, time.UTC), time.Date(2026, 11, 1, 8, 0, 0, 123456000, cst)} {
		var want bytes.Buffer
		scalar.MarshalTime(tm).MarshalGQL(&want)
		if got := appendTime(nil, sql.NullTime{Time: tm, Valid: true}); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%v: %s, the server writes %s", tm, got, want.Bytes())
		}
	}
	if got := appendTime(nil, sql.NullTime{}); string(got) != "null" {
		t.Errorf("no time: %s", got)
	}
}

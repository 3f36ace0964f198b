package scalar

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// written is what m writes into the executor's buffer and into any other
// writer; the two must agree.
func written(t *testing.T, m graphql.Marshaler) string {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("x") // not at the start of the buffer
	m.MarshalGQL(&buf)
	var other strings.Builder
	m.MarshalGQL(&other)
	if got := buf.String()[1:]; got != other.String() {
		t.Fatalf("into a bytes.Buffer %s, into a strings.Builder %s", got, other.String())
	}
	return other.String()
}

func TestMarshalID(t *testing.T) {
	for id, want := range map[int]string{1: `"1"`, 21474836481: `"21474836481"`, 1<<63 - 1: `"9223372036854775807"`} {
		if got := written(t, MarshalID(id)); got != want {
			t.Errorf("MarshalID(%d) = %s, want %s", id, got, want)
		}
	}
}

// TestMarshalTime writes what gqlgen's Time writes.
func TestMarshalTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 24, 8, 0, 0, 123456789, time.UTC),
		time.Date(2026, 11, 24, 16, 0, 0, 5000, time.FixedZone("CST", 8*3600)),
	} {
		if got, want := written(t, MarshalTime(at)), written(t, graphql.MarshalTime(at)); got != want {
			t.Errorf("MarshalTime(%v) = %s, gqlgen's %s", at, got, want)
		}
	}
	if MarshalTime(time.Time{}) != graphql.Null {
		t.Error("a zero time is not null")
	}
	if got, err := UnmarshalTime("2026-11-24T08:00:00Z"); err != nil || !got.Equal(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("UnmarshalTime = %v, %v", got, err)
	}
}

// TestAt: each …At writes what the marshaller it stands for writes, and
// marshalled into the executor's buffer costs no allocation.
func TestAt(t *testing.T) {
	s, quoted := "名 \"quoted\"\n\t<tag>", "plain"
	control, backslash, invalid, separator := "a\x01b\x1fc\x7f", `C:\dir\`, "bad \xff\xfe utf-8", "line\u2028para\u2029"
	n, big, negative := 7, 123456789, -42
	yes, no := true, false
	id := 21474836481
	at := time.Date(2026, 11, 24, 16, 0, 0, 5000, time.FixedZone("CST", 8*3600))
	for _, c := range []struct {
		at, want graphql.Marshaler
	}{
		{(*StringAt)(&s), graphql.MarshalString(s)},
		{(*StringAt)(&quoted), graphql.MarshalString(quoted)},
		{(*StringAt)(&control), graphql.MarshalString(control)},
		{(*StringAt)(&backslash), graphql.MarshalString(backslash)},
		{(*StringAt)(&invalid), graphql.MarshalString(invalid)},
		{(*StringAt)(&separator), graphql.MarshalString(separator)},
		{(*IntAt)(&n), graphql.MarshalInt(n)},
		{(*IntAt)(&big), graphql.MarshalInt(big)},
		{(*IntAt)(&negative), graphql.MarshalInt(negative)},
		{(*BooleanAt)(&yes), graphql.MarshalBoolean(yes)},
		{(*BooleanAt)(&no), graphql.MarshalBoolean(no)},
		{(*IDAt)(&id), MarshalID(id)},
		{(*TimeAt)(&at), graphql.MarshalTime(at)},
	} {
		if got, want := written(t, c.at), written(t, c.want); got != want {
			t.Errorf("%T writes %s, its marshaller %s", c.at, got, want)
		}
	}

	var buf bytes.Buffer
	buf.Grow(4096)
	leaves := []graphql.Marshaler{(*StringAt)(&s), (*IntAt)(&big), (*BooleanAt)(&yes), (*IDAt)(&id), (*TimeAt)(&at)}
	if allocs := testing.AllocsPerRun(100, func() {
		buf.Reset()
		for _, m := range leaves {
			m.MarshalGQL(&buf)
		}
	}); allocs != 0 {
		t.Errorf("writing the leaves allocates %.0f times", allocs)
	}
	if allocs := testing.AllocsPerRun(100, func() { leaves[0] = (*StringAt)(&s); leaves[3] = (*IDAt)(&id) }); allocs != 0 {
		t.Errorf("making a leaf allocates %.0f times", allocs)
	}
}

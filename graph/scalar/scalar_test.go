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

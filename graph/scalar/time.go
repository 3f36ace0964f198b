package scalar

import (
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes a time as gqlgen's Time scalar does, RFC 3339 with
// nanoseconds, and a zero time as null; without its two strings per value
// (the format and its quoted copy) when written into the executor's buffer.
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return timeString{t}
}

type timeString struct{ t time.Time }

func (t timeString) MarshalGQL(w io.Writer) {
	writeQuoted(w, func(b []byte) []byte { return t.t.AppendFormat(b, time.RFC3339Nano) })
}

// UnmarshalTime is gqlgen's.
func UnmarshalTime(v any) (time.Time, error) {
	return graphql.UnmarshalTime(v)
}

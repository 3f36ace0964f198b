package scalar

import (
	"bytes"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// The …At types marshal a leaf value where it is stored: the executor
// (internal/execgen) returns (*StringAt)(&obj.Title) as a field's value,
// and a pointer in an interface costs no allocation, where the value
// itself does (graphql.MarshalString's closure, an ID, an Int or a Time in
// an interface: eight a row of a page of internships with their
// enterprise). Each writes what the marshaller it stands for writes.
//
// The value is read when the response is written, after the operation's
// resolvers have returned; nothing changes an object the executor has
// resolved (ent returns a new one for every read and every write).

// StringAt writes what graphql.MarshalString writes.
type StringAt string

func (s *StringAt) MarshalGQL(w io.Writer) { writeString(w, string(*s)) }

// writeString writes s as graphql.MarshalString does: quoted, with a
// control character, a quote and a backslash escaped. Into a
// bytes.Buffer, a string with none of them (every title and name) is
// written whole; each of them is one byte, never part of a longer UTF-8
// sequence, so looking for them byte by byte finds what gqlgen's look
// rune by rune finds.
func writeString(w io.Writer, s string) {
	buf, ok := w.(*bytes.Buffer)
	if !ok || !plain(s) {
		graphql.MarshalString(s).MarshalGQL(w)
		return
	}
	buf.Grow(len(s) + 2)
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}

// plain reports whether s holds nothing a JSON string escapes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// IntAt writes what graphql.MarshalInt writes, without its string.
type IntAt int

func (i *IntAt) MarshalGQL(w io.Writer) {
	if buf, ok := w.(*bytes.Buffer); ok {
		buf.Write(strconv.AppendInt(buf.AvailableBuffer(), int64(*i), 10))
		return
	}
	io.WriteString(w, strconv.Itoa(int(*i)))
}

// BooleanAt writes what graphql.MarshalBoolean writes.
type BooleanAt bool

func (b *BooleanAt) MarshalGQL(w io.Writer) {
	if *b {
		io.WriteString(w, "true")
	} else {
		io.WriteString(w, "false")
	}
}

// IDAt writes what MarshalID writes.
type IDAt int

func (id *IDAt) MarshalGQL(w io.Writer) { idString(*id).MarshalGQL(w) }

// TimeAt writes what MarshalTime writes of a time that is not zero (a zero
// one is null, and never a TimeAt).
type TimeAt time.Time

func (t *TimeAt) MarshalGQL(w io.Writer) { timeString{time.Time(*t)}.MarshalGQL(w) }

// Package scalar holds the project's own GraphQL scalar bindings.
package scalar

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"chanjiao"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalID writes an ent ID as a GraphQL ID (a string of digits).
func MarshalID(id int) graphql.Marshaler {
	return idString(id)
}

// idString is an ID written as a JSON string: digits need no escaping, and
// written into the executor's buffer they cost no allocation (a page of
// fifty internships writes a hundred IDs).
type idString int

func (id idString) MarshalGQL(w io.Writer) {
	writeQuoted(w, func(b []byte) []byte { return strconv.AppendInt(b, int64(id), 10) })
}

// writeQuoted writes what add appends, in double quotes, and adds it to a
// bytes.Buffer's free space when w is one. add must append nothing that a
// JSON string has to escape.
func writeQuoted(w io.Writer, add func([]byte) []byte) {
	if buf, ok := w.(*bytes.Buffer); ok {
		buf.WriteByte('"')
		buf.Write(add(buf.AvailableBuffer()))
		buf.WriteByte('"')
		return
	}
	var b [40]byte
	w.Write(append(add(append(b[:0], '"')), '"'))
}

// UnmarshalID reads a GraphQL ID, given as a string or a number, as an ent ID.
func UnmarshalID(v any) (int, error) {
	var id int64
	var err error
	switch v := v.(type) {
	case string:
		id, err = strconv.ParseInt(v, 10, 64)
	case json.Number:
		id, err = v.Int64()
	case int:
		return checked(int64(v))
	case int64:
		id = v
	default:
		return 0, chanjiao.Errorf(chanjiao.BadUserInput, "is not a valid ID")
	}
	if err != nil {
		return 0, chanjiao.Errorf(chanjiao.BadUserInput, "is not a valid ID")
	}
	return checked(id)
}

func checked(id int64) (int, error) {
	if id <= 0 {
		return 0, chanjiao.Errorf(chanjiao.BadUserInput, "is not a valid ID")
	}
	return int(id), nil
}

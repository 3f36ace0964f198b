// Package scalar holds the project's own GraphQL scalar bindings.
package scalar

import (
	"encoding/json"
	"io"
	"strconv"

	"chanjiao"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalID writes an ent ID as a GraphQL ID (a string of digits).
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(strconv.Itoa(id)))
	})
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

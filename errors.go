// Package chanjiao holds what every layer of the platform shares: the
// application's error codes. The graph of regions, institutions and
// enterprises lives in ent/schema; the server in server/.
package chanjiao

import (
	"errors"
	"fmt"
)

// Code classifies an error for the client. Codes are part of the API
// contract: they reach clients as `extensions.code` and never change meaning.
type Code string

const (
	// Unauthenticated: no credentials, or credentials that are invalid or expired.
	Unauthenticated Code = "UNAUTHENTICATED"
	// Forbidden: the caller is known but may not do this.
	Forbidden Code = "FORBIDDEN"
	// NotFound: the object does not exist, or the caller may not see it.
	NotFound Code = "NOT_FOUND"
	// BadUserInput: an argument breaks a rule; Error.Field names it.
	BadUserInput Code = "BAD_USER_INPUT"
	// Conflict: the request is valid but the current state forbids it
	// (a duplicate, a full event, a transition the lifecycle does not allow).
	Conflict Code = "CONFLICT"
	// RateLimited: too many requests, or too many failed sign-ins; try
	// again later.
	RateLimited Code = "RATE_LIMITED"
	// Unavailable: a dependency (the database) cannot serve the request now.
	Unavailable Code = "UNAVAILABLE"
	// Internal: anything else. The detail is logged, never shown.
	Internal Code = "INTERNAL"
)

// Error is an error the application means to show to the client: its
// message is safe to display, and Field (when set) names the offending
// input field as the client spelled it.
type Error struct {
	Code    Code
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns a BadUserInput *Error about one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or Internal
// when there is none.
func ErrorCode(err error) Code {
	if e := (*Error)(nil); errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// InputName spells an ent field name (snake_case) the way the GraphQL schema
// does (lowerCamelCase, with ID kept in capitals): "credit_code" →
// "creditCode", "region_id" → "regionID".
func InputName(field string) string {
	out := make([]byte, 0, len(field))
	upper := false
	for i := 0; i < len(field); i++ {
		c := field[i]
		if c == '_' {
			upper = true
			continue
		}
		if upper && c >= 'a' && c <= 'z' {
			if (field[i:] == "id" || field[i:] == "ids") && len(out) > 0 {
				return string(out) + "ID" + field[i+2:]
			}
			c -= 'a' - 'A'
		}
		upper = false
		out = append(out, c)
	}
	return string(out)
}

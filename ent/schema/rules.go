package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"chanjiao"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/schema"
)

// fieldError is a BAD_USER_INPUT error about an ent field, named as the
// GraphQL schema names it.
func fieldError(field, format string, args ...any) error {
	return chanjiao.FieldErrorf(chanjiao.InputName(field), format, args...)
}

func gqlName(field string) string { return chanjiao.InputName(field) }

// listEdge annotates a to-many edge that clients page through (a Relay
// connection) but set from the other side.
func listEdge() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// catalogueCode checks the form of a major catalogue code.
func catalogueCode(code string) error {
	if !sixDigits.MatchString(code) {
		return errors.New("a major catalogue code has exactly six digits")
	}
	return nil
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// text checks a required text field: not blank, at most max characters.
func text(max int) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("must not be empty")
		}
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Errorf("must be at most %d characters, got %d", max, n)
		}
		return nil
	}
}

// maxLen checks an optional text field's length.
func maxLen(max int) func(string) error {
	return func(s string) error {
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Errorf("must be at most %d characters, got %d", max, n)
		}
		return nil
	}
}

// atLeast checks a count.
func atLeast(min int) func(int) error {
	return func(n int) error {
		if n < min {
			return fmt.Errorf("must be at least %d, got %d", min, n)
		}
		return nil
	}
}

// emailAddress checks the form of an email address: one @ with something
// on both sides, no spaces, and lower case (addresses are stored lowered).
func emailAddress(s string) error {
	at := strings.LastIndexByte(s, '@')
	switch {
	case len(s) > 254:
		return errors.New("must be at most 254 characters")
	case at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n") || !strings.Contains(s[at:], "."):
		return errors.New("is not an email address")
	case strings.ToLower(s) != s:
		return errors.New("must be in lower case")
	}
	return nil
}

package ent_test

import (
	"bytes"
	"testing"

	"chanjiao/ent/internship"
)

// TestEnumMarshalGQL: an enum's value is written between quotes, escaped
// as JSON where it needs it (a value read from the database is not
// validated), without an allocation: each internship of a page writes its
// status.
func TestEnumMarshalGQL(t *testing.T) {
	for value, want := range map[internship.Status]string{
		internship.StatusOpen:  `"OPEN"`,
		internship.StatusDraft: `"DRAFT"`,
		"a_1":                  `"a_1"`,
		`a"b\c`:                `"a\"b\\c"`,
		"tab\there":            `"tab\there"`,
		"关闭":                   `"关闭"`,
	} {
		var buf bytes.Buffer
		value.MarshalGQL(&buf)
		if buf.String() != want {
			t.Errorf("%q written as %s, want %s", value, buf.String(), want)
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, 1<<10))
	if n := testing.AllocsPerRun(100, func() {
		buf.Reset()
		internship.StatusOpen.MarshalGQL(buf)
	}); n != 0 {
		t.Errorf("writing OPEN: %v allocations, want none", n)
	}
}

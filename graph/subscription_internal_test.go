package graph

import (
	"testing"

	"chanjiao/ent"
	"chanjiao/internal/notices"
)

// TestSlowSubscriberErrorCarriesTheCursor: the error that ends a slow
// subscription says UNAVAILABLE and gives the cursor to resume from.
func TestSlowSubscriberErrorCarriesTheCursor(t *testing.T) {
	e := subscriptionError(&notices.SlowError{Last: 25769803800, Buffer: 64})
	if e.Extensions["code"] != "UNAVAILABLE" {
		t.Fatalf("code %v", e.Extensions["code"])
	}
	var c ent.Cursor
	if err := c.UnmarshalGQL(e.Extensions["cursor"]); err != nil || c.ID != 25769803800 {
		t.Fatalf("cursor %v decodes to %+v, %v", e.Extensions["cursor"], c, err)
	}
}

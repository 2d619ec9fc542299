package auth

import (
	"strings"
	"testing"
	"time"
)

func TestExpiresAtValue(t *testing.T) {
	at := time.Date(2030, 1, 2, 4, 4, 5, 600_000_000, time.FixedZone("CET", 3600))
	if got := expiresAtValue(at).ValueString(); got != "2030-01-02T03:04:05Z" {
		t.Errorf("expiresAtValue = %q, want RFC 3339 in UTC without fraction", got)
	}
	if !expiresAtValue(time.Time{}).IsNull() {
		t.Error("an unknown expiry must be null")
	}
}

func TestPrivateTokenRoundTrip(t *testing.T) {
	raw, err := encodePrivateToken("eyJ.a.b")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePrivateToken(raw)
	if err != nil || got != "eyJ.a.b" {
		t.Fatalf("decodePrivateToken = %q, %v; want the token back", got, err)
	}
	for raw, want := range map[string]string{
		"":              "no token",
		`{"token":""}`:  "empty",
		`{"token":`:     "unreadable",
		`{"other":"x"}`: "empty",
	} {
		if _, err := decodePrivateToken([]byte(raw)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("decodePrivateToken(%q) = %v, want an error saying %q", raw, err, want)
		}
	}
}

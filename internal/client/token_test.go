package client

import (
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestTokenFreshness(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		lifetime time.Duration
		at       time.Duration
		fresh    bool
	}{
		{"hour, 61 s left", time.Hour, time.Hour - 61*time.Second, true},
		{"hour, 59 s left", time.Hour, time.Hour - 59*time.Second, false},
		{"hour, expired", time.Hour, 2 * time.Hour, false},
		{"5 min, 31 s left", 5 * time.Minute, 5*time.Minute - 31*time.Second, true},
		{"5 min, 29 s left", 5 * time.Minute, 5*time.Minute - 29*time.Second, false},
	}
	for _, tt := range tests {
		tok := &token{obtained: t0, expiry: t0.Add(tt.lifetime)}
		if got := tok.fresh(t0.Add(tt.at)); got != tt.fresh {
			t.Errorf("%s: fresh = %v", tt.name, got)
		}
	}
	if !(&token{}).fresh(t0.Add(1000 * time.Hour)) {
		t.Error("a token without an expiry is renewed only on a 401")
	}
}

func TestTokenFromPairWithASkewedClock(t *testing.T) {
	c := &Client{now: newFakeClock().now}
	past := c.now().Add(-time.Minute)
	if tok := c.tokenFromPair(&api.TokenPair{Token: "a", ExpiresAt: past}); !tok.expiry.IsZero() || !tok.fresh(c.now()) {
		t.Errorf("an expiry already past by our clock is kept: %+v", tok)
	}
	future := c.now().Add(time.Hour)
	if tok := c.tokenFromPair(&api.TokenPair{Token: "a", RefreshToken: "r", ExpiresAt: future}); !tok.expiry.Equal(future) || tok.refresh != "r" {
		t.Errorf("tokenFromPair: %+v", tok)
	}
}

func TestOAuthLifetime(t *testing.T) {
	base := &oauth2.Token{AccessToken: "a"}
	tests := []struct {
		name string
		tok  *oauth2.Token
		min  time.Duration
		max  time.Duration
	}{
		{"number", base.WithExtra(map[string]any{"expires_in": float64(600)}), 600 * time.Second, 600 * time.Second},
		{"string", base.WithExtra(map[string]any{"expires_in": "120"}), 120 * time.Second, 120 * time.Second},
		{"from Expiry", &oauth2.Token{Expiry: time.Now().Add(time.Hour)}, 59 * time.Minute, time.Hour},
		{"none", base.WithExtra(map[string]any{}), 0, 0},
	}
	for _, tt := range tests {
		if got := lifetime(tt.tok); got < tt.min || got > tt.max {
			t.Errorf("%s: lifetime %v, want within [%v, %v]", tt.name, got, tt.min, tt.max)
		}
	}
}

package client

import (
	"errors"
	"testing"
	"time"
)

func TestServerIssueToken(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	for name, cfg := range map[string]Config{
		"login":              {Endpoint: url, Username: "admin", Password: adminPassword},
		"client credentials": {Endpoint: url, ClientID: "ci", ClientSecret: ciSecret},
	} {
		t.Run(name, func(t *testing.T) {
			c := must(New(cfg))(t)
			own := must(c.Me(ctx))(t)
			issued := must(c.IssueToken(ctx))(t)
			if issued.Token == "" || issued.Token == c.auth.cur.Load().access {
				t.Fatalf("IssueToken answered the client's own token or none: %+v", issued)
			}
			if left := time.Until(issued.ExpiresAt); left < 59*time.Minute || left > time.Hour+time.Second {
				t.Errorf("ExpiresAt %v is not an hour from now", issued.ExpiresAt)
			}
			other := must(New(Config{Endpoint: url, Token: issued.Token}))(t)
			if me := must(other.Me(ctx))(t); me.Name != own.Name || me.Kind != own.Kind {
				t.Errorf("the issued token is %+v's, want %+v's", me, own)
			}
			if err := c.Logout(ctx, issued.Token); err != nil {
				t.Fatal(err)
			}
			if _, err := other.Me(ctx); !IsUnauthorized(err) {
				t.Errorf("Me with the revoked issued token: %v, want a 401", err)
			}
			if _, err := c.Me(ctx); err != nil {
				t.Errorf("revoking the issued token broke the client's own: %v", err)
			}
		})
	}
	t.Run("static token", func(t *testing.T) {
		c := must(New(Config{Endpoint: url, Token: "a-token-obtained-elsewhere"}))(t)
		if _, err := c.IssueToken(ctx); !errors.Is(err, ErrStaticToken) {
			t.Errorf("IssueToken with a static token: %v, want ErrStaticToken", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		c := must(New(Config{Endpoint: url, Username: "admin", Password: "not-the-password"}))(t)
		if _, err := c.IssueToken(ctx); !IsUnauthorized(err) {
			t.Errorf("IssueToken with a wrong password: %v, want a 401", err)
		}
	})
}

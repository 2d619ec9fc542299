package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// token is a cached access token.
type token struct {
	access   string
	refresh  string
	obtained time.Time
	expiry   time.Time // zero: unknown, renewed only on a 401
}

// fresh reports whether t can still be used at now: renewal starts when less
// than a minute, or less than a tenth of its lifetime, whichever is shorter,
// remains. (The shorter margin keeps tokens that live seconds usable.)
func (t *token) fresh(now time.Time) bool {
	if t.expiry.IsZero() {
		return true
	}
	margin := min(time.Minute, t.expiry.Sub(t.obtained)/10)
	return t.expiry.Sub(now) > margin
}

// authenticator caches the token of the process and renews it with one
// request for all the callers that need it at the same time.
type authenticator struct {
	c      *Client
	static string
	// fetch obtains a new token; prev is the current one or nil. nil for a
	// static token.
	fetch func(ctx context.Context, prev *token) (*token, error)
	// method names the way to authenticate, for the log.
	method string
	cur    atomic.Pointer[token]
	// sem serialises renewals; a channel rather than a mutex so that a
	// waiting caller can give up with its context.
	sem chan struct{}
}

func newAuthenticator(c *Client, cfg *Config) *authenticator {
	a := &authenticator{c: c, sem: make(chan struct{}, 1)}
	switch {
	case cfg.Token != "":
		a.static = cfg.Token
	case cfg.Username != "":
		a.method = "login"
		a.fetch = loginFetcher(c, cfg.Username, cfg.Password)
	default:
		a.method = "client_credentials"
		a.fetch = clientCredentialsFetcher(c, &clientcredentials.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			TokenURL:     c.endpoint + "/oauth/token",
			Scopes:       cfg.Scopes,
			AuthStyle:    oauth2.AuthStyleInParams,
		})
	}
	return a
}

func (a *authenticator) renewable() bool { return a.fetch != nil }

// token returns the cached token, renewing it first when it is about to expire.
func (a *authenticator) token(ctx context.Context) (string, error) {
	if a.fetch == nil {
		return a.static, nil
	}
	cur := a.cur.Load()
	if cur != nil && cur.fresh(a.c.now()) {
		return cur.access, nil
	}
	seen := ""
	if cur != nil {
		seen = cur.access
	}
	return a.renew(ctx, seen)
}

// renew replaces the token seen (just refused, or about to expire) unless
// another caller has already replaced it, and returns the current token.
func (a *authenticator) renew(ctx context.Context, seen string) (string, error) {
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-a.sem }()
	cur := a.cur.Load()
	if cur != nil && cur.access != seen && cur.fresh(a.c.now()) {
		return cur.access, nil
	}
	a.c.debug(ctx, "adminapi token renewal", map[string]any{"method": a.method})
	t, err := a.fetch(ctx, cur)
	if err != nil {
		return "", fmt.Errorf("authenticating: %w", err)
	}
	a.cur.Store(t)
	return t.access, nil
}

func loginFetcher(c *Client, username, password string) func(context.Context, *token) (*token, error) {
	return func(ctx context.Context, prev *token) (*token, error) {
		if prev != nil && prev.refresh != "" {
			pair, err := c.refresh(ctx, prev.refresh)
			if err == nil {
				return c.tokenFromPair(pair), nil
			}
			if !IsUnauthorized(err) {
				return nil, err
			}
			c.debug(ctx, "adminapi token refresh refused, logging in again", nil)
		}
		pair, err := c.Login(ctx, username, password)
		if err != nil {
			return nil, err
		}
		return c.tokenFromPair(pair), nil
	}
}

// tokenFromPair dates the pair by this machine's clock; an expiry that is
// already past by this clock (a skewed clock) is treated as unknown, so the
// token is renewed on a 401 only.
func (c *Client) tokenFromPair(p *api.TokenPair) *token {
	t := &token{access: p.Token, refresh: p.RefreshToken, obtained: c.now(), expiry: p.ExpiresAt}
	if !t.expiry.After(t.obtained) {
		t.expiry = time.Time{}
	}
	return t
}

func clientCredentialsFetcher(c *Client, cc *clientcredentials.Config) func(context.Context, *token) (*token, error) {
	const method, path = http.MethodPost, "/oauth/token"
	return func(ctx context.Context, _ *token) (*token, error) {
		var got *oauth2.Token
		o, err := c.send(ctx, method, path, outcome{}, func(ctx context.Context) outcome {
			tok, err := cc.Token(context.WithValue(ctx, oauth2.HTTPClient, c.http))
			var re *oauth2.RetrieveError
			switch {
			case err == nil:
				got = tok
				return outcome{status: http.StatusOK}
			case errors.As(err, &re) && re.Response != nil:
				return outcome{status: re.Response.StatusCode, header: re.Response.Header, body: re.Body}
			default:
				return outcome{err: err}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		if err := c.decode(method, path, o, nil); err != nil {
			return nil, err
		}
		now := c.now()
		t := &token{access: got.AccessToken, obtained: now}
		if life := lifetime(got); life > 0 {
			t.expiry = now.Add(life)
		}
		return t, nil
	}
}

// lifetime reads expires_in from the token answer; the library's Expiry is
// dated by the wall clock, which tests replace.
func lifetime(t *oauth2.Token) time.Duration {
	switch v := t.Extra("expires_in").(type) {
	case float64:
		return time.Duration(v) * time.Second
	case string:
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Duration(secs) * time.Second
		}
	}
	if t.Expiry.IsZero() {
		return 0
	}
	return time.Until(t.Expiry)
}

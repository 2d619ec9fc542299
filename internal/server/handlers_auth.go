package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// dummyHash is compared against when the user or client is unknown, so that
// an unknown name takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := hashPassword("not a password of anyone")
	return h
})

// loginFieldMax is the most characters of a login's username and password.
const loginFieldMax = 256

// compareClientSecret checks a client secret against its hash; a variable
// so that tests can count the checks.
var compareClientSecret = bcrypt.CompareHashAndPassword

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.LoginRequest
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	for _, f := range []struct{ field, value string }{{"username", in.Username}, {"password", in.Password}} {
		if f.value == "" {
			p.add(f.field, "is required")
		}
		p.length(f.field, f.value, 1, loginFieldMax)
	}
	if err := p.err(); err != nil {
		return err
	}
	done, retry, ok := s.logins.login(r.Context(), in.Username, remoteIP(r))
	if !ok {
		return tooMany(w, "failed logins", retry)
	}
	failed := true
	defer func() { done(failed) }()
	var hash string
	cred := adminCredentials{username: in.Username}
	err := s.db.QueryRowContext(r.Context(), `SELECT password_hash, uid, credential_version FROM admin_users WHERE username = ?`,
		in.Username).Scan(&hash, &cred.uid, &cred.version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		checkPassword(dummyHash(), in.Password)
		return errBadCredentials
	case err != nil:
		failed = false // the store's failure, not the caller's
		return err
	}
	if !checkPassword(hash, in.Password) {
		return errBadCredentials
	}
	failed = false
	pair, err := s.issuePair(cred, "")
	if err != nil {
		return err
	}
	answerPair(w, pair)
	return nil
}

func answerPair(w http.ResponseWriter, p issuedPair) {
	writeJSON(w, http.StatusOK, api.TokenPair{Token: p.access, RefreshToken: p.refresh, ExpiresAt: p.accessExp.UTC()})
}

// refresh answers a new pair, of the same family, for a refresh token and
// revokes that token and the access token issued with it. A refresh token
// that another refresh has just rotated is a reuse: it revokes the family.
func (s *Server) refresh(w http.ResponseWriter, r *http.Request, c *caller) error {
	family := c.claims.family()
	pair, err := s.issuePair(c.credentials, family)
	if err != nil {
		return err
	}
	var fresh bool
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		var err error
		if fresh, err = revoke(r.Context(), tx, c.claims.ID, c.claims.ExpiresAt.Time); err != nil {
			return err
		}
		if !fresh {
			return revokeFamily(r.Context(), tx, c.claims)
		}
		if err := revokePaired(r.Context(), tx, c.claims); err != nil {
			return err
		}
		return familyLives(r.Context(), tx, family, pair.lastExpiry())
	})
	if err != nil {
		return err
	}
	if !fresh {
		return errReusedRefreshToken
	}
	answerPair(w, pair)
	return nil
}

// logout revokes the presented token, access or refresh, and the other
// token of its pair.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *caller) error {
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := revoke(ctx, tx, c.claims.ID, c.claims.ExpiresAt.Time); err != nil {
			return err
		}
		return revokePaired(ctx, tx, c.claims)
	})
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, c *caller) error {
	writeJSON(w, http.StatusOK, api.Me{Kind: c.kind, Name: c.name, Permissions: c.permissions})
	return nil
}

func oauthFail(w http.ResponseWriter, status int, code, description string) error {
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, status, api.OAuthError{Error: code, ErrorDescription: description})
	return nil
}

// oauthToken is the client_credentials grant of RFC 6749 §4.4; its errors
// follow §5.2.
func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request, _ *caller) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return oauthFail(w, http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return oauthFail(w, http.StatusBadRequest, "invalid_request", "the body is not a valid form")
	}
	for _, k := range []string{"grant_type", "client_id", "client_secret", "scope"} {
		if len(form[k]) > 1 {
			return oauthFail(w, http.StatusBadRequest, "invalid_request", "the parameter "+k+" is repeated")
		}
	}
	for k, most := range map[string]int{"client_id": api.OAuthClientIDMax, "client_secret": api.OAuthClientSecretMax, "scope": api.OAuthScopeMax} {
		if len(form.Get(k)) > most {
			return oauthFail(w, http.StatusBadRequest, "invalid_request", fmt.Sprintf("the parameter %s is longer than %d bytes", k, most))
		}
	}
	switch form.Get("grant_type") {
	case "":
		return oauthFail(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
	case "client_credentials":
	default:
		return oauthFail(w, http.StatusBadRequest, "unsupported_grant_type", "only client_credentials is supported")
	}
	id, secret, basic := r.BasicAuth()
	if basic {
		if form.Has("client_id") || form.Has("client_secret") {
			return oauthFail(w, http.StatusBadRequest, "invalid_request", "use HTTP Basic or the form for client authentication, not both")
		}
		// RFC 6749 §2.3.1: both are form-encoded before Basic encoding.
		if v, err := url.QueryUnescape(id); err == nil {
			id = v
		}
		if v, err := url.QueryUnescape(secret); err == nil {
			secret = v
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" {
		return oauthFail(w, http.StatusUnauthorized, "invalid_client", "client authentication is required")
	}
	client, ok := s.clients[id]
	// Failed client authentications are limited like failed logins, before
	// any hash is compared.
	done, retry, allowed := s.logins.client(r.Context(), id, ok, remoteIP(r))
	if !allowed {
		w.Header().Set("Retry-After", retry)
		return oauthFail(w, http.StatusTooManyRequests, "slow_down",
			"too many failed client authentications; retry after "+retry+" s")
	}
	hash := []byte(client.SecretHash)
	if !ok {
		hash = []byte(dummyHash())
	}
	if compareClientSecret(hash, []byte(secret)) != nil || !ok {
		done(true)
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="adminapi"`)
		}
		return oauthFail(w, http.StatusUnauthorized, "invalid_client", "the client id or secret is wrong")
	}
	done(false)
	setLogCaller(r, callerKey(kindClient, id))
	tok, exp, err := s.issueClientToken(id)
	if err != nil {
		return err
	}
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, api.OAuthToken{
		AccessToken: tok, TokenType: "Bearer",
		ExpiresIn: int64(time.Until(exp).Round(time.Second) / time.Second),
		Scope:     form.Get("scope"),
	})
	return nil
}

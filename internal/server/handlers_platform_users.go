package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// newPlatformUser is a checked CreatePlatformUser with its defaults filled in.
type newPlatformUser struct {
	username, email, name, language, status, referer, invitationToken string
	password, externalID                                              *string
	ldap                                                              bool
	tags                                                              []string
	metadata                                                          map[string]string
}

func checkPlatformUsername(p problems, username string) {
	if !api.PlatformUsernamePattern.MatchString(username) {
		p.add("username", "must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit")
	}
}

func checkLanguage(p problems, language *string) string {
	if language == nil || *language == "" {
		return api.DefaultLanguage
	}
	p.length("language", *language, 0, api.LanguageMax)
	return *language
}

// checkExternalID answers nil for an absent or empty id.
func checkExternalID(p problems, id *string) *string {
	if id == nil || *id == "" {
		return nil
	}
	p.length("external_id", *id, 1, api.ExternalIDMax)
	return id
}

func checkPlatformPassword(p problems, password string) {
	p.length("password", password, api.PlatformPasswordMin, api.PlatformPasswordMax)
}

// checkCreatePlatformUser applies every rule to in and reports all it breaks.
func checkCreatePlatformUser(in api.CreatePlatformUser) (newPlatformUser, problems) {
	p := problems{}
	u := newPlatformUser{username: in.Username, email: in.Email, password: in.Password, status: api.StatusEnabled}
	checkPlatformUsername(p, in.Username)
	p.email("email", in.Email)
	u.ldap = in.LDAP != nil && *in.LDAP
	switch {
	case u.ldap && in.Password != nil:
		p.add("password", "must not be given for an LDAP user")
	case !u.ldap && in.Password == nil:
		p.add("password", "is required unless ldap is true")
	case !u.ldap:
		checkPlatformPassword(p, *in.Password)
	}
	if in.Name != nil {
		p.length("name", *in.Name, 0, api.NameMax)
		u.name = *in.Name
	}
	u.language = checkLanguage(p, in.Language)
	u.tags = p.tags("tags", in.Tags)
	u.metadata = p.metadata("metadata", in.Metadata)
	u.externalID = checkExternalID(p, in.ExternalID)
	if in.Referer != nil {
		u.referer = *in.Referer
	}
	if in.InvitationToken != nil {
		u.invitationToken = *in.InvitationToken
	}
	if in.Status != nil {
		p.oneOf("status", *in.Status, api.StatusEnabled, api.StatusDisabled)
		u.status = *in.Status
	}
	return u, p
}

func (s *Server) listPlatformUsers(w http.ResponseWriter, r *http.Request, _ *caller) error {
	p := problems{}
	q, meta := listQuery(r, p)
	f := api.PlatformUserFilter{
		Email: q.Get("email"), Name: q.Get("name"), Status: q.Get("status"),
		Tag: q.Get("tag"), Role: q.Get("role"), ExternalID: q.Get("external_id"),
	}
	if f.Status != "" {
		p.oneOf("status", f.Status, api.StatusEnabled, api.StatusDisabled)
	}
	if err := p.err(); err != nil {
		return err
	}
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.PlatformUserList, error) {
		users, err := listPlatformUsers(ctx, tx, f, &meta)
		return api.PlatformUserList{ListMeta: meta, Users: users}, err
	})
}

func (s *Server) getPlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return s.answerPlatformUser(w, r, func(context.Context, *sql.Tx) error { return nil })
}

// answerPlatformUser runs change in a transaction and answers the user of
// the path as it is after it.
func (s *Server) answerPlatformUser(w http.ResponseWriter, r *http.Request, change func(context.Context, *sql.Tx) error) error {
	username := r.PathValue("username")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.PlatformUser, error) {
		if u, err := getPlatformUser(ctx, tx, username); err != nil {
			return u, err
		}
		if err := change(ctx, tx); err != nil {
			return api.PlatformUser{}, err
		}
		return getPlatformUser(ctx, tx, username)
	})
}

func (s *Server) createPlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.CreatePlatformUser
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	nu, p := checkCreatePlatformUser(in)
	if err := p.err(); err != nil {
		return err
	}
	var hash sql.NullString
	if nu.password != nil {
		h, err := hashPassword(*nu.password)
		if err != nil {
			return err
		}
		hash = sql.NullString{String: h, Valid: true}
	}
	u, err := inTxValue(r.Context(), s.db, func(ctx context.Context, tx *sql.Tx) (api.PlatformUser, error) {
		var none api.PlatformUser
		taken, err := takenBy(ctx, tx, nu.username, nu.email, nu.externalID)
		if err != nil {
			return none, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM platform_users WHERE username = ?`, nu.username).Scan(&n); err != nil {
			return none, err
		}
		if n > 0 {
			taken.add("username", "is taken")
		}
		if len(taken) > 0 {
			return none, errExists("a platform user already holds this username, e-mail or external id", taken)
		}
		server, err := coreServerURL(ctx, tx)
		if err != nil {
			return none, err
		}
		now := time.Now().UTC()
		_, err = tx.ExecContext(ctx, `INSERT INTO platform_users (username, email, password_hash, ldap, name, language,
			tags, metadata, status, external_id, invitation_token, referer, registered_timestamp, registered_date,
			server, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nu.username, nu.email, hash, nu.ldap, nu.name, nu.language, mustJSON(nu.tags), mustJSON(nu.metadata),
			nu.status, nu.externalID, nu.invitationToken, nu.referer, now.Unix(), now.Format(time.RFC1123),
			server, now.UnixMilli(), now.UnixMilli())
		if isUniqueViolation(err) {
			return none, errExists("a platform user already holds this username, e-mail or external id", nil)
		}
		if err != nil {
			return none, err
		}
		return getPlatformUser(ctx, tx, nu.username)
	})
	if err != nil {
		return err
	}
	created(w, "/platform-users/"+u.Username, u)
	return nil
}

func (s *Server) updatePlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.UpdatePlatformUser
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	var sets []string
	var args []any
	set := func(column string, v any) {
		sets = append(sets, column+" = ?")
		args = append(args, v)
	}
	if in.Email != nil {
		p.email("email", *in.Email)
		set("email", *in.Email)
	}
	if in.Name != nil {
		p.length("name", *in.Name, 0, api.NameMax)
		set("name", *in.Name)
	}
	if in.Language != nil {
		set("language", checkLanguage(p, in.Language))
	}
	if in.Tags != nil {
		set("tags", mustJSON(p.tags("tags", *in.Tags)))
	}
	if in.Metadata != nil {
		set("metadata", mustJSON(p.metadata("metadata", *in.Metadata)))
	}
	var externalID *string
	if in.ExternalID != nil {
		externalID = checkExternalID(p, in.ExternalID)
		set("external_id", externalID)
	}
	if err := p.err(); err != nil {
		return err
	}
	username := r.PathValue("username")
	return s.answerPlatformUser(w, r, func(ctx context.Context, tx *sql.Tx) error {
		if len(sets) == 0 {
			return nil
		}
		email := ""
		if in.Email != nil {
			email = *in.Email
		}
		taken, err := takenBy(ctx, tx, username, email, externalID)
		if err != nil {
			return err
		}
		if len(taken) > 0 {
			return errExists("another platform user already holds this e-mail or external id", taken)
		}
		set("updated_ms", time.Now().UnixMilli())
		_, err = tx.ExecContext(ctx, fmt.Sprintf(`UPDATE platform_users SET %s WHERE username = ?`, strings.Join(sets, ", ")),
			append(args, username)...)
		if isUniqueViolation(err) {
			return errExists("another platform user already holds this e-mail or external id", nil)
		}
		return err
	})
}

func (s *Server) setPlatformPassword(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.SetPassword
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	checkPlatformPassword(p, in.Password)
	if err := p.err(); err != nil {
		return err
	}
	username := r.PathValue("username")
	if err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		u, err := getPlatformUser(r.Context(), tx, username)
		if err == nil && u.LDAP {
			return errConflict("an LDAP user has no password here: it authenticates elsewhere")
		}
		return err
	}); err != nil {
		return err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return err
	}
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		return execExisting(ctx, tx, errUnknown("the platform user "+username), `UPDATE platform_users SET password_hash = ?,
			updated_ms = ? WHERE username = ? AND ldap = 0`, hash, time.Now().UnixMilli(), username)
	})
}

func (s *Server) setPlatformUserStatus(w http.ResponseWriter, r *http.Request, status string) error {
	return s.answerPlatformUser(w, r, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE platform_users SET status = ?, updated_ms = ? WHERE username = ? AND status <> ?`,
			status, time.Now().UnixMilli(), r.PathValue("username"), status)
		return err
	})
}

func (s *Server) enablePlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return s.setPlatformUserStatus(w, r, api.StatusEnabled)
}

func (s *Server) disablePlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return s.setPlatformUserStatus(w, r, api.StatusDisabled)
}

// deletePlatformUser removes the user, its role assignments and account
// memberships (by cascade), when the settings allow it.
func (s *Server) deletePlatformUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	username := r.PathValue("username")
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := getPlatformUser(ctx, tx, username); err != nil {
			return err
		}
		allowed, err := accountDeletionAllowed(ctx, tx)
		if err != nil {
			return err
		}
		if !allowed {
			return &apiError{http.StatusForbidden, api.ErrDeletionDisabled,
				"deleting platform users is disabled: the setting API_SETTINGS.ACCOUNT_DELETION must hold adminToken", nil}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM platform_users WHERE username = ?`, username)
		return err
	})
}

package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const resetPasswordLength = 16

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// insertAdminUser stores a new admin user under a new uid, so that no token
// of an earlier user of the same name is valid for it.
func insertAdminUser(ctx context.Context, tx *sql.Tx, username, hash string, perms api.Permissions, now time.Time) error {
	raw, err := json.Marshal(perms)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO admin_users (username, uid, password_hash, permissions, created_ms, updated_ms)
		VALUES (?, ?, ?, ?, ?, ?)`, username, uuid.NewString(), hash, string(raw), now.UnixMilli(), now.UnixMilli())
	return err
}

const adminUserColumns = `username, permissions, created_ms, updated_ms`

func scanAdminUser(row rowScanner) (api.AdminUser, error) {
	var u api.AdminUser
	var perms string
	var created, updated int64
	if err := row.Scan(&u.Username, &perms, &created, &updated); err != nil {
		return u, err
	}
	p, err := decodePermissions(perms)
	u.Permissions, u.CreatedAt, u.UpdatedAt = p, msTime(created), msTime(updated)
	return u, err
}

func getAdminUser(ctx context.Context, tx *sql.Tx, username string) (api.AdminUser, error) {
	u, err := scanAdminUser(tx.QueryRowContext(ctx, `SELECT `+adminUserColumns+` FROM admin_users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errUnknown("the admin user " + username)
	}
	return u, err
}

// checkCovers answers 404 when the admin user does not exist and 403 when
// it holds a permission the caller lacks: no caller may take over, by its
// password, or remove an admin user that holds more than itself.
func checkCovers(ctx context.Context, tx *sql.Tx, c *caller, username string) error {
	target, err := getAdminUser(ctx, tx, username)
	if err != nil {
		return err
	}
	if missing := missingFrom(c.permissions, target.Permissions); len(missing) > 0 {
		return errOutranked(username, missing)
	}
	return nil
}

func (s *Server) listAdminUsers(w http.ResponseWriter, r *http.Request, _ *caller) error {
	meta, err := paging(r)
	if err != nil {
		return err
	}
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AdminUserList, error) {
		users, err := queryPage(ctx, tx, `SELECT count(*) FROM admin_users`,
			`SELECT `+adminUserColumns+` FROM admin_users ORDER BY username`, nil, &meta, scanAdminUser)
		return api.AdminUserList{ListMeta: meta, Users: users}, err
	})
}

func (s *Server) getAdminUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AdminUser, error) {
		return getAdminUser(ctx, tx, r.PathValue("username"))
	})
}

func checkAdminUsername(p problems, username string) {
	if !api.AdminUsernamePattern.MatchString(username) {
		p.add("username", "must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit")
	}
}

func (s *Server) createAdminUser(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in api.CreateAdminUser
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	checkAdminUsername(p, in.Username)
	p.length("password", in.Password, api.AdminPasswordMin, api.AdminPasswordMax)
	perms := p.permissions(in.Permissions)
	if err := p.err(); err != nil {
		return err
	}
	if err := checkGrant(c.permissions, api.Permissions{}, perms); err != nil {
		return err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return err
	}
	u, err := inTxValue(r.Context(), s.db, func(ctx context.Context, tx *sql.Tx) (api.AdminUser, error) {
		err := insertAdminUser(ctx, tx, in.Username, hash, perms, time.Now())
		if isUniqueViolation(err) {
			return api.AdminUser{}, errExists("the admin user "+in.Username+" already exists", map[string]string{"username": "is taken"})
		}
		if err != nil {
			return api.AdminUser{}, err
		}
		return getAdminUser(ctx, tx, in.Username)
	})
	if err != nil {
		return err
	}
	created(w, "/users/"+u.Username, u)
	return nil
}

func (s *Server) setAdminPermissions(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in api.UpdatePermissions
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	perms := p.permissions(in.Permissions)
	if err := p.err(); err != nil {
		return err
	}
	username := r.PathValue("username")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AdminUser, error) {
		target, err := getAdminUser(ctx, tx, username)
		if err != nil {
			return target, err
		}
		// The caller must hold every permission the target has now, not
		// only those that change: else it could strip a stronger admin
		// user. Then every permission it gives is one it holds.
		if missing := missingFrom(c.permissions, target.Permissions); len(missing) > 0 {
			return target, errOutranked(username, missing)
		}
		if err := checkGrant(c.permissions, target.Permissions, perms); err != nil {
			return target, err
		}
		raw, err := json.Marshal(perms)
		if err != nil {
			return target, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE admin_users SET permissions = ?, updated_ms = ? WHERE username = ?`,
			string(raw), time.Now().UnixMilli(), username); err != nil {
			return target, err
		}
		return getAdminUser(ctx, tx, username)
	})
}

// resetAdminPassword sets the given password, or a random one when the
// request has no body or no password, and so revokes every token of the user
// (the caller's own too when it resets itself).
func (s *Server) resetAdminPassword(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in api.ResetPassword
	if err := decodeOptionalJSONBody(w, r, &in); err != nil {
		return err
	}
	password := randomString(resetPasswordLength)
	if in.Password != nil {
		p := problems{}
		p.length("password", *in.Password, api.AdminPasswordMin, api.AdminPasswordMax)
		if err := p.err(); err != nil {
			return err
		}
		password = *in.Password
	}
	username := r.PathValue("username")
	// Answer 404 or 403 before paying for a hash.
	if err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		return checkCovers(r.Context(), tx, c, username)
	}); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		// Again: the user's permissions may have grown meanwhile.
		if err := checkCovers(r.Context(), tx, c, username); err != nil {
			return err
		}
		return execExisting(r.Context(), tx, errUnknown("the admin user "+username), `UPDATE admin_users SET password_hash = ?,
			credential_version = credential_version + 1, updated_ms = ? WHERE username = ?`,
			hash, time.Now().UnixMilli(), username)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.ResetPasswordResult{Username: username, Password: password})
	return nil
}

func (s *Server) deleteAdminUser(w http.ResponseWriter, r *http.Request, c *caller) error {
	username := r.PathValue("username")
	if c.kind == kindAdmin && c.name == username {
		return errConflict("an admin user cannot delete itself")
	}
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		if err := checkCovers(ctx, tx, c, username); err != nil {
			return err
		}
		return execExisting(ctx, tx, errUnknown("the admin user "+username), `DELETE FROM admin_users WHERE username = ?`, username)
	})
}

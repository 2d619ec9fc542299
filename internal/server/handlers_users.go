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

func scanAdminUser(row interface{ Scan(...any) error }) (api.AdminUser, error) {
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

func (s *Server) listAdminUsers(w http.ResponseWriter, r *http.Request, _ *caller) error {
	meta, err := paging(r)
	if err != nil {
		return err
	}
	out := api.AdminUserList{Users: []api.AdminUser{}}
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(r.Context(), `SELECT count(*) FROM admin_users`).Scan(&meta.Total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(r.Context(), `SELECT `+adminUserColumns+` FROM admin_users ORDER BY username LIMIT ? OFFSET ?`,
			meta.Limit, meta.Offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanAdminUser(rows)
			if err != nil {
				return err
			}
			out.Users = append(out.Users, u)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	out.ListMeta = meta
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getAdminUser(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var u api.AdminUser
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		var err error
		u, err = getAdminUser(r.Context(), tx, r.PathValue("username"))
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
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
	var u api.AdminUser
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		err := insertAdminUser(r.Context(), tx, in.Username, hash, perms, time.Now())
		if isUniqueViolation(err) {
			return errExists("the admin user "+in.Username+" already exists", map[string]string{"username": "is taken"})
		}
		if err != nil {
			return err
		}
		u, err = getAdminUser(r.Context(), tx, in.Username)
		return err
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
	var u api.AdminUser
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		target, err := getAdminUser(r.Context(), tx, username)
		if err != nil {
			return err
		}
		if err := checkGrant(c.permissions, target.Permissions, perms); err != nil {
			return err
		}
		raw, err := json.Marshal(perms)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(r.Context(), `UPDATE admin_users SET permissions = ?, updated_ms = ? WHERE username = ?`,
			string(raw), time.Now().UnixMilli(), username); err != nil {
			return err
		}
		u, err = getAdminUser(r.Context(), tx, username)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

// resetAdminPassword sets the given password, or a random one when the
// request has no body or no password, and so revokes every token of the user
// (the caller's own too when it resets itself).
func (s *Server) resetAdminPassword(w http.ResponseWriter, r *http.Request, _ *caller) error {
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
	// Answer 404 before paying for a hash.
	if err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		_, err := getAdminUser(r.Context(), tx, username)
		return err
	}); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `UPDATE admin_users SET password_hash = ?,
			credential_version = credential_version + 1, updated_ms = ? WHERE username = ?`,
			hash, time.Now().UnixMilli(), username)
		if err != nil {
			return err
		}
		return mustAffect(res, errUnknown("the admin user "+username))
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
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `DELETE FROM admin_users WHERE username = ?`, username)
		if err != nil {
			return err
		}
		return mustAffect(res, errUnknown("the admin user "+username))
	})
	if err != nil {
		return err
	}
	noContent(w)
	return nil
}

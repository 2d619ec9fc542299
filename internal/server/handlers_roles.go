package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func scanRole(row rowScanner) (api.Role, error) {
	var role api.Role
	var created int64
	err := row.Scan(&role.Name, &role.Description, &created)
	role.CreatedAt = msTime(created)
	return role, err
}

func getRole(ctx context.Context, tx *sql.Tx, name string) (api.Role, error) {
	role, err := scanRole(tx.QueryRowContext(ctx, `SELECT name, description, created_ms FROM roles WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return role, errUnknown("the role " + name)
	}
	return role, err
}

func checkRoleDescription(p problems, description string) {
	if runes(description) > api.RoleDescriptionMax {
		p.add("description", fmt.Sprintf("must be at most %d characters", api.RoleDescriptionMax))
	}
}

func (s *Server) listRoles(w http.ResponseWriter, r *http.Request, _ *caller) error {
	meta, err := paging(r)
	if err != nil {
		return err
	}
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.RoleList, error) {
		roles, err := queryPage(ctx, tx, `SELECT count(*) FROM roles`,
			`SELECT name, description, created_ms FROM roles ORDER BY name`, nil, &meta, scanRole)
		return api.RoleList{ListMeta: meta, Roles: roles}, err
	})
}

func (s *Server) getRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.Role, error) {
		return getRole(ctx, tx, r.PathValue("name"))
	})
}

func (s *Server) createRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.CreateRole
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	if !api.RoleNamePattern.MatchString(in.Name) {
		p.add("name", "must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit")
	}
	description := ""
	if in.Description != nil {
		description = *in.Description
		checkRoleDescription(p, description)
	}
	if err := p.err(); err != nil {
		return err
	}
	role, err := inTxValue(r.Context(), s.db, func(ctx context.Context, tx *sql.Tx) (api.Role, error) {
		_, err := tx.ExecContext(ctx, `INSERT INTO roles (name, description, created_ms) VALUES (?, ?, ?)`,
			in.Name, description, time.Now().UnixMilli())
		if isUniqueViolation(err) {
			return api.Role{}, errExists("the role "+in.Name+" already exists", map[string]string{"name": "is taken"})
		}
		if err != nil {
			return api.Role{}, err
		}
		return getRole(ctx, tx, in.Name)
	})
	if err != nil {
		return err
	}
	created(w, "/roles/"+role.Name, role)
	return nil
}

func (s *Server) updateRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.UpdateRole
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	checkRoleDescription(p, in.Description)
	if err := p.err(); err != nil {
		return err
	}
	name := r.PathValue("name")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.Role, error) {
		err := execExisting(ctx, tx, errUnknown("the role "+name), `UPDATE roles SET description = ? WHERE name = ?`, in.Description, name)
		if err != nil {
			return api.Role{}, err
		}
		return getRole(ctx, tx, name)
	})
}

func (s *Server) deleteRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	name := r.PathValue("name")
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := getRole(ctx, tx, name); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM role_assignments WHERE role = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errConflict(fmt.Sprintf("the role %s is assigned to %d platform user(s)", name, n))
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM roles WHERE name = ?`, name)
		return err
	})
}

func (s *Server) assignRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	username, name := r.PathValue("username"), r.PathValue("role")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		ctx := r.Context()
		if _, err := getPlatformUser(ctx, tx, username); err != nil {
			return err
		}
		if _, err := getRole(ctx, tx, name); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO role_assignments (username, role) VALUES (?, ?)`, username, name)
		if isUniqueViolation(err) {
			return errExists("the role "+name+" is already assigned to "+username, nil)
		}
		return err
	})
	if err != nil {
		return err
	}
	created(w, "/platform-users/"+username+"/roles/"+name, api.RoleAssignment{Username: username, Role: name})
	return nil
}

// getRoleAssignment answers the assignment of the path, the Location of
// assignRole; 404 when the role is not assigned to the user.
func (s *Server) getRoleAssignment(w http.ResponseWriter, r *http.Request, _ *caller) error {
	username, name := r.PathValue("username"), r.PathValue("role")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.RoleAssignment, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM role_assignments WHERE username = ? AND role = ?`, username, name).Scan(&n)
		if err == nil && n == 0 {
			err = errUnknown("the assignment of role " + name + " to " + username)
		}
		return api.RoleAssignment{Username: username, Role: name}, err
	})
}

func (s *Server) unassignRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	username, name := r.PathValue("username"), r.PathValue("role")
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		return execExisting(ctx, tx, errUnknown("the assignment of role "+name+" to "+username),
			`DELETE FROM role_assignments WHERE username = ? AND role = ?`, username, name)
	})
}

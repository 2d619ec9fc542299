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

func scanRole(row interface{ Scan(...any) error }) (api.Role, error) {
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
	out := api.RoleList{Roles: []api.Role{}}
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(r.Context(), `SELECT count(*) FROM roles`).Scan(&meta.Total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(r.Context(), `SELECT name, description, created_ms FROM roles ORDER BY name LIMIT ? OFFSET ?`,
			meta.Limit, meta.Offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			role, err := scanRole(rows)
			if err != nil {
				return err
			}
			out.Roles = append(out.Roles, role)
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

func (s *Server) getRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var role api.Role
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		var err error
		role, err = getRole(r.Context(), tx, r.PathValue("name"))
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, role)
	return nil
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
	var role api.Role
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(r.Context(), `INSERT INTO roles (name, description, created_ms) VALUES (?, ?, ?)`,
			in.Name, description, time.Now().UnixMilli())
		if isUniqueViolation(err) {
			return errExists("the role "+in.Name+" already exists", map[string]string{"name": "is taken"})
		}
		if err != nil {
			return err
		}
		role, err = getRole(r.Context(), tx, in.Name)
		return err
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
	var role api.Role
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `UPDATE roles SET description = ? WHERE name = ?`, in.Description, name)
		if err != nil {
			return err
		}
		if err := mustAffect(res, errUnknown("the role "+name)); err != nil {
			return err
		}
		role, err = getRole(r.Context(), tx, name)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, role)
	return nil
}

func (s *Server) deleteRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	name := r.PathValue("name")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if _, err := getRole(r.Context(), tx, name); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(r.Context(), `SELECT count(*) FROM role_assignments WHERE role = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errConflict(fmt.Sprintf("the role %s is assigned to %d platform user(s)", name, n))
		}
		_, err := tx.ExecContext(r.Context(), `DELETE FROM roles WHERE name = ?`, name)
		return err
	})
	if err != nil {
		return err
	}
	noContent(w)
	return nil
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

func (s *Server) unassignRole(w http.ResponseWriter, r *http.Request, _ *caller) error {
	username, name := r.PathValue("username"), r.PathValue("role")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `DELETE FROM role_assignments WHERE username = ? AND role = ?`, username, name)
		if err != nil {
			return err
		}
		return mustAffect(res, errUnknown("the assignment of role "+name+" to "+username))
	})
	if err != nil {
		return err
	}
	noContent(w)
	return nil
}

package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// errPreconditionFailed is the 412 of a conditional request whose
// condition does not hold.
func errPreconditionFailed(message string) *apiError {
	return &apiError{http.StatusPreconditionFailed, api.ErrPreconditionFailed, message, nil}
}

func getMember(ctx context.Context, tx *sql.Tx, accountID, username string) (api.AccountMember, error) {
	m := api.AccountMember{Username: username}
	err := tx.QueryRowContext(ctx, `SELECT role FROM account_members WHERE account_id = ? AND username = ?`,
		accountID, username).Scan(&m.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return m, errUnknown("the member " + username + " of account " + accountID)
	}
	return m, err
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, _ *caller) error {
	meta, err := paging(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AccountMemberList, error) {
		if _, err := getAccount(ctx, tx, id); err != nil {
			return api.AccountMemberList{}, err
		}
		members, err := queryPage(ctx, tx, `SELECT count(*) FROM account_members WHERE account_id = ?`,
			`SELECT username, role FROM account_members WHERE account_id = ? ORDER BY username`, []any{id}, &meta,
			func(row rowScanner) (api.AccountMember, error) {
				var m api.AccountMember
				return m, row.Scan(&m.Username, &m.Role)
			})
		return api.AccountMemberList{ListMeta: meta, Users: members}, err
	})
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AccountMember, error) {
		if _, err := getAccount(ctx, tx, r.PathValue("id")); err != nil {
			return api.AccountMember{}, err
		}
		return getMember(ctx, tx, r.PathValue("id"), r.PathValue("username"))
	})
}

// ifNoneMatch is the header that makes a PUT of a member only add it.
const ifNoneMatch = "If-None-Match"

// setMember adds a platform user to the account or promotes it; an admin is
// never demoted. With If-None-Match: * it only adds (RFC 9110 §13.1.2): 412
// when the user is already a member, whatever its role.
func (s *Server) setMember(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.SetMemberRole
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	p := problems{}
	p.oneOf("role", in.Role, api.MemberRoleUser, api.MemberRoleAdmin)
	onlyAdd := false
	if v, ok := r.Header[ifNoneMatch]; ok {
		// The server keeps no entity tags: only * has a meaning.
		if onlyAdd = len(v) == 1 && strings.TrimSpace(v[0]) == "*"; !onlyAdd {
			p.add(ifNoneMatch, "must be * (the only form this API supports)")
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	id, username := r.PathValue("id"), r.PathValue("username")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		ctx := r.Context()
		if _, err := getAccount(ctx, tx, id); err != nil {
			return err
		}
		if _, err := getPlatformUser(ctx, tx, username); err != nil {
			return err
		}
		if onlyAdd {
			return addMember(ctx, tx, id, username, in.Role)
		}
		current, err := getMember(ctx, tx, id, username)
		var ae *apiError
		switch {
		case errors.As(err, &ae):
		case err != nil:
			return err
		case current.Role == api.MemberRoleAdmin && in.Role == api.MemberRoleUser:
			return errConflict("admin privileges cannot be revoked")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO account_members (account_id, username, role) VALUES (?, ?, ?)
			ON CONFLICT (account_id, username) DO UPDATE SET role = excluded.role`, id, username, in.Role)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.AccountMember{Username: username, Role: in.Role})
	return nil
}

// addMember inserts a member, or answers 412 when the user is already one:
// the insert itself decides, so that of concurrent adds exactly one wins.
func addMember(ctx context.Context, tx *sql.Tx, accountID, username, role string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO account_members (account_id, username, role) VALUES (?, ?, ?)
		ON CONFLICT (account_id, username) DO NOTHING`, accountID, username, role)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	current, err := getMember(ctx, tx, accountID, username)
	if err != nil {
		return err
	}
	return errPreconditionFailed(fmt.Sprintf("the platform user %s is already a member of account %s, with role %q",
		username, accountID, current.Role))
}

// deleteMember refuses to remove the last admin while other members remain.
func (s *Server) deleteMember(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, username := r.PathValue("id"), r.PathValue("username")
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := getAccount(ctx, tx, id); err != nil {
			return err
		}
		m, err := getMember(ctx, tx, id, username)
		if err != nil {
			return err
		}
		if m.Role == api.MemberRoleAdmin {
			var admins, others int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE role = 'admin'), count(*) FILTER (WHERE role <> 'admin')
				FROM account_members WHERE account_id = ?`, id).Scan(&admins, &others); err != nil {
				return err
			}
			if admins == 1 && others > 0 {
				return errConflict("the account's last admin cannot be removed while other members remain")
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM account_members WHERE account_id = ? AND username = ?`, id, username)
		return err
	})
}

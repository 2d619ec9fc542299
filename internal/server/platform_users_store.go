package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// platformUserSelect reads a platform user with its roles as a JSON array.
const platformUserSelect = `SELECT pu.username, pu.email, pu.name, pu.language, pu.tags, pu.metadata, pu.status,
	(SELECT json_group_array(ra.role) FROM role_assignments ra WHERE ra.username = pu.username),
	pu.external_id, pu.ldap, pu.invitation_token, pu.referer, pu.registered_timestamp, pu.registered_date,
	pu.server, pu.created_ms, pu.updated_ms
	FROM platform_users pu`

func scanPlatformUser(row rowScanner) (api.PlatformUser, error) {
	var u api.PlatformUser
	var tags, metadata, roles string
	var externalID sql.NullString
	var created, updated int64
	err := row.Scan(&u.Username, &u.Email, &u.Name, &u.Language, &tags, &metadata, &u.Status, &roles,
		&externalID, &u.LDAP, &u.InvitationToken, &u.Referer, &u.RegisteredTimestamp, &u.RegisteredDate,
		&u.Server, &created, &updated)
	if err != nil {
		return u, err
	}
	u.Tags, u.Metadata, u.Roles = []string{}, map[string]string{}, []string{}
	if err := errors.Join(json.Unmarshal([]byte(tags), &u.Tags), json.Unmarshal([]byte(metadata), &u.Metadata),
		json.Unmarshal([]byte(roles), &u.Roles)); err != nil {
		return u, err
	}
	sort.Strings(u.Roles)
	if externalID.Valid {
		u.ExternalID = &externalID.String
	}
	u.CreatedAt, u.UpdatedAt = msTime(created), msTime(updated)
	return u, nil
}

func getPlatformUser(ctx context.Context, tx *sql.Tx, username string) (api.PlatformUser, error) {
	u, err := scanPlatformUser(tx.QueryRowContext(ctx, platformUserSelect+` WHERE pu.username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errUnknown("the platform user " + username)
	}
	return u, err
}

func listPlatformUsers(ctx context.Context, tx *sql.Tx, f api.PlatformUserFilter, meta *api.ListMeta) ([]api.PlatformUser, error) {
	var where []string
	var args []any
	for _, c := range []struct {
		value, clause string
	}{
		{f.Email, `pu.email = ?`},
		{f.Name, `pu.name = ?`},
		{f.Status, `pu.status = ?`},
		{f.Tag, `EXISTS (SELECT 1 FROM json_each(pu.tags) t WHERE t.value = ?)`},
		{f.Role, `EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.username = pu.username AND ra.role = ?)`},
		{f.ExternalID, `pu.external_id = ?`},
	} {
		if c.value != "" {
			where = append(where, c.clause)
			args = append(args, c.value)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return queryPage(ctx, tx, `SELECT count(*) FROM platform_users pu`+cond, platformUserSelect+cond+` ORDER BY pu.username`,
		args, meta, scanPlatformUser)
}

// takenBy reports the unique fields (email, external_id) that a platform
// user other than username already holds.
func takenBy(ctx context.Context, tx *sql.Tx, username, email string, externalID *string) (problems, error) {
	taken := problems{}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM platform_users WHERE email = ? AND username <> ?`,
		email, username).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		taken.add("email", "is taken")
	}
	if externalID != nil {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM platform_users WHERE external_id = ? AND username <> ?`,
			*externalID, username).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			taken.add("external_id", "is taken")
		}
	}
	return taken, nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

package server

import (
	"context"
	"database/sql"
	"net/http"
	"slices"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// queryPage sets meta.Total to the count that count answers and reads the
// page of query (ordered, without LIMIT) that meta asks for; args serve both.
func queryPage[T any](ctx context.Context, tx *sql.Tx, count, query string, args []any, meta *api.ListMeta,
	scan func(rowScanner) (T, error)) ([]T, error) {
	if err := tx.QueryRowContext(ctx, count, args...).Scan(&meta.Total); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, query+` LIMIT ? OFFSET ?`, slices.Concat(args, []any{meta.Limit, meta.Offset})...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// execExisting runs a statement that must change a row and answers notFound
// when it changes none.
func execExisting(ctx context.Context, tx *sql.Tx, notFound error, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return mustAffect(res, notFound)
}

// inTxValue is inTx for a fn that answers a value.
func inTxValue[T any](ctx context.Context, db *sql.DB, fn func(context.Context, *sql.Tx) (T, error)) (T, error) {
	var out T
	err := inTx(ctx, db, func(tx *sql.Tx) error {
		var err error
		out, err = fn(ctx, tx)
		return err
	})
	return out, err
}

// answerInTx runs fn in one transaction and answers 200 with its result.
func answerInTx[T any](w http.ResponseWriter, r *http.Request, db *sql.DB, fn func(context.Context, *sql.Tx) (T, error)) error {
	out, err := inTxValue(r.Context(), db, fn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// noContentInTx runs fn in one transaction and answers 204.
func noContentInTx(w http.ResponseWriter, r *http.Request, db *sql.DB, fn func(context.Context, *sql.Tx) error) error {
	if err := inTx(r.Context(), db, func(tx *sql.Tx) error { return fn(r.Context(), tx) }); err != nil {
		return err
	}
	noContent(w)
	return nil
}

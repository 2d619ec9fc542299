package server

import (
	"context"
	"database/sql"
	"fmt"
)

// requestTx is the one transaction of a request whose answer is stored with
// its change (a POST with an Idempotency-Key): every inTx of the request
// runs in it, each in a savepoint of its own, so that a failing one is
// undone alone as if it were a transaction; commit then stores the answer
// and commits the lot.
type requestTx struct {
	db         *sql.DB
	tx         *sql.Tx
	savepoints int
}

type requestTxKey struct{}

func withRequestTx(ctx context.Context, rt *requestTx) context.Context {
	return context.WithValue(ctx, requestTxKey{}, rt)
}

// requestTxOf answers the request transaction of ctx on db, or nil.
func requestTxOf(ctx context.Context, db *sql.DB) *requestTx {
	rt, _ := ctx.Value(requestTxKey{}).(*requestTx)
	if rt == nil || rt.db != db {
		return nil
	}
	return rt
}

func (rt *requestTx) begin(ctx context.Context) error {
	if rt.tx != nil {
		return nil
	}
	tx, err := rt.db.BeginTx(ctx, nil)
	rt.tx = tx
	return err
}

// run runs fn in a new savepoint: released when fn returns nil, rolled back
// to otherwise.
func (rt *requestTx) run(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := rt.begin(ctx); err != nil {
		return err
	}
	rt.savepoints++
	sp := fmt.Sprintf("request_%d", rt.savepoints)
	if _, err := rt.tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
		return err
	}
	if err := fn(rt.tx); err != nil {
		if _, rbErr := rt.tx.ExecContext(ctx, "ROLLBACK TO "+sp+"; RELEASE "+sp); rbErr != nil {
			return rbErr
		}
		return err
	}
	_, err := rt.tx.ExecContext(ctx, "RELEASE "+sp)
	return err
}

// commit runs record in the transaction, begun now if no inTx began it,
// and commits.
func (rt *requestTx) commit(ctx context.Context, record func(*sql.Tx) error) error {
	if err := rt.begin(ctx); err != nil {
		return err
	}
	tx := rt.tx
	rt.tx = nil
	defer tx.Rollback()
	if err := record(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// rollback undoes every change of the request not yet committed.
func (rt *requestTx) rollback() {
	if rt.tx != nil {
		_ = rt.tx.Rollback()
		rt.tx = nil
	}
}

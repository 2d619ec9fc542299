package server

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func createAccount(a *testAPI, key string) req {
	return keyed(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "acme"}}, key)
}

func exec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}

// TestStoredAnswerSurvivesRestart: a server opened again on the same
// database replays the answer the first one stored.
func TestStoredAnswerSurvivesRestart(t *testing.T) {
	cfg := testConfig(t)
	a := startTestAPI(t, cfg)
	first := a.ok(createAccount(a, "k"), 201, nil)
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}
	b := startTestAPI(t, cfg)
	sameAnswer(t, "after a restart", first, b.do(createAccount(b, "k")))
	if n := total(b, "/accounts", ""); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

// TestTwoServersOnOneStore: when another server on the same database
// answers a key first, the request still running learns it at its commit:
// it answers 409, and its repeat replays the other's answer.
func TestTwoServersOnOneStore(t *testing.T) {
	gate := make(chan struct{})
	follower, fsrv := newCountingFollower(t, gate)
	cfg := testConfig(t)
	cfg.Followers = []Follower{{URL: fsrv.URL, Role: "core"}}
	a, b := startTestAPI(t, cfg), startTestAPI(t, cfg)
	notify := keyed(req{method: "POST", path: "/admin/notify", token: a.root}, "k")
	firstDone := make(chan resp)
	go func() { firstDone <- a.do(notify) }()
	<-follower.arrived
	second := b.ok(notify, 200, nil)
	close(gate)
	if r := <-firstDone; r.status != http.StatusConflict || r.header.Get("Retry-After") != "1" {
		t.Errorf("the slower request answered %d %s, want 409 with Retry-After", r.status, r.body)
	}
	sameAnswer(t, "replay", second, a.do(notify))
}

// TestStoredAnswersExpire: an answer is kept 24 hours; after that the key
// acts again, and the expired answer is deleted when the next is stored.
func TestStoredAnswersExpire(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	a := newTestAPI(t, func(c *Config) { c.now = clock.now })
	first := a.ok(createAccount(a, "k"), 201, nil)
	clock.advance(idempotencyTTL - time.Millisecond)
	sameAnswer(t, "just before expiry", first, a.do(createAccount(a, "k")))
	clock.advance(time.Millisecond)
	again := a.ok(createAccount(a, "k"), 201, nil)
	if string(again.body) == string(first.body) {
		t.Error("an expired key replayed its answer")
	}
	if n := total(a, "/accounts", ""); n != 2 {
		t.Errorf("%d accounts, want 2", n)
	}
	clock.advance(idempotencyTTL)
	a.ok(createAccount(a, "another"), 201, nil)
	var keys []string
	rows, err := a.srv.db.Query(`SELECT key FROM idempotency_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if len(keys) != 1 || keys[0] != "another" {
		t.Errorf("stored keys %v, want only [another]", keys)
	}
}

// TestFailedAnswersAreNotKept: after a 5xx or a 401 the key acts again.
func TestFailedAnswersAreNotKept(t *testing.T) {
	a := newTestAPI(t)
	exec(t, a.srv.db, `CREATE TRIGGER fail_accounts BEFORE INSERT ON accounts BEGIN SELECT RAISE(ABORT, 'injected'); END`)
	a.fail(createAccount(a, "k"), http.StatusInternalServerError, api.ErrUnexpected)
	exec(t, a.srv.db, `DROP TRIGGER fail_accounts`)
	a.ok(createAccount(a, "k"), 201, nil)

	loggedOut := a.login(rootUser, rootPassword).Token
	a.ok(req{method: "POST", path: "/auth/logout", token: loggedOut}, 204, nil)
	rq := createAccount(a, "k2")
	rq.token = loggedOut
	a.fail(rq, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.ok(createAccount(a, "k2"), 201, nil)
	if n := total(a, "/accounts", ""); n != 2 {
		t.Errorf("%d accounts, want 2", n)
	}
}

// TestChangeAndAnswerCommitTogether: when the answer cannot be stored, the
// change it answers is undone with it, and the key acts again.
func TestChangeAndAnswerCommitTogether(t *testing.T) {
	a := newTestAPI(t)
	exec(t, a.srv.db, `CREATE TRIGGER fail_keys BEFORE INSERT ON idempotency_keys BEGIN SELECT RAISE(ABORT, 'injected'); END`)
	a.fail(createAccount(a, "k"), http.StatusInternalServerError, api.ErrUnexpected)
	a.fail(keyed(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "viewer"}}, "k"),
		http.StatusInternalServerError, api.ErrUnexpected)
	if n := total(a, "/accounts", "") + total(a, "/roles", ""); n != 0 {
		t.Fatalf("%d objects made by requests whose answer was not stored, want 0", n)
	}
	exec(t, a.srv.db, `DROP TRIGGER fail_keys`)
	a.ok(createAccount(a, "k"), 201, nil)
	if n := total(a, "/accounts", ""); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

// TestRequestTxUndoesOnlyTheFailedStep: a failing inTx of a request whose
// answer is stored is undone alone, as its own transaction would be; the
// rest commits with the answer, or nothing does.
func TestRequestTxUndoesOnlyTheFailedStep(t *testing.T) {
	db, err := openDB(filepath.Join(t.TempDir(), "tx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	insert := func(name string, fail error) func(*sql.Tx) error {
		return func(tx *sql.Tx) error {
			if _, err := tx.Exec(`INSERT INTO roles (name, created_ms) VALUES (?, 0)`, name); err != nil {
				return err
			}
			return fail
		}
	}
	roles := func() (n int) {
		if err := db.QueryRow(`SELECT count(*) FROM roles`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	refused := errors.New("refused")
	for _, commit := range []bool{true, false} {
		exec(t, db, `DELETE FROM roles`)
		rt := &requestTx{db: db}
		ctx := withRequestTx(context.Background(), rt)
		if err := inTx(ctx, db, insert("kept", nil)); err != nil {
			t.Fatal(err)
		}
		if err := inTx(ctx, db, insert("undone", refused)); !errors.Is(err, refused) {
			t.Fatalf("failed step answered %v", err)
		}
		if commit {
			if err := rt.commit(ctx, insert("answer", nil)); err != nil {
				t.Fatal(err)
			}
		}
		rt.rollback()
		if want := map[bool]int{true: 2, false: 0}[commit]; roles() != want {
			t.Errorf("commit %v: %d roles, want %d", commit, roles(), want)
		}
	}
}

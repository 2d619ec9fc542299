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

const activationCodeTTL = api.ActivationCodeMinute * time.Minute

// checkAccountInput applies the rules to in and answers the account it
// describes, with the defaults of the omitted fields.
func checkAccountInput(in api.AccountInput) (api.Account, problems) {
	p := problems{}
	p.length("name", in.Name, api.AccountNameMin, api.AccountNameMax)
	a := api.Account{Name: in.Name}
	for _, f := range []struct {
		name string
		in   *int64
		out  *int64
		def  int64
	}{
		{"healthTimePeriod", in.HealthTimePeriod, &a.HealthTimePeriod, api.DefaultHealthTimePeriod},
		{"exec_interval", in.ExecInterval, &a.ExecInterval, api.DefaultExecInterval},
		{"base_line_exec_interval", in.BaseLineExecInterval, &a.BaseLineExecInterval, api.DefaultBaseLineExecInterval},
		{"cd_model_frequency", in.CDModelFrequency, &a.CDModelFrequency, api.DefaultCDModelFrequency},
		{"cd_execution_frequency", in.CDExecutionFrequency, &a.CDExecutionFrequency, api.DefaultCDExecutionFrequency},
		{"data_retention", in.DataRetention, &a.DataRetention, api.DefaultDataRetention},
	} {
		*f.out = f.def
		if f.in != nil {
			p.nonNegative(f.name, f.in)
			*f.out = *f.in
		}
	}
	a.Attributes = p.attributes("attributes", in.Attributes)
	return a, p
}

// decodeAccountInput reads and checks the body of a create or a replacement.
func decodeAccountInput(w http.ResponseWriter, r *http.Request) (api.Account, error) {
	var in api.AccountInput
	if err := decodeJSONBody(w, r, &in); err != nil {
		return api.Account{}, err
	}
	a, p := checkAccountInput(in)
	return a, p.err()
}

const accountSelect = `SELECT id, name, health_time_period, exec_interval, base_line_exec_interval,
	cd_model_frequency, cd_execution_frequency, data_retention, attributes, created_ms, updated_ms FROM accounts`

func scanAccount(row rowScanner) (api.Account, error) {
	var a api.Account
	var attrs string
	err := row.Scan(&a.ID, &a.Name, &a.HealthTimePeriod, &a.ExecInterval, &a.BaseLineExecInterval,
		&a.CDModelFrequency, &a.CDExecutionFrequency, &a.DataRetention, &attrs, &a.Created, &a.Updated)
	if err != nil {
		return a, err
	}
	a.Attributes = map[string]string{}
	return a, json.Unmarshal([]byte(attrs), &a.Attributes)
}

func getAccount(ctx context.Context, tx *sql.Tx, id string) (api.Account, error) {
	a, err := scanAccount(tx.QueryRowContext(ctx, accountSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errUnknown("the account " + id)
	}
	return a, err
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, _ *caller) error {
	p := problems{}
	q, meta := listQuery(r, p)
	if err := p.err(); err != nil {
		return err
	}
	cond, args := "", []any{}
	if name := q.Get("name"); name != "" {
		cond, args = ` WHERE name = ?`, append(args, name)
	}
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.AccountList, error) {
		accounts, err := queryPage(ctx, tx, `SELECT count(*) FROM accounts`+cond, accountSelect+cond+` ORDER BY id`,
			args, &meta, scanAccount)
		return api.AccountList{ListMeta: meta, Accounts: accounts}, err
	})
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.Account, error) {
		return getAccount(ctx, tx, r.PathValue("id"))
	})
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	a, err := decodeAccountInput(w, r)
	if err != nil {
		return err
	}
	a.ID = uuid.NewString()
	a, err = inTxValue(r.Context(), s.db, func(ctx context.Context, tx *sql.Tx) (api.Account, error) {
		now := time.Now().UnixMilli()
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, name, health_time_period, exec_interval,
			base_line_exec_interval, cd_model_frequency, cd_execution_frequency, data_retention, attributes,
			created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Name, a.HealthTimePeriod, a.ExecInterval, a.BaseLineExecInterval, a.CDModelFrequency,
			a.CDExecutionFrequency, a.DataRetention, mustJSON(a.Attributes), now, now)
		if err != nil {
			return api.Account{}, err
		}
		if _, err := newActivationCode(ctx, tx, a.ID); err != nil {
			return api.Account{}, err
		}
		return getAccount(ctx, tx, a.ID)
	})
	if err != nil {
		return err
	}
	created(w, "/accounts/"+a.ID, a)
	return nil
}

// replaceAccount is a full replacement: an omitted optional field takes its default.
func (s *Server) replaceAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	a, err := decodeAccountInput(w, r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.Account, error) {
		err := execExisting(ctx, tx, errUnknown("the account "+id), `UPDATE accounts SET name = ?, health_time_period = ?,
			exec_interval = ?, base_line_exec_interval = ?, cd_model_frequency = ?, cd_execution_frequency = ?,
			data_retention = ?, attributes = ?, updated_ms = ? WHERE id = ?`,
			a.Name, a.HealthTimePeriod, a.ExecInterval, a.BaseLineExecInterval, a.CDModelFrequency,
			a.CDExecutionFrequency, a.DataRetention, mustJSON(a.Attributes), time.Now().UnixMilli(), id)
		if err != nil {
			return api.Account{}, err
		}
		return getAccount(ctx, tx, id)
	})
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id := r.PathValue("id")
	return noContentInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) error {
		return execExisting(ctx, tx, errUnknown("the account "+id), `DELETE FROM accounts WHERE id = ?`, id)
	})
}

// newActivationCode replaces the account's activation code with a new one
// valid for 60 minutes.
func newActivationCode(ctx context.Context, tx *sql.Tx, accountID string) (api.ActivationCode, error) {
	code := randomString(8)
	expires := time.Now().Add(activationCodeTTL).Unix()
	_, err := tx.ExecContext(ctx, `INSERT INTO activation_codes (account_id, code, expires_s) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET code = excluded.code, expires_s = excluded.expires_s`,
		accountID, code, expires)
	if err != nil {
		return api.ActivationCode{}, err
	}
	return activationCode(code, expires, time.Now()), nil
}

// activationCode answers the code with its expiry and what remains, both
// null once expired.
func activationCode(code string, expires int64, now time.Time) api.ActivationCode {
	out := api.ActivationCode{ActivationCode: code}
	if left := expires - now.Unix(); left > 0 {
		out.TimeLeft, out.SecondsLeft = &expires, &left
	}
	return out
}

func (s *Server) getActivationCode(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id := r.PathValue("id")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.ActivationCode, error) {
		if _, err := getAccount(ctx, tx, id); err != nil {
			return api.ActivationCode{}, err
		}
		var code string
		var expires int64
		err := tx.QueryRowContext(ctx, `SELECT code, expires_s FROM activation_codes WHERE account_id = ?`, id).
			Scan(&code, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return api.ActivationCode{}, errUnknown("the activation code of account " + id)
		}
		return activationCode(code, expires, time.Now()), err
	})
}

func (s *Server) refreshActivationCode(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id := r.PathValue("id")
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.ActivationCode, error) {
		if _, err := getAccount(ctx, tx, id); err != nil {
			return api.ActivationCode{}, err
		}
		return newActivationCode(ctx, tx, id)
	})
}

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

const accountSelect = `SELECT id, name, health_time_period, exec_interval, base_line_exec_interval,
	cd_model_frequency, cd_execution_frequency, data_retention, attributes, created_ms, updated_ms FROM accounts`

func scanAccount(row interface{ Scan(...any) error }) (api.Account, error) {
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
	meta, err := paging(r)
	if err != nil {
		return err
	}
	cond, args := "", []any{}
	if name := r.URL.Query().Get("name"); name != "" {
		cond, args = ` WHERE name = ?`, append(args, name)
	}
	out := api.AccountList{Accounts: []api.Account{}}
	err = inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(r.Context(), `SELECT count(*) FROM accounts`+cond, args...).Scan(&meta.Total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(r.Context(), accountSelect+cond+` ORDER BY id LIMIT ? OFFSET ?`,
			append(args, meta.Limit, meta.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return err
			}
			out.Accounts = append(out.Accounts, a)
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

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var a api.Account
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		var err error
		a, err = getAccount(r.Context(), tx, r.PathValue("id"))
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.AccountInput
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	a, p := checkAccountInput(in)
	if err := p.err(); err != nil {
		return err
	}
	a.ID = uuid.NewString()
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		ctx := r.Context()
		now := time.Now().UnixMilli()
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, name, health_time_period, exec_interval,
			base_line_exec_interval, cd_model_frequency, cd_execution_frequency, data_retention, attributes,
			created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Name, a.HealthTimePeriod, a.ExecInterval, a.BaseLineExecInterval, a.CDModelFrequency,
			a.CDExecutionFrequency, a.DataRetention, mustJSON(a.Attributes), now, now)
		if err != nil {
			return err
		}
		if _, err := newActivationCode(ctx, tx, a.ID); err != nil {
			return err
		}
		a, err = getAccount(ctx, tx, a.ID)
		return err
	})
	if err != nil {
		return err
	}
	created(w, "/accounts/"+a.ID, a)
	return nil
}

// replaceAccount is a full replacement: an omitted optional field takes its default.
func (s *Server) replaceAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.AccountInput
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	a, p := checkAccountInput(in)
	if err := p.err(); err != nil {
		return err
	}
	id := r.PathValue("id")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `UPDATE accounts SET name = ?, health_time_period = ?, exec_interval = ?,
			base_line_exec_interval = ?, cd_model_frequency = ?, cd_execution_frequency = ?, data_retention = ?,
			attributes = ?, updated_ms = ? WHERE id = ?`,
			a.Name, a.HealthTimePeriod, a.ExecInterval, a.BaseLineExecInterval, a.CDModelFrequency,
			a.CDExecutionFrequency, a.DataRetention, mustJSON(a.Attributes), time.Now().UnixMilli(), id)
		if err != nil {
			return err
		}
		if err := mustAffect(res, errUnknown("the account "+id)); err != nil {
			return err
		}
		a, err = getAccount(r.Context(), tx, id)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id := r.PathValue("id")
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(r.Context(), `DELETE FROM accounts WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return mustAffect(res, errUnknown("the account "+id))
	})
	if err != nil {
		return err
	}
	noContent(w)
	return nil
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
	var out api.ActivationCode
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if _, err := getAccount(r.Context(), tx, id); err != nil {
			return err
		}
		var code string
		var expires int64
		err := tx.QueryRowContext(r.Context(), `SELECT code, expires_s FROM activation_codes WHERE account_id = ?`, id).
			Scan(&code, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return errUnknown("the activation code of account " + id)
		}
		out = activationCode(code, expires, time.Now())
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) refreshActivationCode(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id := r.PathValue("id")
	var out api.ActivationCode
	err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
		if _, err := getAccount(r.Context(), tx, id); err != nil {
			return err
		}
		var err error
		out, err = newActivationCode(r.Context(), tx, id)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

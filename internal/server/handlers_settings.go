package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func (s *Server) settingsDocument(ctx context.Context, tx *sql.Tx) (api.SettingsResponse, error) {
	over, err := loadSettings(ctx, tx)
	if err != nil {
		return api.SettingsResponse{}, err
	}
	return api.SettingsResponse{Settings: defaultCatalog.document(over)}, nil
}

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request, _ *caller) error {
	return answerInTx(w, r, s.db, s.settingsDocument)
}

func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.SettingsUpdate
	if err := decodeJSONBody(w, r, &in); err != nil {
		return err
	}
	changes, p := defaultCatalog.merge(in)
	if err := p.err(); err != nil {
		return err
	}
	return answerInTx(w, r, s.db, func(ctx context.Context, tx *sql.Tx) (api.SettingsResponse, error) {
		for g, keys := range changes {
			for k, v := range keys {
				if _, err := tx.ExecContext(ctx, `INSERT INTO settings (group_id, key, value) VALUES (?, ?, ?)
					ON CONFLICT (group_id, key) DO UPDATE SET value = excluded.value`, g, k, string(v)); err != nil {
					return api.SettingsResponse{}, err
				}
			}
		}
		return s.settingsDocument(ctx, tx)
	})
}

// notify posts {"services": [...]} to <url>/notify of every follower at
// once and reports each answer: an error, a timeout or a non-2xx status is a
// failure of that follower, never of the call.
func (s *Server) notify(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in api.NotifyRequest
	if err := decodeOptionalJSONBody(w, r, &in); err != nil {
		return err
	}
	services := in.Services
	if services == nil {
		services = []string{}
	}
	body, err := json.Marshal(map[string][]string{"services": services})
	if err != nil {
		return err
	}
	errs := make([]error, len(s.cfg.Followers))
	var wg sync.WaitGroup
	for i, f := range s.cfg.Followers {
		wg.Go(func() { errs[i] = s.notifyOne(r.Context(), f, body) })
	}
	wg.Wait()
	out := api.NotifyResult{Successes: []api.Machine{}, Failures: []api.MachineFailure{}}
	for i, f := range s.cfg.Followers {
		if errs[i] != nil {
			out.Failures = append(out.Failures, api.MachineFailure{URL: f.URL, Role: f.Role, Error: errs[i].Error()})
			continue
		}
		out.Successes = append(out.Successes, api.Machine{URL: f.URL, Role: f.Role})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) notifyOne(ctx context.Context, f Follower, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.NotifyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(f.URL, "/")+"/notify", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.notifyClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("no answer within %s", s.cfg.NotifyTimeout)
		}
		return fmt.Errorf("request failed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("answered HTTP %d", resp.StatusCode)
	}
	return nil
}

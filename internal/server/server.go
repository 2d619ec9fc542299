// Package server is the reference implementation of the admin API: an
// http.Handler over a SQLite store.
package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// bcryptCost is a variable so that tests can make hashing cheap.
var bcryptCost = bcrypt.DefaultCost

// Server serves the admin API.
type Server struct {
	cfg               Config
	db                *sql.DB
	log               *slog.Logger
	signingKey        []byte
	generatedPassword string
	clients           map[string]APIClient
	limiter           *limiter // nil when off
	logins            *loginLimiter
	keyLocks          keyLocks // Idempotency-Keys in flight
	notifyClient      *http.Client
	handler           http.Handler
}

// New opens and migrates the database and creates the bootstrap admin user
// when the store holds none.
func New(cfg Config) (*Server, error) {
	if cfg.DBPath == "" {
		return nil, errors.New("server: DBPath is required")
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	cfg = cfg.withDefaults()
	db, err := openDB(cfg.DBPath)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{
		cfg:          cfg,
		db:           db,
		log:          cfg.Logger,
		clients:      map[string]APIClient{},
		notifyClient: &http.Client{Timeout: cfg.NotifyTimeout},
	}
	for _, c := range cfg.Clients {
		c.Permissions = normalized(c.Permissions)
		s.clients[c.ID] = c
	}
	if cfg.RateLimit.RequestsPerSecond > 0 {
		s.limiter = newLimiter(cfg.RateLimit)
	}
	s.logins = newLoginLimiter(cfg.LoginLimit)
	ctx := context.Background()
	if err := s.initStore(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("server: %w", err)
	}
	s.handler = s.routes()
	return s, nil
}

func (s *Server) initStore(ctx context.Context) error {
	key, err := loadSigningKey(ctx, s.db)
	if err != nil {
		return err
	}
	s.signingKey = key
	if err := initSettings(ctx, s.db); err != nil {
		return err
	}
	return s.bootstrap(ctx)
}

// bootstrap creates the first admin user, with every permission, when there is none.
func (s *Server) bootstrap(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM admin_users`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	username, password := s.cfg.BootstrapUsername, s.cfg.BootstrapPassword
	generated := password == ""
	if generated {
		password = randomString(24)
	}
	p := problems{}
	if !api.AdminUsernamePattern.MatchString(username) {
		p.add("bootstrap username", "must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit")
	}
	p.length("bootstrap password", password, api.AdminPasswordMin, api.AdminPasswordMax)
	if len(p) > 0 {
		return fmt.Errorf("bootstrap admin user: %v", map[string]string(p))
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = inTx(ctx, s.db, func(tx *sql.Tx) error {
		return insertAdminUser(ctx, tx, username, hash, allPermissions(), time.Now())
	})
	if err != nil {
		return err
	}
	if generated {
		s.generatedPassword = password
	}
	s.log.Info("created the bootstrap admin user", "username", username)
	return nil
}

// Handler answers every request of the API.
func (s *Server) Handler() http.Handler { return s.handler }

// GeneratedPassword answers the random bootstrap password made by this New, or "".
func (s *Server) GeneratedPassword() string { return s.generatedPassword }

// Close closes the database.
func (s *Server) Close() error { return s.db.Close() }

const randomAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomString answers n characters of A-Za-z0-9 from crypto/rand.
func randomString(n int) string {
	out := make([]byte, n)
	buf := make([]byte, 1)
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		// Reject bytes past the largest multiple of len(alphabet) to keep the draw uniform.
		if int(buf[0]) >= 256-256%len(randomAlphabet) {
			continue
		}
		out[i] = randomAlphabet[int(buf[0])%len(randomAlphabet)]
		i++
	}
	return string(out)
}

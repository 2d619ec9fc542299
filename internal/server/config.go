package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gopkg.in/yaml.v3"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// Config is the server's configuration; the zero value of a field takes its default.
type Config struct {
	DBPath            string        // SQLite file
	AccessTokenTTL    time.Duration // default 1h
	RefreshTokenTTL   time.Duration // default 24h
	Clients           []APIClient   // for client_credentials
	Followers         []Follower    // notify targets
	NotifyTimeout     time.Duration // default 5s
	RateLimit         RateLimit     // zero = off
	LoginLimit        LoginLimit    // zero = the defaults
	BootstrapUsername string        // default "admin"
	BootstrapPassword string        // empty = random, see GeneratedPassword
	Logger            *slog.Logger  // nil = discard
	LogLevel          string        // from the YAML file: debug|info|warn|error

	now func() time.Time // the clock of stored idempotent answers; nil = time.Now
}

// APIClient is a machine caller of POST /oauth/token (client_credentials).
type APIClient struct {
	ID          string          `yaml:"id"`
	SecretHash  string          `yaml:"secret_hash"` // bcrypt
	Permissions api.Permissions `yaml:"permissions"`
}

// Follower is a machine that POST /admin/notify tells about a settings change.
type Follower struct {
	URL  string `yaml:"url"`
	Role string `yaml:"role"`
}

// RateLimit is a per-caller token bucket; a zero RequestsPerSecond switches it off.
type RateLimit struct {
	RequestsPerSecond float64 `yaml:"requests_per_second"`
	Burst             int     `yaml:"burst"`
}

// LoginLimit bounds failed logins per username, failed client
// authentications at POST /oauth/token per client_id, and both together per
// client address (an IPv6 client is its /64). Each is a token bucket: a key
// may fail its count of times at once and gets a try back every Window
// divided by the count; a success costs nothing. Past the limit a login or
// a token request answers 429, whatever the password or secret. A zero
// field takes its default; a negative count switches that limit off.
type LoginLimit struct {
	FailuresPerUsername int           // default 10
	FailuresPerClient   int           // default 10
	FailuresPerAddress  int           // default 100, logins and client authentications together
	Window              time.Duration // default 1m
}

const (
	defaultFailuresPerUsername = 10
	defaultFailuresPerClient   = 10
	defaultFailuresPerAddress  = 100
	defaultLoginWindow         = time.Minute
)

const (
	defaultAccessTokenTTL    = time.Hour
	defaultRefreshTokenTTL   = 24 * time.Hour
	defaultNotifyTimeout     = 5 * time.Second
	defaultBootstrapUsername = "admin"
)

// configFile is the YAML shape read by LoadConfigFile.
type configFile struct {
	AccessTokenTTL  string         `yaml:"access_token_ttl"`
	RefreshTokenTTL string         `yaml:"refresh_token_ttl"`
	NotifyTimeout   string         `yaml:"notify_timeout"`
	LogLevel        string         `yaml:"log_level"`
	RateLimit       RateLimit      `yaml:"rate_limit"`
	LoginLimit      loginLimitFile `yaml:"login_limit"`
	Clients         []clientFile   `yaml:"clients"`
	Followers       []Follower     `yaml:"followers"`
}

type loginLimitFile struct {
	FailuresPerUsername int    `yaml:"failures_per_username"`
	FailuresPerClient   int    `yaml:"failures_per_client"`
	FailuresPerAddress  int    `yaml:"failures_per_address"`
	Window              string `yaml:"window"`
}

type clientFile struct {
	ID          string          `yaml:"id"`
	SecretHash  string          `yaml:"secret_hash"`
	Permissions permissionsFile `yaml:"permissions"`
}

type permissionsFile struct {
	Users         []string `yaml:"users"`
	Settings      []string `yaml:"settings"`
	PlatformUsers []string `yaml:"platformUsers"`
	Accounts      []string `yaml:"accounts"`
}

// LoadConfigFile reads a YAML configuration file. Unknown keys are an error.
func LoadConfigFile(path string) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	var f configFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	cfg := Config{LogLevel: f.LogLevel, RateLimit: f.RateLimit, Followers: f.Followers, LoginLimit: LoginLimit{
		FailuresPerUsername: f.LoginLimit.FailuresPerUsername, FailuresPerClient: f.LoginLimit.FailuresPerClient,
		FailuresPerAddress: f.LoginLimit.FailuresPerAddress,
	}}
	for _, d := range []struct {
		name string
		in   string
		out  *time.Duration
	}{
		{"access_token_ttl", f.AccessTokenTTL, &cfg.AccessTokenTTL},
		{"refresh_token_ttl", f.RefreshTokenTTL, &cfg.RefreshTokenTTL},
		{"notify_timeout", f.NotifyTimeout, &cfg.NotifyTimeout},
		{"login_limit.window", f.LoginLimit.Window, &cfg.LoginLimit.Window},
	} {
		if d.in == "" {
			continue
		}
		v, err := time.ParseDuration(d.in)
		if err != nil {
			return Config{}, fmt.Errorf("%s: %s: %w", path, d.name, err)
		}
		*d.out = v
	}
	for _, c := range f.Clients {
		cfg.Clients = append(cfg.Clients, APIClient{ID: c.ID, SecretHash: c.SecretHash, Permissions: api.Permissions{
			Users: c.Permissions.Users, Settings: c.Permissions.Settings,
			PlatformUsers: c.Permissions.PlatformUsers, Accounts: c.Permissions.Accounts,
		}})
	}
	if err := cfg.validate(); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// withDefaults answers cfg with its zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.AccessTokenTTL == 0 {
		cfg.AccessTokenTTL = defaultAccessTokenTTL
	}
	if cfg.RefreshTokenTTL == 0 {
		cfg.RefreshTokenTTL = defaultRefreshTokenTTL
	}
	if cfg.NotifyTimeout == 0 {
		cfg.NotifyTimeout = defaultNotifyTimeout
	}
	if cfg.BootstrapUsername == "" {
		cfg.BootstrapUsername = defaultBootstrapUsername
	}
	if cfg.LoginLimit.FailuresPerUsername == 0 {
		cfg.LoginLimit.FailuresPerUsername = defaultFailuresPerUsername
	}
	if cfg.LoginLimit.FailuresPerClient == 0 {
		cfg.LoginLimit.FailuresPerClient = defaultFailuresPerClient
	}
	if cfg.LoginLimit.FailuresPerAddress == 0 {
		cfg.LoginLimit.FailuresPerAddress = defaultFailuresPerAddress
	}
	if cfg.LoginLimit.Window == 0 {
		cfg.LoginLimit.Window = defaultLoginWindow
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	return cfg
}

// ParseLogLevel answers the slog level a LogLevel names; "" is info.
func ParseLogLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	switch s {
	case "debug", "info", "warn", "error":
		return l, l.UnmarshalText([]byte(s))
	}
	return l, fmt.Errorf("log_level %q: must be debug, info, warn or error", s)
}

func (cfg Config) validate() error {
	var errs []error
	for name, d := range map[string]time.Duration{
		"access_token_ttl": cfg.AccessTokenTTL, "refresh_token_ttl": cfg.RefreshTokenTTL, "notify_timeout": cfg.NotifyTimeout,
		"login_limit.window": cfg.LoginLimit.Window,
	} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative", name))
		}
	}
	if _, err := ParseLogLevel(cfg.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if cfg.RateLimit.RequestsPerSecond < 0 || cfg.RateLimit.Burst < 0 {
		errs = append(errs, errors.New("rate_limit: requests_per_second and burst must not be negative"))
	}
	seen := map[string]bool{}
	for i, c := range cfg.Clients {
		switch {
		case c.ID == "":
			errs = append(errs, fmt.Errorf("clients[%d]: id is required", i))
		case seen[c.ID]:
			errs = append(errs, fmt.Errorf("clients[%d]: id %q is declared twice", i, c.ID))
		}
		seen[c.ID] = true
		if _, err := bcrypt.Cost([]byte(c.SecretHash)); err != nil {
			errs = append(errs, fmt.Errorf("clients[%d]: secret_hash must be a bcrypt hash", i))
		}
		p := problems{}
		p.permissions(c.Permissions)
		for _, field := range sortedKeys(p) {
			errs = append(errs, fmt.Errorf("clients[%d]: %s: %s", i, field, p[field]))
		}
	}
	for i, f := range cfg.Followers {
		u, err := url.Parse(f.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("followers[%d]: url must be an absolute http or https URL", i))
		}
	}
	return errors.Join(errs...)
}

package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// Defaults applied by New.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultUserAgent      = "adminapi-go-client"
)

// Config configures a Client. Exactly one way to authenticate must be set:
// Token, Username with Password, or ClientID with ClientSecret. Errors from New
// name the fields in snake_case (endpoint, client_id, ...).
type Config struct {
	// Endpoint is the base URL of the API, e.g. http://127.0.0.1:8080. A path
	// prefix is kept: https://host/admin gives https://host/admin/users.
	Endpoint string

	// Token is a token obtained elsewhere. It is never refreshed: a 401 is
	// returned as an error.
	Token string

	// Username and Password log in through POST /auth/login; the token is
	// renewed through POST /auth/refresh, or a new login if that is refused.
	Username, Password string

	// ClientID and ClientSecret obtain a token with the OAuth2 client
	// credentials grant from <Endpoint>/oauth/token, with optional Scopes.
	ClientID, ClientSecret string
	Scopes                 []string

	// CACertPEM adds one or more PEM certificates to the system's trusted roots.
	CACertPEM          string
	InsecureSkipVerify bool

	// RequestTimeout bounds each HTTP request (each attempt); 0 means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration

	// MaxRetries is how many times a failed request may be retried, so a
	// call makes at most MaxRetries+1 attempts (and one more to resend it
	// after a token renewal on a 401 when none are left); 0 means no retry.
	// Negative is an error. Until the endpoint has answered the client once,
	// a failure to connect is retried at most 3 times (see
	// unansweredRetries). TLS failures and an unknown host are not retried.
	MaxRetries int

	// MaxRequestsPerSecond is the ceiling of the rate of requests this client
	// sends, every attempt and token request included; 0 means no ceiling.
	// Below it, the client adapts its rate to the 429 answers it gets.
	MaxRequestsPerSecond float64

	// UserAgent is sent with every request; "" means DefaultUserAgent.
	UserAgent string

	// Logger receives debug lines, nil means none: one per HTTP attempt
	// (method, path, attempt, duration_ms, and status or error; an error
	// answer's body with its secret fields masked), one per retry wait,
	// one per token renewal and one per sweep.
	Logger Logger

	// DisableSweep makes every GetPlatformUser and GetAccountMember one GET.
	// By default, many of them at once are answered from the paged list
	// instead (see sweep.go), from a snapshot taken once per Client: a
	// Client kept longer than one run that must see changes others make
	// after its sweep should set it.
	DisableSweep bool
}

// Logger receives debug lines. Fields never hold secrets: no bodies other
// than masked error bodies, and no headers.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the admin API. Create it with New.
type Client struct {
	endpoint   string
	userAgent  string
	http       *http.Client
	rest       *resty.Client
	logger     Logger
	pacer      *pacer
	maxRetries int
	auth       *authenticator
	sweeps     *sweeps // nil with Config.DisableSweep
	// answered tells that the endpoint has answered an attempt (any status).
	answered atomic.Bool

	// Injected by tests.
	now         func() time.Time
	sleep       func(ctx context.Context, d time.Duration) error
	backoffBase time.Duration
	backoffCap  time.Duration
	// A Retry-After longer than this is not waited for: the error is returned.
	maxRetryAfter time.Duration
}

// New validates cfg and returns a Client. It sends no request: the first
// call that needs a token obtains it.
func New(cfg Config) (*Client, error) {
	if err := validate(&cfg); err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify}
	if cfg.CACertPEM != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
			return nil, errors.New("ca_cert_pem: no PEM certificate could be parsed from it")
		}
		tlsConfig.RootCAs = pool
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		TLSClientConfig:       tlsConfig,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = DefaultUserAgent
	}
	httpClient := &http.Client{
		Transport: userAgentTransport{base: transport, userAgent: userAgent},
		Timeout:   cfg.RequestTimeout,
	}
	endpoint := strings.TrimRight(cfg.Endpoint, "/")
	c := &Client{
		endpoint:      endpoint,
		userAgent:     userAgent,
		http:          httpClient,
		logger:        cfg.Logger,
		maxRetries:    cfg.MaxRetries,
		pacer:         newPacer(cfg.MaxRequestsPerSecond),
		now:           time.Now,
		sleep:         sleepContext,
		backoffBase:   500 * time.Millisecond,
		backoffCap:    30 * time.Second,
		maxRetryAfter: 5 * time.Minute,
	}
	c.rest = resty.NewWithClient(httpClient).
		SetBaseURL(endpoint).
		SetLogger(discardLogger{}).
		SetDisableWarn(true).
		SetResponseBodyLimit(64 << 20)
	c.auth = newAuthenticator(c, &cfg)
	if !cfg.DisableSweep {
		c.sweeps = newSweeps(c)
	}
	return c, nil
}

func validate(cfg *Config) error {
	var errs []error
	u, err := url.Parse(cfg.Endpoint)
	switch {
	case cfg.Endpoint == "":
		errs = append(errs, errors.New("endpoint: must be set"))
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		errs = append(errs, fmt.Errorf("endpoint: must be an http:// or https:// URL with a host, got %q", cfg.Endpoint))
	case u.RawQuery != "" || u.Fragment != "":
		errs = append(errs, fmt.Errorf("endpoint: must not have a query or fragment, got %q", cfg.Endpoint))
	}

	var methods []string
	if cfg.Token != "" {
		methods = append(methods, "token")
	}
	if cfg.Username != "" || cfg.Password != "" {
		methods = append(methods, "username/password")
		if cfg.Username == "" || cfg.Password == "" {
			errs = append(errs, errors.New("username and password: must be set together"))
		}
	}
	if cfg.ClientID != "" || cfg.ClientSecret != "" {
		methods = append(methods, "client_id/client_secret")
		if cfg.ClientID == "" || cfg.ClientSecret == "" {
			errs = append(errs, errors.New("client_id and client_secret: must be set together"))
		}
	}
	switch len(methods) {
	case 0:
		errs = append(errs, errors.New("authentication: set exactly one of token, username with password, or client_id with client_secret; none is set"))
	case 1:
	default:
		errs = append(errs, fmt.Errorf("authentication: set exactly one of token, username with password, or client_id with client_secret; %s are set", strings.Join(methods, " and ")))
	}
	if len(cfg.Scopes) > 0 && cfg.ClientID == "" {
		errs = append(errs, errors.New("scopes: only used with client_id and client_secret"))
	}

	switch {
	case cfg.RequestTimeout < 0:
		errs = append(errs, fmt.Errorf("request_timeout: must not be negative, got %s", cfg.RequestTimeout))
	case cfg.RequestTimeout == 0:
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries < 0 {
		errs = append(errs, fmt.Errorf("max_retries: must not be negative, got %d", cfg.MaxRetries))
	}
	if r := cfg.MaxRequestsPerSecond; r < 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		errs = append(errs, fmt.Errorf("max_requests_per_second: must be a finite number, 0 or more, got %v", r))
	}
	return errors.Join(errs...)
}

// userAgentTransport sets the User-Agent of every request, those made by the
// OAuth2 library included.
type userAgentTransport struct {
	base      http.RoundTripper
	userAgent string
}

func (t userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", t.userAgent)
	return t.base.RoundTrip(req)
}

// discardLogger keeps resty from writing anything itself.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

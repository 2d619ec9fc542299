// Package acctest starts the reference admin API server in-process for
// acceptance tests and wires the provider to it.
package acctest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const (
	AdminUsername = "admin"
	AdminPassword = "acctest-admin-password"
)

// ProviderFactories serve the provider under test in-process.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"adminapi": providerserver.NewProtocol6WithError(provider.New("acctest")()),
}

// Server is a reference server on a random loopback port with its own SQLite file.
type Server struct {
	URL string
	// Client acts as the bootstrap admin, for changes made behind Terraform's back.
	Client       *client.Client
	ServerConfig server.Config
	// Server is the running reference server, for server-side checks.
	Server *server.Server
}

// StartServer starts a server for one test; opts adjust its configuration.
func StartServer(t testing.TB, opts ...func(*server.Config)) *Server {
	t.Helper()
	cfg := server.Config{
		DBPath:            filepath.Join(t.TempDir(), "adminapi.db"),
		BootstrapUsername: AdminUsername,
		BootstrapPassword: AdminPassword,
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("start reference server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("close reference server: %v", err)
		}
	})
	c, err := client.New(client.Config{
		Endpoint: ts.URL, Username: AdminUsername, Password: AdminPassword,
		RequestTimeout: 10 * time.Second, MaxRetries: 2,
	})
	if err != nil {
		t.Fatalf("client for reference server: %v", err)
	}
	return &Server{URL: ts.URL, Client: c, ServerConfig: cfg, Server: srv}
}

// ProviderBlock is the provider configuration that logs in as the bootstrap admin.
func (s *Server) ProviderBlock() string {
	return providerBlock(s.URL)
}

func providerBlock(endpoint string) string {
	return fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  username = %q
  password = %q
}
`, endpoint, AdminUsername, AdminPassword)
}

// Config prepends the provider block to an HCL configuration.
func (s *Server) Config(hcl string) string {
	return s.ProviderBlock() + hcl
}

// ScaleEnv switches on the scale tests (hundreds or thousands of users): make
// test runs them once, with the newest Terraform.
const ScaleEnv = "ADMINAPI_ACC_SCALE"

// SkipUnlessScale skips a scale test unless ScaleEnv is set.
func SkipUnlessScale(t testing.TB) {
	t.Helper()
	if os.Getenv(ScaleEnv) == "" {
		t.Skipf("scale test: set %s=1 to run it (make test runs it once, with the newest Terraform)", ScaleEnv)
	}
}

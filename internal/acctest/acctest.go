// Package acctest starts the reference admin API server in-process for
// acceptance tests and wires the provider to it.
package acctest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
		// Checks read what the server holds now, never a snapshot of earlier.
		DisableSweep: true,
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

// providerBlock logs in to endpoint as the bootstrap admin; each of extra is
// one more argument line, e.g. "max_retries = 10".
func providerBlock(endpoint string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nprovider \"adminapi\" {\n  endpoint = %q\n  username = %q\n  password = %q\n", endpoint, AdminUsername, AdminPassword)
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
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

// OpenTofu tells whether the acceptance tests run with OpenTofu
// (TF_ACC_TERRAFORM_PATH naming tofu, or TF_ACC_PROVIDER_HOST naming its registry).
func OpenTofu() bool {
	return filepath.Base(os.Getenv("TF_ACC_TERRAFORM_PATH")) == "tofu" ||
		os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org"
}

// SkipOnOpenTofu skips a test of a feature the OpenTofu release under test
// lacks, naming it.
func SkipOnOpenTofu(t testing.TB, feature string) {
	t.Helper()
	if OpenTofu() {
		t.Skipf("OpenTofu has no %s", feature)
	}
}

package platformuser

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// TestListStreamsLazily: List reads nothing until Terraform takes the first
// result, then a page of the API's at a time, each only when the results
// before it are taken.
func TestListStreamsLazily(t *testing.T) {
	srv, err := server.New(server.Config{
		DBPath: filepath.Join(t.TempDir(), "adminapi.db"), BootstrapUsername: "admin", BootstrapPassword: "admin-password",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	var pages atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/platform-users" {
			pages.Add(1)
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c, err := client.New(client.Config{Endpoint: ts.URL, Username: "admin", Password: "admin-password"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 150 {
		in := api.CreatePlatformUser{Username: fmt.Sprintf("user-%03d", i), Email: fmt.Sprintf("user-%03d@example.com", i), LDAP: new(true)}
		if _, err := c.CreatePlatformUser(t.Context(), in); err != nil {
			t.Fatal(err)
		}
	}

	l, _ := NewPlatformUserListResource().(*platformUserListResource)
	l.Client = c
	stream := &list.ListResultsStream{}
	l.List(t.Context(), listRequest(t, l, 1000), stream)
	if n := pages.Load(); n != 0 {
		t.Fatalf("List read %d pages before Terraform took a result", n)
	}
	taken := 0
	for result := range stream.Results {
		taken++
		if result.Diagnostics.HasError() {
			t.Fatalf("result %d: %v", taken, result.Diagnostics)
		}
		var identity types.String
		if diags := result.Identity.GetAttribute(t.Context(), path.Root("username"), &identity); diags.HasError() || identity.ValueString() != fmt.Sprintf("user-%03d", taken-1) {
			t.Fatalf("result %d has the identity %v (%v)", taken, identity, diags)
		}
		wantPages := int64(1)
		if taken > api.MaxLimit {
			wantPages = 2
		}
		if n := pages.Load(); n != wantPages {
			t.Fatalf("%d pages read when Terraform took result %d, want %d", n, taken, wantPages)
		}
		if taken == 120 {
			break
		}
	}
	if n := pages.Load(); n != 2 {
		t.Errorf("%d pages read for 120 results, want 2", n)
	}
}

// listRequest is what the framework asks l for: every user, without the
// resource's attributes, at most limit of them.
func listRequest(t *testing.T, l *platformUserListResource, limit int64) list.ListRequest {
	t.Helper()
	var configSchema list.ListResourceSchemaResponse
	l.ListResourceConfigSchema(t.Context(), list.ListResourceSchemaRequest{}, &configSchema)
	r := NewPlatformUserResource().(*platformUserResource)
	var resourceSchema resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &resourceSchema)
	var identitySchema resource.IdentitySchemaResponse
	r.IdentitySchema(t.Context(), resource.IdentitySchemaRequest{}, &identitySchema)
	// No config block: no filter.
	config := tfsdk.Config{Schema: configSchema.Schema, Raw: tftypes.NewValue(configSchema.Schema.Type().TerraformType(t.Context()), nil)}
	return list.ListRequest{
		Config: config, Limit: limit,
		ResourceSchema: resourceSchema.Schema, ResourceIdentitySchema: identitySchema.IdentitySchema,
	}
}

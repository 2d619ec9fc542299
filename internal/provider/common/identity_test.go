package common

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var testIdentity = Identity{
	{Name: "account_id", Description: "The account.", Parse: func(s string) (string, error) { return strings.ToLower(s), nil }},
	{Name: "username", Description: "The user.", Attributes: []string{"username"}, Parse: Matching(func(s string) error {
		if s != strings.ToLower(s) || s == "" {
			return errors.New(`username "` + s + `" must be lower case`)
		}
		return nil
	})},
}

func testImportResponse(ctx context.Context) resource.ImportStateResponse {
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true}, "username": schema.StringAttribute{Required: true},
	}}
	is := testIdentity.Schema()
	return resource.ImportStateResponse{
		State:    tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)},
		Identity: &tfsdk.ResourceIdentity{Schema: is, Raw: tftypes.NewValue(is.Type().TerraformType(ctx), nil)},
	}
}

func TestIdentityParseAndImport(t *testing.T) {
	ctx := t.Context()
	for _, c := range []struct {
		name     string
		req      func() resource.ImportStateRequest
		wantID   string
		wantErrs []string
	}{
		{"id", func() resource.ImportStateRequest { return resource.ImportStateRequest{ID: "ACME/alice"} }, "acme/alice", nil},
		{"identity", func() resource.ImportStateRequest {
			resp := testImportResponse(ctx)
			testIdentity.Set(ctx, resp.Identity, []string{"ACME", "alice"}, &resp.Diagnostics)
			return resource.ImportStateRequest{Identity: resp.Identity}
		}, "acme/alice", nil},
		{"too few parts", func() resource.ImportStateRequest { return resource.ImportStateRequest{ID: "alice"} },
			"", []string{"Invalid import ID", `expected <account_id>/<username>, got "alice"`}},
		{"bad part in id", func() resource.ImportStateRequest { return resource.ImportStateRequest{ID: "acme/Alice"} },
			"", []string{"Invalid import ID", `expected <account_id>/<username>: username "Alice" must be lower case`}},
		{"bad part in identity", func() resource.ImportStateRequest {
			resp := testImportResponse(ctx)
			testIdentity.Set(ctx, resp.Identity, []string{"acme", "Alice"}, &resp.Diagnostics)
			return resource.ImportStateRequest{Identity: resp.Identity}
		}, "", []string{"Invalid import identity", `identity username: username "Alice" must be lower case`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := c.req()
			resp := testImportResponse(ctx)
			if values, ok := testIdentity.Parse(ctx, req, &resp.Diagnostics); ok {
				testIdentity.Import(ctx, values, &resp)
			}
			if c.wantErrs != nil {
				if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != c.wantErrs[0] || !strings.Contains(resp.Diagnostics[0].Detail(), c.wantErrs[1]) {
					t.Errorf("diagnostics %v, want %q", resp.Diagnostics, c.wantErrs)
				}
				return
			}
			var id, username, identityUser string
			resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &id)...)
			resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("username"), &username)...)
			resp.Diagnostics.Append(resp.Identity.GetAttribute(ctx, path.Root("username"), &identityUser)...)
			if resp.Diagnostics.HasError() || id != c.wantID || username != "alice" || identityUser != "alice" {
				t.Errorf("id %q, username %q, identity username %q, %v; want %q and alice", id, username, identityUser, resp.Diagnostics, c.wantID)
			}
		})
	}
}

func TestIdentitySchemaRequiresEveryPart(t *testing.T) {
	s := testIdentity.Schema()
	if len(s.Attributes) != 2 {
		t.Fatalf("attributes %v", s.Attributes)
	}
	for name, a := range s.Attributes {
		if !a.IsRequiredForImport() || a.GetDescription() == "" {
			t.Errorf("%s: required for import %v, description %q", name, a.IsRequiredForImport(), a.GetDescription())
		}
	}
	if got := testIdentity.Form(); got != "<account_id>/<username>" {
		t.Errorf("form %q", got)
	}
}

func TestIdentitySetWithoutIdentityDoesNothing(t *testing.T) {
	var diags diag.Diagnostics
	testIdentity.Set(t.Context(), nil, []string{"a", "b"}, &diags)
	if diags.HasError() {
		t.Error(diags)
	}
}

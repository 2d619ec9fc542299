package auth

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

func TestTokenSchema(t *testing.T) {
	var resp ephemeral.SchemaResponse
	NewTokenEphemeralResource().Schema(t.Context(), ephemeral.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
	if resp.Schema.MarkdownDescription == "" {
		t.Error("adminapi_token has no MarkdownDescription")
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s has no MarkdownDescription", name)
		}
	}
	for _, name := range []string{"password", "token"} {
		if !resp.Schema.Attributes[name].IsSensitive() {
			t.Errorf("%s must be sensitive", name)
		}
	}
}

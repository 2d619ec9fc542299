package account

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// The data sources' and the ephemeral resource's schemas are valid and
// describe every attribute (the docs are generated from them).
func TestReadSideSchemas(t *testing.T) {
	for _, f := range []func() datasource.DataSource{NewAccountDataSource, NewAccountsDataSource, NewAccountUsersDataSource} {
		d := f()
		var resp datasource.SchemaResponse
		d.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
		if diags := resp.Schema.ValidateImplementation(t.Context()); resp.Diagnostics.HasError() || diags.HasError() {
			t.Errorf("%T schema: %v %v", d, resp.Diagnostics, diags)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%T has no MarkdownDescription", d)
		}
		for name, a := range resp.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%T attribute %s has no MarkdownDescription", d, name)
			}
		}
	}
	r := NewActivationCodeEphemeralResource()
	var resp ephemeral.SchemaResponse
	r.Schema(t.Context(), ephemeral.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); resp.Diagnostics.HasError() || diags.HasError() {
		t.Errorf("ephemeral schema: %v %v", resp.Diagnostics, diags)
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("ephemeral attribute %s has no MarkdownDescription", name)
		}
	}
}

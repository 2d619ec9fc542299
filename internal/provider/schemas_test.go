package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestEveryTypeIsDescribed asks the provider server for every schema it
// serves, as Terraform does: each must be valid, and each type and each
// attribute, nested ones included, must say what it is.
func TestEveryTypeIsDescribed(t *testing.T) {
	srv := providerserver.NewProtocol6(New("test")())()
	resp, err := srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	groups := map[string]map[string]*tfprotov6.Schema{
		"resource": resp.ResourceSchemas, "data source": resp.DataSourceSchemas,
		"ephemeral resource": resp.EphemeralResourceSchemas, "list resource": resp.ListResourceSchemas,
		"action": {},
	}
	for name, a := range resp.ActionSchemas {
		groups["action"][name] = a.Schema
	}
	for kind, schemas := range groups {
		if len(schemas) == 0 {
			t.Errorf("no %s schemas", kind)
		}
		for name, s := range schemas {
			if s.Block.Description == "" {
				t.Errorf("%s %s has no description", kind, name)
			}
			checkDescribed(t, kind+" "+name, s.Block.Attributes)
		}
	}
}

func checkDescribed(t *testing.T, where string, attrs []*tfprotov6.SchemaAttribute) {
	t.Helper()
	for _, a := range attrs {
		if a.Description == "" {
			t.Errorf("%s: attribute %s has no description", where, a.Name)
		}
		if a.NestedType != nil {
			checkDescribed(t, where+"."+a.Name, a.NestedType.Attributes)
		}
	}
}

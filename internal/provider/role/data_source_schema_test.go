package role

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func dataSourceSchema(t *testing.T, d datasource.DataSource) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	d.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); diags.HasError() {
		t.Fatalf("%T schema: %v", d, diags)
	}
	return resp.Schema
}

// The data sources' objects have the resource's attributes, same names and
// types, so that they can feed the resource.
func TestRoleDataSourcesMatchResource(t *testing.T) {
	var res resource.SchemaResponse
	NewRoleResource().Schema(t.Context(), resource.SchemaRequest{}, &res)
	want := res.Schema.Type()

	list, ok := dataSourceSchema(t, NewRolesDataSource()).Attributes["roles"].GetType().(types.ListType)
	if !ok {
		t.Fatal("roles is not a list")
	}
	for name, got := range map[string]attr.Type{
		"adminapi_role":          dataSourceSchema(t, NewRoleDataSource()).Type(),
		"adminapi_roles.roles[]": list.ElemType,
	} {
		if !got.Equal(want) {
			t.Errorf("%s: %v, want the resource's %v", name, got, want)
		}
	}
}

func TestRoleDataSourcesDescribeEveryAttribute(t *testing.T) {
	for _, d := range []datasource.DataSource{NewRoleDataSource(), NewRolesDataSource()} {
		s := dataSourceSchema(t, d)
		if s.MarkdownDescription == "" {
			t.Errorf("%T has no MarkdownDescription", d)
		}
		for name, a := range s.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%T attribute %s has no MarkdownDescription", d, name)
			}
			if n, ok := a.(schema.ListNestedAttribute); ok {
				for inner, b := range n.NestedObject.Attributes {
					if b.GetMarkdownDescription() == "" {
						t.Errorf("%T attribute %s[].%s has no MarkdownDescription", d, name, inner)
					}
				}
			}
		}
	}
}

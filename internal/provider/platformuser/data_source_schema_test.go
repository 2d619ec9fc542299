package platformuser

import (
	"maps"
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

// The data sources carry the resource's attributes, same names and types,
// without the password; the list's entries without the invitation token
// too, so that they can feed the resource.
func TestPlatformUserDataSourcesMatchResource(t *testing.T) {
	var res resource.SchemaResponse
	NewResource().Schema(t.Context(), resource.SchemaRequest{}, &res)
	withToken := maps.Clone(res.Schema.Type().(types.ObjectType).AttrTypes)
	for name := range platformUserPassword.Attributes() {
		delete(withToken, name)
	}
	withoutToken := maps.Clone(withToken)
	delete(withoutToken, "invitation_token")

	single := dataSourceSchema(t, NewDataSource())
	list := dataSourceSchema(t, NewUsersDataSource())
	users, ok := list.Attributes["users"].GetType().(types.ListType)
	if !ok {
		t.Fatal("users is not a list")
	}
	for _, c := range []struct {
		name      string
		got, want map[string]attr.Type
	}{
		{"adminapi_platform_user", single.Type().(types.ObjectType).AttrTypes, withToken},
		{"adminapi_platform_users.users[]", users.ElemType.(types.ObjectType).AttrTypes, withoutToken},
	} {
		if !(types.ObjectType{AttrTypes: c.got}).Equal(types.ObjectType{AttrTypes: c.want}) {
			t.Errorf("%s: attributes %v, want the resource's %v", c.name, c.got, c.want)
		}
	}
	if !single.Attributes["invitation_token"].IsSensitive() {
		t.Error("adminapi_platform_user.invitation_token must be sensitive")
	}
}

func TestPlatformUserDataSourcesDescribeEveryAttribute(t *testing.T) {
	for _, d := range []datasource.DataSource{NewDataSource(), NewUsersDataSource()} {
		s := dataSourceSchema(t, d)
		if s.MarkdownDescription == "" {
			t.Errorf("%T has no MarkdownDescription", d)
		}
		for name, a := range s.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%T: attribute %s has no MarkdownDescription", d, name)
			}
			if n, ok := a.(schema.ListNestedAttribute); ok {
				for inner, a := range n.NestedObject.Attributes {
					if a.GetMarkdownDescription() == "" {
						t.Errorf("%T: attribute %s[].%s has no MarkdownDescription", d, name, inner)
					}
				}
			}
		}
	}
}

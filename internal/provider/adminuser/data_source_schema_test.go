package adminuser

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

// The data sources' objects are the resource's attributes without the
// password: same names, same types, so that they can feed the resource.
func TestAdminUserDataSourcesMatchResource(t *testing.T) {
	var res resource.SchemaResponse
	NewResource().Schema(t.Context(), resource.SchemaRequest{}, &res)
	want := maps.Clone(res.Schema.Type().(types.ObjectType).AttrTypes)
	for name := range adminUserPassword.Attributes() {
		delete(want, name)
	}

	single := dataSourceSchema(t, NewDataSource()).Type().(types.ObjectType).AttrTypes
	list, ok := dataSourceSchema(t, NewUsersDataSource()).Attributes["users"].GetType().(types.ListType)
	if !ok {
		t.Fatal("users is not a list")
	}
	for name, got := range map[string]map[string]attr.Type{
		"adminapi_admin_user":          single,
		"adminapi_admin_users.users[]": list.ElemType.(types.ObjectType).AttrTypes,
	} {
		if !(types.ObjectType{AttrTypes: got}).Equal(types.ObjectType{AttrTypes: want}) {
			t.Errorf("%s: attributes %v, want the resource's %v", name, got, want)
		}
	}
}

func TestAdminUserDataSourcesDescribeEveryAttribute(t *testing.T) {
	for _, d := range []datasource.DataSource{NewDataSource(), NewUsersDataSource()} {
		s := dataSourceSchema(t, d)
		if s.MarkdownDescription == "" {
			t.Errorf("%T has no MarkdownDescription", d)
		}
		undescribed(t, s.Attributes, "")
	}
}

func undescribed(t *testing.T, attrs map[string]schema.Attribute, prefix string) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s%s has no MarkdownDescription", prefix, name)
		}
		switch n := a.(type) {
		case schema.SingleNestedAttribute:
			undescribed(t, n.Attributes, prefix+name+".")
		case schema.ListNestedAttribute:
			undescribed(t, n.NestedObject.Attributes, prefix+name+"[].")
		}
	}
}

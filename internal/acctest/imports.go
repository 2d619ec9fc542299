package acctest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ImportCase is one import of a resource, by id or by an import block's
// identity (Terraform 1.12+), and what it must give.
type ImportCase struct {
	Name string
	// ID imports by id; when empty, Identity imports by identity.
	ID       string
	Identity map[string]string
	// WantID is the state's id after the import; WantState other
	// attributes it sets. Both empty: the import must be refused with
	// WantError, texts its title and detail hold in order.
	WantID    string
	WantState map[string]string
	WantError []string
}

// CheckImports runs each case's import in-process, without Terraform:
// an accepted import sets the state's id, WantState and an identity that
// imports the same object again; a refused one names what is wrong.
func CheckImports(t *testing.T, r resource.ResourceWithImportState, cases []ImportCase) {
	t.Helper()
	ri, ok := r.(resource.ResourceWithIdentity)
	if !ok {
		t.Fatalf("%T has no identity", r)
	}
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	var is resource.IdentitySchemaResponse
	ri.IdentitySchema(t.Context(), resource.IdentitySchemaRequest{}, &is)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			req := resource.ImportStateRequest{ID: c.ID}
			if c.ID == "" {
				req.Identity = emptyIdentity(t, is)
				for name, v := range c.Identity {
					if d := req.Identity.SetAttribute(t.Context(), path.Root(name), v); d.HasError() {
						t.Fatal(d)
					}
				}
			}
			resp := resource.ImportStateResponse{
				State:    tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(s.Schema.Type().TerraformType(t.Context()), nil)},
				Identity: emptyIdentity(t, is),
			}
			r.ImportState(t.Context(), req, &resp)
			if c.WantID == "" {
				checkRefused(t, resp, c.WantError)
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("import refused: %v", resp.Diagnostics)
			}
			want := map[string]string{"id": c.WantID}
			for k, v := range c.WantState {
				want[k] = v
			}
			for name, v := range want {
				var got string
				resp.Diagnostics.Append(resp.State.GetAttribute(t.Context(), path.Root(name), &got)...)
				if got != v {
					t.Errorf("state %s = %q, want %q", name, got, v)
				}
			}
			again := resp
			again.Identity = emptyIdentity(t, is)
			again.Diagnostics = nil
			r.ImportState(t.Context(), resource.ImportStateRequest{Identity: resp.Identity}, &again)
			var id string
			again.Diagnostics.Append(again.State.GetAttribute(t.Context(), path.Root("id"), &id)...)
			if again.Diagnostics.HasError() || id != c.WantID {
				t.Errorf("import by the identity it set: id %q, %v; want %q", id, again.Diagnostics, c.WantID)
			}
		})
	}
}

func emptyIdentity(t *testing.T, is resource.IdentitySchemaResponse) *tfsdk.ResourceIdentity {
	t.Helper()
	return &tfsdk.ResourceIdentity{Schema: is.IdentitySchema, Raw: tftypes.NewValue(is.IdentitySchema.Type().TerraformType(t.Context()), nil)}
}

func checkRefused(t *testing.T, resp resource.ImportStateResponse, want []string) {
	t.Helper()
	if !resp.Diagnostics.HasError() {
		t.Fatalf("import accepted, want it refused with %q", want)
	}
	d := resp.Diagnostics.Errors()[0]
	if !ErrorRegexp(want...).MatchString(d.Summary() + "\n" + d.Detail()) {
		t.Errorf("refused with %q: %q, want %q", d.Summary(), d.Detail(), want)
	}
}

// SchemaTypes is what a data source's object has of a resource: the
// resource's attribute types less the names in without.
func SchemaTypes(t *testing.T, r resource.Resource, without ...string) map[string]string {
	t.Helper()
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	out := map[string]string{}
	for name, a := range s.Schema.Attributes {
		out[name] = a.GetType().String()
	}
	for _, name := range without {
		if _, ok := out[name]; !ok {
			t.Fatalf("%T has no attribute %s", r, name)
		}
		delete(out, name)
	}
	return out
}

// SameAttributes reports where got and want, attribute names to types,
// differ; empty when they do not.
func SameAttributes(got, want map[string]string) string {
	var b strings.Builder
	for name, w := range want {
		if g, ok := got[name]; !ok {
			b.WriteString("missing " + name + "; ")
		} else if g != w {
			b.WriteString(name + " is " + g + ", want " + w + "; ")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			b.WriteString("extra " + name + "; ")
		}
	}
	return b.String()
}

// DataSourceObject is an object a data source gives, to compare with a
// resource's: the data source's own attributes, or with List the elements
// of that list attribute.
type DataSourceObject struct {
	DataSource datasource.DataSource
	List       string
	// Want is the attributes it must have, names to types.
	Want map[string]string
}

// CheckDataSourceObjects checks that each object has exactly its Want
// attributes, so that it can feed the resource.
func CheckDataSourceObjects(t *testing.T, objects ...DataSourceObject) {
	t.Helper()
	for _, o := range objects {
		var s datasource.SchemaResponse
		o.DataSource.Schema(t.Context(), datasource.SchemaRequest{}, &s)
		where := fmt.Sprintf("%T", o.DataSource)
		typ := s.Schema.Type()
		if o.List != "" {
			l, ok := s.Schema.Attributes[o.List].GetType().(types.ListType)
			if !ok {
				t.Errorf("%s: %s is not a list", where, o.List)
				continue
			}
			typ, where = l.ElemType, where+"."+o.List+"[]"
		}
		obj, ok := typ.(types.ObjectType)
		if !ok {
			t.Errorf("%s is %s, not an object", where, typ)
			continue
		}
		attrs := obj.AttrTypes
		got := map[string]string{}
		for name, a := range attrs {
			got[name] = a.String()
		}
		if diff := SameAttributes(got, o.Want); diff != "" {
			t.Errorf("%s: %s", where, diff)
		}
	}
}

package common

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// An empty configuration (no block, or an empty one) reads as typed nulls:
// a null list keeps its element type, so reading its elements works.
func TestConfigWithoutConfiguration(t *testing.T) {
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"services": schema.ListAttribute{ElementType: types.StringType, Optional: true},
		"note":     schema.StringAttribute{Optional: true},
	}}
	type model struct {
		Services types.List   `tfsdk:"services"`
		Note     types.String `tfsdk:"note"`
	}
	cfg := tfsdk.Config{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(t.Context()), nil)}
	var diags diag.Diagnostics
	m, ok := Config[model](t.Context(), cfg, &diags)
	if !ok || !m.Services.IsNull() || !m.Note.IsNull() {
		t.Fatalf("%+v, %v", m, diags)
	}
	var services []string
	if d := m.Services.ElementsAs(t.Context(), &services, false); d.HasError() || services != nil {
		t.Errorf("elements of the null list: %v, %v", services, d)
	}
}

// things yields the names, then fails with fail when it is set.
func things(fail error, names ...string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for _, n := range names {
			if !yield(n, nil) {
				return
			}
		}
		if fail != nil {
			yield("", fail)
		}
	}
}

func upper(s string) (string, diag.Diagnostics) { return strings.ToUpper(s), nil }

func TestCollect(t *testing.T) {
	var diags diag.Diagnostics
	got, ok := Collect(things(nil, "a", "b"), upper, "list things", &diags)
	if !ok || diags.HasError() || strings.Join(got, ",") != "A,B" {
		t.Errorf("%q %v %v, want A,B", got, ok, diags)
	}
	got, ok = Collect(things(nil), upper, "list things", &diags)
	if !ok || got == nil || len(got) != 0 {
		t.Errorf("nothing to read: %#v %v, want an empty list, not nil (a null list)", got, ok)
	}

	got, ok = Collect(things(errors.New("GET /things: 500"), "a", "b"), upper, "list things", &diags)
	if ok || got != nil || len(diags) != 1 || diags[0].Summary() != "Could not list things" ||
		diags[0].Detail() != "after 2 results: GET /things: 500" {
		t.Errorf("failed read: %q %v %v, want one error saying how many results came before", got, ok, diags)
	}

	diags = nil
	refuse := func(s string) (string, diag.Diagnostics) {
		var d diag.Diagnostics
		if s == "b" {
			d.AddError("Bad thing", s)
		}
		return s, d
	}
	if got, ok = Collect(things(nil, "a", "b", "c"), refuse, "list things", &diags); ok || len(diags) != 1 || diags[0].Summary() != "Bad thing" {
		t.Errorf("failed flatten: %q %v %v, want its error and no result", got, ok, diags)
	}
}

func TestCollectOrReportsTheFailureItsOwnWay(t *testing.T) {
	var diags diag.Diagnostics
	var read int
	_, ok := CollectOr(things(errors.New("boom"), "a"), upper, &diags, func(n int, err error) {
		read = n
		diags.AddError("No thing found", err.Error())
	})
	if ok || read != 1 || len(diags) != 1 || diags[0].Summary() != "No thing found" {
		t.Errorf("ok %v, read %d, %v", ok, read, diags)
	}
}

// The sentences every list resource's description shares are written from
// its identity, byte for byte as the list resources wrote them out.
func TestListDocDescription(t *testing.T) {
	two := Identity{{Name: "username"}, {Name: "role"}}
	for _, c := range []struct {
		doc  ListDoc
		id   Identity
		want string
	}{
		{ListDoc{Lists: "Every role", Scope: "; no `config` arguments", ShownAs: "`name: description`"}, Identity{{Name: "name"}},
			"Every role, for `terraform query` (Terraform 1.14+); no `config` arguments. Each result is named by its identity " +
				"(`name`) and shown as `name: description`. With `include_resource = true` a result carries the resource's " +
				"attributes, so that `terraform query -generate-config-out` writes resource and import blocks that plan with no change."},
		{ListDoc{Lists: "Role assignments", ShownAs: "`<username> has <role>`", Carries: " except the secrets" + PlansWithNoChange + ": see the guide."}, two,
			"Role assignments, for `terraform query` (Terraform 1.14+). Each result is named by its identity (`username`, `role`) " +
				"and shown as `<username> has <role>`. With `include_resource = true` a result carries the resource's attributes " +
				"except the secrets, so that `terraform query -generate-config-out` writes resource and import blocks that plan " +
				"with no change: see the guide."},
	} {
		if got := c.doc.description(c.id); got != c.want {
			t.Errorf("description\n got %s\nwant %s", got, c.want)
		}
	}
}

// The bases answer the schema they were given.
func TestBasesServeTheirSchemas(t *testing.T) {
	ctx := t.Context()
	var ds datasource.SchemaResponse
	(&DataSource{TypeSchema: dsschema.Schema{MarkdownDescription: "data source"}}).Schema(ctx, datasource.SchemaRequest{}, &ds)
	var eph ephemeral.SchemaResponse
	(&EphemeralResource{TypeSchema: ephemeralschema.Schema{MarkdownDescription: "ephemeral"}}).Schema(ctx, ephemeral.SchemaRequest{}, &eph)
	var act action.SchemaResponse
	(&Action{TypeSchema: schema.Schema{MarkdownDescription: "action"}}).Schema(ctx, action.SchemaRequest{}, &act)
	l := NewListResource("thing", Identity{{Name: "name"}}, ListDoc{Lists: "Every thing", ShownAs: "its name"},
		map[string]listschema.Attribute{"tag": listschema.StringAttribute{Optional: true}})
	var ls list.ListResourceSchemaResponse
	l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &ls)
	got := []string{ds.Schema.GetMarkdownDescription(), eph.Schema.GetMarkdownDescription(), act.Schema.GetMarkdownDescription()}
	if strings.Join(got, ",") != "data source,ephemeral,action" {
		t.Errorf("schemas described %q", got)
	}
	if !strings.HasPrefix(ls.Schema.GetMarkdownDescription(), "Every thing, for `terraform query`") || ls.Schema.Attributes["tag"] == nil {
		t.Errorf("list resource schema %+v", ls.Schema)
	}
}

var thingSchema = resourceschema.Schema{Attributes: map[string]resourceschema.Attribute{
	"name": resourceschema.StringAttribute{Required: true},
}}

type thingModel struct {
	Name types.String `tfsdk:"name"`
}

// A result carries the resource's attributes only when Terraform asks for
// them: the model is not made otherwise.
func TestListResourceResult(t *testing.T) {
	ctx := t.Context()
	l := NewListResource("thing", Identity{{Name: "name"}}, ListDoc{}, nil)
	req := list.ListRequest{ResourceSchema: thingSchema, ResourceIdentitySchema: l.Identity.Schema()}
	made := 0
	model := func() (any, diag.Diagnostics) {
		made++
		return thingModel{Name: types.StringValue("alice")}, nil
	}
	r := l.Result(ctx, req, "alice (display)", []string{"alice"}, model)
	if r.Diagnostics.HasError() || r.DisplayName != "alice (display)" || made != 0 || !r.Resource.Raw.IsNull() {
		t.Errorf("without include_resource: %+v, model made %d times", r, made)
	}
	var id types.String
	r.Identity.GetAttribute(ctx, path.Root("name"), &id)
	if id.ValueString() != "alice" {
		t.Errorf("identity name %v, want alice", id)
	}

	req.IncludeResource = true
	r = l.Result(ctx, req, "alice", []string{"alice"}, model)
	var got thingModel
	if r.Diagnostics.Append(r.Resource.Get(ctx, &got)...); r.Diagnostics.HasError() || got.Name.ValueString() != "alice" {
		t.Errorf("with include_resource: %+v, %v", got, r.Diagnostics)
	}
}

var lookupSchema = LookupSchema("One thing by name.", map[string]dsschema.Attribute{
	"size": dsschema.Int64Attribute{Computed: true},
}, "name", dsschema.StringAttribute{MarkdownDescription: "The name."})

type lookupModel struct {
	Name types.String `tfsdk:"name"`
	Size types.Int64  `tfsdk:"size"`
}

// readRequest is a data source read of lookupSchema with name configured,
// as the framework makes it: the state starts as the configuration.
func readRequest(t *testing.T, name string) (datasource.ReadRequest, *datasource.ReadResponse) {
	t.Helper()
	typ := lookupSchema.Type().TerraformType(t.Context())
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, name), "size": tftypes.NewValue(tftypes.Number, nil),
	})
	return datasource.ReadRequest{Config: tfsdk.Config{Schema: lookupSchema, Raw: raw}},
		&datasource.ReadResponse{State: tfsdk.State{Schema: lookupSchema, Raw: raw.Copy()}}
}

func TestLookupSchema(t *testing.T) {
	name, ok := lookupSchema.Attributes["name"].(dsschema.StringAttribute)
	if !ok || !name.Required || name.MarkdownDescription != "The name." || lookupSchema.MarkdownDescription != "One thing by name." ||
		!lookupSchema.Attributes["size"].IsComputed() {
		t.Errorf("%+v", lookupSchema)
	}
}

func TestReadOne(t *testing.T) {
	ctx := t.Context()
	get := func(_ context.Context, name string) (*int64, error) {
		if name != "big" {
			return nil, &client.APIError{Status: http.StatusNotFound}
		}
		size := int64(42)
		return &size, nil
	}
	flatten := func(size int64) (lookupModel, diag.Diagnostics) {
		return lookupModel{Name: types.StringValue("big"), Size: types.Int64Value(size)}, nil
	}

	req, resp := readRequest(t, "big")
	ReadOne(ctx, req, resp, "thing", "name", get, flatten)
	var got lookupModel
	if resp.Diagnostics.Append(resp.State.Get(ctx, &got)...); resp.Diagnostics.HasError() || got.Size.ValueInt64() != 42 {
		t.Errorf("found: %+v, %v", got, resp.Diagnostics)
	}

	req, resp = readRequest(t, "ghost")
	ReadOne(ctx, req, resp, "thing", "name", get, flatten)
	if errs := resp.Diagnostics.Errors(); len(errs) != 1 || errs[0].Summary() != "No thing found" ||
		errs[0].Detail() != `No thing has name = "ghost".` {
		t.Errorf("not found: %v", resp.Diagnostics)
	}
}

func TestReadAll(t *testing.T) {
	ctx := t.Context()
	s := dsschema.Schema{Attributes: map[string]dsschema.Attribute{"names": dsschema.ListAttribute{ElementType: types.StringType, Computed: true}}}
	raw := tftypes.NewValue(s.Type().TerraformType(ctx), map[string]tftypes.Value{
		"names": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil),
	})
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: raw}}
	ReadAll(ctx, resp, "names", things(nil, "a", "b"), upper, "list things")
	var names []string
	if resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("names"), &names)...); resp.Diagnostics.HasError() ||
		strings.Join(names, ",") != "A,B" {
		t.Errorf("%q, %v", names, resp.Diagnostics)
	}
}

func TestComputedList(t *testing.T) {
	l := ComputedList("The things.", map[string]dsschema.Attribute{"name": dsschema.StringAttribute{Computed: true}})
	if !l.Computed || l.MarkdownDescription != "The things." || l.NestedObject.Attributes["name"] == nil {
		t.Errorf("%+v", l)
	}
}

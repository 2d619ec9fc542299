package common

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// Config reads a configuration into C. A type whose arguments are all
// optional may be given no configuration at all (an empty block, or none):
// that is the zero C, every attribute null.
func Config[C any](ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) (c C, ok bool) {
	if cfg.Raw.IsNull() && cfg.Schema != nil {
		cfg.Raw = allNull(cfg.Schema.Type().TerraformType(ctx))
	}
	diags.Append(cfg.Get(ctx, &c)...)
	return c, !diags.HasError()
}

// allNull is an object of typ whose every attribute is null, so that a
// model's values are typed nulls (a null list keeps its element type).
func allNull(typ tftypes.Type) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return tftypes.NewValue(typ, nil)
	}
	attrs := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, t := range obj.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(obj, attrs)
}

// DataSource is the base of every data source: embed it, give it the
// schema, and write Read. (A field cannot share the name of the Schema
// method it serves, hence TypeSchema.)
type DataSource struct {
	DataSourceClient
	Name       string
	TypeSchema dsschema.Schema
	// Needs are the operations Read calls, for the permission check and
	// the page's Permissions section.
	Needs []api.Operation
}

func (d *DataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.Name
}

func (d *DataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.TypeSchema
	resp.Schema.MarkdownDescription += PermissionsSection(Needs{Read: d.Needs})
}

// CheckRead checks, as permission_check says, that the caller holds the
// permissions Read needs; false means Read must stop.
func (d *DataSource) CheckRead(diags *diag.Diagnostics) bool {
	return d.Provider.CheckPermissions(diags, ActionRead, "data source adminapi_"+d.Name,
		Object{Kind: "data source", Name: "adminapi_" + d.Name}, d.Needs)
}

// ListResource is the base of every list resource (Terraform 1.14+): build
// it with NewListResource and write List.
type ListResource struct {
	ClientHolder
	Name         string
	Identity     Identity
	ConfigSchema listschema.Schema
}

// NewListResource is the base of the list resource of the resource type
// name, whose identity is id and whose `config` arguments are attrs (none
// when nil); doc describes it.
func NewListResource(name string, id Identity, doc ListDoc, attrs map[string]listschema.Attribute) ListResource {
	return ListResource{Name: name, Identity: id, ConfigSchema: listschema.Schema{
		MarkdownDescription: doc.description(id),
		Attributes:          attrs,
	}}
}

func (l *ListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.Name
}

func (l *ListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.ConfigSchema
}

// Result is a result named display, with the identity values; when
// Terraform asks for the resource's attributes (include_resource), it
// carries the model that model makes.
func (l *ListResource) Result(ctx context.Context, req list.ListRequest, display string, identity []string, model func() (any, diag.Diagnostics)) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = display
	l.Identity.Set(ctx, result.Identity, identity, &result.Diagnostics)
	if req.IncludeResource {
		m, diags := model()
		result.Diagnostics.Append(diags...)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// PlansWithNoChange is what a list resource's result with the resource's
// attributes is for.
const PlansWithNoChange = ", so that `terraform query -generate-config-out` writes resource and import blocks that plan with no change"

// ListDoc is what a list resource's description says of its own; the
// rest, the same for every list resource, is written from the identity.
type ListDoc struct {
	// Lists is what it lists, e.g. "Every account, or those with a given
	// name".
	Lists string
	// Scope ends the first sentence, after "for `terraform query`
	// (Terraform 1.14+)", e.g. "; no `config` arguments".
	Scope string
	// ShownAs is how a result is shown, e.g. "`name (id)`".
	ShownAs string
	// Carries follows "a result carries the resource's attributes" to the
	// end: what it leaves out and what it is for. Empty:
	// PlansWithNoChange.
	Carries string
}

func (doc ListDoc) description(id Identity) string {
	names := make([]string, len(id))
	for i, p := range id {
		names[i] = "`" + p.Name + "`"
	}
	carries := doc.Carries
	if carries == "" {
		carries = PlansWithNoChange + "."
	}
	return fmt.Sprintf("%s, for `terraform query` (Terraform 1.14+)%s. Each result is named by its identity (%s) and shown as %s. "+
		"With `include_resource = true` a result carries the resource's attributes%s",
		doc.Lists, doc.Scope, strings.Join(names, ", "), doc.ShownAs, carries)
}

// Action is the base of every action (Terraform 1.14+): embed it, give it
// the schema, and write Invoke.
type Action struct {
	ActionClient
	Name       string
	TypeSchema actionschema.Schema
}

func (a *Action) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.Name
}

func (a *Action) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = a.TypeSchema
}

// EphemeralResource is the base of every ephemeral resource: embed it,
// give it the schema, and write Open.
type EphemeralResource struct {
	EphemeralClient
	Name       string
	TypeSchema ephemeralschema.Schema
}

func (e *EphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + e.Name
}

func (e *EphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = e.TypeSchema
}

// LookupSchema is the schema of a data source that reads one object by
// key: attrs, the object's attributes, all computed, with key made the
// required argument arg.
func LookupSchema(description string, attrs map[string]dsschema.Attribute, key string, arg dsschema.StringAttribute) dsschema.Schema {
	arg.Required = true
	attrs[key] = arg
	return dsschema.Schema{MarkdownDescription: description, Attributes: attrs}
}

// ComputedList is a data source's computed list of objects with attrs.
func ComputedList(description string, attrs map[string]dsschema.Attribute) dsschema.ListNestedAttribute {
	return dsschema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject:        dsschema.NestedAttributeObject{Attributes: attrs},
	}
}

// Collect reads every item of items, flattened, for a data source that
// answers them all: never nil, so that none is an empty list. A failed
// read is reported as APIFailed, "Could not <doing>", saying how many
// items came before; ok is false after any error.
func Collect[T, M any](items iter.Seq2[T, error], flatten func(T) (M, diag.Diagnostics), doing string, diags *diag.Diagnostics) ([]M, bool) {
	return CollectOr(items, flatten, diags, func(read int, err error) {
		APIFailed(diags, doing, fmt.Errorf("after %d results: %w", read, err))
	})
}

// ReadOne sets a data source's state to the object get finds by the
// configured value of attribute, flattened. A failed get is reported as
// AddLookupError does: "No <kind> found" on a 404.
func ReadOne[T, M any](ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, kind, attribute string,
	get func(context.Context, string) (*T, error), flatten func(T) (M, diag.Diagnostics),
) {
	var value types.String
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attribute), &value)...); resp.Diagnostics.HasError() {
		return
	}
	found, err := get(ctx, value.ValueString())
	if err != nil {
		AddLookupError(&resp.Diagnostics, kind, attribute, value.ValueString(), err)
		return
	}
	m, diags := flatten(*found)
	if resp.Diagnostics.Append(diags...); !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// ReadAll sets a data source's attribute to every item of items,
// flattened, as Collect reads them.
func ReadAll[T, M any](ctx context.Context, resp *datasource.ReadResponse, attribute string, items iter.Seq2[T, error], flatten func(T) (M, diag.Diagnostics), doing string) {
	if all, ok := Collect(items, flatten, doing, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attribute), all)...)
	}
}

// CollectOr is Collect with a failed read reported by failed, given how
// many items came before.
func CollectOr[T, M any](items iter.Seq2[T, error], flatten func(T) (M, diag.Diagnostics), diags *diag.Diagnostics, failed func(read int, err error)) ([]M, bool) {
	all := []M{}
	for item, err := range items {
		if err != nil {
			failed(len(all), err)
			return nil, false
		}
		m, d := flatten(item)
		diags.Append(d...)
		if d.HasError() {
			return nil, false
		}
		all = append(all, m)
	}
	return all, true
}

// ListConfig reads a list resource's configuration as Config does; after
// an error it ends the stream with it.
func ListConfig[C any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) (C, bool) {
	var diags diag.Diagnostics
	c, ok := Config[C](ctx, req.Config, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	}
	return c, ok
}

package common

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// IDPart is one part of an import id, and the identity attribute of the
// same name: an assignment's id "<username>/<role>" has two.
type IDPart struct {
	Name        string
	Description string
	// Parse checks a part and answers the value to keep (an account id is
	// lower-cased); its error is shown after "expected <form>: ".
	Parse func(string) (string, error)
	// Attributes are the state attributes, besides id, the import sets to
	// the part.
	Attributes []string
}

// Identity is a resource's identity (Terraform 1.12+) and import id: its
// parts, in the order the id joins them with "/".
type Identity []IDPart

// Schema is the identity schema: every part required for import.
func (id Identity) Schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(id))
	for _, p := range id {
		attrs[p.Name] = identityschema.StringAttribute{RequiredForImport: true, Description: p.Description}
	}
	return identityschema.Schema{Attributes: attrs}
}

// Form is the import id's form, e.g. <username>/<role>.
func (id Identity) Form() string {
	names := make([]string, len(id))
	for i, p := range id {
		names[i] = p.Name
	}
	return "<" + strings.Join(names, ">/<") + ">"
}

// Set sets the identity to values, one per part in order. The framework
// gives a response no identity (nil) when the resource is served without
// its identity schema, as tests of state written before identity existed
// do: then there is nothing to set.
func (id Identity) Set(ctx context.Context, identity *tfsdk.ResourceIdentity, values []string, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	for i, p := range id {
		diags.Append(identity.SetAttribute(ctx, path.Root(p.Name), values[i])...)
	}
}

// Parse reads the parts of an import: from the id, or from an import
// block's identity; ok is false after an error, reported as InvalidImport.
func (id Identity) Parse(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (values []string, ok bool) {
	if req.ID == "" && req.Identity != nil {
		values = make([]string, len(id))
		for i, p := range id {
			var v types.String
			if diags.Append(req.Identity.GetAttribute(ctx, path.Root(p.Name), &v)...); diags.HasError() {
				return nil, false
			}
			values[i] = v.ValueString()
		}
	} else {
		values = strings.Split(req.ID, "/")
		if len(values) != len(id) {
			InvalidImport(diags, req, fmt.Sprintf("expected %s, got %q", id.Form(), req.ID))
			return nil, false
		}
	}
	for i, p := range id {
		v, err := p.Parse(values[i])
		if err != nil {
			detail := fmt.Sprintf("expected %s: %v", id.Form(), err)
			if req.ID == "" {
				detail = fmt.Sprintf("identity %s: %v", p.Name, err)
			}
			InvalidImport(diags, req, detail)
			return nil, false
		}
		values[i] = v
	}
	return values, true
}

// Import sets the imported state's id (the parts joined by "/") and each
// part's attributes, and the identity.
func (id Identity) Import(ctx context.Context, values []string, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), JoinID(values...))...)
	for i, p := range id {
		for _, a := range p.Attributes {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a), values[i])...)
		}
	}
	id.Set(ctx, resp.Identity, values, &resp.Diagnostics)
}

// Matching is a Parse that accepts what check accepts.
func Matching(check func(string) error) func(string) (string, error) {
	return func(s string) (string, error) { return s, check(s) }
}

package common

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

type keptModel struct {
	ID      types.String `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Created types.Int64  `tfsdk:"created"`
	Tags    types.Set    `tfsdk:"tags"`
}

var keptSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":      schema.StringAttribute{Computed: true},
	"name":    schema.StringAttribute{Required: true},
	"created": schema.Int64Attribute{Computed: true},
	"tags":    schema.SetAttribute{ElementType: types.StringType, Computed: true},
}}

// createError is the error of a create whose every attempt lost its answer.
func createError(t *testing.T) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{Endpoint: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
	if !client.MayHaveActed(err) {
		t.Fatalf("the create's error %v may not have acted: the test proves nothing", err)
	}
	return err
}

func newCreateResponse() *resource.CreateResponse {
	return &resource.CreateResponse{State: tfsdk.State{
		Schema: keptSchema,
		Raw:    tftypes.NewValue(keptSchema.Type().TerraformType(context.Background()), nil),
	}}
}

func TestKeepIfMayHaveActedKeepsThePlanWithoutUnknowns(t *testing.T) {
	ctx := context.Background()
	resp := newCreateResponse()
	planned := keptModel{
		ID: types.StringValue("alice"), Name: types.StringValue("alice"),
		Created: types.Int64Unknown(), Tags: types.SetUnknown(types.StringType),
	}
	if !KeepIfMayHaveActed(ctx, resp, createError(t), Object{"role", "alice"}, &planned) {
		t.Fatal("the create was not kept")
	}
	if !resp.State.Raw.IsFullyKnown() {
		t.Errorf("the state holds unknown values: %v", resp.State.Raw)
	}
	var got keptModel
	if d := resp.State.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if got.ID.ValueString() != "alice" || got.Name.ValueString() != "alice" || !got.Created.IsNull() || !got.Tags.IsNull() {
		t.Errorf("state %+v, want the id and name, and null for the unknown values", got)
	}
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 || errs[0].Summary() != `Could not create role "alice": answer lost` ||
		!strings.Contains(errs[0].Detail(), "kept in the state, marked tainted") {
		t.Errorf("diagnostics %v, want one error saying the resource is kept tainted", resp.Diagnostics)
	}
}

func TestKeepIfMayHaveActedLeavesOtherErrors(t *testing.T) {
	resp := newCreateResponse()
	planned := keptModel{ID: types.StringValue("alice"), Name: types.StringValue("alice")}
	apiErr := &client.APIError{Status: http.StatusConflict, ID: api.ErrItemAlreadyExists, Method: "POST", Path: "/roles"}
	if KeepIfMayHaveActed(context.Background(), resp, apiErr, Object{"role", "alice"}, &planned) {
		t.Error("a create the API refused was kept")
	}
	if !resp.State.Raw.IsNull() || resp.Diagnostics.HasError() {
		t.Errorf("state %v, diagnostics %v: want neither", resp.State.Raw, resp.Diagnostics)
	}
}

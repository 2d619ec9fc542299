package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

func everyResource(t *testing.T) map[string]common.ResourceType {
	t.Helper()
	p := New("test")()
	all := map[string]common.ResourceType{}
	for _, f := range p.Resources(t.Context()) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "adminapi"}, &md)
		typed, ok := r.(common.ResourceType)
		if !ok {
			t.Errorf("%s (%T) is not built on common.Resource", md.TypeName, r)
			continue
		}
		all[md.TypeName] = typed
	}
	if len(all) == 0 {
		t.Fatal("no resources")
	}
	return all
}

func resourceSchema(t *testing.T, r resource.Resource) resource.SchemaResponse {
	t.Helper()
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	if s.Diagnostics.HasError() {
		t.Fatal(s.Diagnostics)
	}
	return s
}

// Models are read and written by workaround's codec, which falls back to
// the framework's reflection, silently, for a model that does not fit.
func TestEveryResourceModelFitsItsSchema(t *testing.T) {
	for name, r := range everyResource(t) {
		if !workaround.ModelFitsSchema(resourceSchema(t, r).Schema.Type(), r.Model()) {
			t.Errorf("%s: the model %T does not fit the schema", name, r.Model())
		}
	}
}

// samplePart is a valid value of an import id's part.
func samplePart(t *testing.T, p common.IDPart) string {
	t.Helper()
	for _, v := range []string{"alice-test", "ops", "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f", "platform_settings"} {
		if got, err := p.Parse(v); err == nil {
			return got
		}
	}
	t.Fatalf("no sample value for the id part %s", p.Name)
	return ""
}

// importedState is the state an import by id sets, from sample values.
func importedState(t *testing.T, r common.ResourceType) (tfsdk.State, string) {
	t.Helper()
	s := resourceSchema(t, r)
	var values []string
	var id string
	for _, p := range r.IdentityParts() {
		values = append(values, samplePart(t, p))
	}
	id = common.JoinID(values...)
	resp := resource.ImportStateResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(s.Schema.Type().TerraformType(t.Context()), nil)}}
	r.ImportState(t.Context(), resource.ImportStateRequest{ID: id}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("import %q: %v", id, resp.Diagnostics)
	}
	var got string
	resp.Diagnostics.Append(resp.State.GetAttribute(t.Context(), path.Root("id"), &got)...)
	if got != id {
		t.Fatalf("import %q set the id %q", id, got)
	}
	return resp.State, id
}

// Every resource titles a failure `Could not <verb> <kind> "<id>"`, with
// a lower-case kind, whatever the operation.
func TestEveryResourceTitlesItsFailures(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":{"id":"internal","message":"broken on purpose"}}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{Endpoint: srv.URL, Token: "test-token"})
	if err != nil {
		t.Fatal(err)
	}
	kind := regexp.MustCompile(`^[a-z][a-z ]*[a-z]$`)
	for name, r := range everyResource(t) {
		t.Run(name, func(t *testing.T) {
			if o := r.Object("x"); !kind.MatchString(o.Kind) {
				t.Errorf("kind %q is not lower-case words", o.Kind)
			}
			var cfg resource.ConfigureResponse
			r.Configure(t.Context(), resource.ConfigureRequest{ProviderData: &common.ProviderData{Client: c}}, &cfg)
			state, id := importedState(t, r)
			want := func(verb string) string { return common.Title(verb, r.Object(id), "") }

			read := resource.ReadResponse{State: state}
			r.Read(t.Context(), resource.ReadRequest{State: state}, &read)
			checkTitle(t, read.Diagnostics.Errors(), want("read"), "read")

			before := calls.Load()
			var del resource.DeleteResponse
			r.Delete(context.WithoutCancel(t.Context()), resource.DeleteRequest{State: state}, &del)
			if calls.Load() == before && !del.Diagnostics.HasError() {
				return // a delete that only forgets, as the settings singleton's
			}
			checkTitle(t, del.Diagnostics.Errors(), want("delete"), "delete")
		})
	}
}

func checkTitle(t *testing.T, errs diag.Diagnostics, want, op string) {
	t.Helper()
	if len(errs) != 1 || errs[0].Summary() != want {
		var got []string
		for _, e := range errs {
			got = append(got, e.Summary())
		}
		t.Errorf("%s failed with %q, want one error titled %q", op, got, want)
	}
}

// Every data source, list resource, ephemeral resource and action takes
// the provider's client in Configure: one that did not would read with
// none. Their bases (common.DataSource, ...) give them Configure.
func TestEveryReadSideTypeIsConfigured(t *testing.T) {
	ctx := t.Context()
	p := New("test")()
	n := checkConfigured[datasource.DataSourceWithConfigure](t, "data source", p.DataSources(ctx))
	n += checkConfigured[list.ListResourceWithConfigure](t, "list resource", p.(provider.ProviderWithListResources).ListResources(ctx))
	n += checkConfigured[ephemeral.EphemeralResourceWithConfigure](t, "ephemeral resource",
		p.(provider.ProviderWithEphemeralResources).EphemeralResources(ctx))
	n += checkConfigured[action.ActionWithConfigure](t, "action", p.(provider.ProviderWithActions).Actions(ctx))
	if n == 0 {
		t.Fatal("no data sources, list resources, ephemeral resources or actions")
	}
}

// checkConfigured fails unless what each of factories makes is a C, and
// answers how many it checked.
func checkConfigured[C, T any](t *testing.T, kind string, factories []func() T) int {
	t.Helper()
	for _, f := range factories {
		if v := f(); !implements[C](v) {
			t.Errorf("%s %T does not implement Configure", kind, v)
		}
	}
	return len(factories)
}

func implements[C any](v any) bool {
	_, ok := v.(C)
	return ok
}

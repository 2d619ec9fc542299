// Package provider implements the adminapi Terraform provider.
package provider

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/account"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/adminuser"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/auth"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/platformuser"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/role"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/settings"
)

var (
	_ provider.Provider                       = (*adminAPIProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*adminAPIProvider)(nil)
	_ provider.ProviderWithListResources      = (*adminAPIProvider)(nil)
	_ provider.ProviderWithActions            = (*adminAPIProvider)(nil)
)

type adminAPIProvider struct {
	version string
}

// New returns the provider factory for the given build version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &adminAPIProvider{version: version}
	}
}

type providerModel struct {
	Endpoint             types.String  `tfsdk:"endpoint"`
	Token                types.String  `tfsdk:"token"`
	Username             types.String  `tfsdk:"username"`
	Password             types.String  `tfsdk:"password"`
	ClientID             types.String  `tfsdk:"client_id"`
	ClientSecret         types.String  `tfsdk:"client_secret"`
	Scopes               types.List    `tfsdk:"scopes"`
	CACertPEM            types.String  `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify   types.Bool    `tfsdk:"insecure_skip_verify"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	PermissionCheck      types.String  `tfsdk:"permission_check"`
}

const (
	defaultRequestTimeout = 30 * time.Second
	defaultMaxRetries     = 10
)

func (p *adminAPIProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "adminapi"
	resp.Version = p.version
}

func (p *adminAPIProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if unknown := unknownAttributes(cfg); len(unknown) > 0 {
		for _, name := range unknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider configuration not known until apply",
				fmt.Sprintf("The adminapi provider needs %s to plan, but it depends on a value that is only known after apply. "+
					"Set it from a variable or its ADMINAPI_* environment variable, or apply what it depends on first (terraform apply -target=...).", name))
		}
		return
	}
	settings, diags := resolveSettings(ctx, cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	check, diags := permissionCheck(cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings.UserAgent = fmt.Sprintf("terraform-provider-adminapi/%s terraform/%s", p.version, req.TerraformVersion)
	settings.Logger = clientLogger(os.LookupEnv)
	c, err := client.New(settings)
	if err != nil {
		resp.Diagnostics.AddError("Invalid adminapi provider configuration", err.Error())
		return
	}
	// Authenticate now, so that bad credentials fail the plan rather than the
	// apply; the token is kept for the whole run.
	me, err := c.Me(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not authenticate to the admin API", err.Error())
		return
	}
	data := &common.ProviderData{Client: c, Caller: *me, PermissionCheck: check}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// unknownAttributes names the provider arguments whose values are not known yet.
func unknownAttributes(cfg providerModel) []string {
	var names []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"endpoint": cfg.Endpoint, "token": cfg.Token, "username": cfg.Username, "password": cfg.Password,
		"client_id": cfg.ClientID, "client_secret": cfg.ClientSecret, "scopes": cfg.Scopes, "ca_cert_pem": cfg.CACertPEM,
		"insecure_skip_verify": cfg.InsecureSkipVerify, "request_timeout": cfg.RequestTimeout,
		"max_retries": cfg.MaxRetries, "max_requests_per_second": cfg.MaxRequestsPerSecond,
		"permission_check": cfg.PermissionCheck,
	} {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// domains are the provider's domain packages' types, each exported by its
// own package.
var domains = []common.Types{adminuser.Types, platformuser.Types, role.Types, account.Types, settings.Types, auth.Types}

// joined is every domain's list of one kind, in the order of domains.
func joined[T any](kind func(common.Types) []T) []T {
	var all []T
	for _, d := range domains {
		all = append(all, kind(d)...)
	}
	return all
}

func (p *adminAPIProvider) Resources(context.Context) []func() resource.Resource {
	return joined(func(t common.Types) []func() resource.Resource { return t.Resources })
}

func (p *adminAPIProvider) DataSources(context.Context) []func() datasource.DataSource {
	return joined(func(t common.Types) []func() datasource.DataSource { return t.DataSources })
}

func (p *adminAPIProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return joined(func(t common.Types) []func() ephemeral.EphemeralResource { return t.EphemeralResources })
}

func (p *adminAPIProvider) ListResources(context.Context) []func() list.ListResource {
	return joined(func(t common.Types) []func() list.ListResource { return t.ListResources })
}

func (p *adminAPIProvider) Actions(context.Context) []func() action.Action {
	return joined(func(t common.Types) []func() action.Action { return t.Actions })
}

// envOr returns the configured value, else the environment variable's.
func envOr(v types.String, env string, lookup func(string) (string, bool)) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	s, _ := lookup(env)
	return s
}

func envBool(v types.Bool, env string, lookup func(string) (string, bool)) (bool, error) {
	if !v.IsNull() {
		return v.ValueBool(), nil
	}
	s, ok := lookup(env)
	if !ok || s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not a boolean", env, s)
	}
	return b, nil
}

package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

type authMethod struct {
	attrs, envs []string
	values      []string
}

// authMethods resolves the three ways to authenticate. The configuration
// beats the environment as a whole: once the configuration names a way, the
// environment only completes that way (e.g. username in HCL, password from
// ADMINAPI_PASSWORD) and cannot add another one.
func authMethods(cfg providerModel, lookup func(string) (string, bool)) []authMethod {
	methods := []authMethod{
		{attrs: []string{"token"}, envs: []string{"ADMINAPI_TOKEN"}},
		{attrs: []string{"username", "password"}, envs: []string{"ADMINAPI_USERNAME", "ADMINAPI_PASSWORD"}},
		{attrs: []string{"client_id", "client_secret"}, envs: []string{"ADMINAPI_CLIENT_ID", "ADMINAPI_CLIENT_SECRET"}},
	}
	configured := map[string]types.String{
		"token": cfg.Token, "username": cfg.Username, "password": cfg.Password,
		"client_id": cfg.ClientID, "client_secret": cfg.ClientSecret,
	}
	inConfig := func(m authMethod) bool {
		for _, a := range m.attrs {
			if !configured[a].IsNull() {
				return true
			}
		}
		return false
	}
	anyInConfig := false
	for _, m := range methods {
		anyInConfig = anyInConfig || inConfig(m)
	}
	for i, m := range methods {
		useEnv := !anyInConfig || inConfig(m)
		methods[i].values = make([]string, len(m.attrs))
		for j, a := range m.attrs {
			if v := configured[a]; !v.IsNull() {
				methods[i].values[j] = v.ValueString()
			} else if useEnv {
				methods[i].values[j], _ = lookup(m.envs[j])
			}
		}
	}
	return methods
}

// resolveSettings merges configuration over environment and checks that
// exactly one way to authenticate is given.
func resolveSettings(ctx context.Context, cfg providerModel, lookup func(string) (string, bool)) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := client.Config{
		Endpoint:  envOr(cfg.Endpoint, "ADMINAPI_ENDPOINT", lookup),
		CACertPEM: envOr(cfg.CACertPEM, "ADMINAPI_CA_CERT_PEM", lookup),

		RequestTimeout: defaultRequestTimeout,
		MaxRetries:     defaultMaxRetries,
	}
	if out.Endpoint == "" {
		diags.AddAttributeError(path.Root("endpoint"), "Missing admin API endpoint",
			"Set endpoint in the provider configuration or the ADMINAPI_ENDPOINT environment variable.")
	} else if u, err := url.Parse(out.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		diags.AddAttributeError(path.Root("endpoint"), "Invalid admin API endpoint",
			fmt.Sprintf("endpoint %q must be an http:// or https:// URL.", out.Endpoint))
	}

	insecure, err := envBool(cfg.InsecureSkipVerify, "ADMINAPI_INSECURE_SKIP_VERIFY", lookup)
	if err != nil {
		diags.AddAttributeError(path.Root("insecure_skip_verify"), "Invalid insecure_skip_verify", err.Error())
	}
	out.InsecureSkipVerify = insecure
	if !cfg.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive duration such as 30s.", cfg.RequestTimeout.ValueString()))
		}
		out.RequestTimeout = d
	}
	if !cfg.MaxRetries.IsNull() {
		out.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.MaxRequestsPerSecond.IsNull() {
		out.MaxRequestsPerSecond = cfg.MaxRequestsPerSecond.ValueFloat64()
	}
	if !cfg.Scopes.IsNull() {
		diags.Append(cfg.Scopes.ElementsAs(ctx, &out.Scopes, false)...)
	}

	methods := authMethods(cfg, lookup)
	out.Token = methods[0].values[0]
	out.Username, out.Password = methods[1].values[0], methods[1].values[1]
	out.ClientID, out.ClientSecret = methods[2].values[0], methods[2].values[1]
	var given []string
	for _, m := range methods {
		set := 0
		for _, v := range m.values {
			if v != "" {
				set++
			}
		}
		if set == 0 {
			continue
		}
		given = append(given, m.describe())
		if set < len(m.values) {
			for i, v := range m.values {
				if v == "" {
					diags.AddAttributeError(path.Root(m.attrs[i]), "Incomplete adminapi credentials",
						fmt.Sprintf("%s is needed with %s: set %s or the %s environment variable.",
							m.attrs[i], strings.Join(m.attrs, " + "), m.attrs[i], m.envs[i]))
				}
			}
		}
	}
	all := make([]string, len(methods))
	for i, m := range methods {
		all[i] = m.describe()
	}
	switch {
	case len(given) == 0:
		diags.AddError("No way to authenticate to the admin API",
			"Give exactly one of: "+strings.Join(all, "; ")+".")
	case len(given) > 1:
		diags.AddError("More than one way to authenticate to the admin API",
			"Give exactly one of: "+strings.Join(all, "; ")+". Found: "+strings.Join(given, " and ")+".")
	}
	return out, diags
}

func (m authMethod) describe() string {
	return fmt.Sprintf("%s (%s)", strings.Join(m.attrs, " + "), strings.Join(m.envs, " + "))
}

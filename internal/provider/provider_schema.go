package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func (p *adminAPIProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a platform's users through its admin API: admin users and their permissions, " +
			"platform users, roles and role assignments, accounts and their members, and the platform's settings.\n\n" +
			"Authenticate in exactly one way: `token`, `username` + `password`, or `client_id` + `client_secret`. " +
			"Every argument can also come from its `ADMINAPI_*` environment variable; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Base URL of the admin API, e.g. `https://lead.example.com`. Environment: `ADMINAPI_ENDPOINT`. Required one way or the other.",
			},
			"token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "A token obtained elsewhere. Environment: `ADMINAPI_TOKEN`.",
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Admin username to log in with (with `password`). Environment: `ADMINAPI_USERNAME`.",
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Password of `username`. Environment: `ADMINAPI_PASSWORD`.",
			},
			"client_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "OAuth2 client id for the client-credentials grant, for pipelines (with `client_secret`). Environment: `ADMINAPI_CLIENT_ID`.",
			},
			"client_secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "OAuth2 client secret. Environment: `ADMINAPI_CLIENT_SECRET`.",
			},
			"scopes": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				MarkdownDescription: "Scopes to request with client credentials, sent space-separated as the token request's `scope`. The reference server (`adminapi-server`) accepts any scope string and ignores it (it only echoes it back in the token answer): the token's permissions are always the permission set declared for the client (`clients[].permissions`) in the server's configuration file, whatever the scopes.",
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust for the endpoint's TLS certificate. Environment: `ADMINAPI_CA_CERT_PEM`.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip TLS certificate verification (testing only). Environment: `ADMINAPI_INSECURE_SKIP_VERIFY`.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
				MarkdownDescription: "Timeout of one HTTP request, as a Go duration (`30s`, `1m`). Default `30s`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
				MarkdownDescription: "How many times a request is retried on 429, 502, 503, 504 and lost connections, with exponential backoff that honours `Retry-After`; every `POST` keeps its `Idempotency-Key` across retries, so nothing is created twice. Default 10: a request then fails only when 11 attempts in a row do, so that an apply of hundreds of requests goes through a quarter of them failing. Until the endpoint has answered once, a refused connection is retried at most 3 times (about 3 seconds), so that a wrong endpoint or a server that is not running fails fast; TLS errors (certificates, an `https://` endpoint answered in plain HTTP) and an unknown host are not retried.",
			},
			"permission_check": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf("warn", "error", "off")},
				MarkdownDescription: "What a planned change, or a data source read, gives when the admin user or API client the provider " +
					"authenticates as lacks a permission it needs: `warn` (the default) a warning, `error` an error that stops the plan " +
					"before anything is written, `off` nothing. The provider reads the caller's permissions once a run (`GET /auth/me`) " +
					"and checks every planned create, update, replacement and destroy against the permissions each resource's page lists. " +
					"Can also be set with the `ADMINAPI_PERMISSION_CHECK` environment variable.",
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
				MarkdownDescription: "Client-side limit on requests per second; 0 (the default) means none. Below it, the provider slows down on the server's 429s: every request waits out their `Retry-After`, the rate is halved at most once per `Retry-After` (one second at least), and each answer that is neither a 429 nor a 5xx raises it again by one request a second.",
			},
		},
	}
}

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
				MarkdownDescription: "Scopes to request with client credentials.",
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
				MarkdownDescription: "How many times a request is retried on 429, 502, 503, 504 and lost connections, with exponential backoff that honours `Retry-After`; every `POST` keeps its `Idempotency-Key` across retries, so nothing is created twice. Default 4.",
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
				MarkdownDescription: "Client-side limit on requests per second; 0 (the default) means none.",
			},
		},
	}
}

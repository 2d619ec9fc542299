package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogLogger hands the client's request lines to Terraform's log.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "password", "secret", "token", "client_secret", "refresh_token", "access_token", "Authorization")
	tflog.Debug(ctx, msg, fields)
}

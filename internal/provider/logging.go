package provider

import (
	"context"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// clientLogger answers the logger of the client's request lines, or none
// when the provider's logger would drop them (TF_LOG_PROVIDER_ADMINAPI, as
// terraform-plugin-go reads it, above DEBUG:
// workaround.MatchLogLevelsToTerraform sets it off when Terraform keeps no
// provider line), so that no line is built for nothing.
func clientLogger(lookup func(string) (string, bool)) client.Logger {
	v, _ := lookup(workaround.ProviderLogEnv)
	if level := hclog.LevelFromString(v); level != hclog.NoLevel && level > hclog.Debug {
		return nil
	}
	return tflogLogger{}
}

// tflogLogger hands the client's request lines to Terraform's log.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "password", "secret", "token", "client_secret", "refresh_token", "access_token", "Authorization")
	tflog.Debug(ctx, msg, fields)
}

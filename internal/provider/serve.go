package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// NewProtocolServer answers the provider's protocol 6 server, as
// providerserver.NewProtocol6 does, with the framework's kept request
// contexts released (workaround.ReleaseRequestContexts).
func NewProtocolServer(version string) func() tfprotov6.ProviderServer {
	return workaround.ReleaseRequestContexts(providerserver.NewProtocol6(New(version)()))
}

package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// retained is how many of calls request contexts the server behind
// validate keeps (workaround.RetainedContexts).
func retained(t *testing.T, validate func(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error), calls int) int {
	t.Helper()
	live, err := workaround.RetainedContexts(t.Context(), validate, "adminapi_platform_user", calls)
	if err != nil {
		t.Fatal(err)
	}
	return live
}

// The provider's server lets go of its requests' contexts, where the
// framework's keeps them (workaround.ReleaseRequestContexts, whose canary
// is workaround.TestUpstreamFrameworkKeepsRequestContexts).
func TestNewProtocolServer_releasesRequestContexts(t *testing.T) {
	const calls = 50
	framework := providerserver.NewProtocol6(New("test")())()
	if live := retained(t, framework.ValidateResourceConfig, calls); live < calls {
		t.Errorf("the framework's own server kept %d of %d request contexts, want all: has it been fixed? (see workaround/request_context.go)", live, calls)
	}
	released := NewProtocolServer("test")()
	if live := retained(t, released.ValidateResourceConfig, calls); live > 0 {
		t.Errorf("NewProtocolServer kept %d of %d request contexts after their calls, want none", live, calls)
	}
}

func TestNewProtocolServer_keepsOptionalServers(t *testing.T) {
	s := NewProtocolServer("test")()
	if _, ok := s.(tfprotov6.ListResourceServer); !ok {
		t.Error("the server does not serve list resources")
	}
	if _, ok := s.(tfprotov6.ActionServer); !ok {
		t.Error("the server does not serve actions")
	}
	if _, ok := s.(tfprotov6.StateStoreServer); !ok {
		t.Error("the server does not answer state store calls")
	}
	if framework := providerserver.NewProtocol6(New("test")())(); reflect.TypeOf(s) == reflect.TypeOf(framework) {
		t.Errorf("NewProtocolServer answered the framework's own server (%T), which keeps every request's context", s)
	}
}

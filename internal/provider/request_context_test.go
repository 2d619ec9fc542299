package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type payloadKey struct{}

// retainedPayloads calls validate n times, each with a context that holds
// a payload of its own, and answers how many payloads are still live after
// a collection.
func retainedPayloads(t *testing.T, validate func(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error), n int) int {
	t.Helper()
	refs := make([]weak.Pointer[[4096]byte], n)
	for i := range refs {
		payload := new([4096]byte)
		refs[i] = weak.Make(payload)
		ctx := context.WithValue(t.Context(), payloadKey{}, payload)
		if _, err := validate(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "adminapi_platform_user"}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
	live := 0
	for _, r := range refs {
		if r.Value() != nil {
			live++
		}
	}
	return live
}

func TestNewProtocolServer_releasesRequestContexts(t *testing.T) {
	const calls = 50
	framework := providerserver.NewProtocol6(New("test")())()
	// If this fails, the framework no longer keeps each request's context
	// (internal/proto6server.registerContext): releasingServer can go.
	if live := retainedPayloads(t, framework.ValidateResourceConfig, calls); live < calls {
		t.Errorf("the framework's own server kept %d of %d request contexts, want all: has it been fixed?", live, calls)
	}
	released := NewProtocolServer("test")()
	if live := retainedPayloads(t, released.ValidateResourceConfig, calls); live > 0 {
		t.Errorf("NewProtocolServer kept %d of %d request contexts after their calls, want none", live, calls)
	}
}

func TestNewProtocolServer_keepsOptionalServers(t *testing.T) {
	s := NewProtocolServer("test")()
	if _, ok := s.(releasingServer); !ok {
		t.Errorf("NewProtocolServer answered a %T, not a releasingServer", s)
	}
	if _, ok := s.(tfprotov6.ListResourceServer); !ok {
		t.Error("the server does not serve list resources")
	}
	if _, ok := s.(tfprotov6.ActionServer); !ok {
		t.Error("the server does not serve actions")
	}
	if _, ok := s.(tfprotov6.StateStoreServer); !ok {
		t.Error("the server does not answer state store calls")
	}
}

func TestReleasing_isTheRequestsContextUntilTheCallReturns(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(t.Context(), payloadKey{}, "request value"), deadline)
	defer cancel()
	var kept context.Context
	_, err := releasing(parent, "request", func(ctx context.Context, req string) (string, error) {
		kept = ctx
		if got := ctx.Value(payloadKey{}); got != "request value" {
			t.Errorf("during the call Value = %v, want the request's", got)
		}
		if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
			t.Errorf("during the call Deadline = %v %v, want %v", got, ok, deadline)
		}
		if ctx.Err() != nil {
			t.Errorf("during the call Err = %v, want nil", ctx.Err())
		}
		cancel()
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Error("canceling the request's context did not end the call's")
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("after cancel Err = %v, want context.Canceled", ctx.Err())
		}
		return req, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := kept.Value(payloadKey{}); got != nil {
		t.Errorf("after the call Value = %v, want nil", got)
	}
	if _, ok := kept.Deadline(); ok {
		t.Error("after the call the context still has a deadline")
	}
	if !errors.Is(kept.Err(), context.Canceled) {
		t.Errorf("after the call Err = %v, want context.Canceled", kept.Err())
	}
	select {
	case <-kept.Done():
	default:
		t.Error("after the call Done is open")
	}
}

// A context derived during the call, as the framework derives its own, is
// canceled with the request's.
func TestReleasing_derivedContextFollowsTheRequest(t *testing.T) {
	parent, cancel := context.WithCancel(t.Context())
	var derived context.Context
	_, _ = releasing(parent, 0, func(ctx context.Context, req int) (int, error) {
		var stop context.CancelFunc
		derived, stop = context.WithCancel(ctx)
		_ = stop // kept, as the framework keeps it, never called
		return req, nil
	})
	cancel()
	select {
	case <-derived.Done():
	case <-time.After(5 * time.Second):
		t.Error("a context derived during the call outlived the request's")
	}
}

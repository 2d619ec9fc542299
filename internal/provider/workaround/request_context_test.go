package workaround

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type payloadKey struct{}

// retained is RetainedContexts of contextCalls calls to validate.
func retained(t *testing.T, validate func(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error)) int {
	t.Helper()
	live, err := RetainedContexts(t.Context(), validate, testThing, contextCalls)
	if err != nil {
		t.Fatal(err)
	}
	return live
}

// contextCalls is how many requests a test of the kept contexts makes.
const contextCalls = 50

// TestUpstreamFrameworkKeepsRequestContexts is the canary of
// request_context.go: the framework's own server keeps every request's
// context after the call returns (internal/proto6server.registerContext).
func TestUpstreamFrameworkKeepsRequestContexts(t *testing.T) {
	framework := frameworkServer6()()
	if live := retained(t, framework.ValidateResourceConfig); live < contextCalls {
		t.Errorf("upstream fixed the kept request contexts: the framework's own server kept %d of %d request contexts after their calls, want all; "+
			"the workaround in request_context.go (ReleaseRequestContexts) can go", live, contextCalls)
	}
}

func TestReleaseRequestContexts_releasesRequestContexts(t *testing.T) {
	released := ReleaseRequestContexts(frameworkServer6())()
	if live := retained(t, released.ValidateResourceConfig); live > 0 {
		t.Errorf("ReleaseRequestContexts kept %d of %d request contexts after their calls, want none", live, contextCalls)
	}
}

func TestReleaseRequestContexts_keepsOptionalServers(t *testing.T) {
	s := ReleaseRequestContexts(frameworkServer6())()
	if _, ok := s.(releasingServer); !ok {
		t.Errorf("ReleaseRequestContexts answered a %T, not a releasingServer", s)
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

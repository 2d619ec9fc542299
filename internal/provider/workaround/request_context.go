// Works around the framework keeping every request's context until the
// provider stops (terraform-plugin-framework v1.19,
// internal/proto6server.registerContext). There is no upstream issue yet;
// the report to file (terraform-plugin-framework):
//
//	Title: proto6server keeps every request's context until StopProvider
//
//	In v1.19.0, every RPC of internal/proto6server.Server begins with
//	ctx = s.registerContext(ctx), which derives a context with
//	context.WithCancel and appends its CancelFunc to s.contextCancels.
//	Only cancelRegisteredContexts, on StopProvider, empties that slice,
//	and Terraform calls StopProvider only when an operation is
//	interrupted; so a provider process keeps a CancelFunc for every
//	request it serves, and with it the derived context and the
//	request's: its gRPC stream and the loggers and fields
//	terraform-plugin-go puts in it. That is 50 to 70 KB a resource
//	instance over ValidateResourceConfig, UpgradeResourceState,
//	ReadResource and PlanResourceChange (50 to 70 MB in a plan of 1,000),
//	live until the process ends and scanned by every collection.
//	internal/proto5server does the same. Expected: a request's context
//	is let go when its RPC returns: registerContext could also answer a
//	func that removes its CancelFunc, for the RPC to defer, or cancel
//	request contexts from one stop channel, as terraform-plugin-go's
//	tf6server does (stoppableContext).
//
// Canary: TestUpstreamFrameworkKeepsRequestContexts fails once the
// framework's own server no longer keeps a request's context after the
// call returns.

package workaround

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ReleaseRequestContexts wraps the framework's protocol 6 server
// (providerserver.NewProtocol6) into one that does not keep every
// request's context until it stops. The framework (v1.19,
// internal/proto6server.registerContext) keeps a CancelFunc of each
// request's context for StopProvider, and with it the whole context: the
// request's gRPC stream and the loggers terraform-plugin-go puts in it:
// 50 to 70 KB a resource over validate, upgrade, read and plan, for the
// life of the process. Here each per-instance call hands the framework a
// context that lets go of the request's when the call returns.
func ReleaseRequestContexts(framework func() tfprotov6.ProviderServer) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		s := framework()
		if fs, ok := s.(frameworkServer); ok {
			return releasingServer{fs}
		}
		return s // serves fewer calls than this one knows: TestNewProtocolServer_* fail
	}
}

// frameworkServer is what the framework's server implements, and
// tf6server looks for: list resources, actions and state stores beside
// the required calls.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer wraps the unary calls Terraform makes for each resource,
// data source, ephemeral resource and action; the others come once a run
// (schemas, configuration) or return a stream that outlives the call.
type releasingServer struct {
	frameworkServer
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return releasing(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return releasing(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return releasing(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return releasing(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s releasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ValidateEphemeralResourceConfig)
}

func (s releasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return releasing(ctx, req, s.frameworkServer.OpenEphemeralResource)
}

func (s releasingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return releasing(ctx, req, s.frameworkServer.RenewEphemeralResource)
}

func (s releasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return releasing(ctx, req, s.frameworkServer.CloseEphemeralResource)
}

func (s releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return releasing(ctx, req, s.frameworkServer.ValidateActionConfig)
}

func (s releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return releasing(ctx, req, s.frameworkServer.PlanAction)
}

// releasing calls f with a context that is the request's until f returns.
func releasing[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := &requestContext{}
	rc.request.Store(&ctx)
	defer rc.request.Store(nil)
	return f(rc, req)
}

// requestContext is the request's context until the request ends, then a
// canceled context without values that holds nothing.
type requestContext struct {
	request atomic.Pointer[context.Context]
}

func (c *requestContext) Deadline() (time.Time, bool) {
	if ctx := c.request.Load(); ctx != nil {
		return (*ctx).Deadline()
	}
	return time.Time{}, false
}

func (c *requestContext) Done() <-chan struct{} {
	if ctx := c.request.Load(); ctx != nil {
		return (*ctx).Done()
	}
	return closed
}

func (c *requestContext) Err() error {
	if ctx := c.request.Load(); ctx != nil {
		return (*ctx).Err()
	}
	return context.Canceled
}

func (c *requestContext) Value(key any) any {
	if ctx := c.request.Load(); ctx != nil {
		return (*ctx).Value(key)
	}
	return nil
}

var closed = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// RetainedContexts measures what ReleaseRequestContexts offsets: it calls
// validate n times for the resource type typeName, each with a context
// of ctx that holds a payload of its own, and answers how many payloads
// are still live after a collection, that is how many of the request
// contexts the server behind validate keeps.
func RetainedContexts(ctx context.Context, validate func(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error),
	typeName string, n int,
) (int, error) {
	refs := make([]weak.Pointer[[4096]byte], n)
	for i := range refs {
		payload := new([4096]byte)
		refs[i] = weak.Make(payload)
		if _, err := validate(context.WithValue(ctx, retainedKey{}, payload), &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName}); err != nil {
			return 0, err
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
	return live, nil
}

// retainedKey holds RetainedContexts' payload in a request's context.
type retainedKey struct{}

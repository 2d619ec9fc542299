package acctest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
)

// Faults sets how often a FaultProxy breaks a request, each a fraction of all
// requests: answered 503, answered 429 with Retry-After, connection reset
// before the request reaches the server, connection reset after the server
// answered (the write happened, the answer is lost).
type Faults struct {
	Unavailable, TooMany, ResetBefore, ResetAfter float64
	// RetryAfter is the Retry-After header sent with 429 and 503, in seconds.
	RetryAfter string
}

// FaultCounts tells what a FaultProxy did.
type FaultCounts struct {
	Requests, Unavailable, TooMany, ResetBefore, ResetAfter int64
}

// FaultProxy stands between Terraform and the server and breaks a share of
// the requests it forwards.
type FaultProxy struct {
	URL    string
	faults Faults
	proxy  *httputil.ReverseProxy

	mu  sync.Mutex
	rng *rand.Rand

	requests, unavailable, tooMany, resetBefore, resetAfter atomic.Int64
	on                                                      atomic.Bool
}

// StartFaultProxy starts a proxy in front of target; seed makes the sequence
// of faults repeatable for one order of requests.
func StartFaultProxy(t testing.TB, target string, f Faults, seed uint64) *FaultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("fault proxy target: %v", err)
	}
	p := &FaultProxy{faults: f, proxy: httputil.NewSingleHostReverseProxy(u), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	p.on.Store(true)
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	p.URL = ts.URL
	return p
}

// SetEnabled switches the faults on or off; requests are forwarded either way.
func (p *FaultProxy) SetEnabled(on bool) { p.on.Store(on) }

// Counts says how many requests the proxy saw and broke.
func (p *FaultProxy) Counts() FaultCounts {
	return FaultCounts{
		Requests: p.requests.Load(), Unavailable: p.unavailable.Load(), TooMany: p.tooMany.Load(),
		ResetBefore: p.resetBefore.Load(), ResetAfter: p.resetAfter.Load(),
	}
}

// ProviderBlock is the provider configuration that logs in through the proxy.
func (p *FaultProxy) ProviderBlock() string {
	return providerBlock(p.URL)
}

func (p *FaultProxy) draw() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.Float64()
}

func (p *FaultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	if !p.on.Load() {
		p.proxy.ServeHTTP(w, r)
		return
	}
	f, x := p.faults, p.draw()
	switch {
	case x < f.Unavailable:
		p.unavailable.Add(1)
		p.answer(w, http.StatusServiceUnavailable)
	case x < f.Unavailable+f.TooMany:
		p.tooMany.Add(1)
		p.answer(w, http.StatusTooManyRequests)
	case x < f.Unavailable+f.TooMany+f.ResetBefore:
		p.resetBefore.Add(1)
		reset(w)
	case x < f.Unavailable+f.TooMany+f.ResetBefore+f.ResetAfter:
		p.resetAfter.Add(1)
		p.proxy.ServeHTTP(httptest.NewRecorder(), r)
		reset(w)
	default:
		p.proxy.ServeHTTP(w, r)
	}
}

func (p *FaultProxy) answer(w http.ResponseWriter, status int) {
	if p.faults.RetryAfter != "" {
		w.Header().Set("Retry-After", p.faults.RetryAfter)
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(http.StatusText(status)))
}

// reset closes the client's connection without an answer.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

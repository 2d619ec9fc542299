package acctest

import (
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Faults sets how often a FaultProxy breaks a request, each a fraction of all
// requests: answered 503, answered 429 with Retry-After, connection reset
// before the request reaches the server, connection reset after the server
// answered (the write happened, the answer is lost).
type Faults struct {
	Unavailable, TooMany, ResetBefore, ResetAfter float64
	// RetryAfter is the Retry-After header sent with 429 and 503, in seconds.
	RetryAfter string
	// Delay is the latency added to every request while the faults are on,
	// before it is forwarded or broken, as a distant server would have.
	Delay time.Duration
}

// FaultCounts tells what a FaultProxy did.
type FaultCounts struct {
	Requests, Unavailable, TooMany, ResetBefore, ResetAfter int64
	// Outage counts the requests reset during an outage (SetOutage).
	Outage int64
	// ByMethod counts the faults by kind and the method of the request
	// broken, e.g. "reset-after POST": 2.
	ByMethod map[string]int64
}

// FaultProxy stands between Terraform and the server and breaks a share of
// the requests it forwards.
type FaultProxy struct {
	URL    string
	faults Faults
	proxy  *httputil.ReverseProxy

	mu       sync.Mutex
	rng      *rand.Rand
	byMethod map[string]int64
	tripwire string // "METHOD /path" that starts an outage, see OutageAfter
	started  time.Time
	arrivals []time.Duration // of every request, since started

	requests, unavailable, tooMany, resetBefore, resetAfter, outages atomic.Int64
	on, outage                                                       atomic.Bool
}

// StartFaultProxy starts a proxy in front of target; seed makes the sequence
// of faults repeatable for one order of requests.
func StartFaultProxy(t testing.TB, target string, f Faults, seed uint64) *FaultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("fault proxy target: %v", err)
	}
	p := &FaultProxy{
		faults: f, proxy: httputil.NewSingleHostReverseProxy(u), started: time.Now(),
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
	p.on.Store(true)
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	p.URL = ts.URL
	return p
}

// SetEnabled switches the faults on or off; requests are forwarded either way.
func (p *FaultProxy) SetEnabled(on bool) { p.on.Store(on) }

// SetOutage starts or ends an outage: while it lasts, every request is reset
// before it reaches the server, whether the faults are on or not.
func (p *FaultProxy) SetOutage(on bool) { p.outage.Store(on) }

// OutageAfter makes the next request with method and path reach the server
// and lose its answer (a reset after), then starts an outage: the server
// acted on a request whose client cannot learn it for a while.
func (p *FaultProxy) OutageAfter(method, path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tripwire = method + " " + path
}

// trips tells whether r is the request that starts an outage, and disarms it.
func (p *FaultProxy) trips(r *http.Request) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tripwire == "" || p.tripwire != r.Method+" "+r.URL.Path {
		return false
	}
	p.tripwire = ""
	return true
}

// Counts says how many requests the proxy saw and broke.
func (p *FaultProxy) Counts() FaultCounts {
	p.mu.Lock()
	defer p.mu.Unlock()
	return FaultCounts{
		Requests: p.requests.Load(), Unavailable: p.unavailable.Load(), TooMany: p.tooMany.Load(),
		ResetBefore: p.resetBefore.Load(), ResetAfter: p.resetAfter.Load(), Outage: p.outages.Load(),
		ByMethod: maps.Clone(p.byMethod),
	}
}

// RequestsPer counts the requests the proxy received in each period of d
// since it started, up to the last request: how fast the client sent, and
// whether it slowed down.
func (p *FaultProxy) RequestsPer(d time.Duration) []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.arrivals) == 0 || d <= 0 {
		return nil
	}
	counts := make([]int, p.arrivals[len(p.arrivals)-1]/d+1)
	for _, at := range p.arrivals {
		counts[at/d]++
	}
	return counts
}

// ProviderBlock is the provider configuration that logs in through the
// proxy; each of extra is one more argument line, e.g. "max_retries = 10".
func (p *FaultProxy) ProviderBlock(extra ...string) string {
	return providerBlock(p.URL, extra...)
}

// broke counts a fault of kind done to r in n and in ByMethod.
func (p *FaultProxy) broke(n *atomic.Int64, kind string, r *http.Request) {
	n.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byMethod == nil {
		p.byMethod = map[string]int64{}
	}
	p.byMethod[kind+" "+r.Method]++
}

func (p *FaultProxy) draw() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.Float64()
}

func (p *FaultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	p.mu.Lock()
	p.arrivals = append(p.arrivals, time.Since(p.started))
	p.mu.Unlock()
	switch {
	case p.outage.Load():
		p.broke(&p.outages, "outage", r)
		reset(w)
		return
	case p.trips(r):
		p.broke(&p.resetAfter, "reset-after", r)
		p.proxy.ServeHTTP(httptest.NewRecorder(), r)
		p.outage.Store(true)
		reset(w)
		return
	}
	if !p.on.Load() {
		p.proxy.ServeHTTP(w, r)
		return
	}
	f, x := p.faults, p.draw()
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case x < f.Unavailable:
		p.broke(&p.unavailable, "503", r)
		p.answer(w, http.StatusServiceUnavailable)
	case x < f.Unavailable+f.TooMany:
		p.broke(&p.tooMany, "429", r)
		p.answer(w, http.StatusTooManyRequests)
	case x < f.Unavailable+f.TooMany+f.ResetBefore:
		p.broke(&p.resetBefore, "reset-before", r)
		reset(w)
	case x < f.Unavailable+f.TooMany+f.ResetBefore+f.ResetAfter:
		p.broke(&p.resetAfter, "reset-after", r)
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

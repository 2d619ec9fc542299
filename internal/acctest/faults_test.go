package acctest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The request that trips OutageAfter reaches the server but its answer is
// lost; the requests after it do not reach the server until the outage ends.
func TestFaultProxyOutageAfter(t *testing.T) {
	var reached atomic.Int64
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(backend.Close)
	p := StartFaultProxy(t, backend.URL, Faults{}, 1)
	p.OutageAfter(http.MethodPost, "/things")
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	send := func(method, path string) error {
		req, err := http.NewRequestWithContext(t.Context(), method, p.URL+path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	steps := []struct {
		method, path string
		answered     bool
		reached      int64
	}{
		{http.MethodGet, "/things", true, 1},     // another method: forwarded
		{http.MethodPost, "/other", true, 2},     // another path: forwarded
		{http.MethodPost, "/things", false, 3},   // acted on, answer lost
		{http.MethodPost, "/things", false, 3},   // the outage: not forwarded
		{http.MethodGet, "/elsewhere", false, 3}, // nothing is
	}
	for i, s := range steps {
		if err := send(s.method, s.path); (err == nil) != s.answered {
			t.Errorf("step %d, %s %s: error %v, want answered %v", i, s.method, s.path, err, s.answered)
		}
		if got := reached.Load(); got != s.reached {
			t.Errorf("step %d, %s %s: the server saw %d requests, want %d", i, s.method, s.path, got, s.reached)
		}
	}
	p.SetOutage(false)
	if err := send(http.MethodPost, "/things"); err != nil || reached.Load() != 4 {
		t.Errorf("after the outage: error %v, %d requests seen, want an answer and 4", err, reached.Load())
	}
	c1 := p.Counts()
	if c1.ResetAfter != 1 || c1.Outage != 2 || c1.ByMethod["reset-after POST"] != 1 || c1.ByMethod["outage GET"] != 1 {
		t.Errorf("counts = %+v, want 1 reset after (a POST) and 2 in the outage (one a GET)", c1)
	}
}

// Delay holds every request while the faults are on, and none when off.
func TestFaultProxyDelay(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(backend.Close)
	const delay = 100 * time.Millisecond
	p := StartFaultProxy(t, backend.URL, Faults{Delay: delay}, 1)
	took := func() time.Duration {
		start := time.Now()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, p.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return time.Since(start)
	}
	if d := took(); d < delay {
		t.Errorf("a request took %s, want at least %s", d, delay)
	}
	p.SetEnabled(false)
	if d := took(); d >= delay {
		t.Errorf("with the faults off a request took %s, want less than %s", d, delay)
	}
}

// RequestsPer counts the requests of each period since the proxy started.
func TestFaultProxyRequestsPer(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(backend.Close)
	p := StartFaultProxy(t, backend.URL, Faults{}, 1)
	if got := p.RequestsPer(time.Second); got != nil {
		t.Errorf("RequestsPer before any request = %v, want none", got)
	}
	get := func() {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, p.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	get()
	get()
	time.Sleep(1100 * time.Millisecond)
	get()
	got := p.RequestsPer(time.Second)
	if len(got) < 2 || got[0] != 2 || got[len(got)-1] != 1 {
		t.Errorf("RequestsPer(1s) = %v, want 2 first and 1 last", got)
	}
	if total := p.Counts().Requests; total != 3 {
		t.Errorf("%d requests counted, want 3", total)
	}
}

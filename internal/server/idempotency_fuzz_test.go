package server

import (
	"bytes"
	"testing"
)

// hashedRequest is what requestHash identifies a request by.
type hashedRequest struct {
	method, target, caller string
	body                   []byte
}

func (h hashedRequest) hash() [32]byte { return requestHash(h.method, h.target, h.caller, h.body) }

func (h hashedRequest) equal(o hashedRequest) bool {
	return h.method == o.method && h.target == o.target && h.caller == o.caller && bytes.Equal(h.body, o.body)
}

// shifted answers h with the first byte of each part after the first moved
// to the end of the part before it: the same bytes, cut elsewhere.
func (h hashedRequest) shifted() []hashedRequest {
	var out []hashedRequest
	if h.target != "" {
		out = append(out, hashedRequest{h.method + h.target[:1], h.target[1:], h.caller, h.body})
	}
	if h.caller != "" {
		out = append(out, hashedRequest{h.method, h.target + h.caller[:1], h.caller[1:], h.body})
	}
	if len(h.body) > 0 {
		out = append(out, hashedRequest{h.method, h.target, h.caller + string(h.body[:1]), h.body[1:]})
	}
	return out
}

// FuzzIdempotencyRequestHash: equal requests hash alike, and requests that
// differ in any part, or only in where their parts are cut, hash apart.
func FuzzIdempotencyRequestHash(f *testing.F) {
	body := []byte(`{"name":"viewer"}`)
	f.Add("POST", "/roles", "admin_user:root#u1", body, "POST", "/roles", "admin_user:root#u1", body)
	f.Add("POST", "/roles", "admin_user:root#u1", body, "POST", "/roles", "client:ci", body)
	f.Add("POST", "/roles", "c", []byte(`{}`), "POST", "/roles?x=1", "c", []byte(`{} `))
	f.Add("POST", "/accounts", "c", []byte{}, "POST", "/accounts", "c", []byte(nil))
	f.Add("POST", "/a", "b", []byte("c"), "POST/", "ab", "", []byte("c"))
	f.Fuzz(func(t *testing.T, m1, t1, c1 string, b1 []byte, m2, t2, c2 string, b2 []byte) {
		a, b := hashedRequest{m1, t1, c1, b1}, hashedRequest{m2, t2, c2, b2}
		if again := (hashedRequest{m1, t1, c1, bytes.Clone(b1)}); a.hash() != again.hash() {
			t.Fatal("a copy of a request hashes apart")
		}
		if (a.hash() == b.hash()) != a.equal(b) {
			t.Fatalf("%+v and %+v: equal %v, equal hashes %v", a, b, a.equal(b), a.hash() == b.hash())
		}
		for _, s := range append(a.shifted(), b.shifted()...) {
			for _, r := range []hashedRequest{a, b} {
				if (s.hash() == r.hash()) != s.equal(r) {
					t.Fatalf("%+v and %+v: equal %v, equal hashes %v", s, r, s.equal(r), s.hash() == r.hash())
				}
			}
		}
	})
}

package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// pagedRoles serves GET /roles with n roles and a total that may lie.
type pagedRoles struct {
	n, total  int
	failAfter int // answer 500 from this offset on, when > 0
	mu        sync.Mutex
	queries   []string
}

func (p *pagedRoles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.queries = append(p.queries, r.URL.RawQuery)
	p.mu.Unlock()
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if p.failAfter > 0 && offset >= p.failAfter {
		writeError(w, 500, "unexpected-error", "boom")
		return
	}
	list := api.RoleList{ListMeta: api.ListMeta{Total: p.total, Offset: offset, Limit: limit}, Roles: []api.Role{}}
	for i := offset; i < min(offset+limit, p.n); i++ {
		list.Roles = append(list.Roles, api.Role{Name: fmt.Sprintf("role-%04d", i)})
	}
	body, _ := json.Marshal(list)
	writeJSON(w, 200, string(body))
}

func TestIteratorFetchesEveryPage(t *testing.T) {
	p := &pagedRoles{n: 250, total: 250}
	c, _, _ := newTestClient(t, serve(t, p).URL, Config{Token: "t"})
	var names []string
	for role, err := range c.Roles(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, role.Name)
	}
	if len(names) != 250 || names[0] != "role-0000" || names[249] != "role-0249" {
		t.Errorf("got %d roles: %v ... ", len(names), names[:min(3, len(names))])
	}
	want := []string{"limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200"}
	if fmt.Sprint(p.queries) != fmt.Sprint(want) {
		t.Errorf("queries %q, want %q", p.queries, want)
	}
}

func TestIteratorStopsWhenTheCallerDoes(t *testing.T) {
	p := &pagedRoles{n: 250, total: 250}
	c, _, _ := newTestClient(t, serve(t, p).URL, Config{Token: "t"})
	n := 0
	for _, err := range c.Roles(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 150 {
			break
		}
	}
	if len(p.queries) != 2 {
		t.Errorf("%d pages fetched, want 2", len(p.queries))
	}
}

func TestIteratorYieldsAnErrorOnceAndStops(t *testing.T) {
	p := &pagedRoles{n: 250, total: 250, failAfter: 100}
	c, _, _ := newTestClient(t, serve(t, p).URL, Config{Token: "t"})
	items, errs := 0, 0
	for _, err := range c.Roles(t.Context()) {
		if err != nil {
			errs++
			if e, ok := AsAPIError(err); !ok || e.Status != 500 {
				t.Errorf("error %v", err)
			}
			continue
		}
		items++
	}
	if items != 100 || errs != 1 {
		t.Errorf("%d items and %d errors, want 100 and 1", items, errs)
	}
}

func TestIteratorStopsOnAnEmptyPage(t *testing.T) {
	p := &pagedRoles{n: 120, total: 1000}
	c, _, _ := newTestClient(t, serve(t, p).URL, Config{Token: "t"})
	n := 0
	for _, err := range c.Roles(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 120 || len(p.queries) != 3 {
		t.Errorf("%d items over %d pages, want 120 over 3", n, len(p.queries))
	}
}

func TestPageQuery(t *testing.T) {
	if got := pageQuery(20, 0).Encode(); got != "offset=20" {
		t.Errorf("pageQuery(20, 0) = %q", got)
	}
	if got := pageQuery(0, 5).Encode(); got != "limit=5&offset=0" {
		t.Errorf("pageQuery(0, 5) = %q", got)
	}
}

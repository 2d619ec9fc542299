package bench

import "testing"

func TestRouteNamesTheTemplate(t *testing.T) {
	router, err := NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/platform-users", "GET /platform-users"},
		{"GET", "/platform-users/bench-00001", "GET /platform-users/{username}"},
		{"PATCH", "/platform-users/bench-00001", "PATCH /platform-users/{username}"},
		{"DELETE", "/platform-users/u1/roles/r1", "DELETE /platform-users/{username}/roles/{role}"},
		{"POST", "/oauth/token", "POST /oauth/token"},
		{"PUT", "/platform-users", "PUT /platform-users (no route)"},
		{"GET", "/nowhere", "GET /nowhere (no route)"},
	} {
		if got := router.Route(tc.method, tc.path); got != tc.want {
			t.Errorf("Route(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}

func TestCountLoginsAndRetries(t *testing.T) {
	router, err := NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	c := router.Count([]Request{
		{Method: "POST", Path: "/auth/login", Status: 200},
		{Method: "POST", Path: "/auth/login", Status: 401},
		{Method: "POST", Path: "/oauth/token", Status: 200},
		{Method: "GET", Path: "/platform-users/a", Status: 429},
		{Method: "GET", Path: "/platform-users/a", Status: 503},
		{Method: "GET", Path: "/platform-users/a", Status: 502},
		{Method: "GET", Path: "/platform-users/a", Status: 500},
		{Method: "GET", Path: "/platform-users/a", Status: 200},
	})
	if c.Total != 8 || c.Logins != 2 || c.Throttled != 1 || c.Retryable != 2 {
		t.Errorf("total %d, logins %d, 429s %d, 5xx %d; want 8, 2, 1, 2", c.Total, c.Logins, c.Throttled, c.Retryable)
	}
	if got, want := c.RouteSummary(), "5 GET /platform-users/{username}; 2 POST /auth/login; 1 POST /oauth/token"; got != want {
		t.Errorf("RouteSummary() = %q, want %q", got, want)
	}
}

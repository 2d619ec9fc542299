package bench

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// Calls is what the server saw during one step.
type Calls struct {
	Total     int            `json:"total"`
	ByRoute   map[string]int `json:"by_route"`  // "GET /platform-users/{username}": every answer
	ByStatus  map[int]int    `json:"by_status"` // status: count
	Logins    int            `json:"logins"`    // successful POST /auth/login and /oauth/token
	Throttled int            `json:"throttled"` // 429 answers, each retried or failed
	Retryable int            `json:"retryable"` // 502, 503 and 504 answers
}

// Router names the OpenAPI route of a request path.
type Router struct{ mux *http.ServeMux }

// NewRouter answers a Router over every operation of internal/api's
// OpenAPI document.
func NewRouter() (*Router, error) {
	doc, err := api.LoadOpenAPI()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			mux.Handle(method+" "+path, noop)
		}
	}
	return &Router{mux: mux}, nil
}

// Route answers "METHOD /template" for a request, or the method and raw
// path with "(no route)" when the document has none.
func (r *Router) Route(method, path string) string {
	req := &http.Request{Method: method, URL: &url.URL{Path: path}, Host: "localhost"}
	if _, pattern := r.mux.Handler(req); pattern != "" {
		return pattern
	}
	return method + " " + path + " (no route)"
}

// Count adds up requests by route and status.
func (r *Router) Count(reqs []Request) Calls {
	c := Calls{ByRoute: map[string]int{}, ByStatus: map[int]int{}}
	for _, req := range reqs {
		route := r.Route(req.Method, req.Path)
		c.Total++
		c.ByRoute[route]++
		c.ByStatus[req.Status]++
		switch {
		case req.Status == http.StatusOK && (route == "POST /auth/login" || route == "POST /oauth/token"):
			c.Logins++
		case req.Status == http.StatusTooManyRequests:
			c.Throttled++
		case req.Status == http.StatusBadGateway || req.Status == http.StatusServiceUnavailable ||
			req.Status == http.StatusGatewayTimeout:
			c.Retryable++
		}
	}
	return c
}

// RouteSummary lists the routes, most called first, as "n METHOD /path"
// joined by "; ".
func (c Calls) RouteSummary() string {
	routes := slices.SortedFunc(maps.Keys(c.ByRoute), func(a, b string) int {
		if d := c.ByRoute[b] - c.ByRoute[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, 0, len(routes))
	for _, r := range routes {
		parts = append(parts, fmt.Sprintf("%d %s", c.ByRoute[r], r))
	}
	return strings.Join(parts, "; ")
}

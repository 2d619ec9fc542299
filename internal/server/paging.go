package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// paging reads offset (default 0, at least 0) and limit (default 10, 1 to
// 100) from the query.
func paging(r *http.Request) (api.ListMeta, error) {
	p := problems{}
	meta := pageParams(r, p)
	return meta, p.err()
}

// pageParams is paging for a list with more query parameters: it adds its
// problems to p.
func pageParams(r *http.Request, p problems) api.ListMeta {
	meta := api.ListMeta{Offset: 0, Limit: api.DefaultLimit}
	q := r.URL.Query()
	if v := q.Get("offset"); q.Has("offset") {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			p.add("offset", "must be an integer")
		case n < 0:
			p.add("offset", "must be at least 0")
		default:
			meta.Offset = n
		}
	}
	if v := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			p.add("limit", "must be an integer")
		case n < 1 || n > api.MaxLimit:
			p.add("limit", fmt.Sprintf("must be 1 to %d", api.MaxLimit))
		default:
			meta.Limit = n
		}
	}
	return meta
}

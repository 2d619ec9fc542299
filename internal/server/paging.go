package server

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// paging reads offset (default 0, at least 0) and limit (default 10, 1 to
// 100), each plain decimal digits, from the query.
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
	if n, ok := queryNumber(p, q, "offset", 0, math.MaxInt, "must be 0 or more, written in decimal digits"); ok {
		meta.Offset = n
	}
	limitRule := fmt.Sprintf("must be 1 to %d, written in decimal digits", api.MaxLimit)
	if n, ok := queryNumber(p, q, "limit", 1, api.MaxLimit, limitRule); ok {
		meta.Limit = n
	}
	return meta
}

// queryNumber reads a query parameter that, when present, must be plain
// decimal digits (no sign, space or exponent) for a number from minN to
// maxN; otherwise it adds rule as the parameter's problem.
func queryNumber(p problems, q url.Values, name string, minN, maxN int, rule string) (int, bool) {
	if !q.Has(name) {
		return 0, false
	}
	v := q.Get(name)
	n, err := strconv.Atoi(v)
	if v == "" || strings.Trim(v, "0123456789") != "" || err != nil || n < minN || n > maxN {
		p.add(name, rule)
		return 0, false
	}
	return n, true
}

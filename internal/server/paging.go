package server

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// paging reads offset (default 0, at least 0) and limit (default 10, 1 to
// 100), each plain decimal digits, from the query.
func paging(r *http.Request) (api.ListMeta, error) {
	p := problems{}
	_, meta := listQuery(r, p)
	return meta, p.err()
}

// listQuery is paging for a list with more query parameters: it answers
// them too and adds its problems to p.
func listQuery(r *http.Request, p problems) (url.Values, api.ListMeta) {
	meta := api.ListMeta{Offset: 0, Limit: api.DefaultLimit}
	q := parseQuery(r.URL.RawQuery, p)
	if n, ok := queryNumber(p, q, "offset", 0, math.MaxInt, "must be 0 or more, written in decimal digits"); ok {
		meta.Offset = n
	}
	limitRule := fmt.Sprintf("must be 1 to %d, written in decimal digits", api.MaxLimit)
	if n, ok := queryNumber(p, q, "limit", 1, api.MaxLimit, limitRule); ok {
		meta.Limit = n
	}
	return q, meta
}

// parseQuery reads a query string as url.ParseQuery does, except that a
// pair it cannot read (a ";", a malformed %-escape, invalid UTF-8) is a
// problem named by its parameter rather than dropped; a key that cannot be
// decoded names itself as written.
func parseQuery(raw string, p problems) url.Values {
	q := url.Values{}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, keyErr := url.QueryUnescape(rawKey)
		value, valueErr := url.QueryUnescape(rawValue)
		name := key
		if keyErr != nil || !utf8.ValidString(key) {
			name = rawKey
		}
		switch {
		case strings.Contains(pair, ";"):
			p.add(name, "must not hold a ';': parameters are separated by '&'")
		case keyErr != nil || valueErr != nil:
			p.add(name, "holds a malformed %-escape")
		case !utf8.ValidString(key) || !utf8.ValidString(value):
			p.add(name, "must be valid UTF-8 once decoded")
		default:
			q.Add(key, value)
		}
	}
	return q
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

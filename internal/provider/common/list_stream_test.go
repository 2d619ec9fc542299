package common

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
)

// numbers yields 0, 1, ... n-1, then fails if fail is set; read counts
// what was taken from it.
func numbers(n int, fail error, read *int) func(func(int, error) bool) {
	return func(yield func(int, error) bool) {
		for i := range n {
			*read++
			if !yield(i, nil) {
				return
			}
		}
		if fail != nil {
			yield(0, fail)
		}
	}
}

func named(i int) list.ListResult { return list.ListResult{DisplayName: string(rune('a' + i))} }

func TestListResults(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n, limit    int
		fail        error
		stopAfter   int // the consumer stops after this many results, 0 = never
		wantNames   string
		wantRead    int
		wantFailure string
	}{
		{name: "no limit", n: 5, wantNames: "abcde", wantRead: 5},
		{name: "limit reads no further", n: 5, limit: 2, wantNames: "ab", wantRead: 2},
		{name: "limit above the total", n: 3, limit: 10, wantNames: "abc", wantRead: 3},
		{name: "consumer stops", n: 5, stopAfter: 3, wantNames: "abc", wantRead: 3},
		{name: "error ends the stream", n: 2, fail: errors.New("GET /roles: 500"), wantNames: "ab", wantRead: 2,
			wantFailure: "Could not list: after 2 results: GET /roles: 500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := 0
			var names, failure strings.Builder
			got := 0
			for r := range ListResults(list.ListRequest{Limit: int64(tc.limit)}, numbers(tc.n, tc.fail, &read), "Could not list", named) {
				if r.Diagnostics.HasError() {
					failure.WriteString(r.Diagnostics[0].Summary() + ": " + r.Diagnostics[0].Detail())
					continue
				}
				names.WriteString(r.DisplayName)
				if got++; got == tc.stopAfter {
					break
				}
			}
			if names.String() != tc.wantNames || read != tc.wantRead || failure.String() != tc.wantFailure {
				t.Errorf("results %q, read %d, failure %q; want %q, %d, %q",
					names.String(), read, failure.String(), tc.wantNames, tc.wantRead, tc.wantFailure)
			}
		})
	}
}

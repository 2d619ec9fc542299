package common

import (
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// ListResults streams items as query results while Terraform takes them,
// at most req.Limit of them (no cap when it is 0). items is read lazily, so
// a paged iterator fetches a page only when a result of it is wanted. An
// error from items ends the stream with an error diagnostic: summary, and
// the error after the count of results already sent.
func ListResults[T any](req list.ListRequest, items iter.Seq2[T, error], summary string, result func(T) list.ListResult) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var sent int64
		for item, err := range items {
			if err != nil {
				var diags diag.Diagnostics
				diags.AddError(summary, fmt.Sprintf("after %d results: %v", sent, err))
				push(list.ListResult{Diagnostics: diags})
				return
			}
			if !push(result(item)) {
				return
			}
			if sent++; req.Limit > 0 && sent >= req.Limit {
				return
			}
		}
	}
}

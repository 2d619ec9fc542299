package client

import (
	"context"
	"iter"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// all iterates over every item of a paged list, api.MaxLimit a page, until
// the list's total is reached. An error ends the iteration after it is
// yielded.
func all[T any](ctx context.Context, page func(ctx context.Context, offset, limit int) ([]T, api.ListMeta, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for offset := 0; ; {
			items, meta, err := page(ctx, offset, api.MaxLimit)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			offset += len(items)
			if len(items) == 0 || offset >= meta.Total {
				return
			}
		}
	}
}

package acctest

import (
	"context"
	"fmt"
	"slices"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// NumberedNames are prefix-000, prefix-001, ... up to n names: what
// format("prefix-%03d", count.index) gives in HCL.
func NumberedNames(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%03d", prefix, i)
	}
	return names
}

// PlatformUsernames lists, sorted, the usernames of every platform user that
// matches filter, as many times as the server lists them.
func PlatformUsernames(ctx context.Context, c *client.Client, filter api.PlatformUserFilter) ([]string, error) {
	var names []string
	for u, err := range c.PlatformUsers(ctx, filter) {
		if err != nil {
			return nil, err
		}
		names = append(names, u.Username)
	}
	slices.Sort(names)
	return names, nil
}

// ExpectPlatformUsers checks that the platform users matching filter are
// exactly want: none missing, none twice, none more.
func ExpectPlatformUsers(ctx context.Context, c *client.Client, filter api.PlatformUserFilter, want []string) error {
	got, err := PlatformUsernames(ctx, c, filter)
	if err != nil {
		return err
	}
	want = slices.Sorted(slices.Values(want))
	if slices.Equal(got, want) {
		return nil
	}
	what := "platform users"
	if filter != (api.PlatformUserFilter{}) {
		what = fmt.Sprintf("platform users matching %+v", filter)
	}
	return fmt.Errorf("%s: %d, want %d\nmissing: %v\nunexpected or repeated: %v",
		what, len(got), len(want), difference(want, got), difference(got, want))
}

// difference is what a holds beyond b, counting repeats; both sorted.
func difference(a, b []string) []string {
	var out []string
	for len(a) > 0 {
		switch {
		case len(b) == 0 || a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return out
}

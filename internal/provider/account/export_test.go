package account

import (
	"testing"
	"time"
)

// SetLastAdminPatience shortens, for one test, how long a removal refused as
// "last admin" is retried; the previous value is restored at cleanup.
func SetLastAdminPatience(t testing.TB, d time.Duration) {
	old := lastAdminPatience.Swap(int64(d))
	t.Cleanup(func() { lastAdminPatience.Store(old) })
}

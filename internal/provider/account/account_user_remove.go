package account

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// lastAdminPatience is how long a removal refused as "last admin" keeps being
// retried without the account losing any other member. When a whole account's
// memberships are destroyed in one apply, Terraform removes them in parallel
// and may reach the admin before the users: the refusal then lasts only until
// the other removals land.
var lastAdminPatience atomic.Int64

const lastAdminPoll = 250 * time.Millisecond

func init() { lastAdminPatience.Store(int64(15 * time.Second)) }

// removeAccountMember removes a member; a 409 (last admin while others remain)
// is retried as long as the account's other members keep going away.
func removeAccountMember(ctx context.Context, c *client.Client, accountID, username string) error {
	err := c.RemoveAccountMember(ctx, accountID, username)
	if !client.IsConflict(err) {
		return err
	}
	patience := time.Duration(lastAdminPatience.Load())
	members := memberCount(ctx, c, accountID)
	deadline := time.Now().Add(patience)
	ticker := time.NewTicker(lastAdminPoll)
	defer ticker.Stop()
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return err
		case <-ticker.C:
		}
		if err = c.RemoveAccountMember(ctx, accountID, username); !client.IsConflict(err) {
			return err
		}
		if n := memberCount(ctx, c, accountID); n >= 0 && (members < 0 || n < members) {
			members, deadline = n, time.Now().Add(patience)
		}
	}
	return err
}

// memberCount answers how many members the account has, -1 if unknown.
func memberCount(ctx context.Context, c *client.Client, accountID string) int {
	l, err := c.ListAccountMembers(ctx, accountID, 0, 1)
	if err != nil {
		return -1
	}
	return l.Total
}

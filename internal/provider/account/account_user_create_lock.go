package account

import (
	"sync"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// The API adds a member with the same PUT that changes its role, so a create
// looks first and fails on a member that exists. Two creates of one
// membership in one run (two resources for it) would both find it missing
// and both add it; creates of one membership through one provider
// configuration therefore take turns.
type memberKey struct {
	client              *client.Client
	accountID, username string
}

var (
	memberCreatesMu sync.Mutex
	memberCreates   = map[memberKey]*sync.Mutex{}
)

// lockMemberCreate waits for any other create of the membership through c
// to end; call the function it returns when the create is done.
func lockMemberCreate(c *client.Client, accountID, username string) (unlock func()) {
	k := memberKey{c, accountID, username}
	memberCreatesMu.Lock()
	mu, ok := memberCreates[k]
	if !ok {
		mu = &sync.Mutex{}
		memberCreates[k] = mu
	}
	memberCreatesMu.Unlock()
	mu.Lock()
	return mu.Unlock
}

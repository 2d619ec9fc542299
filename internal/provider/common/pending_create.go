package common

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// pendingIDPrefix starts the id of a resource kept by a PendingCreate.
const pendingIDPrefix = "pending-create/"

// PendingCreateWindow is how long a pending create may be repeated: the
// API keeps the answer to an Idempotency-Key 24 hours from its create; the
// hour less leaves room for clocks that differ.
const PendingCreateWindow = 23 * time.Hour

// PendingCreate is a create of an object whose id the API makes, sent with
// an Idempotency-Key of its own. When it fails but may have taken effect,
// the resource is kept with the placeholder ID in place of the id, the key
// and time in it; the next refresh, or the delete that replaces it, repeats
// the create with the key and the same body (built again from the state,
// which holds the planned values): the API answers the repeat with the
// object the first made, or makes it then.
//
// The key lives in the state, not in the private state: Terraform gives a
// Delete the private state planned for it, which for a tainted object
// replaced without a refresh (-refresh=false) is empty, and a failed Delete
// writes that empty private state back.
type PendingCreate struct {
	Key    string
	SentAt time.Time
}

// NewPendingCreate is a create sent now with a new key.
func NewPendingCreate(now time.Time) PendingCreate {
	return PendingCreate{Key: uuid.NewString(), SentAt: now.UTC().Truncate(time.Second)}
}

// ID is the placeholder id of the resource kept by p:
// pending-create/<key>/<Unix seconds it was sent>.
func (p PendingCreate) ID() string {
	return pendingIDPrefix + p.Key + "/" + strconv.FormatInt(p.SentAt.Unix(), 10)
}

// ParsePendingCreate reads the pending create out of an id; ok is false when
// id is no placeholder (ID).
func ParsePendingCreate(id string) (p PendingCreate, ok bool) {
	rest, found := strings.CutPrefix(id, pendingIDPrefix)
	key, sent, found2 := strings.Cut(rest, "/")
	secs, err := strconv.ParseInt(sent, 10, 64)
	if !found || !found2 || key == "" || err != nil {
		return p, false
	}
	return PendingCreate{Key: key, SentAt: time.Unix(secs, 0).UTC()}, true
}

// Context is ctx with the create's Idempotency-Key.
func (p PendingCreate) Context(ctx context.Context) context.Context {
	return client.WithIdempotencyKey(ctx, p.Key)
}

// Expired tells whether the API may no longer hold the create's answer, so
// that repeating it could make a second object.
func (p PendingCreate) Expired(now time.Time) bool {
	return now.Sub(p.SentAt) > PendingCreateWindow
}

// String names the create for the user.
func (p PendingCreate) String() string {
	return fmt.Sprintf("the create with Idempotency-Key %s, sent %s", p.Key, p.SentAt.Format(time.RFC3339))
}

// KeepPendingCreate is KeepIfMayHaveActed for an object whose id the API
// makes: kept holds the planned values, its id p.ID().
func KeepPendingCreate(ctx context.Context, resp *resource.CreateResponse, err error, o Object, kept any, p PendingCreate) bool {
	if !client.MayHaveActed(err) {
		return false
	}
	keepPlanned(ctx, &resp.State, kept, &resp.Diagnostics)
	addUnsettledCreate(&resp.Diagnostics, o, err, fmt.Sprintf("Until then its id is %s: the next refresh "+
		"(or, with -refresh=false, the delete) repeats the create with the same Idempotency-Key and body, which the API "+
		"answers with the object it made, or makes it then.", p.ID()),
		fmt.Sprintf(" The API keeps the answer to the create for 24 hours: apply again within %s.", PendingCreateWindow))
	return true
}

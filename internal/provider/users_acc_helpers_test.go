package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// usersStateHolds checks whether the state, as `terraform show -json`
// prints it (sensitive values included), contains secret anywhere.
func usersStateHolds(secret string, want bool) statecheck.StateCheck {
	return usersStateSecretCheck{secret: secret, want: want}
}

type usersStateSecretCheck struct {
	secret string
	want   bool
}

func (c usersStateSecretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if got := strings.Contains(string(raw), c.secret); got != c.want {
		resp.Error = fmt.Errorf("state holds the secret: %v, want %v", got, c.want)
	}
}

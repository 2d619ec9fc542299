package role

import (
	"errors"
	"fmt"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestRolesOf(t *testing.T) {
	users := func(yield func(api.PlatformUser, error) bool) {
		for _, u := range []api.PlatformUser{
			{Username: "alice", Roles: []string{"ops", "dev"}},
			{Username: "bob"},
			{Username: "carol", Roles: []string{"dev"}},
		} {
			if !yield(u, nil) {
				return
			}
		}
		yield(api.PlatformUser{}, errors.New("page 2: 500"))
	}
	for role, want := range map[string]string{
		"":    "[alice ops] [alice dev] [carol dev] error: page 2: 500",
		"dev": "[alice dev] [carol dev] error: page 2: 500",
	} {
		got := ""
		for a, err := range rolesOf(users, role) {
			if err != nil {
				got += "error: " + err.Error()
				continue
			}
			got += fmt.Sprint(a[:]) + " "
		}
		if got != want {
			t.Errorf("rolesOf(users, %q) = %q, want %q", role, got, want)
		}
	}
}

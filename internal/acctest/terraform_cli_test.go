package acctest

import (
	"slices"
	"testing"
)

func TestTerraformErrors(t *testing.T) {
	out := `adminapi_platform_user.u[1]: Creating...

Error: Could not create Platform user crash-001

  with adminapi_platform_user.u[1],
  on main.tf line 13, in resource "adminapi_platform_user" "u":
  13: resource "adminapi_platform_user" "u" {

POST /platform-users: dial tcp: connection refused (gave up after 2
attempts to http://127.0.0.1:1)

Error: Platform user crash-002 already exists

POST /platform-users: 409 item-already-exists

To manage the existing object with Terraform, import it
`
	want := []string{
		"Could not create Platform user crash-001: POST /platform-users: dial tcp: connection refused (gave up after 2 attempts to http://127.0.0.1:1)",
		"Platform user crash-002 already exists: POST /platform-users: 409 item-already-exists",
	}
	if got := TerraformErrors(out); !slices.Equal(got, want) {
		t.Errorf("TerraformErrors =\n%q\nwant\n%q", got, want)
	}
}

package account

import (
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestRefreshProgress(t *testing.T) {
	const id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
	expires, left := int64(1767225600), int64(3599)
	for _, tc := range []struct {
		name string
		code api.ActivationCode
		want string
	}{
		{"expiry and time left", api.ActivationCode{ActivationCode: "s3cr3tAC", TimeLeft: &expires, SecondsLeft: &left},
			"Refreshed the activation code of account " + id + "; the new code expires at 2026-01-01T00:00:00Z (in 59m59s)."},
		{"expired", api.ActivationCode{ActivationCode: "s3cr3tAC"},
			"Refreshed the activation code of account " + id + ", but the API reports the new code as expired already."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := refreshProgress(id, tc.code)
			if got != tc.want {
				t.Errorf("refreshProgress = %q, want %q", got, tc.want)
			}
			if strings.Contains(got, tc.code.ActivationCode) {
				t.Errorf("refreshProgress shows the code: %q", got)
			}
		})
	}
}

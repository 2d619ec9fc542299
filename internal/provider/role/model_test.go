package role

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestFlattenRole(t *testing.T) {
	created := time.Date(2025, 3, 4, 5, 6, 7, 890e6, time.FixedZone("x", 3600))
	for _, tc := range []struct {
		name        string
		apiDesc     string
		prior, want types.String
	}{
		{"set", "Operators", types.StringNull(), types.StringValue("Operators")},
		{"unset maps to null", "", types.StringNull(), types.StringNull()},
		{"unset after removal", "", types.StringValue("Operators"), types.StringNull()},
		{"empty in configuration stays empty", "", types.StringValue(""), types.StringValue("")},
		{"unknown prior", "", types.StringUnknown(), types.StringNull()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := flattenRole(api.Role{Name: "ops", Description: tc.apiDesc, CreatedAt: created}, tc.prior)
			if !m.Description.Equal(tc.want) {
				t.Errorf("description = %v, want %v", m.Description, tc.want)
			}
			if m.ID.ValueString() != "ops" || m.Name.ValueString() != "ops" {
				t.Errorf("id, name = %v, %v; want ops", m.ID, m.Name)
			}
			if got := m.CreatedAt.ValueString(); got != "2025-03-04T04:06:07Z" {
				t.Errorf("created_at = %q, want UTC RFC 3339", got)
			}
		})
	}
}

func TestExpandCreateRole(t *testing.T) {
	in := expandCreateRole(roleModel{Name: types.StringValue("ops"), Description: types.StringNull()})
	if in.Name != "ops" || in.Description != nil {
		t.Errorf("without description: %+v", in)
	}
	in = expandCreateRole(roleModel{Name: types.StringValue("ops"), Description: types.StringValue("Operators")})
	if in.Description == nil || *in.Description != "Operators" {
		t.Errorf("with description: %+v", in)
	}
}

func TestRoleAssignedDetail(t *testing.T) {
	err := errors.New("DELETE /roles/ops: 409 conflict: the role ops is assigned to 2 platform user(s)")
	got := roleAssignedDetail("ops", err, []string{"alice-1", "bob-22"})
	for _, want := range []string{err.Error(), "It is assigned to: alice-1, bob-22.", `adminapi_user_role resources with role = "ops"`} {
		if !strings.Contains(got, want) {
			t.Errorf("detail %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "maybe more") {
		t.Errorf("detail %q says there may be more holders", got)
	}
	many := make([]string, maxRoleHolders)
	for i := range many {
		many[i] = "user"
	}
	if got := roleAssignedDetail("ops", err, many); !strings.Contains(got, "(and maybe more)") {
		t.Errorf("detail with %d holders %q does not say there may be more", maxRoleHolders, got)
	}
	if got := roleAssignedDetail("ops", err, nil); strings.Contains(got, "It is assigned to") {
		t.Errorf("detail without holders %q lists holders", got)
	}
}

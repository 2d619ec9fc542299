package account

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestExpandAccountSendsEveryField(t *testing.T) {
	m := accountModel{
		Name:                 types.StringValue("acme"),
		HealthTimePeriod:     types.Int64Value(1),
		ExecInterval:         types.Int64Value(0),
		BaseLineExecInterval: types.Int64Null(),
		CDModelFrequency:     types.Int64Unknown(),
		CDExecutionFrequency: types.Int64Value(5),
		DataRetention:        types.Int64Value(30),
		Attributes:           types.MapValueMust(types.StringType, map[string]attr.Value{"region": types.StringValue("eu")}),
	}
	in, diags := expandAccount(t.Context(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, got := range map[string]struct {
		p    *int64
		want int64
	}{
		"healthTimePeriod":        {in.HealthTimePeriod, 1},
		"exec_interval":           {in.ExecInterval, 0},
		"base_line_exec_interval": {in.BaseLineExecInterval, api.DefaultBaseLineExecInterval},
		"cd_model_frequency":      {in.CDModelFrequency, api.DefaultCDModelFrequency},
		"cd_execution_frequency":  {in.CDExecutionFrequency, 5},
		"data_retention":          {in.DataRetention, 30},
	} {
		if got.p == nil || *got.p != got.want {
			t.Errorf("%s = %v, want %d", name, got.p, got.want)
		}
	}
	if in.Name != "acme" || len(in.Attributes) != 1 || in.Attributes["region"] != "eu" {
		t.Errorf("name, attributes = %q, %v", in.Name, in.Attributes)
	}
	in, diags = expandAccount(t.Context(), accountModel{Name: types.StringValue("x"), Attributes: types.MapNull(types.StringType)})
	if diags.HasError() || in.Attributes == nil || len(in.Attributes) != 0 {
		t.Errorf("null attributes: %v, %v; want an empty map", in.Attributes, diags)
	}
}

func TestFlattenAccount(t *testing.T) {
	a := api.Account{
		ID: "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f", Name: "acme",
		HealthTimePeriod: 1, ExecInterval: 2, BaseLineExecInterval: 3, CDModelFrequency: 4, CDExecutionFrequency: 5, DataRetention: 6,
		Created: 1700000000000, Updated: 1700000000500,
	}
	m, diags := flattenAccount(t.Context(), a)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.Attributes.IsNull() || len(m.Attributes.Elements()) != 0 {
		t.Errorf("attributes from a nil map = %v, want an empty map", m.Attributes)
	}
	got := []int64{m.HealthTimePeriod.ValueInt64(), m.ExecInterval.ValueInt64(), m.BaseLineExecInterval.ValueInt64(),
		m.CDModelFrequency.ValueInt64(), m.CDExecutionFrequency.ValueInt64(), m.DataRetention.ValueInt64(), m.Created.ValueInt64(), m.Updated.ValueInt64()}
	want := []int64{1, 2, 3, 4, 5, 6, 1700000000000, 1700000000500}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("numbers = %v, want %v", got, want)
			break
		}
	}
	if m.ID.ValueString() != a.ID || m.Name.ValueString() != "acme" {
		t.Errorf("id, name = %v, %v", m.ID, m.Name)
	}

	a.Attributes = map[string]string{"region": "eu"}
	m, _ = flattenAccount(t.Context(), a)
	back, diags := expandAccount(t.Context(), m)
	if diags.HasError() || back.Attributes["region"] != "eu" || *back.DataRetention != 6 {
		t.Errorf("round trip = %+v, %v", back, diags)
	}
}

func TestFlattenActivationCode(t *testing.T) {
	expires, left := int64(1700003600), int64(1800)
	m := activationCodeModel{AccountID: types.StringValue("kept"), Refresh: types.BoolValue(true)}
	if expired := flattenActivationCode(&m, api.ActivationCode{ActivationCode: "Ab3dEf9h", TimeLeft: &expires, SecondsLeft: &left}); expired {
		t.Error("a code with time left is reported expired")
	}
	if m.ActivationCode.ValueString() != "Ab3dEf9h" || m.ExpiresAt.ValueString() != "2023-11-14T23:13:20Z" || m.SecondsLeft.ValueInt64() != 1800 {
		t.Errorf("code, expires_at, seconds_left = %v, %v, %v", m.ActivationCode, m.ExpiresAt, m.SecondsLeft)
	}
	if m.AccountID.ValueString() != "kept" || !m.Refresh.ValueBool() {
		t.Errorf("arguments changed: %v, %v", m.AccountID, m.Refresh)
	}

	if expired := flattenActivationCode(&m, api.ActivationCode{ActivationCode: "Zz9yXx8w"}); !expired {
		t.Error("a code without time left is not reported expired")
	}
	if m.ActivationCode.ValueString() != "Zz9yXx8w" || !m.ExpiresAt.IsNull() || !m.SecondsLeft.IsNull() {
		t.Errorf("expired: code, expires_at, seconds_left = %v, %v, %v; want the code and two nulls", m.ActivationCode, m.ExpiresAt, m.SecondsLeft)
	}
}

func TestFlattenAccountMember(t *testing.T) {
	m := flattenAccountMember(api.AccountMember{Username: "alice-1", Role: api.MemberRoleAdmin})
	if m.Username.ValueString() != "alice-1" || m.Role.ValueString() != api.MemberRoleAdmin {
		t.Errorf("member = %+v", m)
	}
}

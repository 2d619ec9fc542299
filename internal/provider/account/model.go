package account

import (
	"context"
	"iter"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

type accountModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	HealthTimePeriod     types.Int64  `tfsdk:"health_time_period"`
	ExecInterval         types.Int64  `tfsdk:"exec_interval"`
	BaseLineExecInterval types.Int64  `tfsdk:"base_line_exec_interval"`
	CDModelFrequency     types.Int64  `tfsdk:"cd_model_frequency"`
	CDExecutionFrequency types.Int64  `tfsdk:"cd_execution_frequency"`
	DataRetention        types.Int64  `tfsdk:"data_retention"`
	Attributes           types.Map    `tfsdk:"attributes"`
	Created              types.Int64  `tfsdk:"created"`
	Updated              types.Int64  `tfsdk:"updated"`
}

// expandAccount is the body of POST and PUT /accounts: every field is sent,
// since a PUT replaces the account whole.
func expandAccount(ctx context.Context, m accountModel) (api.AccountInput, diag.Diagnostics) {
	attrs := map[string]string{}
	var diags diag.Diagnostics
	if !m.Attributes.IsNull() && !m.Attributes.IsUnknown() {
		diags = m.Attributes.ElementsAs(ctx, &attrs, false)
	}
	return api.AccountInput{
		Name:                 m.Name.ValueString(),
		HealthTimePeriod:     int64OrDefault(m.HealthTimePeriod, api.DefaultHealthTimePeriod),
		ExecInterval:         int64OrDefault(m.ExecInterval, api.DefaultExecInterval),
		BaseLineExecInterval: int64OrDefault(m.BaseLineExecInterval, api.DefaultBaseLineExecInterval),
		CDModelFrequency:     int64OrDefault(m.CDModelFrequency, api.DefaultCDModelFrequency),
		CDExecutionFrequency: int64OrDefault(m.CDExecutionFrequency, api.DefaultCDExecutionFrequency),
		DataRetention:        int64OrDefault(m.DataRetention, api.DefaultDataRetention),
		Attributes:           attrs,
	}, diags
}

func int64OrDefault(v types.Int64, def int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return &def
	}
	n := v.ValueInt64()
	return &n
}

func flattenAccount(ctx context.Context, a api.Account) (accountModel, diag.Diagnostics) {
	attrs := a.Attributes
	if attrs == nil {
		attrs = map[string]string{}
	}
	m, diags := types.MapValueFrom(ctx, types.StringType, attrs)
	return accountModel{
		ID:                   types.StringValue(a.ID),
		Name:                 types.StringValue(a.Name),
		HealthTimePeriod:     types.Int64Value(a.HealthTimePeriod),
		ExecInterval:         types.Int64Value(a.ExecInterval),
		BaseLineExecInterval: types.Int64Value(a.BaseLineExecInterval),
		CDModelFrequency:     types.Int64Value(a.CDModelFrequency),
		CDExecutionFrequency: types.Int64Value(a.CDExecutionFrequency),
		DataRetention:        types.Int64Value(a.DataRetention),
		Attributes:           m,
		Created:              types.Int64Value(a.Created),
		Updated:              types.Int64Value(a.Updated),
	}, diags
}

// accountsModel is adminapi_accounts: each account has the resource's attributes.
type accountsModel struct {
	Name     types.String   `tfsdk:"name"`
	Accounts []accountModel `tfsdk:"accounts"`
}

// accountMemberModel is one entry of adminapi_account_users.
type accountMemberModel struct {
	Username types.String `tfsdk:"username"`
	Role     types.String `tfsdk:"role"`
}

type accountUsersModel struct {
	AccountID types.String         `tfsdk:"account_id"`
	Shard     *common.Shard        `tfsdk:"shard"`
	Users     []accountMemberModel `tfsdk:"users"`
}

func flattenAccountMember(m api.AccountMember) accountMemberModel {
	return accountMemberModel{Username: types.StringValue(m.Username), Role: types.StringValue(m.Role)}
}

type activationCodeModel struct {
	AccountID      types.String `tfsdk:"account_id"`
	Refresh        types.Bool   `tfsdk:"refresh"`
	ActivationCode types.String `tfsdk:"activation_code"`
	ExpiresAt      types.String `tfsdk:"expires_at"`
	SecondsLeft    types.Int64  `tfsdk:"seconds_left"`
}

// flattenActivationCode fills the results of adminapi_account_activation_code
// into m. The API gives no expiry once the code has expired: expires_at and
// seconds_left are then null, and expired is true.
func flattenActivationCode(m *activationCodeModel, c api.ActivationCode) (expired bool) {
	m.ActivationCode = types.StringValue(c.ActivationCode)
	m.ExpiresAt, m.SecondsLeft = types.StringNull(), types.Int64Null()
	if c.TimeLeft == nil || c.SecondsLeft == nil {
		return true
	}
	m.ExpiresAt = types.StringValue(time.Unix(*c.TimeLeft, 0).UTC().Format(time.RFC3339))
	m.SecondsLeft = types.Int64Value(*c.SecondsLeft)
	return false
}

type accountUserModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	Username  types.String `tfsdk:"username"`
	Role      types.String `tfsdk:"role"`
}

func newAccountUserModel(accountID, username, role string) accountUserModel {
	return accountUserModel{
		ID:        types.StringValue(common.JoinID(accountID, username)),
		AccountID: types.StringValue(accountID),
		Username:  types.StringValue(username),
		Role:      types.StringValue(role),
	}
}

// accountListConfigModel is the `config` of the adminapi_account list resource.
type accountListConfigModel struct {
	Name types.String `tfsdk:"name"`
}

// accountUserListConfigModel is the `config` of the adminapi_account_user list resource.
type accountUserListConfigModel struct {
	AccountID types.String  `tfsdk:"account_id"`
	Shard     *common.Shard `tfsdk:"shard"`
}

// membersIn are the members of account whose username falls in s (all
// without one).
func membersIn(ctx context.Context, c *client.Client, accountID string, s *common.Shard) iter.Seq2[api.AccountMember, error] {
	return common.InShard(c.AccountMembers(ctx, accountID), s, func(m api.AccountMember) string { return m.Username })
}

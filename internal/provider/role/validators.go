package role

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// roleNameValidator is the API's rule for a role name, checked at plan time
// by the resource and the data source alike.
func roleNameValidator() validator.String {
	return stringvalidator.RegexMatches(api.RoleNamePattern, "must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit")
}

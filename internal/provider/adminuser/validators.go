package adminuser

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// usernameValidator is the API's rule for an admin username, checked at plan
// time by the resource and the data source alike.
func usernameValidator() validator.String {
	return stringvalidator.RegexMatches(api.AdminUsernamePattern, "must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit")
}

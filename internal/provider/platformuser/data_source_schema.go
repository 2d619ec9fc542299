package platformuser

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// The rules the resource checks its arguments against, for the data
// sources' arguments of the same name.
var (
	usernameValidator = stringvalidator.RegexMatches(api.PlatformUsernamePattern,
		"must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit")
	externalIDValidator = stringvalidator.UTF8LengthBetween(1, api.ExternalIDMax)
)

// platformUserFieldAttributes is the data source schema of
// platformUserFields: every attribute computed.
func platformUserFieldAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	set := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"id":       str("The username; the id to import the user with."),
		"username": str("The user's name on the platform."),
		"email": schema.StringAttribute{
			Computed: true, CustomType: common.EmailType{},
			MarkdownDescription: "The user's e-mail address. Addresses that differ only in letter case are the same.",
		},
		"name":        str("The user's display name; null when unset."),
		"language":    str("The user's language code."),
		"external_id": str("The user's id at an identity provider; null when unset."),
		"referer":     str("Who referred the user; null when unset."),
		"tags":        set("Tags of the user; empty when none."),
		"metadata": schema.MapAttribute{
			Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Free-form metadata; empty when none.",
		},
		"enabled": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the user may use the platform (status `enabled`) or not (`disabled`).",
		},
		"ldap": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the user authenticates with LDAP, elsewhere.",
		},
		"roles": set("The roles the user holds."),
		"registered_timestamp": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "When the user registered, in Unix seconds.",
		},
		"registered_date": str("When the user registered, readable."),
		"server":          str("The URL of the core machine that holds the user's data."),
		"created_at":      str("When the user was created (RFC 3339)."),
		"updated_at":      str("When the user was last changed (RFC 3339)."),
	}
}

// lookupArgument is an argument to look a user up by, checked by the
// resource's rule for it; customType is nil for a plain string.
func lookupArgument(desc string, customType basetypes.StringTypable, v validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		CustomType:          customType,
		MarkdownDescription: desc + " Exactly one of `username`, `email` and `external_id`.",
		Validators:          []validator.String{v},
	}
}

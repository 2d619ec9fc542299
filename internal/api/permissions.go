package api

import (
	"slices"
	"strings"
)

// Permission is one permission of one group, written group:name, e.g.
// platformUsers:delete.
type Permission struct {
	Group string
	Name  string
}

func (p Permission) String() string { return p.Group + ":" + p.Name }

// Holds tells whether the set holds p.
func (ps Permissions) Holds(p Permission) bool {
	var names []string
	switch p.Group {
	case GroupUsers:
		names = ps.Users
	case GroupSettings:
		names = ps.Settings
	case GroupPlatformUsers:
		names = ps.PlatformUsers
	case GroupAccounts:
		names = ps.Accounts
	}
	return slices.Contains(names, p.Name)
}

// Operation is one operation of the API: its method and path pattern,
// e.g. "DELETE /platform-users/{username}".
type Operation string

// Method and Path split the operation.
func (o Operation) Method() string { m, _, _ := strings.Cut(string(o), " "); return m }
func (o Operation) Path() string   { _, p, _ := strings.Cut(string(o), " "); return p }

// OperationPermissions is the permission each operation needs, as the
// OpenAPI document says ("Needs `group:name`"); the /auth and /oauth
// operations need none. The server checks these, the provider checks them
// at plan time and its docs list them.
var OperationPermissions = map[Operation]Permission{
	"GET /users":                                     {GroupUsers, "read"},
	"POST /users":                                    {GroupUsers, "create"},
	"GET /users/{username}":                          {GroupUsers, "read"},
	"DELETE /users/{username}":                       {GroupUsers, "delete"},
	"PUT /users/{username}/permissions":              {GroupUsers, "changePermissions"},
	"POST /users/{username}/reset-password":          {GroupUsers, "resetPassword"},
	"GET /admin/settings":                            {GroupSettings, "read"},
	"PUT /admin/settings":                            {GroupSettings, "update"},
	"POST /admin/notify":                             {GroupSettings, "update"},
	"GET /platform-users":                            {GroupPlatformUsers, "read"},
	"POST /platform-users":                           {GroupPlatformUsers, "create"},
	"GET /platform-users/{username}":                 {GroupPlatformUsers, "read"},
	"PATCH /platform-users/{username}":               {GroupPlatformUsers, "update"},
	"DELETE /platform-users/{username}":              {GroupPlatformUsers, "delete"},
	"PUT /platform-users/{username}/password":        {GroupPlatformUsers, "update"},
	"POST /platform-users/{username}/enable":         {GroupPlatformUsers, "update"},
	"POST /platform-users/{username}/disable":        {GroupPlatformUsers, "update"},
	"GET /platform-users/{username}/roles/{role}":    {GroupPlatformUsers, "read"},
	"POST /platform-users/{username}/roles/{role}":   {GroupPlatformUsers, "update"},
	"DELETE /platform-users/{username}/roles/{role}": {GroupPlatformUsers, "update"},
	"GET /roles":                                     {GroupPlatformUsers, "read"},
	"POST /roles":                                    {GroupPlatformUsers, "update"},
	"GET /roles/{name}":                              {GroupPlatformUsers, "read"},
	"PATCH /roles/{name}":                            {GroupPlatformUsers, "update"},
	"DELETE /roles/{name}":                           {GroupPlatformUsers, "update"},
	"GET /accounts":                                  {GroupAccounts, "read"},
	"POST /accounts":                                 {GroupAccounts, "create"},
	"GET /accounts/{id}":                             {GroupAccounts, "read"},
	"PUT /accounts/{id}":                             {GroupAccounts, "update"},
	"DELETE /accounts/{id}":                          {GroupAccounts, "delete"},
	"GET /accounts/{id}/activationcode":              {GroupAccounts, "read"},
	"PUT /accounts/{id}/activationcode/refresh":      {GroupAccounts, "update"},
	"GET /accounts/{id}/users":                       {GroupAccounts, "read"},
	"GET /accounts/{id}/users/{username}":            {GroupAccounts, "read"},
	"PUT /accounts/{id}/users/{username}":            {GroupAccounts, "update"},
	"DELETE /accounts/{id}/users/{username}":         {GroupAccounts, "update"},
}

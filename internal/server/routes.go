package server

import (
	"errors"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

type authMode int

const (
	authNone    authMode = iota // anyone may call
	authRefresh                 // a refresh token
	authAccess                  // an access token
	authAny                     // an access token or a refresh token
)

// handler answers one request of an authenticated (or, on a public route,
// nil) caller.
type handler func(s *Server, w http.ResponseWriter, r *http.Request, c *caller) error

// route is one operation of the API. needs is the zero permission when any
// authenticated caller may call it.
type route struct {
	method string
	path   string
	auth   authMode
	needs  permission
	handle handler
}

func need(group, name string) permission { return permission{group, name} }

// routeTable lists every operation the server registers. The POSTs that
// create or act take an Idempotency-Key (idempotent); not those of /auth/*
// and /oauth/token, whose answers are new tokens, nor reset-password, whose
// answer is a password: a stored answer would keep the secret in the
// database and hand it out again.
var routeTable = []route{
	{"POST", "/auth/login", authNone, permission{}, (*Server).login},
	{"POST", "/auth/refresh", authRefresh, permission{}, (*Server).refresh},
	{"POST", "/auth/logout", authAny, permission{}, (*Server).logout},
	{"GET", "/auth/me", authAccess, permission{}, (*Server).me},
	{"POST", "/oauth/token", authNone, permission{}, (*Server).oauthToken},

	{"GET", "/users", authAccess, need(api.GroupUsers, "read"), (*Server).listAdminUsers},
	{"POST", "/users", authAccess, need(api.GroupUsers, "create"), idempotent((*Server).createAdminUser)},
	{"GET", "/users/{username}", authAccess, need(api.GroupUsers, "read"), (*Server).getAdminUser},
	{"DELETE", "/users/{username}", authAccess, need(api.GroupUsers, "delete"), (*Server).deleteAdminUser},
	{"PUT", "/users/{username}/permissions", authAccess, need(api.GroupUsers, "changePermissions"), (*Server).setAdminPermissions},
	{"POST", "/users/{username}/reset-password", authAccess, need(api.GroupUsers, "resetPassword"), (*Server).resetAdminPassword},

	{"GET", "/admin/settings", authAccess, need(api.GroupSettings, "read"), (*Server).getSettings},
	{"PUT", "/admin/settings", authAccess, need(api.GroupSettings, "update"), (*Server).updateSettings},
	{"POST", "/admin/notify", authAccess, need(api.GroupSettings, "update"), idempotent((*Server).notify)},

	{"GET", "/platform-users", authAccess, need(api.GroupPlatformUsers, "read"), (*Server).listPlatformUsers},
	{"POST", "/platform-users", authAccess, need(api.GroupPlatformUsers, "create"), idempotent((*Server).createPlatformUser)},
	{"GET", "/platform-users/{username}", authAccess, need(api.GroupPlatformUsers, "read"), (*Server).getPlatformUser},
	{"PATCH", "/platform-users/{username}", authAccess, need(api.GroupPlatformUsers, "update"), (*Server).updatePlatformUser},
	{"DELETE", "/platform-users/{username}", authAccess, need(api.GroupPlatformUsers, "delete"), (*Server).deletePlatformUser},
	{"PUT", "/platform-users/{username}/password", authAccess, need(api.GroupPlatformUsers, "update"), (*Server).setPlatformPassword},
	{"POST", "/platform-users/{username}/enable", authAccess, need(api.GroupPlatformUsers, "update"), idempotent((*Server).enablePlatformUser)},
	{"POST", "/platform-users/{username}/disable", authAccess, need(api.GroupPlatformUsers, "update"), idempotent((*Server).disablePlatformUser)},
	{"GET", "/platform-users/{username}/roles/{role}", authAccess, need(api.GroupPlatformUsers, "read"), (*Server).getRoleAssignment},
	{"POST", "/platform-users/{username}/roles/{role}", authAccess, need(api.GroupPlatformUsers, "update"), idempotent((*Server).assignRole)},
	{"DELETE", "/platform-users/{username}/roles/{role}", authAccess, need(api.GroupPlatformUsers, "update"), (*Server).unassignRole},

	{"GET", "/roles", authAccess, need(api.GroupPlatformUsers, "read"), (*Server).listRoles},
	{"POST", "/roles", authAccess, need(api.GroupPlatformUsers, "update"), idempotent((*Server).createRole)},
	{"GET", "/roles/{name}", authAccess, need(api.GroupPlatformUsers, "read"), (*Server).getRole},
	{"PATCH", "/roles/{name}", authAccess, need(api.GroupPlatformUsers, "update"), (*Server).updateRole},
	{"DELETE", "/roles/{name}", authAccess, need(api.GroupPlatformUsers, "update"), (*Server).deleteRole},

	{"GET", "/accounts", authAccess, need(api.GroupAccounts, "read"), (*Server).listAccounts},
	{"POST", "/accounts", authAccess, need(api.GroupAccounts, "create"), idempotent((*Server).createAccount)},
	{"GET", "/accounts/{id}", authAccess, need(api.GroupAccounts, "read"), (*Server).getAccount},
	{"PUT", "/accounts/{id}", authAccess, need(api.GroupAccounts, "update"), (*Server).replaceAccount},
	{"DELETE", "/accounts/{id}", authAccess, need(api.GroupAccounts, "delete"), (*Server).deleteAccount},
	{"GET", "/accounts/{id}/activationcode", authAccess, need(api.GroupAccounts, "read"), (*Server).getActivationCode},
	{"PUT", "/accounts/{id}/activationcode/refresh", authAccess, need(api.GroupAccounts, "update"), (*Server).refreshActivationCode},
	{"GET", "/accounts/{id}/users", authAccess, need(api.GroupAccounts, "read"), (*Server).listMembers},
	{"GET", "/accounts/{id}/users/{username}", authAccess, need(api.GroupAccounts, "read"), (*Server).getMember},
	{"PUT", "/accounts/{id}/users/{username}", authAccess, need(api.GroupAccounts, "update"), (*Server).setMember},
	{"DELETE", "/accounts/{id}/users/{username}", authAccess, need(api.GroupAccounts, "update"), (*Server).deleteMember},
}

// routes builds the handler: every route of routeTable behind the access
// log, panic recovery, rate limit, authentication and permission check; any
// other method and path answers 404 unknown-resource.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routeTable {
		mux.Handle(rt.method+" "+rt.path, s.endpoint(rt))
	}
	mux.Handle("/", s.endpoint(route{auth: authNone, handle: func(*Server, http.ResponseWriter, *http.Request, *caller) error {
		return errNoRoute
	}}))
	return s.middleware(mux)
}

// tokenTypes are the types of token each way of authentication takes.
var tokenTypes = map[authMode][]string{
	authAccess:  {tokenAccess},
	authRefresh: {tokenRefresh},
	authAny:     {tokenAccess, tokenRefresh},
}

// endpoint runs one route: token signature, rate limit, the rest of
// authentication, permission, handler. Only the signature, which names the
// caller to limit, is checked before the rate limit: it reads no store.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var claims *tokenClaims
		var authErr error
		if rt.auth != authNone {
			claims, authErr = s.verifyToken(r, tokenTypes[rt.auth]...)
		}
		key := "ip:" + remoteIP(r)
		if claims != nil {
			key = callerKey(claims.Kind, claims.Subject)
			setLogCaller(r, key)
		}
		if s.limiter != nil {
			if retry, ok := s.limiter.allow(key); !ok {
				s.fail(w, r, tooMany(w, "requests", retry))
				return
			}
		}
		var c *caller
		if authErr == nil && claims != nil {
			c, authErr = s.loadCaller(r, claims)
		}
		if authErr != nil {
			s.fail(w, r, authErr)
			return
		}
		if rt.needs != (permission{}) && !holds(c.permissions, rt.needs) {
			s.fail(w, r, errForbidden(rt.needs.String()))
			return
		}
		if err := rt.handle(s, w, r, c); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail answers err: its envelope for an *apiError, 500 unexpected-error
// (logged, never shown) for any other.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		writeAPIError(w, ae)
		return
	}
	s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
	writeAPIError(w, errInternal)
}

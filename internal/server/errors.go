package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// apiError is an error answer with its status and envelope.
type apiError struct {
	status  int
	id      string
	message string
	data    map[string]string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.id, e.message) }

func errInvalidStructure(message string, data map[string]string) *apiError {
	return &apiError{http.StatusBadRequest, api.ErrInvalidRequestStructure, message, data}
}

func errInvalidParameters(data map[string]string) *apiError {
	return &apiError{http.StatusBadRequest, api.ErrInvalidParametersFormat, "some parameters break the API's rules", data}
}

func errUnknown(what string) *apiError {
	return &apiError{http.StatusNotFound, api.ErrUnknownResource, what + " does not exist", nil}
}

func errExists(message string, data map[string]string) *apiError {
	return &apiError{http.StatusConflict, api.ErrItemAlreadyExists, message, data}
}

func errConflict(message string) *apiError {
	return &apiError{http.StatusConflict, api.ErrConflict, message, nil}
}

func errForbidden(permission string) *apiError {
	return &apiError{http.StatusForbidden, api.ErrForbidden, "the caller lacks the permission " + permission,
		map[string]string{"permission": permission}}
}

// errOutranked refuses to act on an admin user holding the missing
// permissions, which the caller lacks; data names the first of them.
func errOutranked(username string, missing []permission) *apiError {
	names := make([]string, len(missing))
	for i, p := range missing {
		names[i] = p.String()
	}
	return &apiError{http.StatusForbidden, api.ErrForbidden,
		"the admin user " + username + " holds permissions the caller lacks: " + strings.Join(names, ", "),
		map[string]string{"permission": names[0]}}
}

// tooMany sets the Retry-After header, in seconds, and answers the 429 to
// return; what says what there were too many of.
func tooMany(w http.ResponseWriter, what, retryAfter string) *apiError {
	w.Header().Set("Retry-After", retryAfter)
	return &apiError{http.StatusTooManyRequests, api.ErrTooManyRequests, "too many " + what + "; retry after " + retryAfter + " s", nil}
}

// errKeyInFlight sets Retry-After and answers the 409 to a repeated
// Idempotency-Key whose first request is still being handled.
func errKeyInFlight(w http.ResponseWriter) *apiError {
	w.Header().Set("Retry-After", "1")
	return &apiError{http.StatusConflict, api.ErrConflict,
		"a request with this Idempotency-Key is still being handled; retry after 1 s", nil}
}

func errInvalidToken(message string) *apiError {
	return &apiError{http.StatusUnauthorized, api.ErrInvalidAccessToken, message, nil}
}

var (
	errBadCredentials = &apiError{http.StatusUnauthorized, api.ErrInvalidCredentials, "the username or password is wrong", nil}
	errMediaType      = &apiError{http.StatusUnsupportedMediaType, api.ErrUnsupportedMediaType, "the request body must be sent with Content-Type: application/json", nil}
	errTooLarge       = &apiError{http.StatusRequestEntityTooLarge, api.ErrRequestTooLarge, "the request body is larger than 1 MiB", nil}
	errNoRoute        = &apiError{http.StatusNotFound, api.ErrUnknownResource, "no such resource or method", nil}
	errInternal       = &apiError{http.StatusInternalServerError, api.ErrUnexpected, "an unexpected error occurred", nil}
	errKeyReused      = &apiError{http.StatusUnprocessableEntity, api.ErrIdempotencyKeyReused,
		"this Idempotency-Key was used with another request (its method, path or body differ)",
		map[string]string{idempotencyHeader: "was used with another request"}}
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = json.Marshal(api.ErrorEnvelope{Error: api.ErrorBody{ID: errInternal.id, Message: errInternal.message}})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, api.ErrorEnvelope{Error: api.ErrorBody{ID: e.id, Message: e.message, Data: e.data}})
}

func created(w http.ResponseWriter, location string, v any) {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
}

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

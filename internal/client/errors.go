package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// APIError is an error answer of the API. ID and Data come from the error
// envelope; an answer without the envelope (a proxy's HTML page, say) leaves
// ID empty and has a short Message. The OAuth2 token endpoint's RFC 6749
// errors give ID the OAuth2 error code (e.g. invalid_client).
type APIError struct {
	Status  int
	ID      string
	Message string
	Data    map[string]string
	Method  string
	Path    string
}

// Error reads like: POST /users: 409 item-already-exists: username "alice"
// is taken (username: already exists).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if e.ID != "" {
		b.WriteString(" " + e.ID)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Data) > 0 {
		keys := make([]string, 0, len(e.Data))
		for k := range e.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + e.Data[k]
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	return b.String()
}

// AsAPIError unwraps the API's error answer from err.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusNotFound
}

// IsConflict reports whether err is a 409 answer, item-already-exists and
// conflict alike.
func IsConflict(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusConflict
}

// IsAlreadyExists reports whether err is a 409 item-already-exists answer.
func IsAlreadyExists(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusConflict && e.ID == api.ErrItemAlreadyExists
}

// IsDeletionDisabled reports whether err is the 403 deletion-disabled answer
// (API_SETTINGS.ACCOUNT_DELETION lacks adminToken).
func IsDeletionDisabled(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusForbidden && e.ID == api.ErrDeletionDisabled
}

// IsForbidden reports whether err is a 403 answer, forbidden and
// deletion-disabled alike.
func IsForbidden(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusForbidden
}

// IsUnauthorized reports whether err is a 401 answer: wrong credentials, or a
// token that is invalid even after a renewal.
func IsUnauthorized(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusUnauthorized
}

// newAPIError builds the error of a non-2xx answer from its body.
func newAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{Status: status, Method: method, Path: path}
	var env api.ErrorEnvelope
	if json.Unmarshal(body, &env) == nil && env.Error.ID != "" {
		e.ID, e.Message, e.Data = env.Error.ID, env.Error.Message, env.Error.Data
		return e
	}
	var oauth api.OAuthError
	if json.Unmarshal(body, &oauth) == nil && oauth.Error != "" {
		e.ID, e.Message = oauth.Error, oauth.ErrorDescription
		return e
	}
	e.Message = shortMessage(status, header.Get("Content-Type"), body)
	return e
}

const maxPlainMessage = 200

// shortMessage describes an answer that is not the API's error envelope: a
// short plain-text body is kept, anything else is summarised.
func shortMessage(status int, contentType string, body []byte) string {
	msg := http.StatusText(status)
	if msg == "" {
		msg = "unexpected status"
	}
	text := strings.Join(strings.Fields(string(body)), " ")
	if text == "" {
		return msg
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "text/plain" && utf8.ValidString(text) {
		if len(text) > maxPlainMessage {
			cut := maxPlainMessage
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
			text = text[:cut] + "…"
		}
		return text
	}
	if mediaType == "" {
		mediaType = "no content type"
	}
	return fmt.Sprintf("%s (not the API's error envelope: %s, %d bytes)", msg, mediaType, len(body))
}

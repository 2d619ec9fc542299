package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

type tokenModel struct {
	Username  types.String `tfsdk:"username"`
	Password  types.String `tfsdk:"password"`
	Token     types.String `tfsdk:"token"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// expiresAtValue writes an expiry in RFC 3339, UTC; null when unknown (zero).
func expiresAtValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// privateTokenKey is the private data key that carries the token from Open to Close.
const privateTokenKey = "token"

// privateToken is the private data Open leaves for Close: the token to revoke.
type privateToken struct {
	Token string `json:"token"`
}

func encodePrivateToken(token string) ([]byte, error) {
	return json.Marshal(privateToken{Token: token})
}

// decodePrivateToken reads the token Open left; an absent or empty one is an error.
func decodePrivateToken(raw []byte) (string, error) {
	if len(raw) == 0 {
		return "", errors.New("no token was handed over from Open")
	}
	var p privateToken
	if err := json.Unmarshal(raw, &p); err != nil {
		return "", fmt.Errorf("the token handed over from Open is unreadable: %w", err)
	}
	if p.Token == "" {
		return "", errors.New("the token handed over from Open is empty")
	}
	return p.Token, nil
}

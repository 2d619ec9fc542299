package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

const masked = "***"

// isSecretKey reports whether a JSON field holds a secret: password, secret,
// token, refresh_token, client_secret, access_token, invitationToken,
// authorization, any *_key or *Key ...
func isSecretKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "password") || strings.Contains(k, "secret") ||
		strings.Contains(k, "token") || k == "authorization" || strings.HasSuffix(k, "key")
}

// maskJSON returns body as compact JSON with the value of every secret field
// replaced by "***", at any depth. A body that is not JSON is not returned.
func maskJSON(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || !errors.Is(dec.Decode(new(any)), io.EOF) {
		return fmt.Sprintf("(%d bytes, not JSON: not logged)", len(body))
	}
	out, err := json.Marshal(maskValue(v))
	if err != nil {
		return fmt.Sprintf("(%d bytes: not logged)", len(body))
	}
	return string(out)
}

func maskValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if isSecretKey(k) {
				v[k] = masked
			} else {
				v[k] = maskValue(val)
			}
		}
	case []any:
		for i, val := range v {
			v[i] = maskValue(val)
		}
	}
	return v
}

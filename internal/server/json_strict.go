package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// checkJSONText refuses what encoding/json would otherwise read without a
// word: text that is not valid UTF-8 (raw bytes, or a \u escape of a lone
// surrogate), which it turns into U+FFFD, and a key repeated in one object,
// of which it keeps the last. body is one valid JSON value.
func checkJSONText(body []byte) error {
	if !utf8.Valid(body) || hasLoneSurrogate(body) {
		return errInvalidStructure("the request body is not valid UTF-8 text", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if path := repeatedKey(dec, ""); path != "" {
		return errInvalidStructure("the request body repeats a key", map[string]string{path: "is repeated"})
	}
	return nil
}

// hasLoneSurrogate tells whether a \u escape of the valid JSON body is a
// UTF-16 surrogate that is not the first half of a pair followed by its
// second half. Outside strings valid JSON has no backslash.
func hasLoneSurrogate(body []byte) bool {
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		if body[i+1] != 'u' {
			i++
			continue
		}
		r := hexRune(body[i+2 : i+6])
		if !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		if i+12 > len(body) || body[i+6] != '\\' || body[i+7] != 'u' ||
			utf16.DecodeRune(r, hexRune(body[i+8:i+12])) == utf8.RuneError {
			return true
		}
		i += 11
	}
	return false
}

// hexRune reads the four hex digits of a \u escape.
func hexRune(digits []byte) rune {
	n, err := strconv.ParseUint(string(digits), 16, 16)
	if err != nil {
		return utf8.RuneError
	}
	return rune(n)
}

// repeatedKey answers the dotted path of the first key that an object, at
// any depth of the next value of dec, repeats, or "". The value is valid
// JSON, so its nesting is bounded by encoding/json's limit.
func repeatedKey(dec *json.Decoder, path string) string {
	tok, err := dec.Token()
	if err != nil {
		return ""
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			key, ok := tok.(string)
			if err != nil || !ok {
				return ""
			}
			if seen[key] {
				return join(path, key)
			}
			seen[key] = true
			if p := repeatedKey(dec, join(path, key)); p != "" {
				return p
			}
		}
		_, _ = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if p := repeatedKey(dec, join(path, strconv.Itoa(i))); p != "" {
				return p
			}
		}
		_, _ = dec.Token()
	}
	return ""
}

package api

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// EmailPattern is the contract's e-mail rule, the Email schema's pattern: an
// ASCII dot-atom local part (letters, digits and !#$%&'*+/=?^_`{|}~- in
// dot-separated runs), "@", and a domain name of two or more labels of ASCII
// letters, digits and inner hyphens, at most 63 characters each, the last
// one starting with a letter. So no quoted local part, no IP literal, no
// internationalised (non-ASCII) domain or local part, no display name.
var EmailPattern = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+)*` +
	`@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// ErrEmailShape is ValidEmail's answer for an address that breaks EmailPattern.
var ErrEmailShape = errors.New("must be a valid e-mail address: an ASCII local part, @ and an ASCII domain name " +
	"of two or more labels (no IP literal, no display name)")

// ValidEmail answers why s is not an e-mail address of the contract, or nil.
// The server, the provider and the document's Email schema (pattern and
// maxLength) accept exactly the same addresses.
func ValidEmail(s string) error {
	if utf8.RuneCountInString(s) > EmailMax {
		return fmt.Errorf("must be at most %d characters", EmailMax)
	}
	if !EmailPattern.MatchString(s) {
		return ErrEmailShape
	}
	return nil
}

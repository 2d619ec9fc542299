package server

import (
	"crypto/sha256"
	"encoding/base64"

	"golang.org/x/crypto/bcrypt"
)

// passwordKey is what bcrypt hashes for a password: bcrypt reads at most 72
// bytes and passwords may have 256 characters, so it gets the password's
// SHA-256, base64-encoded (44 bytes). Client secrets, hashed by the operator
// with any bcrypt tool, are compared as they are.
func passwordKey(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

func hashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(passwordKey(password), bcryptCost)
	return string(h), err
}

func checkPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), passwordKey(password)) == nil
}

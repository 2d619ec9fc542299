package main

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/crypto/bcrypt"
)

// secretHashCost is the bcrypt cost of hash-secret's hashes.
const secretHashCost = 10

// maxSecret is bcrypt's limit: it reads no further than 72 bytes.
const maxSecret = 72

// hashSecret prints the bcrypt hash of the secret on stdin, for a clients
// entry's secret_hash, and answers the exit code.
func hashSecret(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		_, _ = fmt.Fprintf(stderr, "adminapi-server hash-secret: unexpected arguments %v: give the secret on standard input, e.g.\n"+
			"  printf '%%s' \"$SECRET\" | adminapi-server hash-secret\n", args)
		return 2
	}
	secret, err := io.ReadAll(io.LimitReader(stdin, maxSecret+2))
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "adminapi-server hash-secret: read the secret: %v\n", err)
		return 1
	}
	secret = bytes.TrimSuffix(bytes.TrimSuffix(secret, []byte("\n")), []byte("\r"))
	switch {
	case len(secret) == 0:
		_, _ = fmt.Fprintln(stderr, "adminapi-server hash-secret: the secret on standard input is empty")
		return 1
	case len(secret) > maxSecret:
		_, _ = fmt.Fprintf(stderr, "adminapi-server hash-secret: the secret is longer than %d bytes, all bcrypt reads\n", maxSecret)
		return 1
	}
	hash, err := bcrypt.GenerateFromPassword(secret, secretHashCost)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "adminapi-server hash-secret: %v\n", err)
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "%s\n", hash)
	return 0
}

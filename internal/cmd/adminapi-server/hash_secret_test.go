package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/server"
	"golang.org/x/crypto/bcrypt"
)

func TestHashSecret(t *testing.T) {
	for _, c := range []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{name: "secret with a newline", stdin: "demo-client-secret\n"},
		{name: "secret without a newline", stdin: "demo-client-secret"},
		{name: "empty", stdin: "\n", code: 1, stderr: "is empty"},
		{name: "too long", stdin: strings.Repeat("s", 73), code: 1, stderr: "longer than 72 bytes"},
		{name: "argument", args: []string{"demo-client-secret"}, code: 2, stderr: "give the secret on standard input"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := hashSecret(c.args, strings.NewReader(c.stdin), &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr.String(), c.code, c.stderr)
			}
			if c.code != 0 {
				if stdout.Len() != 0 {
					t.Errorf("printed %q on failure", stdout.String())
				}
				return
			}
			hash := strings.TrimSuffix(stdout.String(), "\n")
			if err := bcrypt.CompareHashAndPassword([]byte(hash), []byte("demo-client-secret")); err != nil {
				t.Errorf("hash %q does not match the secret: %v", hash, err)
			}
		})
	}
}

// The hash that hash-secret prints is one the server's configuration takes.
func TestHashSecretFeedsTheConfiguration(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := hashSecret(nil, strings.NewReader("s3cret\n"), &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	loadConfigWithClientHash(t, strings.TrimSpace(stdout.String()))
}

func loadConfigWithClientHash(t *testing.T, hash string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "server.yaml")
	yaml := "clients:\n  - id: ci\n    secret_hash: \"" + hash + "\"\n    permissions:\n      platformUsers: [read]\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := server.LoadConfigFile(path)
	if err != nil {
		t.Fatalf("the configuration refuses the hash: %v", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(cfg.Clients[0].SecretHash), []byte("s3cret")) != nil {
		t.Error("the loaded hash does not match the secret")
	}
}

// The command dispatches `hash-secret` before its flags.
func TestHashSecretAsACommand(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), runAsCommand+"=hash-secret")
	cmd.Stdin = strings.NewReader("s3cret\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hash-secret: %v", err)
	}
	loadConfigWithClientHash(t, strings.TrimSpace(string(out)))
}

package auth_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// jwtLike matches a JSON Web Token: base64url header and payload, each an
// encoded JSON object, and a signature.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// tokensNotStoredConfig opens two tokens, one with the provider's credentials
// and one as ops, and manages a role through a second provider that
// authenticates with one of them (named by `use`).
func tokensNotStoredConfig(providerBlock, endpoint, opsPassword, use, description string) string {
	return providerBlock + fmt.Sprintf(`
ephemeral "adminapi_token" "provider" {}

ephemeral "adminapi_token" "ops" {
  username = "ops"
  password = %q
}

# Both tokens: the provider is configured once both are open (see below).
locals {
  tokens = {
    provider = ephemeral.adminapi_token.provider.token
    ops      = ephemeral.adminapi_token.ops.token
  }
}

provider "adminapi" {
  alias    = "by_token"
  endpoint = %q
  token    = local.tokens[%q]
}

resource "adminapi_role" "by_token" {
  provider    = adminapi.by_token
  name        = "made-with-tokens"
  description = %q
}
`, opsPassword, endpoint, use, description)
}

// TestAccToken_notStored runs Terraform in a directory of its own, so that
// it can read every file Terraform wrote there: the saved plan (a zip) and the
// state hold neither token, nor any token the server issued, nor anything
// that looks like a JWT. Not parallel: it sets TF_ACC_TEMP_DIR.
//
// In tests every configuration of a provider is served by one in-process
// server, so the last one configured gives its client to all: each step has
// one aliased provider only, configured after both tokens are open.
func TestAccToken_notStored(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	srv, rec := startRecordedServer(t)
	opsPassword := createOps(t, srv)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{
			{
				Config: tokensNotStoredConfig(srv.ProviderBlock(), srv.URL, opsPassword, "provider", "created with the provider's token"),
				Check: func(*terraform.State) error {
					return errors.Join(
						rec.usedBy(http.MethodPost, "/roles", http.StatusCreated, "admin"),
						artifactsHoldNoToken(workDir, rec.issuedTokens()),
					)
				},
			},
			{
				Config: tokensNotStoredConfig(srv.ProviderBlock(), srv.URL, opsPassword, "ops", "updated with the token of ops"),
				Check: func(*terraform.State) error {
					return errors.Join(
						rec.usedBy(http.MethodPatch, "/roles/made-with-tokens", http.StatusOK, "ops"),
						artifactsHoldNoToken(workDir, rec.issuedTokens()),
					)
				},
			},
		},
	})
}

// usedBy checks that every request method path that answered status
// presented an ephemeral token, one issued to who and revoked since, and
// that there was such a request.
func (rec *tokenRecorder) usedBy(method, path string, status int, who string) error {
	var tokens []string
	rec.mu.Lock()
	for _, u := range rec.uses {
		if u.method == method && u.path == path && u.status == status {
			tokens = append(tokens, u.token)
		}
	}
	rec.mu.Unlock()
	if len(tokens) == 0 {
		return fmt.Errorf("no %s %s answered %d", method, path, status)
	}
	var errs []error
	for _, tok := range tokens {
		if got, _ := rec.issuedTo(tok); got != who {
			errs = append(errs, fmt.Errorf("%s %s presented a token issued to %q, want %q", method, path, got, who))
		}
		errs = append(errs, rec.answered(tok, http.MethodPost, "/auth/logout", http.StatusNoContent))
	}
	return errors.Join(errs...)
}

// artifactsHoldNoToken reads every file under dir, and every entry of the
// zip files (saved plans), and fails on any of the tokens or a JWT. It also
// fails when it found no saved plan or no state to read.
func artifactsHoldNoToken(dir string, tokens []string) error {
	if len(tokens) == 0 {
		return errors.New("the server issued no token")
	}
	var found []string
	var errs []error
	check := func(name string, content []byte) {
		for _, tok := range tokens {
			if bytes.Contains(content, []byte(tok)) {
				errs = append(errs, fmt.Errorf("%s holds a token the server issued", name))
			}
		}
		if m := jwtLike.Find(content); m != nil {
			errs = append(errs, fmt.Errorf("%s holds a JWT-looking string %.20s...", name, m))
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "terraform-provider-") || d.Name() == "terraform" {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found = append(found, d.Name())
		check(path, content)
		if zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content))); err == nil {
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				entry, err := io.ReadAll(rc)
				_ = rc.Close()
				if err != nil {
					return err
				}
				check(path+"!"+f.Name, entry)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, want := range []string{"tfplan", "terraform.tfstate"} {
		if !slices.Contains(found, want) {
			errs = append(errs, fmt.Errorf("no %s under %s to read (found %v)", want, dir, found))
		}
	}
	return errors.Join(errs...)
}

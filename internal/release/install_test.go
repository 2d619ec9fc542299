package release_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/release"
)

const (
	version   = "0.1.0"
	namespace = "adminapi"
	typ       = "adminapi"
)

// TestInstall installs a release snapshot as a user does: built by
// scripts/release-snapshot.sh and signed with a throwaway GPG key, served
// through the provider registry protocol over HTTPS (a test CA that
// Terraform trusts through SSL_CERT_FILE), installed by `terraform init`
// from `source = "localhost:<port>/adminapi/adminapi"`. Terraform checks the
// signature and the checksums, locks the archives' zh: hashes, and `plan`
// runs the installed binary against the reference server. An archive
// changed after signing, and SHA256SUMS signed by another key than the one
// advertised, each fail `init` with Terraform's error. `terraform providers
// mirror` of the registry, then `init -plugin-dir` from that mirror with the
// registry stopped, is the locked-down CI's way in.
//
// It builds every release target, so it is gated like the scale tests:
// make test runs it once, with the newest Terraform.
func TestInstall(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	acctest.SkipUnlessScale(t)
	if acctest.OpenTofu() {
		t.Skip("release install test: it runs with Terraform, whose messages it asserts, not OpenTofu")
	}
	tfBin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skipf("release install test: no terraform on PATH (make test puts the newest of ../shared/tools first): %v", err)
	}
	for _, tool := range []string{"gpg", "gpgconf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("release install test: no %s on PATH to sign the snapshot: %v", tool, err)
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tf := newTerraform(t, tfBin, tmp)

	g := newGPG(t, filepath.Join(tmp, "gnupg"))
	var keyA, keyB string
	timed(t, "two GPG keys", func() {
		keyA = g.genKey(t, "adminapi test <test@example.invalid>")
		keyB = g.genKey(t, "adminapi other key <other@example.invalid>")
	})
	t.Logf("signing key A %s, other key B %s", keyA, keyB)

	dist := filepath.Join(tmp, "dist")
	timed(t, "snapshot build (scripts/release-snapshot.sh)", func() { buildSnapshot(t, root, dist, g, keyA) })

	key := release.SigningKey{KeyID: keyA[len(keyA)-16:], ASCIIArmor: g.armor(t, keyA)}
	newRegistry := func(t *testing.T) *release.Registry {
		t.Helper()
		r, err := release.NewRegistry(dist, namespace, typ, version, key)
		if err != nil {
			t.Fatalf("registry of %s: %v", dist, err)
		}
		return r
	}
	r := newRegistry(t)
	t.Logf("snapshot %s: protocols %v, %d platforms %v", version, r.Protocols, len(r.Platforms), r.Platforms)
	local := archiveSHA256(t, filepath.Join(dist, r.ArchiveName(runtime.GOOS, runtime.GOARCH)))

	ca, err := release.NewTestCA()
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(tmp, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	tf.env = append(tf.env, "SSL_CERT_FILE="+caFile)

	var goodH1 string
	t.Run("good", func(t *testing.T) {
		ref := acctest.StartServer(t)
		srv, host := newRegistry(t).Start(ca)
		defer srv.Close()
		dir := workDir(t, host, ref.ProviderBlock())
		out, err := tf.run(t, dir, "init", "-input=false", "-no-color")
		if err != nil {
			t.Fatalf("terraform init: %v", err)
		}
		lock := readFile(t, filepath.Join(dir, ".terraform.lock.hcl"))
		for _, p := range r.Platforms {
			sum := archiveSHA256(t, filepath.Join(dist, r.ArchiveName(p.OS, p.Arch)))
			if !strings.Contains(lock, `"zh:`+sum+`"`) {
				t.Errorf(".terraform.lock.hcl lacks zh:%s, the sha256 of the %s_%s archive:\n%s", sum, p.OS, p.Arch, lock)
			}
		}
		if !strings.Contains(lock, `"zh:`+local+`"`) {
			t.Errorf(".terraform.lock.hcl lacks zh:%s, the local platform's archive:\n%s", local, lock)
		}
		if m := regexp.MustCompile(`"(h1:[^"]+)"`).FindStringSubmatch(lock); m != nil {
			goodH1 = m[1]
		} else {
			t.Errorf(".terraform.lock.hcl has no h1: hash:\n%s", lock)
		}
		if want := fmt.Sprintf("Installed %s/%s/%s v%s (self-signed, key ID %s)", host, namespace, typ, version, key.KeyID); !strings.Contains(out, want) {
			t.Errorf("terraform init output lacks %q", want)
		}
		binary := filepath.Join(dir, ".terraform", "providers", host, namespace, typ, version,
			runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-"+typ+"_v"+version)
		if fi, err := os.Stat(binary); err != nil || fi.Mode()&0o111 == 0 {
			t.Fatalf("the installed provider is not the executable %s: %v", binary, err)
		}
		t.Logf("installed %s", binary)

		out, err = tf.run(t, dir, "plan", "-input=false", "-no-color")
		if err != nil {
			t.Fatalf("terraform plan: %v", err)
		}
		for _, want := range []string{"adminapi_role.auditor will be created", "Plan: 1 to add, 0 to change, 0 to destroy.",
			`+ admins = [`, `+ "admin",`} {
			if !strings.Contains(out, want) {
				t.Errorf("terraform plan output lacks %q", want)
			}
		}
	})

	t.Run("tampered_archive", func(t *testing.T) {
		reg := newRegistry(t)
		name := reg.ArchiveName(runtime.GOOS, runtime.GOARCH)
		b := []byte(readFile(t, filepath.Join(dist, name)))
		b[len(b)/2] ^= 0xff
		reg.Replace[name] = b
		srv, host := reg.Start(ca)
		defer srv.Close()
		dir := workDir(t, host, "")
		out, err := tf.run(t, dir, "init", "-input=false", "-no-color")
		if err == nil {
			t.Fatal("terraform init installed an archive changed after signing")
		}
		want := fmt.Sprintf("archive has incorrect checksum zh:%x (expected zh:%s)", sha256.Sum256(b), local)
		if !strings.Contains(oneLine(out), want) {
			t.Errorf("terraform init output lacks Terraform's checksum error %q", want)
		}
		assertServed(t, reg, "/files/"+name)
		assertNotInstalled(t, dir)
	})

	t.Run("wrong_key", func(t *testing.T) {
		reg := newRegistry(t)
		sig := filepath.Join(t.TempDir(), reg.SignatureName())
		g.sign(t, keyB, filepath.Join(dist, reg.SumsName()), sig)
		reg.Replace[reg.SignatureName()] = []byte(readFile(t, sig))
		srv, host := reg.Start(ca)
		defer srv.Close()
		dir := workDir(t, host, "")
		out, err := tf.run(t, dir, "init", "-input=false", "-no-color")
		if err == nil {
			t.Fatal("terraform init installed a release whose SHA256SUMS another key signed")
		}
		const want = "authentication signature from unknown issuer"
		if !strings.Contains(oneLine(out), want) {
			t.Errorf("terraform init output lacks Terraform's signature error %q", want)
		}
		assertServed(t, reg, "/files/"+reg.SignatureName())
		assertNotInstalled(t, dir)
	})

	t.Run("mirror", func(t *testing.T) {
		srv, host := newRegistry(t).Start(ca)
		mirror := t.TempDir()
		src := workDir(t, host, "")
		out, err := tf.run(t, src, "providers", "mirror", "-no-color", mirror)
		srv.Close()
		if err != nil {
			t.Fatalf("terraform providers mirror: %v", err)
		}
		if !strings.Contains(out, "Package authenticated: self-signed") {
			t.Errorf("terraform providers mirror did not authenticate the package")
		}
		mirrored := filepath.Join(mirror, host, namespace, typ, r.ArchiveName(runtime.GOOS, runtime.GOARCH))
		if got := archiveSHA256(t, mirrored); got != local {
			t.Errorf("the mirrored archive %s has sha256 %s, the snapshot's %s", mirrored, got, local)
		}
		t.Logf("registry stopped; init from the mirror %s", mirror)
		dir := workDir(t, host, "")
		if _, err := tf.run(t, dir, "init", "-input=false", "-no-color", "-plugin-dir="+mirror); err != nil {
			t.Fatalf("terraform init -plugin-dir: %v", err)
		}
		lock := readFile(t, filepath.Join(dir, ".terraform.lock.hcl"))
		if goodH1 != "" && !strings.Contains(lock, `"`+goodH1+`"`) {
			t.Errorf(".terraform.lock.hcl from the mirror lacks %s, the hash the registry install locked:\n%s", goodH1, lock)
		}
	})
}

// workDir is a new working directory whose configuration requires the
// provider from host, with extra (a provider block and what it plans) after.
func workDir(t *testing.T, host, providerBlock string) string {
	t.Helper()
	dir := t.TempDir()
	config := fmt.Sprintf(`terraform {
  required_providers {
    adminapi = {
      source  = "%s/%s/%s"
      version = "~> %s"
    }
  }
}
`, host, namespace, typ, version[:strings.LastIndex(version, ".")])
	if providerBlock != "" {
		config += providerBlock + `
resource "adminapi_role" "auditor" {
  name        = "auditor"
  description = "Read-only access to audit trails"
}

data "adminapi_admin_users" "all" {}

output "admins" {
  value = data.adminapi_admin_users.all.users[*].username
}
`
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func assertServed(t *testing.T, r *release.Registry, path string) {
	t.Helper()
	for _, req := range r.Requests() {
		if req == "GET "+path+" 200" {
			return
		}
	}
	t.Errorf("the registry never served %s; it answered %v", path, r.Requests())
}

func assertNotInstalled(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".terraform.lock.hcl")); err == nil {
		t.Errorf("a failed init wrote .terraform.lock.hcl:\n%s", readFile(t, filepath.Join(dir, ".terraform.lock.hcl")))
	}
	if _, err := os.Stat(filepath.Join(dir, ".terraform", "providers")); err == nil {
		entries, _ := filepath.Glob(filepath.Join(dir, ".terraform", "providers", "*", "*", "*", "*", "*", "*"))
		if len(entries) > 0 {
			t.Errorf("a failed init installed %v", entries)
		}
	}
}

// oneLine joins Terraform's wrapped diagnostic lines with single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func archiveSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func timed(t *testing.T, step string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	t.Logf("%s: %s", step, time.Since(start).Round(time.Millisecond))
}

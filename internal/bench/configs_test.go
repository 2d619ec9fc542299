package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteConfigCopiesTheGuideAndStartsAfresh(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	files := map[string]string{"providers.tf": oursProvider(20), "main.tf": "@" + filepath.Join(guideDir, "main.tf")}
	if err := writeConfig(root, dir, files); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(root, guideDir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "main.tf")); string(got) != string(want) {
		t.Error("main.tf is not the guide's")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "providers.tf")); !strings.Contains(string(got), "max_requests_per_second = 20") {
		t.Errorf("providers.tf:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); !os.IsNotExist(err) {
		t.Errorf("the old state is still there: %v", err)
	}
	if err := writeConfig(root, dir, map[string]string{"x.tf": "@no/such/file"}); err == nil {
		t.Error("a missing source file is no error")
	}
}

func TestConfigsNameTheirSizeAndLimits(t *testing.T) {
	if got := oursUsers(250, 0); !strings.Contains(got, "range(250)") || !strings.Contains(got, "max_requests_per_second = 0") {
		t.Errorf("ours:\n%s", got)
	}
	peer := peerImport(7, 20)
	for _, want := range []string{"range(7)", "rate_limit           = 20", `id       = "/platform-users/${each.key}"`, `update_method        = "PATCH"`} {
		if !strings.Contains(peer, want) {
			t.Errorf("peer lacks %q:\n%s", want, peer)
		}
	}
	if strings.Contains(peerUsers(7, 0), "rate_limit") {
		t.Error("the peer has a rate limit in the loopback profile")
	}
}

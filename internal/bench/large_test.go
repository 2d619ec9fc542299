package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

func TestShardSizesSplitEveryUserOnce(t *testing.T) {
	sizes := ShardSizes(10000, 10)
	total := 0
	for i, s := range sizes {
		total += s
		if s < 900 || s > 1100 {
			t.Errorf("shard %d holds %d of 10,000 users", i, s)
		}
	}
	if total != 10000 {
		t.Errorf("the shards hold %d users, want 10,000", total)
	}
	if got := ShardSizes(5, 1); len(got) != 1 || got[0] != 5 {
		t.Errorf("one shard: %v", got)
	}
}

// sharedTerraform is the newest Terraform under ../shared/tools, or "".
func sharedTerraform() string {
	found, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "tools", "terraform-*", "terraform"))
	if len(found) == 0 {
		return ""
	}
	abs, _ := filepath.Abs(found[len(found)-1])
	return abs
}

// consoleEval evaluates an expression with terraform console in a folder
// holding config (no provider is needed for locals).
func consoleEval(t *testing.T, config string, expr string) []string {
	t.Helper()
	tf := sharedTerraform()
	if tf == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			tf = p
		} else {
			t.Skip("no Terraform")
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tf, "console")
	cmd.Dir = dir
	cmd.Env = append(terraformEnv(os.Environ()), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "none.rc"))
	cmd.Stdin = strings.NewReader(expr + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform console: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

func TestUsersLocalHoldsAnyNumberOfUsers(t *testing.T) {
	if got := usersLocal(1024); !strings.Contains(got, "range(1024)") {
		t.Errorf("up to 1,024 users, one range:\n%s", got)
	}
	got := usersLocal(5000)
	if strings.Contains(got, "range(5000)") || !strings.Contains(got, "setproduct(range(5), range(1000))") || !strings.Contains(got, "< 5000") {
		t.Errorf("5,000 users:\n%s", got)
	}
	out := consoleEval(t, usersLocal(5000), `jsonencode([length(local.users), local.users["bench-00000"], local.users["bench-04999"], lookup(local.users, "bench-05000", -1)])`)
	if strings.Join(out, " ") != `"[5000,0,4999,-1]"` {
		t.Errorf("terraform console says %v", out)
	}
	out = consoleEval(t, usersLocal(10001), `jsonencode([length(local.users), local.users["bench-10000"]])`)
	if strings.Join(out, " ") != `"[10001,10000]"` {
		t.Errorf("terraform console says %v", out)
	}
}

func TestShardConfigKeepsTheUsersOfShardOf(t *testing.T) {
	cfg := oursShard(300, 10, 3, 0)
	for _, want := range []string{
		"parseint(substr(sha256(lower(k)), 0, 8), 16) % 10 == 3", "for_each = local.shard_users",
		"to       = adminapi_platform_user.u[each.key]", "id       = each.key", "range(300)",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the shard's configuration lacks %q:\n%s", want, cfg)
		}
	}
	// Terraform's expression and shard.Of agree on which users shard 3 keeps.
	_, locals, _ := strings.Cut(cfg, "\n"+usersLocal(300))
	locals = usersLocal(300) + strings.Split(locals, "resource")[0]
	out := consoleEval(t, locals, `jsonencode(sort(keys(local.shard_users)))`)
	var want []string
	for _, u := range usernames(300) {
		if shard.Of(u, 10) == 3 {
			want = append(want, strconv.Quote(u))
		}
	}
	if got := strings.Join(out, ""); got != strconv.Quote("["+strings.Join(want, ",")+"]") {
		t.Errorf("terraform keeps %s\nshard.Of keeps %v", got, want)
	}
	if len(want) != ShardSizes(300, 10)[3] {
		t.Errorf("ShardSizes says %d, shard.Of %d", ShardSizes(300, 10)[3], len(want))
	}
}

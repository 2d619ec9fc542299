package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseOptions(t *testing.T) {
	tf := filepath.Join(t.TempDir(), "terraform")
	if err := os.WriteFile(tf, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	o, _, err := parseOptions([]string{"-n", "100, 1000,10000", "-terraform", tf, "-profiles", "remote", "-latency", "10ms", "-repeat", "3"},
		io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Sizes, []int{100, 1000, 10000}) || o.Repeat != 3 {
		t.Errorf("sizes %v, repeat %d", o.Sizes, o.Repeat)
	}
	if o.Shards != 10 || !slices.Equal(o.ShardSizes, []int{10000}) || o.ShardParallel != 2 || o.CreateMaxN != 5000 || o.PGO != "auto" {
		t.Errorf("shards %d at %v, %d at a time; create up to %d; pgo %q", o.Shards, o.ShardSizes, o.ShardParallel, o.CreateMaxN, o.PGO)
	}
	if len(o.Profiles) != 1 || o.Profiles[0].Latency != 10*time.Millisecond || o.Profiles[0].RateLimit != 20 || o.Profiles[0].ClientLimit != 20 || o.Profiles[0].PeerClientLimit != 15 {
		t.Errorf("profiles %+v", o.Profiles)
	}
	if !slices.Equal(o.Tools, []string{"floor", "ours", "peer"}) || o.Terraform != tf || o.Parallelism != 10 {
		t.Errorf("tools %v, terraform %s, parallelism %d", o.Tools, o.Terraform, o.Parallelism)
	}
	if !strings.HasPrefix(o.Command, "adminapi-bench -n") {
		t.Errorf("command %q", o.Command)
	}
	if o, _, err := parseOptions([]string{"-terraform", tf, "-steps", "create,plan"}, io.Discard); err != nil || !slices.Equal(o.Steps, []string{"apply (create)", "plan (no change)"}) {
		t.Errorf("-steps: %q, %v", o.Steps, err)
	}
	if _, table, err := parseOptions([]string{"-table", "a.json,b.json"}, io.Discard); err != nil || !slices.Equal(table, []string{"a.json", "b.json"}) {
		t.Errorf("-table: %v, %v", table, err)
	}
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "ten"}, {"-profiles", "lan"}, {"-tools", "ours,theirs"}, {"-workers", "0"}, {"stray"},
		{"-steps", "create,apply"}, {"-client-limit", "-1"}, {"-peer-client-limit", "-1"}, {"-repeat", "0"}, {"-shard-parallel", "0"}, {"-shards-at", "x"},
	} {
		if _, _, err := parseOptions(append([]string{"-terraform", tf}, args...), io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if _, _, err := parseOptions([]string{"-terraform", filepath.Join(t.TempDir(), "none")}, io.Discard); err == nil {
		t.Error("a missing -terraform is no error")
	}
}

func TestFindTerraformTakesTheNewestSharedTool(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "main")
	for _, v := range []string{"1.9.0", "1.15.9", "1.11.4"} {
		dir := filepath.Join(base, "shared", "tools", "terraform-"+v)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform"), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got, from, err := findTerraform("", root)
	if err != nil || got != filepath.Join(base, "shared", "tools", "terraform-1.15.9", "terraform") || !strings.Contains(from, "shared") {
		t.Errorf("findTerraform = %s, %s, %v; want the 1.15.9 one", got, from, err)
	}
}

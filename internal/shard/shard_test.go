package shard_test

import (
	"fmt"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// The vectors the docs give, computed with sha256sum (see the guide
// "Large estates"); TestAccShard_hclAgrees checks Terraform's answer.
var vectors = []struct {
	username string
	hash     uint32
	of10     int64
	of3      int64
}{
	{"alice", 0x2bd806c9, 1, 1},
	{"Alice", 0x2bd806c9, 1, 1},
	{"bob-keller", 0x2a98ca92, 2, 2},
	{"Zoë", 0x2752b886, 4, 1},
	{"svc.deploy@example.com", 0xbca6d7ef, 3, 1},
}

func TestOf_vectors(t *testing.T) {
	for _, v := range vectors {
		if got := shard.Hash(v.username); got != v.hash {
			t.Errorf("Hash(%q) = %08x, want %08x", v.username, got, v.hash)
		}
		if got := shard.Of(v.username, 10); got != v.of10 {
			t.Errorf("Of(%q, 10) = %d, want %d", v.username, got, v.of10)
		}
		if got := shard.Of(v.username, 3); got != v.of3 {
			t.Errorf("Of(%q, 3) = %d, want %d", v.username, got, v.of3)
		}
		if got := shard.Of(v.username, 1); got != 0 {
			t.Errorf("Of(%q, 1) = %d, want 0", v.username, got)
		}
	}
}

func usernames(from, to int) []string {
	var names []string
	for i := from; i < to; i++ {
		names = append(names, fmt.Sprintf("user-%04d", i))
	}
	return names
}

// The K shards of 1,000 users are disjoint and cover every user, and none
// is empty or far from 1,000/K.
func TestSpec_disjointAndCovering(t *testing.T) {
	users := usernames(0, 1000)
	for _, k := range []int64{1, 2, 3, 7, 10, 16} {
		seen := map[string]int64{}
		for i := range k {
			n := 0
			for _, u := range users {
				if !(shard.Spec{Count: k, Index: i}).Keeps(u) {
					continue
				}
				if j, dup := seen[u]; dup {
					t.Fatalf("K=%d: %s is in shards %d and %d", k, u, j, i)
				}
				seen[u] = i
				n++
			}
			if want := 1000 / int(k); n < want/2 || n > want*3/2 {
				t.Errorf("K=%d: shard %d holds %d users, want about %d", k, i, n, want)
			}
		}
		if len(seen) != len(users) {
			t.Errorf("K=%d: the shards hold %d of %d users", k, len(seen), len(users))
		}
	}
}

// A user keeps its shard when others are added or removed: the shards of
// users 0-499 are the same computed among 500, among 1,000, and among
// users 250-749.
func TestOf_stableUnderAddAndRemove(t *testing.T) {
	shardsOf := func(users []string) map[string]int64 {
		m := map[string]int64{}
		for _, u := range users {
			m[u] = shard.Of(u, 10)
		}
		return m
	}
	few, more, other := shardsOf(usernames(0, 500)), shardsOf(usernames(0, 1000)), shardsOf(usernames(250, 750))
	for u, s := range few {
		if more[u] != s {
			t.Errorf("%s: shard %d among 500 users, %d among 1,000", u, s, more[u])
		}
		if o, ok := other[u]; ok && o != s {
			t.Errorf("%s: shard %d among users 0-499, %d among 250-749", u, s, o)
		}
	}
}

func TestModulus(t *testing.T) {
	of := func(k, i int64, n int) []string {
		var names []string
		for _, u := range usernames(0, 100_000) {
			if shard.Of(u, k) == i {
				names = append(names, u)
				if len(names) == n {
					break
				}
			}
		}
		return names
	}
	for _, k := range []int64{2, 10, 100, 600} {
		if got := shard.Modulus(of(k, k-1, 8)); got%uint64(k) != 0 {
			t.Errorf("Modulus of 8 users of shard %d/%d = %d, want a multiple of %d", k-1, k, got, k)
		}
	}
	if got := shard.Modulus(usernames(0, 8)); got >= 100 {
		t.Errorf("Modulus of 8 users of no shard = %d, want a small number", got)
	}
	if got := shard.Modulus([]string{"a", "A"}); got != 0 {
		t.Errorf("Modulus of one username twice = %d, want 0", got)
	}
	if got := shard.Modulus(nil); got != 0 {
		t.Errorf("Modulus() = %d, want 0", got)
	}
}

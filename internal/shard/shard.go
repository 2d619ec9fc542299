// Package shard is the function that splits users across workspaces: the
// shard of a username among K is the first 8 hex digits of the SHA-256 of
// the lower-cased username, as a number, modulo K. In HCL:
//
//	parseint(substr(sha256(lower(username)), 0, 8), 16) % K
//
// It is part of the provider's interface (provider.md, "Shards"): a user
// stays in its shard for as long as K stays the same, so it never changes.
package shard

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// Hash is the first 4 bytes (8 hex digits) of the SHA-256 of the
// lower-cased username, big-endian. Terraform's lower and this ToLower
// both map Unicode letters by their simple case mapping.
func Hash(username string) uint32 {
	sum := sha256.Sum256([]byte(strings.ToLower(username)))
	return binary.BigEndian.Uint32(sum[:4])
}

// Of is the shard of username among count (count >= 1).
func Of(username string, count int64) int64 {
	return int64(Hash(username)) % count
}

// Spec is one shard: Index among Count.
type Spec struct {
	Count, Index int64
}

// Keeps tells whether username is in the shard.
func (s Spec) Keeps(username string) bool {
	return Of(username, s.Count) == s.Index
}

// Modulus is the largest K for which every username given falls in the same
// shard: the greatest common divisor of the differences of their hashes.
// The usernames of one shard among K give a multiple of K; usernames drawn
// from no shard almost always give a small number (8 of them give 2 or more
// less than 1% of the time, 100 or more about once in 10^14). 0 when fewer
// than two distinct hashes are given.
func Modulus(usernames []string) uint64 {
	if len(usernames) == 0 {
		return 0
	}
	first := uint64(Hash(usernames[0]))
	var g uint64
	for _, u := range usernames[1:] {
		h := uint64(Hash(u))
		d := max(h, first) - min(h, first)
		for d != 0 {
			g, d = d, g%d
		}
	}
	return g
}

package provider

import "runtime/debug"

// gcPercent is the provider process's garbage collection target when GOGC
// does not set one. The framework allocates for every attribute of every
// request, and with Go's default (100) a third of the provider's CPU in a
// plan of 1,000 platform users went to the collector. At 200 the provider
// uses a quarter less CPU for 10 MiB more peak memory (N = 1,000: 5.8 s →
// 4.3 s, 44 → 55 MiB; N = 5,000: 51 → 63 MiB); 400 and a memory limit save
// little more and cost more memory. README → Performance says how this
// was measured.
const gcPercent = 200

// TuneGC sets the garbage collection target to gcPercent unless GOGC, read
// by lookup, sets one, and answers the target in force.
func TuneGC(lookup func(string) (string, bool)) int {
	if v, ok := lookup("GOGC"); ok && v != "" {
		current := debug.SetGCPercent(100)
		debug.SetGCPercent(current)
		return current
	}
	debug.SetGCPercent(gcPercent)
	return gcPercent
}

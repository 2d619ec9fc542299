// Process tuning for what the framework allocates, rather than a
// workaround of one call: terraform-plugin-framework (v1.19) allocates for
// every attribute of every request, and the collector's share of the
// provider's CPU is what TuneGC offsets. Much of that garbage is the
// schema's attribute map, copied on every path step; there is no upstream
// issue for it yet. The report to file (terraform-plugin-framework):
//
//	Title: Schema.GetAttributes allocates a new map on every call
//
//	In v1.19.0, resource/schema.Schema.GetAttributes() converts
//	map[string]Attribute into a new map[string]fwschema.Attribute on every
//	call (schemaAttributes); SchemaAttributeAtPath calls it once per path
//	step, through tftypes.WalkAttributePath and
//	fwschema.SchemaApplyTerraform5AttributePathStep, to look up a single
//	attribute. The other schema packages (datasource, ephemeral, list,
//	action, provider) and NestedAttributeObject.GetAttributes do the same.
//	Caching the converted map per schema cut provider CPU by a third in a
//	create of 1,000 resources. Expected: GetAttributes answers a map built
//	once per schema, or the path step looks the name up in s.Attributes
//	without converting the map.
//
// Canary: TestUpstreamSchemaCopiesAttributesPerPathStep fails once a path
// step no longer copies the map: then measure again without gcPercent.

package workaround

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

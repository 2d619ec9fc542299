// Package common holds what the provider's domain packages (adminuser,
// platformuser, role, account, settings, auth) share, so that every type has
// one shape:
//
//   - the base of every type: Resource[M] (resource.go), built from a
//     ResourceSpec, which holds the client, names the type (Metadata),
//     declares the Identity (identity.go) and imports by id or identity, runs
//     the plan-time checks (ModifyPlan) and reads and writes the model M;
//     DataSource, ListResource, Action and EphemeralResource (read_side.go),
//     each holding the client and naming the type;
//   - Types (types.go), the constructors of one domain's types, which each
//     domain exports and the provider joins;
//   - the diagnostics constructors (diagnostics.go), the only ones that build
//     titles, of the form `Could not <verb> <kind> "<name>"[: <reason>]`,
//     e.g. `Could not delete role "auditor": still assigned`;
//   - the handling of a create whose answer was lost (unsettled_create.go,
//     pending_create.go), and smaller helpers: composite ids (ids.go),
//     values (values.go), write-only secrets (writeonly.go), the e-mail type
//     and validator, and list results streamed as they are read
//     (list_stream.go).
//
// It knows the client (package client) but no domain.
//
// # Terms
//
//   - Domain: one package under internal/provider holding the types of one
//     part of the API (adminuser, platformuser, ...), listed in its Types.
//   - May have acted: client.MayHaveActed(err): an attempt of the failed call
//     may have reached the API, and no answer tells what became of it.
//   - Unsettled create: a create that failed but may have acted. It is kept in
//     state with the planned values, tainted, its title ending "answer lost".
//   - Pending create: an unsettled create of an object whose id the API makes;
//     its placeholder id pending-create/<key>/<sent> holds the Idempotency-Key.
//   - Settle: find out what an unsettled create did: the next refresh reads the
//     object back or drops it; a pending create is repeated with its key.
package common

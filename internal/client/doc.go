// Package client is the one client of the admin API (see
// shared/design/admin-api.md): every part of the provider that calls the API
// goes through a Client. It is built on resty, takes and returns the wire
// types of package api, and knows nothing of Terraform: no schema, state or
// diagnostic, only calls, their answers and errors.
//
// It authenticates with a static token, a login or OAuth2 client
// credentials, caches and refreshes the token, retries transient failures
// (transport errors, 429, 502, 503, 504) with backoff, slows the whole
// process down when the server answers 429, and turns every error answer
// into an *APIError. Every POST carries a fresh Idempotency-Key, the same on
// all the attempts of one call, so that a create may be retried after any
// failure.
//
// A Client is safe for concurrent use; one Client is meant to be shared by
// all callers of a process.
//
// # Terms
//
//   - Call: one operation of the API, one method of Client (GetRole,
//     CreateAccount); it makes one attempt or more, and returns one answer.
//   - Attempt: one HTTP request of a call. A call makes at most MaxRetries+1,
//     and one more to resend it after a token renewal on a 401.
//   - Retry: a further attempt of the same call, after backoff or Retry-After:
//     on a 429, 502, 503, 504, a transient transport error, or a repeat's 409.
//   - Gave up: the last attempt would have been retried but none were left;
//     the error ends with "(gave up after N attempts to <endpoint>)", or
//     with what to check or change before the ")" (see hint).
//   - Repeat: a POST sent again with the Idempotency-Key of an earlier one; the
//     server answers it with the first answer (409 while it still handles it).
//   - Settled: a call whose last answer tells what became of it: any answer but
//     a 5xx, 401, 403, 429 or a repeat's 409. Unsettled: any other end.
//   - May have acted (MayHaveActed): unsettled, and an attempt may have reached
//     the server (a 5xx, or an answer lost): a create may have made its object.
//   - Token renewal: one request for a new token (refresh, login or client
//     credentials) for all callers, when the token nears expiry or gets a 401.
//   - Pacer: holds back every request of a Client, attempts and token requests
//     alike: first at the gate, then at a rate that a 429 halves, at most
//     once a window, and that each answer other than a 429 or a 5xx raises.
//   - Gate: closed by a 429's Retry-After until it ends; every request of the
//     Client waits at it, not only the one that got the 429. The 429s to
//     requests sent before it closed leave it as it is.
//   - Window: the Retry-After of the 429 that halved the rate, a second at
//     least; the 429s received within it do not halve it again.
//   - Sweep: GetPlatformUser and GetAccountMember, when many come at once,
//     answered from the paged list (100 a call) instead of one GET each.
//   - Snapshot: the objects a sweep read, once per list per Client; an object
//     absent from it, or written by this Client, is read by its own GET.
package client

-- The first answer to a POST that carried an Idempotency-Key, kept for 24
-- hours to answer the repeats of that request; written in the transaction
-- of the change it answers. caller scopes the key: the same key from two
-- callers is two keys.

CREATE TABLE idempotency_keys (
    caller       TEXT NOT NULL, -- kind:name, and #uid for an admin user
    key          TEXT NOT NULL,
    request_hash BLOB NOT NULL, -- SHA-256 of method, target, caller and body
    status       INTEGER NOT NULL,
    headers      TEXT NOT NULL, -- JSON object: header name to its values
    body         BLOB NOT NULL,
    created_ms   INTEGER NOT NULL,
    expires_ms   INTEGER NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_ms);

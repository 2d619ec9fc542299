-- An admin user's tokens name their family (the fam claim): the login they
-- descend from through refresh rotations. A row is written at each rotation
-- and kept until the newest token of its family expires; revoked is set
-- when a rotated refresh token of the family is presented again (reuse
-- detection, RFC 9700 §4.14.2), which revokes every token of the family.

CREATE TABLE token_families (
    family    TEXT PRIMARY KEY,
    expires_s INTEGER NOT NULL, -- the latest expiry of a token of the family
    revoked   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX token_families_expires ON token_families (expires_s);

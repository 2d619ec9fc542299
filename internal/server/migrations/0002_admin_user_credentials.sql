-- A token of an admin user names the user's incarnation (uid, new for every
-- user created, so a re-created username is another user) and its credential
-- version (raised by every password reset); a token whose uid or version is
-- not the row's is refused.

ALTER TABLE admin_users ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE admin_users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
UPDATE admin_users SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX admin_users_uid ON admin_users (uid);

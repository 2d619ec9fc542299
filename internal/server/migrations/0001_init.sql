-- Times are Unix milliseconds unless the column says otherwise.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE admin_users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    permissions   TEXT NOT NULL, -- JSON api.Permissions
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL
);

CREATE TABLE revoked_tokens (
    jti        TEXT PRIMARY KEY,
    expires_s  INTEGER NOT NULL
);
CREATE INDEX revoked_tokens_expires ON revoked_tokens (expires_s);

-- Only keys changed from the shipped default document are stored.
CREATE TABLE settings (
    group_id TEXT NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL, -- JSON
    PRIMARY KEY (group_id, key)
);

CREATE TABLE platform_users (
    username             TEXT PRIMARY KEY,
    email                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    password_hash        TEXT,
    ldap                 INTEGER NOT NULL DEFAULT 0,
    name                 TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL,
    tags                 TEXT NOT NULL DEFAULT '[]', -- JSON array, sorted and unique
    metadata             TEXT NOT NULL DEFAULT '{}', -- JSON object
    status               TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
    external_id          TEXT UNIQUE,
    invitation_token     TEXT NOT NULL DEFAULT '',
    referer              TEXT NOT NULL DEFAULT '',
    registered_timestamp INTEGER NOT NULL, -- Unix seconds
    registered_date      TEXT NOT NULL,
    server               TEXT NOT NULL,
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL
);

CREATE TABLE roles (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL
);

CREATE TABLE role_assignments (
    username TEXT NOT NULL REFERENCES platform_users (username) ON DELETE CASCADE,
    role     TEXT NOT NULL REFERENCES roles (name) ON DELETE RESTRICT,
    PRIMARY KEY (username, role)
);
CREATE INDEX role_assignments_role ON role_assignments (role);

CREATE TABLE accounts (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    health_time_period      INTEGER NOT NULL,
    exec_interval           INTEGER NOT NULL,
    base_line_exec_interval INTEGER NOT NULL,
    cd_model_frequency      INTEGER NOT NULL,
    cd_execution_frequency  INTEGER NOT NULL,
    data_retention          INTEGER NOT NULL,
    attributes              TEXT NOT NULL DEFAULT '{}', -- JSON object
    created_ms              INTEGER NOT NULL,
    updated_ms              INTEGER NOT NULL
);
CREATE INDEX accounts_name ON accounts (name);

CREATE TABLE activation_codes (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    expires_s  INTEGER NOT NULL
);

CREATE TABLE account_members (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    username   TEXT NOT NULL REFERENCES platform_users (username) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    PRIMARY KEY (account_id, username)
);
CREATE INDEX account_members_username ON account_members (username);

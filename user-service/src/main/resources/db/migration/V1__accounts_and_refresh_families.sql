CREATE TABLE user_account (
    id            uuid PRIMARY KEY,
    email         varchar(254) NOT NULL UNIQUE,
    name          varchar(100) NOT NULL,
    password_hash varchar(100) NOT NULL,
    created_at    timestamp(6) with time zone NOT NULL
);

CREATE TABLE user_role (
    user_id uuid        NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    role    varchar(16) NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    PRIMARY KEY (user_id, role)
);

-- one row per login session; its id is the access tokens' sid claim
CREATE TABLE refresh_family (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    created_at     timestamp(6) with time zone NOT NULL,
    revoked_at     timestamp(6) with time zone,
    revoked_reason varchar(32)
);
CREATE INDEX refresh_family_user_idx ON refresh_family (user_id);

-- only the SHA-256 of a refresh token is kept
CREATE TABLE refresh_token (
    token_hash varchar(64) PRIMARY KEY,
    family_id  uuid NOT NULL REFERENCES refresh_family (id) ON DELETE CASCADE,
    issued_at  timestamp(6) with time zone NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    spent_at   timestamp(6) with time zone
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);

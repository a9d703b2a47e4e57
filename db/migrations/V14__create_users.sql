-- The people who log in to the web UI (ick.identity.User). A password is never stored, only its salted
-- Argon2id hash.

CREATE TABLE users (
    name           varchar(100) PRIMARY KEY,
    password_hash  varchar(255) NOT NULL,   -- $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
    role           varchar(20) NOT NULL CHECK (role IN ('viewer', 'admin')),
    created_at     timestamp with time zone NOT NULL,
    updated_at     timestamp with time zone NOT NULL
);

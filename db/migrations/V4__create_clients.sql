-- The token issuer's clients (ick.identity). A client's secret is never stored, only its salted PBKDF2 hash.

CREATE TABLE client (
    id           varchar(100) PRIMARY KEY,
    secret_hash  varchar(255) NOT NULL,   -- pbkdf2-sha256$<iterations>$<salt>$<hash>
    scopes       text NOT NULL,           -- space-separated, sorted (OAuth2 scope syntax)
    created_at   timestamp with time zone NOT NULL,
    updated_at   timestamp with time zone NOT NULL
);

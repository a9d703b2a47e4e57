-- The token issuer's clients (ick.identity.Client). A client's secret is never stored, only its salted
-- PBKDF2 hash ("pbkdf2-sha256$iterations$salt$hash"); scopes are space-separated, sorted.
CREATE TABLE client (
    id          varchar(100) PRIMARY KEY,
    secret_hash varchar(255) NOT NULL,
    scopes      text         NOT NULL,
    created     timestamp(6) with time zone NOT NULL,
    updated     timestamp(6) with time zone NOT NULL
);

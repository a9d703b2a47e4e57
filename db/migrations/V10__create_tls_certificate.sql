-- The controller's TLS certificate from ACME (ick.tls): one row, the certificate being served and the last
-- attempt to get one. The certificate and its key live in the data directory, not here.

CREATE TABLE tls_certificate (
    id                    smallint PRIMARY KEY CHECK (id = 1),
    domains               text,                     -- the names of the served certificate, comma-separated
    serial                varchar(80),              -- hex serial of the served certificate
    not_after             timestamp with time zone, -- its expiry
    installed_at          timestamp with time zone,
    renewal_requested     boolean NOT NULL DEFAULT false, -- a forced renewal not yet done
    last_attempt_at       timestamp with time zone,
    last_result           varchar(20),              -- SUCCEEDED or FAILED
    last_reason           text,                     -- why the last attempt failed
    failures              integer NOT NULL DEFAULT 0, -- consecutive failed attempts
    next_attempt_at       timestamp with time zone  -- earliest retry after a failure (backoff)
);

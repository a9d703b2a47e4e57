package ick.tls;

import java.time.Instant;
import java.util.Optional;

/** An attempt to get a certificate failed; the message says why in words an operator can act on. */
class TlsFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Instant> retryAfter;

    TlsFailure(String reason, Throwable cause) {
        this(reason, cause, Optional.empty());
    }

    TlsFailure(String reason, Throwable cause, Optional<Instant> retryAfter) {
        super(reason, cause);
        this.retryAfter = retryAfter;
    }

    /** When the CA said to come back (rate limits), if it did. */
    Optional<Instant> retryAfter() {
        return retryAfter;
    }
}

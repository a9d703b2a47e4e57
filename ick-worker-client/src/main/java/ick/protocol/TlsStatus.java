package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * The controller's HTTPS certificate and the last attempt to get one ({@code GET /api/v1/tls}, {@code icktool
 * tls status}). Certificate fields are null until a certificate is served, attempt fields until one was made.
 *
 * @param enabled whether the controller gets certificates by ACME (a domain is configured)
 * @param domains the configured names
 * @param acmeDirectory the configured ACME directory
 * @param serial the served certificate's serial number, hexadecimal
 * @param certificateDomains the names in the served certificate
 * @param notAfter when the served certificate expires
 * @param installedAt when it was installed
 * @param renewalRequested a renewal was asked for ({@code POST /api/v1/tls/renew}) and has not succeeded yet
 * @param lastAttemptAt when the last order was tried
 * @param lastResult how it ended
 * @param lastReason why it failed, in words
 * @param failures failed attempts in a row
 * @param nextAttemptAt no new attempt before this (backoff after failures), if set
 */
public record TlsStatus(boolean enabled, List<String> domains, String acmeDirectory,
                        String serial, List<String> certificateDomains, Instant notAfter, Instant installedAt,
                        boolean renewalRequested, Instant lastAttemptAt, Result lastResult, String lastReason,
                        int failures, Instant nextAttemptAt) {

    /** How an attempt to get a certificate ended. JSON: the lower-case name. */
    public enum Result {
        /** A certificate was obtained and is served. */
        SUCCEEDED,
        /** No certificate: the served one (if any) stays; {@code lastReason} says why. */
        FAILED;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

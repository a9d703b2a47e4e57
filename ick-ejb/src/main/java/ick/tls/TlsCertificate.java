package ick.tls;

import ick.protocol.TlsStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * The one row of {@code tls_certificate}: the certificate the HTTPS listener serves and how the last attempt to
 * get one went. The certificate itself and its key are in the key store file, not here.
 */
@Entity
@Table(name = "tls_certificate")
public class TlsCertificate {
    static final short ID = 1;

    @Id
    private Short id;

    /** Comma-separated. */
    private String domains;

    @Column(length = 80)
    private String serial;

    @Column(name = "not_after")
    private Instant notAfter;

    @Column(name = "installed_at")
    private Instant installedAt;

    @Column(name = "renewal_requested", nullable = false)
    private boolean renewalRequested;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_result", length = 20)
    private TlsStatus.Result lastResult;

    @Column(name = "last_reason")
    private String lastReason;

    @Column(nullable = false)
    private int failures;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    protected TlsCertificate() {
    }

    static TlsCertificate none() {
        TlsCertificate c = new TlsCertificate();
        c.id = ID;
        return c;
    }

    /** Asks for a new certificate at the next check, whatever the expiry of the served one. */
    void requestRenewal() {
        renewalRequested = true;
    }

    /** A new certificate is served: the failures are over. */
    void installed(List<String> certificateDomains, String newSerial, Instant expiry, Instant now) {
        domains = String.join(",", certificateDomains);
        serial = newSerial;
        notAfter = expiry;
        installedAt = now;
        renewalRequested = false;
        lastAttemptAt = now;
        lastResult = TlsStatus.Result.SUCCEEDED;
        lastReason = null;
        failures = 0;
        nextAttemptAt = null;
    }

    /** An attempt failed: the served certificate stays; no new attempt before {@code retryAt}. */
    void failed(String reason, Instant now, RenewalPolicy policy, java.util.Optional<Instant> retryAfter) {
        lastAttemptAt = now;
        lastResult = TlsStatus.Result.FAILED;
        lastReason = reason;
        failures++;
        nextAttemptAt = policy.nextAttempt(now, failures, retryAfter);
    }

    RenewalPolicy.Served served() {
        return new RenewalPolicy.Served(domainList(), notAfter, renewalRequested, nextAttemptAt);
    }

    boolean hasCertificate() {
        return serial != null;
    }

    TlsStatus toStatus(TlsSettings settings) {
        return new TlsStatus(settings.enabled(), settings.domains(), settings.acmeDirectory().toString(),
                serial, serial == null ? null : domainList(), notAfter, installedAt, renewalRequested,
                lastAttemptAt, lastResult, lastReason, failures, nextAttemptAt);
    }

    private List<String> domainList() {
        return domains == null || domains.isEmpty() ? List.of() : List.of(domains.split(","));
    }
}

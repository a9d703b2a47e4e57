package ick.tls;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code tls_certificate} row: each change is its own short transaction (an ACME order is not). */
@Stateless
public class TlsRecords {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    /** The row as it is now (a detached copy; a new, empty one if none was stored yet). */
    public TlsCertificate current() {
        TlsCertificate row = em.find(TlsCertificate.class, TlsCertificate.ID);
        return row == null ? TlsCertificate.none() : row;
    }

    public void requestRenewal() {
        row().requestRenewal();
    }

    public void installed(List<String> domains, String serial, Instant notAfter, Instant now) {
        row().installed(domains, serial, notAfter, now);
    }

    public TlsCertificate failed(String reason, Instant now, RenewalPolicy policy, Optional<Instant> retryAfter) {
        TlsCertificate row = row();
        row.failed(reason, now, policy, retryAfter);
        return row;
    }

    private TlsCertificate row() {
        TlsCertificate row = em.find(TlsCertificate.class, TlsCertificate.ID, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = TlsCertificate.none();
            em.persist(row);
        }
        return row;
    }
}

package ick.tls;

import ick.problem.ConflictException;
import ick.protocol.TlsStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the controller's HTTPS certificate valid: a check every {@code ick.tls.check-interval-seconds} orders a
 * certificate when {@link RenewalPolicy} says one is due, and {@link #renew()} orders one now. One order runs
 * at a time; none holds a database transaction. A failure keeps the served certificate and is recorded with
 * its reason and the time of the next attempt.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TlsService {
    private static final Logger LOG = Logger.getLogger(TlsService.class.getName());
    /** The first check waits until the deployment has finished (and released the management lock). */
    private static final long FIRST_CHECK_SECONDS = 3;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    TlsRecords records;

    @Inject
    Http01Challenges challenges;

    private final ReentrantLock ordering = new ReentrantLock();
    private volatile boolean serving;
    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        TlsSettings settings;
        try {
            settings = TlsSettings.fromConfig();
        } catch (RuntimeException e) {
            LOG.severe(() -> "TLS: bad ick.tls settings, no certificates will be obtained: " + e.getMessage());
            return;
        }
        if (!settings.enabled()) {
            LOG.info("TLS: ick.tls.domains is not set; no certificate is obtained by ACME");
            return;
        }
        serving = records.current().hasCertificate() && Files.exists(settings.keyStoreFile());
        LOG.info(() -> "TLS: certificates for " + settings.domains() + " from " + settings.acmeDirectory()
                + ", checked every " + settings.checkInterval().toSeconds() + " s");
        task = scheduler.scheduleWithFixedDelay(this::check, FIRST_CHECK_SECONDS,
                settings.checkInterval().toSeconds(), TimeUnit.SECONDS);
    }

    /** The executor outlives the application: its task must not. */
    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    public TlsStatus status() {
        return records.current().toStatus(TlsSettings.fromConfig());
    }

    /**
     * Orders a new certificate now, whatever the served one's expiry, and returns the outcome. If the order
     * fails, the renewal stays requested and is retried after the backoff.
     *
     * @throws ConflictException if ACME is not configured
     */
    public TlsStatus renew() throws InterruptedException {
        TlsSettings settings = TlsSettings.fromConfig();
        if (!settings.enabled()) {
            throw new ConflictException("TLS certificates by ACME are off: set ick.tls.domains (docs/operations.md)");
        }
        records.requestRenewal();
        ordering.lockInterruptibly();
        try {
            attempt(settings, "a renewal was requested");
        } finally {
            ordering.unlock();
        }
        return status();
    }

    /**
     * The port plain HTTP requests are redirected to, when they should be: ACME is on, a certificate is served
     * and {@code ick.tls.redirect-http} is not false.
     */
    public OptionalInt redirectPort() {
        if (!serving) {
            return OptionalInt.empty();
        }
        TlsSettings settings = TlsSettings.fromConfig();
        return settings.enabled() && settings.redirectHttp() ? OptionalInt.of(settings.httpsPort()) : OptionalInt.empty();
    }

    /** The periodic check: orders a certificate if one is due and no order runs. */
    void check() {
        if (!ordering.tryLock()) {
            return;
        }
        try {
            TlsSettings settings = TlsSettings.fromConfig();
            if (!settings.enabled()) {
                return;
            }
            TlsCertificate row = records.current();
            RenewalPolicy.Served served = row.served();
            if (!Files.exists(settings.keyStoreFile())) {
                served = new RenewalPolicy.Served(served.domains(), null, served.renewalRequested(), served.nextAttemptAt());
            }
            Optional<String> due = RenewalPolicy.of(settings).due(Instant.now(), served, settings.domains());
            if (due.isPresent()) {
                attempt(settings, due.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TLS: the certificate check failed; it runs again at the next interval", e);
        } finally {
            ordering.unlock();
        }
    }

    private void attempt(TlsSettings settings, String why) throws InterruptedException {
        LOG.info(() -> "TLS: ordering a certificate for " + settings.domains() + " (" + why + ")");
        try {
            if (!settings.agreeTerms()) {
                throw new TlsFailure("ick.tls.agree-terms is not true: read the terms of service of the CA at "
                        + settings.acmeDirectory() + " and set ick.tls.agree-terms=true to accept them", null);
            }
            TlsKeys keys = new TlsKeys(settings.dir());
            KeyPair domainKey;
            KeyPair accountKey;
            try {
                accountKey = keys.account();
                domainKey = keys.domain();
            } catch (IOException e) {
                throw new TlsFailure("reading or creating the keys in " + settings.dir() + ": " + e, e);
            }
            List<X509Certificate> chain = new AcmeOrder(settings, challenges).obtain(accountKey, domainKey);
            new ElytronKeyStore(settings).install(domainKey, chain);
            X509Certificate leaf = chain.get(0);
            String serial = leaf.getSerialNumber().toString(16);
            records.installed(settings.domains(), serial, leaf.getNotAfter().toInstant(), Instant.now());
            serving = true;
            LOG.info(() -> "TLS: serving certificate " + serial + " for " + settings.domains() + ", valid until "
                    + leaf.getNotAfter().toInstant());
        } catch (TlsFailure e) {
            TlsCertificate row = records.failed(e.getMessage(), Instant.now(), RenewalPolicy.of(settings), e.retryAfter());
            LOG.log(Level.WARNING, "TLS: no new certificate, " + (serving ? "the served one stays" : "HTTPS has none yet")
                    + "; next attempt after " + row.served().nextAttemptAt() + ". Reason: " + e.getMessage(),
                    LOG.isLoggable(Level.FINE) ? e : null);
        }
    }
}

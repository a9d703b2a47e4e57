package ick.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * When to ask for a certificate, and how long to wait after failures. Pure: the state comes in as a
 * {@link Served} value.
 */
public record RenewalPolicy(Duration renewBefore, Duration retryMin, Duration retryMax) {

    /** What the renewal decision needs to know of the served certificate and the past attempts. */
    public record Served(List<String> domains, Instant notAfter, boolean renewalRequested, Instant nextAttemptAt) {
        static final Served NOTHING = new Served(List.of(), null, false, null);
    }

    static RenewalPolicy of(TlsSettings settings) {
        return new RenewalPolicy(settings.renewBefore(), settings.retryMin(), settings.retryMax());
    }

    /**
     * Why a certificate for {@code domains} should be ordered at {@code now}, or empty when none is needed
     * (or when a failure's backoff has not run out yet).
     */
    public Optional<String> due(Instant now, Served served, List<String> domains) {
        if (served.nextAttemptAt() != null && now.isBefore(served.nextAttemptAt())) {
            return Optional.empty();
        }
        if (served.notAfter() == null) {
            return Optional.of("no certificate yet");
        }
        if (!new HashSet<>(served.domains()).equals(new HashSet<>(domains))) {
            return Optional.of("the configured domains " + domains + " differ from the certificate's " + served.domains());
        }
        if (served.renewalRequested()) {
            return Optional.of("a renewal was requested");
        }
        if (!now.isBefore(served.notAfter().minus(renewBefore))) {
            return Optional.of("the certificate expires at " + served.notAfter());
        }
        return Optional.empty();
    }

    /**
     * The earliest next attempt after the {@code failures}-th failure in a row: {@code retryMin}, doubled with
     * each further failure, at most {@code retryMax}; later if the CA said when to come back.
     */
    public Instant nextAttempt(Instant now, int failures, Optional<Instant> retryAfter) {
        Duration wait = retryMin;
        for (int i = 1; i < failures && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(retryMax) > 0) {
            wait = retryMax;
        }
        Instant next = now.plus(wait);
        return retryAfter.filter(next::isBefore).orElse(next);
    }
}

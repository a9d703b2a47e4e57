package ick.tls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final RenewalPolicy POLICY = new RenewalPolicy(Duration.ofDays(30), Duration.ofMinutes(15), Duration.ofDays(1));
    private static final List<String> DOMAINS = List.of("ci.example.org");

    private static RenewalPolicy.Served served(Instant notAfter, boolean requested, Instant nextAttempt) {
        return new RenewalPolicy.Served(DOMAINS, notAfter, requested, nextAttempt);
    }

    @Test
    void noCertificateIsDue() {
        assertThat(POLICY.due(NOW, RenewalPolicy.Served.NOTHING, DOMAINS)).hasValue("no certificate yet");
    }

    @Test
    void certificateWithMoreThanThirtyDaysLeftIsNotDue() {
        assertThat(POLICY.due(NOW, served(NOW.plus(Duration.ofDays(31)), false, null), DOMAINS)).isEmpty();
    }

    @Test
    void certificateWithThirtyDaysOrLessLeftIsDue() {
        assertThat(POLICY.due(NOW, served(NOW.plus(Duration.ofDays(30)), false, null), DOMAINS)).isPresent();
        assertThat(POLICY.due(NOW, served(NOW.minusSeconds(1), false, null), DOMAINS)).isPresent();
    }

    @Test
    void otherDomainsOrARequestMakeItDue() {
        Instant later = NOW.plus(Duration.ofDays(80));
        assertThat(POLICY.due(NOW, served(later, false, null), List.of("ci.example.org", "www.example.org")))
                .hasValueSatisfying(r -> assertThat(r).contains("differ"));
        assertThat(POLICY.due(NOW, served(later, false, null), List.of("ci.example.org"))).isEmpty();
        assertThat(POLICY.due(NOW, served(later, true, null), DOMAINS)).hasValue("a renewal was requested");
    }

    @Test
    void nothingIsDueDuringTheBackoff() {
        assertThat(POLICY.due(NOW, served(null, true, NOW.plusSeconds(1)), DOMAINS)).isEmpty();
        assertThat(POLICY.due(NOW, served(null, true, NOW), DOMAINS)).isPresent();
    }

    @Test
    void backoffDoublesWithEachFailureUpToTheMaximum() {
        assertThat(POLICY.nextAttempt(NOW, 1, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(POLICY.nextAttempt(NOW, 2, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(POLICY.nextAttempt(NOW, 3, Optional.empty())).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
        assertThat(POLICY.nextAttempt(NOW, 10, Optional.empty())).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(POLICY.nextAttempt(NOW, Integer.MAX_VALUE, Optional.empty())).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void aRateLimitsRetryAfterIsRespectedWhenLater() {
        Instant retryAfter = NOW.plus(Duration.ofHours(3));
        assertThat(POLICY.nextAttempt(NOW, 1, Optional.of(retryAfter))).isEqualTo(retryAfter);
        assertThat(POLICY.nextAttempt(NOW, 1, Optional.of(NOW.plusSeconds(5)))).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void domainsAreListedOnceLowerCased() {
        assertThat(TlsSettings.domains(" CI.example.org, www.example.org ci.example.org,")).containsExactly("ci.example.org", "www.example.org");
        assertThat(TlsSettings.domains("")).isEmpty();
    }
}

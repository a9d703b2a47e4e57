package ick.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.protocol.NotificationState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2));
    private static final Duration CLAIM = Duration.ofMinutes(15);

    private final Notification n = new Notification(1, Channel.EMAIL, "a@example.test", Outcome.FAILED, T0);

    @Test
    void failedAttemptsBackOffThenFailForGood() {
        n.claim(T0, CLAIM);
        n.attemptFailed("connection refused", T0, DELAYS);
        assertThat(n.state()).isEqualTo(NotificationState.PENDING);
        assertThat(n.dueAt()).isEqualTo(T0.plusSeconds(30));
        n.claim(T0.plusSeconds(30), CLAIM);
        n.attemptFailed("connection refused", T0.plusSeconds(30), DELAYS);
        assertThat(n.dueAt()).isEqualTo(T0.plusSeconds(150));
        n.claim(T0.plusSeconds(150), CLAIM);
        n.attemptFailed("still refused", T0.plusSeconds(150), DELAYS);
        assertThat(n.state()).isEqualTo(NotificationState.FAILED);
        assertThat(n.attempts()).isEqualTo(3);
        assertThat(n.lastError()).isEqualTo("still refused");
        assertThatThrownBy(() -> n.claim(T0.plusSeconds(999), CLAIM)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSentNotificationIsNeverClaimedAgain() {
        n.claim(T0, CLAIM);
        assertThat(n.isHeldFor(1)).isTrue();
        n.sent(T0.plusSeconds(1));
        assertThat(n.state()).isEqualTo(NotificationState.SENT);
        assertThatThrownBy(() -> n.claim(T0.plusSeconds(5000), CLAIM)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClaimIsTakenOverOnlyOnceItExpired() {
        n.claim(T0, CLAIM);
        assertThatThrownBy(() -> n.claim(T0.plusSeconds(60), CLAIM)).isInstanceOf(IllegalStateException.class);
        n.claim(T0.plus(CLAIM), CLAIM);
        assertThat(n.attempts()).isEqualTo(2);
        assertThat(n.isHeldFor(1)).as("the first sender may no longer report").isFalse();
    }

    @Test
    void aRetriedFailureGetsExactlyOneMoreAttempt() {
        n.claim(T0, CLAIM);
        assertThatThrownBy(() -> n.retry(T0)).as("not failed yet").isInstanceOf(IllegalStateException.class);
        for (int attempt = 1; attempt <= DELAYS.size() + 1; attempt++) {
            if (attempt > 1) {
                n.claim(n.dueAt(), CLAIM);
            }
            n.attemptFailed("refused", n.dueAt(), DELAYS);
        }
        assertThat(n.state()).isEqualTo(NotificationState.FAILED);
        Instant later = T0.plusSeconds(3600);
        n.retry(later);
        assertThat(n.state()).isEqualTo(NotificationState.PENDING);
        assertThat(n.dueAt()).isEqualTo(later);
        assertThat(n.lastError()).as("kept until the next attempt says otherwise").isEqualTo("refused");
        n.claim(later, CLAIM);
        assertThat(n.attempts()).isEqualTo(4);
        n.attemptFailed("refused again", later, DELAYS);
        assertThat(n.state()).as("no new back-off: failed again").isEqualTo(NotificationState.FAILED);
        assertThat(n.lastError()).isEqualTo("refused again");
        n.retry(later.plusSeconds(60));
        n.claim(later.plusSeconds(60), CLAIM);
        n.sent(later.plusSeconds(61));
        assertThat(n.state()).isEqualTo(NotificationState.SENT);
        assertThatThrownBy(() -> n.retry(later.plusSeconds(80))).as("a sent one is not sent again")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retryDelaysAreParsedFromSeconds() {
        assertThat(NotifySettings.parseDelays("1, 2,4")).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(NotifySettings.parseDelays("")).isEmpty();
    }
}

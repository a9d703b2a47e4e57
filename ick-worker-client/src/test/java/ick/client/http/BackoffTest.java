package ick.client.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void waitsDoubleFromHalfASecondUpToThirtySecondsWithJitter() {
        Backoff backoff = Backoff.standard();
        long[] nominal = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long millis : nominal) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(millis * 3 / 4), Duration.ofMillis(millis));
        }
    }

    @Test
    void resetStartsOverFromTheFirstWait() {
        Backoff backoff = Backoff.standard();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofMillis(500));
    }
}

package ick.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SightingsTest {
    private final Sightings sightings = new Sightings();
    private final Instant t0 = Instant.parse("2026-12-06T01:00:00Z");

    @Test
    void aWorkerIsWrittenWhenFirstSeenThenOnceAnInterval() {
        assertThat(sightings.due("w1", t0)).isTrue();
        assertThat(sightings.due("w1", t0.plusMillis(10))).isFalse();
        assertThat(sightings.due("w1", t0.plus(Sightings.INTERVAL).minusMillis(1))).isFalse();
        assertThat(sightings.due("w1", t0.plus(Sightings.INTERVAL))).isTrue();
        assertThat(sightings.due("w1", t0.plus(Sightings.INTERVAL).plusMillis(1))).isFalse();
    }

    @Test
    void eachWorkerHasItsOwnInterval() {
        assertThat(sightings.due("w1", t0)).isTrue();
        assertThat(sightings.due("w2", t0.plusMillis(1))).isTrue();
        assertThat(sightings.due("w1", t0.plusMillis(2))).isFalse();
    }

    @Test
    void aClockThatWentBackIsWrittenAtOnce() {
        assertThat(sightings.due("w1", t0)).isTrue();
        assertThat(sightings.due("w1", t0.minusSeconds(60))).isTrue();
        assertThat(sightings.due("w1", t0.minusSeconds(59))).isFalse();
    }
}

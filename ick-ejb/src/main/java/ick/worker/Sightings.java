package ick.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When this controller last wrote each worker's {@code last_seen}: a worker reports several times a second
 * while work is queued, and one write every {@link #INTERVAL} says as much (the UI counts a worker online when
 * it was seen within minutes). A write that was rolled back only delays the next one by an interval.
 */
final class Sightings {
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ConcurrentMap<String, Instant> written = new ConcurrentHashMap<>();

    /** Whether {@code worker}, heard from at {@code now}, is due a write; if so, the write is noted as done. */
    boolean due(String worker, Instant now) {
        boolean[] due = {false};
        written.compute(worker, (name, last) -> {
            if (last == null || !now.isBefore(last.plus(INTERVAL)) || now.isBefore(last)) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }
}

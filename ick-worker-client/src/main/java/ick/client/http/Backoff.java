package ick.client.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between retries: the first wait is about {@code first}, each next one about twice as long, up to
 * {@code max}. Each wait is drawn between 75% and 100% of its nominal length, so that workers cut off by
 * the same outage do not all come back in the same instant. Not thread-safe: one per retry loop.
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration nominal;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
        }
        this.first = first;
        this.max = max;
        this.nominal = first;
    }

    /** 0.5 s doubling to 30 s: the worker's retry policy towards the controller. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** @return how long to wait before the next try; the one after will be about twice as long */
    public Duration next() {
        long nanos = nominal.toNanos();
        long jittered = nanos - (long) (ThreadLocalRandom.current().nextDouble(0.25) * nanos);
        Duration doubled = nominal.multipliedBy(2);
        nominal = doubled.compareTo(max) > 0 ? max : doubled;
        return Duration.ofNanos(jittered);
    }

    /** Sleeps for {@link #next()} and returns how long that was. */
    public Duration sleep() throws InterruptedException {
        Duration wait = next();
        Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        return wait;
    }

    /** After a success: the next failure waits {@code first} again. */
    public void reset() {
        nominal = first;
    }
}

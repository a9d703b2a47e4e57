package ick.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as the pages show them. */
final class Durations {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** For tables whose heading says UTC. */
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Durations() {
    }

    /** {@code 1h 02m 03s}, {@code 2m 05s}, {@code 4s}; empty when it has not started. */
    static String between(Instant start, Instant end) {
        if (start == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(start, end == null ? Instant.now() : end).toSeconds());
        if (s >= 3600) {
            return String.format("%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        return s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@link #time} without the zone, for a column whose heading names it. */
    static String utc(Instant instant) {
        return instant == null ? "" : PLAIN.format(instant);
    }
}

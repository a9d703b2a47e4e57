package ick.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a worker may stay silent before the action it holds is taken from it, and how often that is
 * checked. System properties {@code ick.lease.seconds} (default 60) and {@code ick.lease.sweep-millis}
 * (default 2000). After the controller starts, no lease expires for one lease length: workers that were
 * cut off by the restart get that long to reconnect. {@code ick.lease.workspace-seconds} (default 120, as
 * {@link Worker#ONLINE}): how long the worker holding a build's workspace may be unseen before the actions
 * that wait for it fail; longer than a long poll, during which an idle worker is not seen.
 */
public final class LeaseSettings {
    private static final Instant BOOT = Instant.now();

    private LeaseSettings() {
    }

    public static Duration lease() {
        return Duration.ofSeconds(Long.getLong("ick.lease.seconds", 60));
    }

    public static Duration workspaceHolder() {
        return Duration.ofSeconds(Long.getLong("ick.lease.workspace-seconds", Worker.ONLINE.toSeconds()));
    }

    public static Duration sweep() {
        return Duration.ofMillis(Long.getLong("ick.lease.sweep-millis", 2000));
    }

    /** Whether leases may expire now (the start-up grace is over). */
    public static boolean expiring(Instant now) {
        return !now.isBefore(BOOT.plus(lease()));
    }
}

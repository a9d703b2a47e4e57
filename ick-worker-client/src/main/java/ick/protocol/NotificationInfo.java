package ick.protocol;

import java.time.Instant;

/**
 * A notification of a finished build, as the API shows it (one per build and channel).
 *
 * @param channel    {@code email} or {@code webhook}
 * @param target     the recipients (email) or the webhook's scheme, host and port (its path may hold a secret)
 * @param outcome    {@code succeeded}, {@code failed} or {@code fixed}
 * @param attempts   delivery attempts so far
 * @param nextAttempt when the next attempt is due (pending only)
 * @param lastError  why the last attempt failed, or null
 */
public record NotificationInfo(long id, String build, String project, long number, String channel, String target,
                               String outcome, NotificationState state, int attempts, Instant createdAt,
                               Instant nextAttempt, Instant sentAt, String lastError) {
}

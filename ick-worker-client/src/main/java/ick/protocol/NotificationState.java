package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a notification of a finished build stands. The JSON form is the lower-case name. */
public enum NotificationState {
    /** Recorded with the build's final state; waits for its first attempt, or for its next retry. */
    PENDING,
    /** A sender has claimed it and is delivering it now. */
    SENDING,
    /** Delivered (the SMTP server or the webhook accepted it). */
    SENT,
    /** Every attempt failed; {@code lastError} says why. Nothing retries it by itself; an admin may (web UI). */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where one action (a node of the build graph) stands. The JSON form is the lower-case name, {@code -} for {@code _}. */
public enum ActionState {
    /** Waits for the actions before it. */
    BLOCKED,
    /** May be given to a worker. */
    READY,
    /** Held by a worker, which is running it (and renewing its lease). */
    BUILDING,
    /** Exited 0. */
    SUCCEEDED,
    /** Exited non-zero, could not be run, or its worker was lost. */
    FAILED,
    /** Not run because an earlier action failed or timed out. */
    SKIPPED,
    /** Its build was cancelled: stopped while running, or never started. */
    CANCELLED,
    /** Ran longer than its own {@code timeout} or its build's, and was stopped. */
    TIMED_OUT;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The state whose JSON form is {@code word}. */
    public static ActionState of(String word) {
        return valueOf(word.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public boolean isFinished() {
        return this != BLOCKED && this != READY && this != BUILDING;
    }
}

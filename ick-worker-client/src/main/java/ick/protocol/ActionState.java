package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where one action (a node of the build graph) stands. The JSON form is the lower-case name. */
public enum ActionState {
    /** Waits for the actions before it. */
    BLOCKED,
    /** May be given to a worker. */
    READY,
    /** Held by a worker, which is running it. */
    BUILDING,
    /** Exited 0. */
    SUCCEEDED,
    /** Exited non-zero, or could not be run. */
    FAILED,
    /** Not run because an earlier action failed. */
    SKIPPED;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}

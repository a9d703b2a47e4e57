package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a build stands. The JSON form is the lower-case name. */
public enum BuildState {
    /** Accepted; the build graph is being expanded. */
    TRIGGERED,
    /** Its graph exists and at least one action is not finished. */
    BUILDING,
    /** Every action succeeded. */
    SUCCEEDED,
    /** An action failed; the actions after it were skipped. */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}

package ick.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a build stands. The JSON form is the lower-case name, with {@code -} for {@code _}. */
public enum BuildState {
    /** Accepted; the build graph is being expanded. */
    TRIGGERED,
    /** Its graph exists and at least one action is not finished. */
    BUILDING,
    /** Every action succeeded. */
    SUCCEEDED,
    /** An action failed (or its worker was lost); the actions not started were skipped. */
    FAILED,
    /** Stopped on request ({@code icktool cancel}): running actions were stopped, the others cancelled. */
    CANCELLED,
    /** An action, or the whole build, ran longer than its {@code timeout}. */
    TIMED_OUT;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The state whose JSON form is {@code word}. */
    public static BuildState of(String word) {
        return valueOf(word.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public boolean isFinished() {
        return this != TRIGGERED && this != BUILDING;
    }
}

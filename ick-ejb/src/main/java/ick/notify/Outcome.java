package ick.notify;

import ick.protocol.BuildState;
import java.util.Locale;

/** What a notification tells about a build. */
public enum Outcome {
    /** The build succeeded (and the one before it did not fail, or there was none). */
    SUCCEEDED,
    /** The build failed. */
    FAILED,
    /** The build succeeded and the project's build before it failed. */
    FIXED;

    public static Outcome of(BuildState state, boolean previousFailed) {
        if (state == BuildState.FAILED) {
            return FAILED;
        }
        return previousFailed ? FIXED : SUCCEEDED;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromJson(String json) {
        return valueOf(json.toUpperCase(Locale.ROOT));
    }
}

package ick.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * A build, as the API shows it.
 *
 * @param id      {@code PROJECT/NUMBER}
 * @param logSize the number of characters of log stored so far (the offset to follow the log from)
 * @param parameters the values given when the build was triggered ({@link TriggerRequest}), which replaced the
 *                project's; null when none were given
 */
public record BuildInfo(String id, String project, long number, BuildState state, Instant triggeredAt,
                        Instant startedAt, Instant endedAt, Integer exitCode, long logSize,
                        Map<String, Object> parameters) {
    /** A build triggered without parameters (the form before trigger-time parameters). */
    public BuildInfo(String id, String project, long number, BuildState state, Instant triggeredAt,
                     Instant startedAt, Instant endedAt, Integer exitCode, long logSize) {
        this(id, project, number, state, triggeredAt, startedAt, endedAt, exitCode, logSize, null);
    }
}

package ick.protocol;

import java.time.Instant;

/**
 * A build, as the API shows it.
 *
 * @param id      {@code PROJECT/NUMBER}
 * @param logSize the number of characters of log stored so far (the offset to follow the log from)
 */
public record BuildInfo(String id, String project, long number, BuildState state, Instant triggeredAt,
                        Instant startedAt, Instant endedAt, Integer exitCode, long logSize) {
}

package ick.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * What a project's webhook receives (POST, {@code application/json}) when one of its builds ends.
 *
 * @param build           {@code PROJECT/NUMBER}
 * @param outcome         {@code succeeded}, {@code failed}, or {@code fixed} (succeeded after a failed build)
 * @param durationSeconds from trigger to end
 * @param failedAction    the action that failed the build, or null
 * @param url             the build in ick's web UI
 */
public record BuildSummary(String build, String project, long number, String outcome, BuildState state,
                           Instant triggeredAt, Instant endedAt, long durationSeconds, FailedAction failedAction,
                           String url) {
    /** The action that failed a build: its place in the graph, its pipeline, its step as written, its exit code. */
    public record FailedAction(int index, String pipeline, Map<String, Object> step, Integer exitCode) {
    }
}

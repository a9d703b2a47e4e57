package ick.protocol;

import java.util.Map;

/**
 * One action handed to a worker by {@code GET /api/v1/work}.
 *
 * @param actionId   the action's id; used in the output and result calls
 * @param build      the build's id, {@code PROJECT/NUMBER}, e.g. {@code hello/42}
 * @param project    the project's name; also names the worker's workspace directory
 * @param buildNumber the build's number within its project
 * @param index      the action's position in the build graph, from 0
 * @param step       the action as written in the pipeline ({@code shell}, {@code python} or {@code action},
 *                   plus {@code where} and any built-in action's own keys)
 * @param parameters the pipeline's parameters with the project's values
 */
public record WorkItem(long actionId, String build, String project, long buildNumber, int index,
                       Map<String, Object> step, Map<String, Object> parameters) {
}

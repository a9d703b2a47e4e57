package ick.protocol;

import java.util.Map;

/**
 * One action handed to a worker by {@code GET /api/v1/work}.
 *
 * @param actionId   the action's id; used in the output, heartbeat and result calls
 * @param build      the build's id, {@code PROJECT/NUMBER}, e.g. {@code hello/42}
 * @param project    the project's name; also names the worker's workspace directory
 * @param buildNumber the build's number within its project
 * @param index      the action's position in the build graph, from 0
 * @param step       the action as written in the pipeline ({@code shell}, {@code python} or {@code action},
 *                   plus {@code where} and any built-in action's own keys)
 * @param parameters the pipeline's parameters with the project's values
 * @param attempt    the lease's number (1 the first time the action is given out): the worker sends it with
 *                   every report ({@code ?attempt=N}), and a report of an older attempt gets 409
 */
public record WorkItem(long actionId, String build, String project, long buildNumber, int index,
                       Map<String, Object> step, Map<String, Object> parameters, int attempt) {
    /** The form before leases had numbers: attempt 0 (reports carry none). */
    public WorkItem(long actionId, String build, String project, long buildNumber, int index,
                    Map<String, Object> step, Map<String, Object> parameters) {
        this(actionId, build, project, buildNumber, index, step, parameters, 0);
    }
}

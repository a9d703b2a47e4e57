package ick.protocol;

import java.util.List;
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
 * @param ahead      only when the worker asked ({@code ?ahead=N}): the actions of the same pipeline that follow
 *                   this one, in order, each needing only the one before it and bound to this worker's
 *                   workspace, so that no other worker can run them. Each has the attempt it will have. The
 *                   worker may start each as soon as the one before it succeeded, before the controller has
 *                   heard of that, and report their results together ({@code POST /work/results}); see
 *                   {@link ResultBatch}. Null (not sent) when none follows or none was asked for.
 * @param pins       the blobs this action must find as an earlier action stored them, by name, with their SHA-256
 *                   (hex), from that action's result ({@link ActionResult#stored()}): a deb action's upload of
 *                   its build, the project's reused workspace, a system tree or named workspace that the last
 *                   archive of it stored (or an admin put). The worker refuses a blob that differs (the reused
 *                   workspace: it starts from an empty one). Null when there are none.
 */
public record WorkItem(long actionId, String build, String project, long buildNumber, int index,
                       Map<String, Object> step, Map<String, Object> parameters, int attempt, List<WorkItem> ahead,
                       Map<String, String> pins) {
    public WorkItem(long actionId, String build, String project, long buildNumber, int index,
                    Map<String, Object> step, Map<String, Object> parameters, int attempt, List<WorkItem> ahead) {
        this(actionId, build, project, buildNumber, index, step, parameters, attempt, ahead, null);
    }

    public WorkItem(long actionId, String build, String project, long buildNumber, int index,
                    Map<String, Object> step, Map<String, Object> parameters, int attempt) {
        this(actionId, build, project, buildNumber, index, step, parameters, attempt, null);
    }

    /** The form before leases had numbers: attempt 0 (reports carry none). */
    public WorkItem(long actionId, String build, String project, long buildNumber, int index,
                    Map<String, Object> step, Map<String, Object> parameters) {
        this(actionId, build, project, buildNumber, index, step, parameters, 0);
    }

    /** This item with {@code following} as the actions ahead of it (none if empty). */
    public WorkItem withAhead(List<WorkItem> following) {
        return new WorkItem(actionId, build, project, buildNumber, index, step, parameters, attempt,
                following.isEmpty() ? null : List.copyOf(following), pins);
    }

    /** The pinned blobs: never null. */
    public Map<String, String> pinned() {
        return pins == null ? Map.of() : pins;
    }

    /** The actions ahead of this one: never null. */
    public List<WorkItem> following() {
        return ahead == null ? List.of() : ahead;
    }
}

package ick.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One action of a build's graph, as the API shows it. {@code worker} is the name of the worker holding or
 * having run it; {@code needs} the indexes of the actions that must succeed first; {@code labels} what a
 * worker must have to run it; {@code attempt} how many times it was given to a worker; {@code trusted} true
 * when only trusted workers run it (its pipeline is {@code trusted: true}), else null.
 */
public record ActionInfo(long id, int index, String pipeline, Map<String, Object> step, ActionState state,
                         Integer exitCode, String worker, Instant startedAt, Instant endedAt,
                         List<Integer> needs, List<String> labels, Integer attempt, Boolean trusted) {
    /** The form before trusted workers. */
    public ActionInfo(long id, int index, String pipeline, Map<String, Object> step, ActionState state,
                      Integer exitCode, String worker, Instant startedAt, Instant endedAt,
                      List<Integer> needs, List<String> labels, Integer attempt) {
        this(id, index, pipeline, step, state, exitCode, worker, startedAt, endedAt, needs, labels, attempt, null);
    }

    /** The form before the build graph was a DAG. */
    public ActionInfo(long id, int index, String pipeline, Map<String, Object> step, ActionState state,
                      Integer exitCode, String worker, Instant startedAt, Instant endedAt) {
        this(id, index, pipeline, step, state, exitCode, worker, startedAt, endedAt, null, null, null, null);
    }
}

package ick.protocol;

import java.time.Instant;
import java.util.Map;

/** One action of a build's graph, as the API shows it. {@code worker} is the name of the worker holding or having run it. */
public record ActionInfo(long id, int index, String pipeline, Map<String, Object> step, ActionState state,
                         Integer exitCode, String worker, Instant startedAt, Instant endedAt) {
}

package ick.build;

import java.util.List;
import java.util.Map;

/**
 * A build's graph is made and its first actions are ready (fired once, inside that transaction).
 *
 * @param actionsByNeed the indexes of the actions that need a particular kind of worker (labels, or trust), by
 *                      what they need
 */
public record BuildStarted(long buildId, Map<WorkerNeed, List<Integer>> actionsByNeed) {
    /**
     * What an action needs of the worker that runs it.
     *
     * @param labels  sorted, without repeats
     * @param trusted whether only a trusted worker may run it (and such a worker runs only these)
     */
    public record WorkerNeed(List<String> labels, boolean trusted) {
    }
}

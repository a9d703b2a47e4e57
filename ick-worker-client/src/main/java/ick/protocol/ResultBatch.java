package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The results of consecutive actions of one pipeline that a worker ran ahead ({@link WorkItem#ahead()}), in
 * the order it ran them: {@code POST /api/v1/work/results}. The controller takes them in that order in one
 * transaction. Before it takes each result after the first, it gives the worker that action (as it would have
 * handed it over with the result before it), so each must be the action that follows the one before it.
 *
 * @param results at least one; the first is of an action the worker already holds
 * @param running optional: the action the worker has started after the last one (the next of the chain, with
 *                the attempt it was told); the controller gives it to the worker too, after the last result,
 *                and the worker reports on it as on any held action once the answer says so
 */
public record ResultBatch(@JsonProperty(required = true) List<Reported> results, Started running) {
    /**
     * One action's result.
     *
     * @param attempt the attempt of its work item (from {@link WorkItem#ahead()} for an action run ahead)
     */
    public record Reported(@JsonProperty(required = true) long actionId, @JsonProperty(required = true) int attempt,
                           @JsonProperty(required = true) ActionResult result) {
    }

    /** An action run ahead that has started and not ended. */
    public record Started(@JsonProperty(required = true) long actionId, @JsonProperty(required = true) int attempt) {
    }
}

package ick.protocol;

/**
 * The controller's answer to a {@link ResultBatch}.
 *
 * @param accepted how many of the results it took, from the first; those after them were not taken
 * @param refused  when not all were taken, or the running action was not given: that action's id (the worker
 *                 must stop it if it runs it, and drop its result and the later ones)
 * @param reason   why {@code refused} was not given to the worker (cancelled, timed out...)
 * @param next     the worker's next action (held by it now), when it asked ({@code ?next=true}), nothing was
 *                 refused and no action was running; null if none is ready
 */
public record ResultBatchReply(int accepted, Long refused, String reason, WorkItem next) {
}

package ick.client.worker;

import ick.protocol.ActionResult;

/** One action being run by this worker: a node of a build graph, as given by a {@link ick.protocol.WorkItem}. */
interface Action {
    /**
     * Runs the action to its end. Failures of the action itself (a non-zero exit, a git error) are results,
     * not exceptions.
     *
     * @param out where the action's output goes, as it comes
     */
    ActionResult run(ActionOutput out) throws InterruptedException;

    /**
     * Makes a running action end now (its processes are terminated); {@link #run} then returns soon. Safe to
     * call from any thread, before, during or after {@code run}; a stopped action that had not started
     * does not start.
     */
    void stop();
}

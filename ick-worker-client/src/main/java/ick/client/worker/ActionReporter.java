package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.ActionResult;
import ick.protocol.OutputChunk;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one action's output chunks and then its result, in order, on a thread of its own so the action
 * never waits for the network. While the controller is unreachable or failing (5xx) the undelivered items
 * stay queued and the one at the head is resent after a backoff wait; resending is safe because the
 * controller ignores a chunk number it already has and a repeated result. A 409 means the controller no
 * longer gives this worker the action: everything queued is dropped from then on and {@code onGone} runs.
 */
final class ActionReporter {
    private static final Logger LOG = Logger.getLogger(ActionReporter.class.getName());

    private final ApiClient api;
    private final long actionId;
    private final String query;
    private final Supplier<Backoff> backoffs;
    private final Runnable onGone;
    /**
     * Chunks not yet delivered. Bounded (at most 256 chunks of up to 64 KiB, 16 MiB) so that an action printing
     * faster than the controller takes it, or while the controller is away, is slowed down by its full pipe
     * instead of filling the worker's heap.
     */
    static final int MAX_QUEUED = 256;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean gone;

    private ActionReporter(ApiClient api, long actionId, int attempt, Supplier<Backoff> backoffs, Runnable onGone) {
        this.api = api;
        this.actionId = actionId;
        this.query = attempt > 0 ? "?attempt=" + attempt : "";
        this.backoffs = backoffs;
        this.onGone = onGone;
        this.thread = new Thread(this::deliverAll, "report-action-" + actionId);
        this.thread.setDaemon(true);
    }

    /**
     * @param backoffs a fresh backoff per item to deliver ({@link Backoff#standard()} in the worker)
     * @param onGone   runs once, on the reporting thread, when the controller answers 409
     */
    static ActionReporter start(ApiClient api, long actionId, Supplier<Backoff> backoffs, Runnable onGone) {
        return start(api, actionId, 0, backoffs, onGone);
    }

    /** @param attempt the work item's attempt, sent with every report (fencing); 0 for none */
    static ActionReporter start(ApiClient api, long actionId, int attempt, Supplier<Backoff> backoffs,
                                Runnable onGone) {
        ActionReporter reporter = new ActionReporter(api, actionId, attempt, backoffs, onGone);
        reporter.thread.start();
        return reporter;
    }

    /** Queues a chunk; blocks while {@link #MAX_QUEUED} chunks wait for delivery. */
    void send(OutputChunk chunk) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the worker is stopping the action: its output no longer matters
        }
    }

    /**
     * Queues the result after the chunks and waits until all is delivered (however long the controller
     * takes to come back) or the controller has disowned the action.
     *
     * @return whether the result was delivered
     */
    boolean finish(ActionResult result) throws InterruptedException {
        queue.put(result);
        thread.join();
        return !gone;
    }

    /** Whether the controller answered 409: the action is no longer this worker's. */
    boolean isGone() {
        return gone;
    }

    private void deliverAll() {
        try {
            while (true) {
                Object item = queue.take();
                if (!gone) {
                    deliver(item);
                } else if (item instanceof ActionResult) {
                    deliverOnce(item); // a cancelled action's worker still says how it ended
                }
                if (item instanceof ActionResult) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            LOG.warning(() -> "action " + actionId + ": reporting interrupted; " + queue.size()
                    + " items not delivered");
        }
    }

    private void deliver(Object item) throws InterruptedException {
        String path = "/work/" + actionId + (item instanceof OutputChunk ? "/output" : "/result") + query;
        Backoff backoff = backoffs.get();
        while (true) {
            try {
                api.post(path, item);
                return;
            } catch (ProblemException e) {
                if (e.status() == 409) {
                    gone = true; // what is still queued is taken and dropped by deliverAll
                    LOG.warning(() -> "action " + actionId + ": the controller no longer gives it to this worker"
                            + " (409); stopping it and reporting no more on it");
                    onGone.run();
                    return;
                }
                if (!e.isRetryable()) {
                    LOG.severe(() -> "action " + actionId + ": the controller refused " + describe(item)
                            + ", which is dropped: " + e.getMessage());
                    return;
                }
                waitBefore(backoff, item, e);
            } catch (ApiException | ConfigException e) {
                // unreachable, or a secret file being replaced: both may heal without us
                waitBefore(backoff, item, e);
            } catch (RuntimeException e) {
                // a bug on this side (e.g. text that cannot be encoded): repeating will not help
                LOG.log(Level.SEVERE, "action " + actionId + ": cannot send " + describe(item)
                        + ", which is dropped", e);
                return;
            }
        }
    }

    private void deliverOnce(Object item) throws InterruptedException {
        try {
            api.post("/work/" + actionId + "/result" + query, item);
        } catch (ApiException | ConfigException e) {
            LOG.fine(() -> "action " + actionId + ": the result of the stopped action was not taken: " + e.getMessage());
        }
    }

    private void waitBefore(Backoff backoff, Object item, RuntimeException e) throws InterruptedException {
        Duration wait = backoff.next();
        LOG.warning(() -> "action " + actionId + ": cannot deliver " + describe(item) + " (" + e.getMessage()
                + "); retrying in " + wait.toMillis() + " ms");
        Thread.sleep(wait.toMillis());
    }

    private static String describe(Object item) {
        return item instanceof OutputChunk c ? "output chunk " + c.seq() : "the result";
    }
}

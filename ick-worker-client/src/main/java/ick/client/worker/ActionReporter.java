package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.ActionResult;
import ick.protocol.OutputChunk;
import ick.protocol.WorkItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one action's output chunks and then its result, in order, on a thread of its own (started by the
 * first chunk) so the action never waits for the network; a result with no chunk before it is delivered by the
 * thread that gives it, which then waits for it anyway. While the controller is unreachable or failing (5xx)
 * the undelivered items stay queued and the one at the head is resent after a backoff wait; resending is safe
 * because the controller ignores a chunk number it already has and a repeated result. A 409 means the controller no
 * longer gives this worker the action: everything queued is dropped from then on and {@code onGone} runs.
 *
 * <p>Calls are few and large: the chunks that queued up while a call was on its way go in the next call as one
 * chunk (the first one's seq; the others' numbers are never used), as plain text; what is still queued when
 * the action ends goes with its result, and the result's call asks for the worker's next action
 * ({@code ?next=true}). A call that was sent is only ever sent again as it was, since the controller may
 * have stored it; only a refusal that stored nothing (an older controller's 400, 413 or 415) makes the
 * worker send the same chunks in the older form (see {@link ControllerFeatures}).
 */
final class ActionReporter {
    private static final Logger LOG = Logger.getLogger(ActionReporter.class.getName());
    /** The most text one output call carries, in UTF-8 bytes (the controller takes up to 8 MiB). */
    static final int MAX_CALL_BYTES = 4 * 1024 * 1024;
    /**
     * The most output that goes with the result, in UTF-8 bytes: even if JSON escapes every byte (six
     * characters for a control character) the result stays under the controller's 1 MiB for JSON bodies.
     */
    static final int MAX_RESULT_OUTPUT_BYTES = 128 * 1024;

    private final ApiClient api;
    private final long actionId;
    private final String query;
    private final Supplier<Backoff> backoffs;
    private final Runnable onGone;
    private final ControllerFeatures features;
    private final BooleanSupplier askNext;
    /**
     * Chunks not yet delivered. Bounded (at most 256 chunks of up to 64 KiB, 16 MiB) so that an action printing
     * faster than the controller takes it, or while the controller is away, is slowed down by its full pipe
     * instead of filling the worker's heap.
     */
    static final int MAX_QUEUED = 256;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    /** The reporting thread, started by the first chunk; a result alone is delivered by the caller itself. */
    private Thread thread;
    private volatile boolean gone;
    private volatile WorkItem next;
    /** Completes true when the controller has given the action to this worker (at once unless run ahead). */
    private CompletableFuture<Boolean> given = RunAhead.held();
    /** Runs when the first report must wait for {@link #given}. */
    private Runnable claim = () -> { };
    /** Asked for with the next action: how many actions ahead of it ({@link WorkItem#ahead()}). */
    private int ahead;

    private ActionReporter(ApiClient api, long actionId, int attempt, Supplier<Backoff> backoffs, Runnable onGone,
                           ControllerFeatures features, BooleanSupplier askNext) {
        this.api = api;
        this.actionId = actionId;
        this.query = attempt > 0 ? "?attempt=" + attempt : "";
        this.backoffs = backoffs;
        this.onGone = onGone;
        this.features = features;
        this.askNext = askNext;
    }

    /**
     * @param backoffs a fresh backoff per item to deliver ({@link Backoff#standard()} in the worker)
     * @param onGone   runs once, on the reporting thread (or the one that gave the result), when the controller
     *                 answers 409
     */
    static ActionReporter start(ApiClient api, long actionId, Supplier<Backoff> backoffs, Runnable onGone) {
        return start(api, actionId, 0, backoffs, onGone);
    }

    /** @param attempt the work item's attempt, sent with every report (fencing); 0 for none */
    static ActionReporter start(ApiClient api, long actionId, int attempt, Supplier<Backoff> backoffs,
                                Runnable onGone) {
        return start(api, actionId, attempt, backoffs, onGone, new ControllerFeatures(), () -> false);
    }

    /**
     * @param features what the controller understands (the worker's, shared by its actions)
     * @param askNext  asked when the result is sent: whether to ask for the next action with it
     */
    static ActionReporter start(ApiClient api, long actionId, int attempt, Supplier<Backoff> backoffs,
                                Runnable onGone, ControllerFeatures features, BooleanSupplier askNext) {
        return new ActionReporter(api, actionId, attempt, backoffs, onGone, features, askNext);
    }

    /**
     * For an action run ahead: nothing is sent before {@code given} completes, true (the controller gave the
     * action to this worker), and {@code claim} is run when the first report is queued; false means the
     * action is not this worker's (as a 409 would). With {@code ahead}, the next action is asked for with up
     * to that many actions ahead of it.
     */
    ActionReporter runAhead(CompletableFuture<Boolean> given, Runnable claim, int ahead) {
        this.given = given;
        this.claim = claim;
        this.ahead = ahead;
        return this;
    }

    /** Whether a report is on its way or was sent (output went ahead of the result). */
    synchronized boolean started() {
        return thread != null;
    }

    /** Queues a chunk; blocks while {@link #MAX_QUEUED} chunks wait for delivery. */
    void send(Utf8Chunk chunk) {
        synchronized (this) {
            if (thread == null) {
                if (!given.isDone()) {
                    claim.run();
                }
                thread = new Thread(this::deliverAll, "report-action-" + actionId);
                thread.setDaemon(true);
                thread.start();
            }
        }
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
        if (!given.isDone()) {
            claim.run();
        }
        queue.put(result);
        Thread reporting;
        synchronized (this) {
            reporting = thread;
            if (reporting == null) {
                thread = Thread.currentThread(); // a chunk sent from now on would have no thread to deliver it
            }
        }
        if (reporting == null) {
            // no output went ahead (an action that printed little): no hand-off to another thread and back
            deliverAll();
        } else {
            reporting.join();
        }
        return !gone;
    }

    /** Whether the controller answered 409: the action is no longer this worker's. */
    boolean isGone() {
        return gone;
    }

    /** After {@link #finish}: the action the controller handed over with the result (now held), or null. */
    WorkItem next() {
        return next;
    }

    private void deliverAll() {
        try {
            if (!given.get()) {
                gone = true;
                onGone.run();
            }
            while (true) {
                Object item = queue.take();
                if (gone) {
                    if (item instanceof ActionResult result) {
                        deliverOnce(withOutput(result, List.of())); // a cancelled action's worker still says how it ended
                        return;
                    }
                    continue;
                }
                if (item instanceof ActionResult result) {
                    deliverResult(result);
                    return;
                }
                List<Utf8Chunk> chunks = withQueued((Utf8Chunk) item);
                if (queue.peek() instanceof ActionResult result && features.outputInResult
                        && length(chunks) + OutputChunker.utf8Length(result.output()) <= MAX_RESULT_OUTPUT_BYTES) {
                    queue.take();
                    List<OutputChunk> all = new ArrayList<>(List.of(joined(chunks).toOutputChunk()));
                    if (result.output() != null) {
                        all.addAll(result.output());
                    }
                    deliverResult(withOutput(result, all));
                    return;
                }
                deliverOutput(chunks);
            }
        } catch (InterruptedException e) {
            LOG.warning(() -> "action " + actionId + ": reporting interrupted; " + queue.size()
                    + " items not delivered");
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a future completed with a value only failed", e);
        }
    }

    /** {@code first} and the chunks queued behind it, as many as one call carries. */
    private List<Utf8Chunk> withQueued(Utf8Chunk first) {
        List<Utf8Chunk> chunks = new ArrayList<>(List.of(first));
        int bytes = first.bytes().length;
        while (queue.peek() instanceof Utf8Chunk following && bytes + following.bytes().length <= MAX_CALL_BYTES) {
            chunks.add((Utf8Chunk) queue.poll());
            bytes += following.bytes().length;
        }
        return chunks;
    }

    /** Consecutive chunks as one: the first one's seq. */
    static Utf8Chunk joined(List<Utf8Chunk> chunks) {
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        byte[] data = new byte[length(chunks)];
        int at = 0;
        for (Utf8Chunk c : chunks) {
            System.arraycopy(c.bytes(), 0, data, at, c.bytes().length);
            at += c.bytes().length;
        }
        return new Utf8Chunk(chunks.get(0).seq(), data);
    }

    /** The result's output as one chunk: the first one's seq. */
    static OutputChunk joinedOutput(List<OutputChunk> chunks) {
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        StringBuilder data = new StringBuilder();
        chunks.forEach(c -> data.append(c.data()));
        return new OutputChunk(chunks.get(0).seq(), data.toString());
    }

    private static ActionResult withOutput(ActionResult result, List<OutputChunk> chunks) {
        return result.withOutput(chunks.isEmpty() ? null : List.of(joinedOutput(chunks)));
    }

    private void deliverOutput(List<Utf8Chunk> chunks) throws InterruptedException {
        if (features.textOutput) {
            Utf8Chunk chunk = joined(chunks);
            String path = "/work/" + actionId + "/output" + query + (query.isEmpty() ? "?" : "&") + "seq=" + chunk.seq();
            if (deliver(chunk, () -> api.postText(path, chunk.bytes()), Set.of(413, 415))) {
                return;
            }
            features.textOutput = false;
            LOG.info("the controller takes no plain-text output: sending output chunks as JSON");
        }
        for (Utf8Chunk chunk : chunks) {
            if (gone) {
                return;
            }
            OutputChunk json = chunk.toOutputChunk();
            deliver(chunk, () -> api.post("/work/" + actionId + "/output" + query, json), Set.of());
        }
    }

    private void deliverResult(ActionResult result) throws InterruptedException {
        if (result.output() != null && !features.outputInResult) {
            deliverOutput(result.output().stream().map(c -> Utf8Chunk.of(c.seq(), c.data())).toList());
            result = withOutput(result, List.of());
            if (gone) {
                deliverOnce(result);
                return;
            }
        }
        String path = "/work/" + actionId + "/result" + query
                + (askNext.getAsBoolean() ? (query.isEmpty() ? "?" : "&") + "next=true" + (ahead > 0 ? "&ahead=" + ahead : "") : "");
        ActionResult sent = result;
        if (deliver(sent, () -> next = api.post(path, sent, WorkItem.class), sent.output() != null ? Set.of(400) : Set.of())) {
            return;
        }
        features.outputInResult = false;
        LOG.info("the controller takes no output with a result: sending it before the result");
        deliverResult(result);
    }

    private interface Call {
        void send() throws InterruptedException;
    }

    /**
     * Sends {@code item} by {@code call} until it is delivered, refused or disowned.
     *
     * @param olderForm statuses that mean "an older controller: send it in the older form" (nothing was stored)
     * @return false if the controller answered one of {@code olderForm}
     */
    private boolean deliver(Object item, Call call, Set<Integer> olderForm) throws InterruptedException {
        Backoff backoff = backoffs.get();
        while (true) {
            try {
                call.send();
                return true;
            } catch (ProblemException e) {
                if (olderForm.contains(e.status())) {
                    return false;
                }
                if (e.status() == 409) {
                    gone = true; // what is still queued is taken and dropped by deliverAll
                    LOG.warning(() -> "action " + actionId + ": the controller no longer gives it to this worker"
                            + " (409); stopping it and reporting no more on it");
                    onGone.run();
                    return true;
                }
                if (!e.isRetryable()) {
                    LOG.severe(() -> "action " + actionId + ": the controller refused " + describe(item)
                            + ", which is dropped: " + e.getMessage());
                    return true;
                }
                waitBefore(backoff, item, e);
            } catch (ApiException | ConfigException e) {
                // unreachable, or a secret file being replaced: both may heal without us
                waitBefore(backoff, item, e);
            } catch (RuntimeException e) {
                // a bug on this side (e.g. text that cannot be encoded): repeating will not help
                LOG.log(Level.SEVERE, "action " + actionId + ": cannot send " + describe(item)
                        + ", which is dropped", e);
                return true;
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

    private static int length(List<Utf8Chunk> chunks) {
        return chunks.stream().mapToInt(c -> c.bytes().length).sum();
    }

    private static String describe(Object item) {
        return item instanceof Utf8Chunk c ? "output chunk " + c.seq() : "the result";
    }
}
